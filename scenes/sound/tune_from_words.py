"""The sound chapter's hybrid, TuneFromWords: a transformer reads a few words,
another transformer writes the tune, and the tune is heard.

Draws the ``tune_prompt`` trace (``python -m engine record tune_prompt``): the
prompt's words, the reader turning each into numbers, the writer putting notes
on a piano roll while lines show which words each note looks back at
(cross-attention), the tune heard (synthesised, not recorded) with its
waveform and picture swept, the fixed rules' reading of it; then a combination
of words held out of training, written and heard; then the two shares of
tunes written as asked, seen and never-seen combinations apart.

    manim -pql scenes/sound/tune_from_words.py TuneFromWords
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.numbers import pct
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    blend,
    image,
    signed_rgb,
    text,
    title_text,
)

SEEN_GOAL = 0.90  # issue 20: tunes with all three properties, seen combinations
NEVER_SEEN_GOAL = 0.70  # the same, for combinations held out of training
START = "<start>"
START_SHOWN = "(start)"  # the mark every prompt begins with, as the viewer reads it
LOOK_FLOOR = 0.08  # weights under this draw no line: too faint to read
# The lines' stroke: at least 2 px at 854x480 (a stroke unit is 0.6 px there),
# the same scale for every tune
LINE_THIN, LINE_GROW = 3.5, 10.0
# The random-notes ticks: 2.7 px wide at 854x480 (a stroke unit is 0.6 px)
LUCK_STROKE = 4.5
LUCK_BOUNDS = (1, 2, 5, 10, 20, 50)  # plain percentages random notes stay under
LUCK_CLEAR = 5.0  # the model's shares this many times chance or more: far above it
SOME_LOOK = 0.05  # a word with more than this share of the looking "gets some"
SHOWN_HZ = 1_200.0  # the sound's picture stops just over the top note, C6 (1047 Hz)
INSTRUMENT_SAID = {"string": "plucked string", "bell": "bell", "whistle": "whistle",
                   "drum": "drum"}
# What each asked word sounds like, to tell a viewer what to listen for.
HEARD = {"fast": "quick notes", "slow": "long notes", "rising": "climbing",
         "falling": "falling", "steady": "staying level", "high": "ending high",
         "low": "ending low", "home": "ending on the home note"}


# Sentences chosen by the measured figures


def prompt_said(typed: str, held: bool, first: bool) -> str:
    """The line that brings in a prompt: what it asks, and whether its words
    were ever heard together in training."""
    if first:
        line = f"The prompt, \u201c{typed}\u201d: how fast, which way, where it ends."
        if held:
            line += " It never heard these words together in training."
        return line
    if held:
        return f"Now words it never heard together: \u201c{typed}\u201d."
    return f"Another prompt: \u201c{typed}\u201d."


def looked_said(word: str, role: str, share: float, least: float,
                least_asked: float) -> str:
    """Which prompt word the notes looked at most and what it asks (``role``:
    "speed", "way", "ending" or ""), its ``share`` of the looking shown over
    its bar, not said; then whether the other words still get some
    (``least``: the smallest share of any word, ``least_asked``: of the three
    asked words)."""
    what = "the start mark" if word == START else f"\u201c{word}\u201d"
    asks = {"speed": ", the speed asked", "way": ", the way asked",
            "ending": ", where it must end"}.get(role, "")
    if least > SOME_LOOK:
        rest = ", yet every word gets some."
    elif least_asked > SOME_LOOK:
        rest = ", yet each asked word gets some."
    else:
        rest = "."
    if share < 0.5:  # under half: "most" would overstate it
        return f"It looks at {what} more than at any other word{asks}{rest}"
    return f"Most looking goes to {what}{asks}{rest}"


def heard_said(asked: list[str], instrument: str, first: bool) -> str:
    """What to listen for in a tune: how each asked word should sound; the
    first time, what plays it. Never "listen": the GIF has no sound."""
    sounds = ", ".join(HEARD.get(w, w) for w in asked)
    if first:
        return f"Played on a synthesised {instrument}: {sounds}."
    return sounds[0].upper() + sounds[1:] + "."


def speed_shown(code: int, per_note: float, names) -> str:
    what = names[code] if code >= 0 else "neither"
    return f"speed: {per_note:.1f} beats a note \u2192 {what}"


def direction_shown(code: int, rise: float, names) -> str:
    way = "up" if rise >= 0 else "down"
    what = names[code] if code >= 0 else "unclear"
    return f"way: {way} {abs(rise):.1f} scale steps \u2192 {what}"


def ending_shown(code: int, last: str, names) -> str:
    what = names[code] if code >= 0 else "none of them"
    return f"ending: last note {last} \u2192 {what}"


def verdict_said(asked: list[str], read: list[str], first: bool) -> str:
    """All three as asked, or which property was not, from the rules' reading;
    the first time, how it was read."""
    how = "Read back from the notes by fixed rules: " if first else "Read back: "
    wrong = [(a, r) for a, r in zip(asked, read, strict=True) if a != r]
    if not wrong:
        return how + "all three, as the words asked."
    a, r = wrong[0]
    more = f", and {len(wrong) - 1} more miss" if len(wrong) > 1 else ""
    return how + f"not as asked: \u201c{a}\u201d was read as {r}{more}."


def goals_said(seen_goal: float, never_goal: float) -> str:
    """The two goals, said when their marks appear."""
    return (f"Goals set before training: {pct(seen_goal)} for trained "
            f"combinations, {pct(never_goal)} for new, harder ones.")


def share_said(right: int, count: int) -> str:
    """right of count as a percentage that never reads 100% with a miss."""
    shown = pct(right / max(1, count))
    if shown == "100%" and right < count:
        return f"{100 * right / count:.2f}%"
    return shown


def luck_said(luck: float, lowest: float) -> str:
    """What tunes of random notes score by the same rules (``luck``: the
    higher of the two shares), next to the model's ``lowest`` share: the
    plain percentage they stay under when the model is far above them, the
    figure itself when it is not."""
    bound = next((b for b in LUCK_BOUNDS if b > 100 * luck), None)
    if bound is not None and lowest >= LUCK_CLEAR * luck:
        return f"Random notes get under {bound}%."
    return f"Random notes get {pct(luck)}."


def closing_said(seen: float, never: float) -> str:
    """The closing line, chosen by both shares against their goals."""
    if seen >= SEEN_GOAL and never >= NEVER_SEEN_GOAL:
        return "Both goals met: it joins words it only heard apart."
    if seen >= SEEN_GOAL:
        return ("It follows the words it trained on, but falls short on "
                "combinations it never heard.")
    return "A goal is missed: it does not follow the words well enough yet."


def spec_rows(bins: int, top_hz: float, shown_hz: float) -> int:
    """How many of a picture's ``bins`` rows (0 to ``top_hz``, low first) lie
    under ``shown_hz``: at least one, at most all."""
    return int(min(bins, max(1, np.ceil(bins * shown_hz / top_hz))))


class TuneFromWords(ExplainerScene):
    """A prompt of a few words read by one transformer; another writes a tune
    note by note on a piano roll, lines from each note to the words it looks
    back at; the tune heard with its waveform and picture; a combination never
    seen in training, written and heard; then the share of tunes with all
    three asked properties, seen and never-seen combinations apart."""

    trace_kind = "tune_prompt"
    note_seconds = 0.4  # a note written with its lines, first tune
    quick_seconds = 0.35  # a note written, later tunes
    hold_seconds = 0.6

    def construct(self):
        tr = self.tr = load_trace(self.trace_kind)
        pal = self.palette
        self.rate = int(tr.extents["rate"])
        self.beat = float(tr.extents["beat_seconds"])
        self.beats = int(tr["tune_tokens"].shape[1]) - 2
        self.speeds = [str(s) for s in tr["speed_names"]]
        self.directions = [str(s) for s in tr["direction_names"]]
        self.endings = [str(s) for s in tr["ending_names"]]
        self.panel = Group()  # the sound's picture and waveform, once heard
        self.looked = VGroup()  # the bars of where the notes looked, while shown
        self.numbers_key = None
        self.add(title_text("A transformer reads the words, another writes the tune",
                            pal))
        self.build_roll()
        self.show_prompt(0, first=True)
        self.write_tune(0, self.note_seconds, lines=True)
        self.hear(0)
        self.check(0)
        if len(tr["prompt_text"]) > 1:
            self.hold_caption()  # the reading stays while it is said
            self.clear_tune(keep_words=False)
            self.show_prompt(1, first=False)
            self.write_tune(1, self.quick_seconds, lines=True)
            self.hear(1)
            self.check(1)
        self.hold_caption()
        self.clear_tune(keep_words=False, roll=True)
        self.figures()
        self.wait(self.hold_seconds)

    # The words and the reader

    def prompt_row(self, p: int) -> tuple[VGroup, VGroup]:
        """The words the model reads for prompt ``p`` (start mark first), and a
        box round each, spread over the roll's width."""
        pal = self.palette
        words = [START] + [str(w) for w in self.tr["prompt_words"][p]]
        row = VGroup(*[text(START_SHOWN if w == START else w,
                            pal.muted if w == START else pal.text, style.BODY_SIZE)
                       for w in words])  # fmt: skip
        width = self.roll_width
        slot = width / len(words)
        for i, w in enumerate(row):
            w.move_to([self.x0 + slot * (i + 0.5), 2.45, 0])
        boxes = VGroup(*[
            SurroundingRectangle(w, buff=0.1, stroke_width=1.5)
            .set_stroke(pal.muted, opacity=0.7) for w in row
        ])  # fmt: skip
        return row, boxes

    def asked_tags_of(self) -> VGroup:
        """Under the speed, direction and ending words: what each asks
        (speed, way, ending), underlined in the accent colour; in the room
        the lines to the words take later."""
        pal = self.palette
        tags = VGroup()
        for i, name in zip(self.asked_slots(), ("speed", "way", "ending"),
                           strict=True):
            box = self.boxes[i]
            line = Line(box.get_corner(DL), box.get_corner(DR), stroke_width=3)
            tag = text(name, pal.accent).move_to([box.get_x(), 1.35, 0])
            tags.add(line.set_stroke(pal.accent), tag)
        return tags

    def numbers_of(self, p: int) -> Group:
        """The reader's output: each word's numbers as a strip of coloured
        cells (blue above 0, red below) under the word."""
        enc = self.tr["encoded"][p]  # (word, d)
        scale = float(np.abs(enc).max()) or 1.0
        strips = Group()
        for i, w in enumerate(self.words):
            cells = enc[i].reshape(4, -1)  # 4 rows of d/4 numbers
            strip = image(signed_rgb(self.palette, cells, scale), 0.32)
            room = self.roll_width / len(self.words) - 0.2
            strip.stretch_to_fit_width(min(1.0, room))
            strips.add(strip.move_to([w.get_x(), 1.85, 0]))
        return strips

    def show_prompt(self, p: int, first: bool):
        tr, pal = self.tr, self.palette
        self.words, self.boxes = self.prompt_row(p)
        self.narrate(prompt_said(str(tr["prompt_text"][p]), bool(tr["held_out"][p]),
                                 first))  # fmt: skip
        self.play(Fade(VGroup(self.words, self.boxes)), run_time=0.6)
        if first:  # the three things a prompt asks, named under their words
            self.asked_tags = self.asked_tags_of()
            self.play(Fade(self.asked_tags), run_time=0.4)
        self.numbers = self.numbers_of(p)
        if first:
            self.narrate("A first transformer, the reader, turns each word into "
                         f"{tr['encoded'].shape[-1]} numbers.")  # fmt: skip
            # beside the strips, right of the roll: the lines to the strips never
            # cross it
            key = VGroup(text("each word's numbers:", pal.muted),
                         text("blue above 0, red below", pal.muted),
                         text(f"{START_SHOWN}: a mark before the words",
                              pal.muted))  # fmt: skip
            key.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            key.move_to([self.right_x + key.width / 2, self.numbers.get_y(), 0])
            self.numbers_key = key
            self.play(FadeIn(self.numbers), Fade(key), run_time=0.8)
        else:
            self.play(FadeIn(self.numbers), run_time=0.5)

    # The piano roll

    def build_roll(self):
        pal = self.palette
        self.beat_w = 0.5
        self.row_h = 0.19
        self.x0, self.y0 = -6.3, -2.45
        self.roll_width = self.beats * self.beat_w
        height = 15 * self.row_h
        self.roll_top = self.y0 + height
        lines, names = VGroup(), VGroup()
        vocab = [str(v) for v in self.tr["note_vocab"]]
        for d in range(15):
            y = self.y_of(d)
            home = d == 7
            line = Line([self.x0, y, 0], [self.x0 + self.roll_width, y, 0],
                        stroke_width=1.5 if home else 0.8)
            lines.add(line.set_stroke(pal.muted, opacity=0.8 if home else 0.3))
            if d in (0, 7, 14):
                names.add(text(vocab[d], pal.text if home else pal.muted)
                          .next_to(line, LEFT, 0.1))  # fmt: skip
        box = Rectangle(width=self.roll_width, height=height, stroke_width=1.2)
        box.set_stroke(pal.muted, opacity=0.6)
        box.move_to([self.x0 + self.roll_width / 2, self.y0 + height / 2, 0])
        time = text("beats \u2192", pal.muted).next_to(box, DOWN, 0.08)
        time.align_to(box, RIGHT)
        self.right_x = box.get_right()[0] + 0.35  # where the right column starts
        home_name = vocab[7]
        names_said = f"{vocab[0]}, {home_name}, {vocab[14]}: note names,"
        key = VGroup(text(names_said, pal.muted),
                     text("letter: the note; number: how high;", pal.muted),
                     text(f"{home_name}: the tune's home note", pal.muted))
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
        key.next_to(box, RIGHT, 0.35).align_to(box, DOWN)
        self.roll = VGroup(box, lines, names, time, key)
        self.notes: list[Rectangle] = []
        self.looks: list[VGroup] = []

    def x_of(self, beat: float) -> float:
        return self.x0 + beat * self.beat_w

    def y_of(self, degree: int) -> float:
        return self.y0 + (degree + 0.5) * self.row_h

    def note_rect(self, degree: int, start: int, beats: int, colour: str) -> Rectangle:
        gap = 0.05
        r = Rectangle(width=beats * self.beat_w - gap, height=self.row_h * 0.9,
                      stroke_width=0).set_fill(colour, opacity=0.9)
        return r.move_to([self.x_of(start) + (beats * self.beat_w - gap) / 2 + gap / 2,
                          self.y_of(degree), 0])  # fmt: skip

    def look_lines(self, p: int, n: int, rect: Rectangle) -> VGroup:
        """Lines from note ``n`` to each word it looked at with at least
        LOOK_FLOOR of its weight: thicker and more opaque for more, one
        colour and one scale for every tune; the heaviest drawn last."""
        pal = self.palette
        w = self.tr["note_attn"][p, n]
        # lighter than the notes, so the lines stand out on the dark ground
        colour = interpolate_color(ManimColor(pal.data), ManimColor(pal.text), 0.35)
        group = VGroup()
        top = rect.get_top()
        for i in np.argsort(w):
            i = int(i)
            if w[i] < LOOK_FLOOR:
                continue
            end = self.numbers[i].get_bottom() + DOWN * 0.04
            line = Line(top, end, stroke_width=LINE_THIN + LINE_GROW * float(w[i]))
            line.set_stroke(colour, opacity=0.75 + 0.25 * float(w[i]))
            group.add(line)
        return group

    def write_tune(self, p: int, seconds: float, lines: bool):
        tr, pal = self.tr, self.palette
        held = bool(tr["held_out"][p])
        colour = pal.sample if held else pal.data
        if not self.roll_shown:
            self.narrate("A second transformer, the writer, puts down notes one at "
                         "a time, looking back at the words: the thicker the line, "
                         "the more it looks.")  # fmt: skip
            self.play(Fade(self.roll), Fade(self.asked_tags, show=False), run_time=0.6)
            self.roll_shown = True
        if held:
            never = text("words never heard together in training", colour)
            never.next_to(self.roll[0], UP, 0.1).align_to(self.roll[0], LEFT)
            self.play(Fade(never), run_time=0.3)
            self.notes.append(never)
        count = int(tr["note_count"][p])
        start = 0
        for n in range(count):
            degree, beats = int(tr["note_degree"][p, n]), int(tr["note_beats"][p, n])
            rect = self.note_rect(degree, start, beats, colour)
            look = self.look_lines(p, n, rect) if lines else VGroup()
            self.play(FadeIn(rect), Create(look), run_time=seconds * 0.6)
            if p == 0 and n == count // 2 and self.poster_frame is None:
                self.mark_poster()
            self.play(Fade(look, show=False), run_time=seconds * 0.4)
            self.notes.append(rect)
            start += beats
        if p == 0:
            self.show_looking(p, count)

    roll_shown = False

    def looking_bars(self, shares: np.ndarray, count: int) -> VGroup:
        """One bar per prompt word, under its numbers: its share of the
        looking, averaged over the tune's ``count`` notes; the largest in the
        accent colour, its figure drawn heavier. A key in the right column
        says what the bars average over."""
        pal = self.palette
        base = self.roll_top + 0.15
        most = float(shares.max()) or 1.0
        per_unit = min(1.3, 0.85 / most)  # the tallest bar and its figure fit
        best = int(np.argmax(shares))
        bars, figures = VGroup(), VGroup()
        for i, w in enumerate(self.words):
            share = float(shares[i])
            colour = pal.accent if i == best else pal.data
            bar = Rectangle(width=0.45, height=max(0.02, share * per_unit),
                            stroke_width=0).set_fill(colour, opacity=0.9)
            bar.move_to([w.get_x(), base, 0], aligned_edge=DOWN)
            figure = text(pct(share), pal.text if i == best else pal.muted)
            if i == best:
                figure.set_stroke(pal.text, width=0.8)  # drawn heavier: bold
            bars.add(bar)
            figures.add(figure.next_to(bar, UP, 0.05))
        key = VGroup(text("bars: each word's share", pal.muted),
                     text("of the looking, averaged", pal.muted),
                     text(f"over this tune's {count} notes", pal.muted))
        key.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
        if self.numbers_key is not None:  # under the numbers' key, not over it
            key.next_to(self.numbers_key, DOWN, 0.2).set_x(self.right_x + key.width / 2)
        else:
            key.move_to([self.right_x + key.width / 2, base + 0.45, 0])
        return VGroup(bars, figures, key)

    def asked_slots(self) -> list[int]:
        """Where the speed, way and ending words sit in the row (start mark
        first)."""
        return [1, 2, len(self.words) - 1]

    def role_of(self, slot: int) -> str:
        """What the word in ``slot`` asks: speed, way, ending, or nothing."""
        return dict(zip(self.asked_slots(), ("speed", "way", "ending"),
                        strict=True)).get(slot, "")

    def show_looking(self, p: int, count: int):
        """Where the notes of tune ``p`` looked, on average: bars, then the
        word with the largest share said."""
        tr = self.tr
        shares = tr["note_attn"][p, :count].mean(0)  # (word,)
        best = int(np.argmax(shares))
        word = START if best == 0 else str(tr["prompt_words"][p][best - 1])
        self.looked = self.looking_bars(shares, count)
        bars, figures, key = self.looked
        self.narrate(looked_said(word, self.role_of(best), float(shares[best]),
                                 float(shares.min()),
                                 float(shares[self.asked_slots()].min())))
        self.play(*[GrowFromEdge(b, DOWN) for b in bars], Fade(figures), Fade(key),
                  run_time=0.6)

    # Hearing it

    def sound_panel(self, p: int) -> Group:
        """The picture of the sound (time left to right, pitch up, loudness as
        brightness) over its waveform, right of the roll, to one time scale."""
        pal, tr = self.palette, self.tr
        n = int(tr["audio_length"][p])
        audio = tr["audio"][p, :n]
        cols = max(1, int(np.ceil(n / (self.rate * tr.extents[
            "spectrogram_seconds_per_column"]))))
        # rows up to just over the top note (C6, 1047 Hz), and only the loudest
        # 30 dB: each note's own pitch shows, its fainter overtones do not
        top_hz = float(tr.extents["spectrogram_hz"][1])
        rows = spec_rows(tr["spectrogram"].shape[1], top_hz, SHOWN_HZ)
        spec = tr["spectrogram"][p][:rows, :cols]  # (bins, cols), dB under the top
        floor = 30.0
        rgb = blend(pal, pal.data, np.clip(1 + spec / floor, 0, 1) ** 1.5)[::-1]
        width = config.frame_width / 2 - 0.25 - self.right_x
        pic = image(rgb, 1.8)
        pic.stretch_to_fit_width(width)
        pic.move_to([self.right_x + width / 2, 1.05, 0])
        frame = SurroundingRectangle(pic, buff=0, stroke_width=1)
        frame.set_stroke(pal.muted, opacity=0.6)
        step = max(1, int(0.02 * self.rate))
        env = np.abs(audio[: len(audio) // step * step]).reshape(-1, step).max(1)
        env = env / max(float(env.max()), 1e-6)
        bars = VGroup(*[
            Line([0, -0.22 * v, 0], [0, 0.22 * v, 0], stroke_width=1.2)
            .set_stroke(pal.muted).move_to([pic.get_left()[0] + width * (i + 0.5)
                                            / len(env), -0.68, 0])
            for i, v in enumerate(np.maximum(env, 0.02))
        ])  # fmt: skip
        head = text("the sound as a picture (synthesised):", pal.text)
        head.next_to(pic, UP, 0.12)
        head.align_to(pic, LEFT)
        edge = config.frame_width / 2 - 0.2  # wider than the picture: kept inside
        head.shift(LEFT * max(0.0, head.get_right()[0] - edge))
        axes = text("time \u2192, pitch \u2191, loud = bright", pal.muted)
        axes.next_to(frame, DOWN, 0.08).align_to(pic, LEFT)
        wave = text("waveform: how loud, over time", pal.muted).next_to(bars, DOWN,
                                                                       0.08)
        wave.align_to(pic, LEFT)
        self.panel_left, self.panel_width = pic.get_left()[0], width
        self.panel_span = (bars.get_bottom()[1], pic.get_top()[1])
        return Group(pic, frame, head, axes, bars, wave)

    def hear(self, p: int):
        tr, pal = self.tr, self.palette
        n = int(tr["audio_length"][p])
        samples = tr["audio"][p, :n].astype(np.float32)
        if n == 0 or float(np.abs(samples).max()) < 1e-3:
            return
        panel = self.sound_panel(p)
        instrument = INSTRUMENT_SAID.get(str(tr.config["instrument"]),
                                         str(tr.config["instrument"]))
        asked = [str(w) for w in tr["prompt_words"][p]]
        self.narrate(heard_said([asked[0], asked[1], asked[-1]], instrument, p == 0))
        old = [m for m in (self.looked, self.numbers_key) if m is not None and len(m)]
        if old:  # the bars and keys make way for the sound's picture
            self.play(*[FadeOut(m) for m in old], run_time=0.3)
            self.looked, self.numbers_key = VGroup(), None
        self.play(FadeIn(panel), run_time=0.5)
        seconds = n / self.rate
        roll_cursor = Line([self.x0, self.y0, 0], [self.x0, self.roll_top, 0],
                           stroke_width=3).set_stroke(pal.accent)
        lo, hi = self.panel_span
        panel_cursor = Line([self.panel_left, lo, 0], [self.panel_left, hi, 0],
                            stroke_width=3).set_stroke(pal.accent)
        cursors = VGroup(roll_cursor, panel_cursor)
        self.add(cursors)
        per_second = self.beat_w / self.beat

        def sweep(mob, alpha):
            t = alpha * seconds
            mob[0].set_x(min(self.x0 + t * per_second, self.x0 + self.roll_width))
            mob[1].set_x(self.panel_left + alpha * self.panel_width)

        slug = "-".join(str(w) for w in tr["prompt_words"][p] if w not in
                        ("tune", "ending"))  # fmt: skip
        self.play_sound(samples, self.rate, f"tune-{slug}",
                        UpdateFromAlphaFunc(cursors, sweep, rate_func=linear))
        self.remove(cursors)
        self.panel = panel

    # Reading it back

    def check(self, p: int):
        """The rules' reading of tune ``p``, in the sound's place on the right;
        a property read otherwise than asked in the noise colour. The way is
        the rise of a straight line fitted to the notes, in steps of the
        scale."""
        tr, pal = self.tr, self.palette
        asked = [str(w) for w in tr["prompt_words"][p]]
        asked = [asked[0], asked[1], asked[-1]]
        codes = [int(tr["read_speed"][p]), int(tr["read_direction"][p]),
                 int(tr["read_ending"][p])]
        names = (self.speeds, self.directions, self.endings)
        read = [names[k][c] if c >= 0 else "none" for k, c in enumerate(codes)]
        count = int(tr["note_count"][p])
        last = str(tr["note_name"][p, count - 1]) if count else "none"
        shown = [
            speed_shown(codes[0], float(tr["read_beats_per_note"][p]), self.speeds),
            direction_shown(codes[1], float(tr["read_rise"][p]), self.directions),
            ending_shown(codes[2], last, self.endings),
        ]
        rows = VGroup(text("read back from the notes", pal.text),
                      text("by fixed rules, not the model:", pal.text),
                      *[text(s, pal.text if r == a else pal.noise)
                        for s, r, a in zip(shown, read, asked, strict=True)],
                      text("way: a line fitted to the notes", pal.muted))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        rows[2:].shift(DOWN * 0.15)
        rows[-1].shift(DOWN * 0.1)
        left, room = 2.1, config.frame_width / 2 - 0.2 - 2.1
        if rows.width > room:
            rows.scale_to_fit_width(room)
        rows.move_to([left + rows.width / 2, 0.3, 0])
        if len(self.panel):  # the sound's picture makes way for the reading
            self.play(FadeOut(self.panel), run_time=0.3)
            self.panel = Group()
        self.play(Fade(rows), run_time=0.6)
        self.narrate(verdict_said(asked, read, p == 0))
        self.reading = rows

    def clear_tune(self, keep_words: bool, roll: bool = False):
        gone = [*self.notes, *self.panel, self.reading, self.numbers]
        if not keep_words:
            gone += [self.words, self.boxes]
        if self.numbers_key is not None:
            gone.append(self.numbers_key)
            self.numbers_key = None
        if roll:  # the end of the tunes: a clean cut to the figures, no ghosts
            self.remove(*gone, self.roll)
        else:
            self.play(*[FadeOut(m) for m in gone], run_time=0.5)
        self.notes = []

    # The two shares, with what they were measured on

    def luck_tick(self, track: Rectangle, luck: float) -> Line:
        """The white tick on ``track`` at ``luck``, the share tunes of random
        notes score: wide enough to be seen beside the goal's mark."""
        tick = Line(UP * 0.2, DOWN * 0.2, stroke_width=LUCK_STROKE)
        tick.set_stroke(self.palette.text)
        return tick.move_to(track.get_left() + RIGHT * max(0.03, track.width * luck))

    def figures(self):
        pal, tr, s = self.palette, self.tr, self.tr.stats
        per = int(s["eval_per_combo"])
        seen_n, never_n = int(s["seen_tunes"]), int(s["heldout_tunes"])
        seen, never = float(s["seen_accuracy"]), float(s["heldout_accuracy"])
        seen_right, never_right = round(seen * seen_n), round(never * never_n)
        chance = (float(s["seen_chance"]), float(s["heldout_chance"]))
        rows = [
            (f"{int(s['seen_combos'])} word combinations it trained on", seen,
             SEEN_GOAL, share_said(seen_right, seen_n),
             f"{seen_right:,} of {seen_n:,} tunes, {per} written for each", chance[0]),
            (f"{int(s['heldout_combos'])} combinations it never heard", never,
             NEVER_SEEN_GOAL, share_said(never_right, never_n),
             f"{never_right:,} of {never_n:,} tunes, {per} written for each",
             chance[1]),
        ]  # fmt: skip
        unheard = [str(t).replace(" tune ending ", " ")
                   for t, h in zip(tr["combo_text"], tr["combo_held_out"], strict=True)
                   if h]  # fmt: skip
        head = text("tunes read back with all three asked: speed, way, ending",
                    pal.text, style.BODY_SIZE - 2)
        groups = VGroup()
        width = 6.0
        for name, share, goal, shown, basis, luck in rows:
            track = Rectangle(width=width, height=0.34, stroke_width=1.2)
            track.set_stroke(pal.muted)
            bar = Rectangle(width=max(0.02, width * share), height=0.34,
                            stroke_width=0).set_fill(pal.data, opacity=1)
            bar.align_to(track, LEFT)
            mark = Line(UP * 0.22, DOWN * 0.22, stroke_width=4).set_stroke(pal.accent)
            mark.set_z_index(1)  # drawn over the bar that grows past it
            mark.move_to(track.get_left() + RIGHT * width * goal)
            goal_text = text(f"goal {pct(goal)}", pal.accent).next_to(mark, DOWN, 0.06)
            value = text(shown, pal.text).next_to(track, RIGHT, 0.2)
            name_line = text(name, pal.text).next_to(track, UP, 0.12)
            name_line.align_to(track, LEFT)
            tick = self.luck_tick(track, luck)
            luck_text = text(f"random notes: {pct(luck)}", pal.muted)
            luck_text.next_to(track, DOWN, 0.06).align_to(track, LEFT)
            under = text(basis, pal.muted).next_to(goal_text, DOWN, 0.06)
            under.align_to(track, LEFT)
            groups.add(VGroup(name_line, track, mark, goal_text, bar, tick, luck_text,
                              value, under))
        groups.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        listed = text("never heard: " + "; ".join(unheard), pal.muted)
        if listed.width > config.frame_width - 1.2:
            listed = VGroup(text("never heard: " + "; ".join(unheard[:2]) + ";",
                                 pal.muted),
                            text("; ".join(unheard[2:]), pal.muted)).arrange(
                DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        listed.next_to(groups[1], DOWN, 0.12).align_to(groups[1], LEFT)
        groups[1].add(listed)
        # what the white ticks are: the chance level, tunes of random notes
        luck_key = text("white tick: tunes of random notes, read by the same rules",
                        pal.muted)
        luck_key.next_to(groups, UP, 0.3).align_to(groups, LEFT)
        head.next_to(luck_key, UP, 0.15).align_to(groups, LEFT)
        VGroup(head, luck_key, groups).move_to(UP * 0.45).set_x(-0.6)
        self.narrate(goals_said(SEEN_GOAL, NEVER_SEEN_GOAL))  # the marks, as said
        self.play(Fade(head), *[Fade(g[:4]) for g in groups], run_time=0.6)
        self.narrate(f"Trained on: {share_said(seen_right, seen_n)} of tunes had "
                     "all three.")
        self.play(GrowFromEdge(groups[0][4], LEFT), Fade(groups[0][5:]), Fade(luck_key),
                  run_time=0.8)
        self.narrate(f"Never heard: {share_said(never_right, never_n)}. "
                     + luck_said(max(chance), min(seen, never)))
        self.play(GrowFromEdge(groups[1][4], LEFT), Fade(groups[1][5:]), run_time=0.8)
        self.narrate(closing_said(seen, never))
