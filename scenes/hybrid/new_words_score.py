"""The hybrid chapter, the new words counted: over every prompt in new words,
how often the drawing model drew as asked using the small reader and using the
pretrained reader, group by group, against a random guess; each group's verdict
chosen by the two compared prompt by prompt (both drew the same prompts from
the same static); then the verdict across every kind of new word.

NewWordsScore draws the ``new_words`` trace (``python -m engine record
new_words``), as NewWords does: every figure on screen is read from it.

    make scene S=NewWordsScore
"""

from __future__ import annotations

from manim import *

from scenes.hybrid.new_words import (
    NewWords,
    big_picture,
    digits,
    meaning_of,
    new_words_by_kind,
    picked_view,
    readout_words,
    vector_of,
    verdict_mark,
)
from scenes.hybrid.paired import (
    CHECK,
    KIND_SHOWN,
    beside_line,
    both_under,
    check_line,
    groups,
    habit_note,
    habit_said,
    mark_word,
    odds,
    others_line,
    score_shown,
    side_habit,
    side_line,
    split_line,
    verdict_line,
)
from scenes.kit import style
from scenes.kit.numbers import pct
from scenes.kit.text import quoted
from scenes.transformer.draw import descender, sit_on_baseline, text, title_text


def choices(tr, kind: str) -> int:
    """How many chapter words a new word of ``kind`` could stand for (3
    colours, 3 shapes, top or bottom ...): a blind pick is right 1 time in
    that many. 0 for the extra words, which stand for none."""
    means = meaning_of(tr)
    meant = [means[w] for w in new_words_by_kind(tr).get(kind, []) if w in means]
    if not meant:
        return 0
    for names in ("colour_names", "shape_names"):
        if meant[0] in {str(n) for n in tr[names]}:
            return len(tr[names])
    places = [str(p).split() for p in tr["position_names"]]
    for i in range(len(places[0])):
        if meant[0] in {p[i] for p in places}:
            return len({p[i] for p in places})
    return 0


def extra_example(tr) -> str:
    """The first prompt with new extra words only (the check group)."""
    got = [str(t) for t, k in zip(tr["reworded_text"], tr["reworded_kind"],
                                  strict=True) if str(k) == "phrasing"]  # fmt: skip
    return got[0] if got else ""


def by_choices(tr, kinds: list[str]) -> dict[int, list[str]]:
    """The groups of ``kinds`` by their number of choices (1 in n), each named
    as a viewer reads it; groups with no count are left out."""
    by: dict[int, list[str]] = {}
    for k in kinds:
        n = choices(tr, k)
        if n:
            by.setdefault(n, []).append(KIND_SHOWN[k].replace("new ", ""))
    return by


def blind_key(tr, kinds: list[str]) -> str:
    """The blind pick's key: 1 in how many, the most groups' figure first and
    bare, each other group named ("blind pick: 1 in 3, place 1 in 2")."""
    by = by_choices(tr, kinds)
    if not by:
        return "random guess"
    most = max(by, key=lambda n: len(by[n]))
    rest = [f"{' and '.join(ks)} 1 in {n}" for n, ks in by.items() if n != most]
    return ", ".join([f"random guess: 1 in {most}", *rest])


def asked_line(tr) -> str:
    """What "drawn as asked" means, with the first new word's stand-in."""
    means = meaning_of(tr)
    first = next(iter(means), "")
    also = [w for w in means if w != first and means[w] == means.get(first)]
    said = " and ".join([quoted(first), *map(quoted, also)])
    return ("Drawn as asked: colour, shape and place all right"
            + (f", {said} counting as {quoted(means[first])}." if first
               else ", a new word counting as the word it stands for."))


def blind_line(tr, kinds: list[str]) -> str:
    """The dashed lines said once: a blind pick, 1 in how many, per group."""
    by = by_choices(tr, kinds)
    if not by:
        return ""
    parts = []
    for n, ks in by.items():
        said = " or ".join(k + "s" for k in ks)
        parts.append(f"1 in {n} for top or bottom" if ks == ["place"]
                     else f"1 in {n} for {said}")
    return "Dashed: just guessing the new word, right " + ", ".join(parts) + "."


def grow(bar) -> list:
    """A bar grown from 0% with its figure coming in only as the bar
    reaches it, so no figure shows over an empty bar."""
    def late(t):  # nothing for the first 70% of the growth
        return smooth(max(0.0, (t - 0.7) / 0.3))
    return [GrowFromEdge(bar[0], DOWN), FadeIn(bar[1], rate_func=late)]


class NewWordsScore(NewWords):
    """Every prompt in new words counted: per group, the small reader's bar,
    a random guess of the new word (dashed, from the number of words it could
    stand for), the pretrained reader's bar and one verdict word, chosen by
    the two compared prompt by prompt (the paired split: prompts only one
    reader got right, and how often chance alone splits equal readers that
    unevenly); the split said only where a group differs, a habit only where
    it explains a verdict; the verdict across every kind of new word ends
    it. Reads ``frozen_by_kind``, ``small_by_kind``, ``prompts_by_kind``,
    ``paired_split``, ``paired_p``, ``kind_names``, ``reworded_*``,
    ``synonym_*``, the rules' readings and the code names."""

    show_picked = False  # every prompt counted, the trace as recorded
    hold_seconds = 0.4  # the verdict across kinds ends the scene

    def construct(self):
        pal, tr = self.palette, self.tr
        self.title_mob = title_text("Did knowing English help? The new words, "
                                    "counted", pal)  # fmt: skip
        self.add(self.title_mob)
        self.narrate(f"Our small {self.tr.stats['chapter_words']}-word "
                     "prompt reader was swapped for an English-knowing one; "
                     "fixed rules read each picture back.")
        # what a prompt reader is, as a row: words in, numbers out, drawn from
        job = text("prompt reader: turns the prompt's words into numbers the "
                   "drawing model draws from", pal.accent,
                   style.LABEL_SIZE + 2).move_to([0, 1.9, 0])  # fmt: skip
        vec = vector_of(tr, "pretrained", "crimson")
        cells = (VGroup(text("\u201ccrimson\u201d \u2192", pal.sample,
                             style.LABEL_SIZE),
                        text(digits(vec, 2), pal.guess, style.LABEL_SIZE)
                        ).arrange(DOWN, buff=0.08) if vec is not None else
                 VGroup(*(Square(0.24, color=pal.guess, stroke_width=1.5)
                          for _ in range(5))).arrange(RIGHT, buff=0.05))  # fmt: skip
        recap = VGroup(
            self.box([f"small reader: {tr.stats['chapter_words']} words"], pal.text),
            self.box(["pretrained reader: knows English"], pal.guess),
        ).arrange(DOWN, buff=0.35)  # fmt: skip
        drawer = self.box(["drawing model,", "retrained for it"], pal.text)
        flow_row = VGroup(recap, cells, drawer).arrange(RIGHT, buff=0.5)
        flow_row.move_to([0, 0.4, 0])
        cross = Line(recap[0].get_corner(DL), recap[0].get_corner(UR),
                     color=pal.noise, stroke_width=3)  # fmt: skip
        into = VGroup(Arrow(recap[1].get_right(), cells.get_left(), buff=0.08,
                            color=pal.muted, stroke_width=3),
                      Arrow(cells.get_right(), drawer.get_left(), buff=0.08,
                            color=pal.muted, stroke_width=3))  # fmt: skip
        test = self.test_example()
        self.test_shown = test  # tests read it here
        test.next_to(flow_row, DOWN, 0.35)
        recap = VGroup(job, flow_row, cross, into)
        self.play(FadeIn(job), FadeIn(flow_row[0][0]), run_time=0.6)
        self.play(FadeIn(flow_row[0][1]), Create(cross), run_time=1.0)
        self.play(GrowArrow(into[0]), FadeIn(cells), GrowArrow(into[1]),
                  FadeIn(drawer), run_time=0.8)
        # one test as it was judged: its prompt, the picture, the rules' check
        self.play(FadeIn(test), run_time=max(0.6, self.caption_left() - 0.3))
        self.hold_caption()
        self.play(FadeOut(recap), FadeOut(test), run_time=0.4)
        self.by_kind()
        gs = self.groups()
        self.narrate(verdict_line(gs))
        # the closing line, big: the scene's point, wrapped to 90% of the width
        words, lines = score_shown(gs).split(), [""]
        for w in words:
            trial = (lines[-1] + " " + w).strip()
            if lines[-1] and text(trial, pal.accent, style.BODY_SIZE).width \
                    > 0.9 * config.frame_width:
                lines.append(w)
            else:
                lines[-1] = trial
        verdict = VGroup(*(text(line, pal.accent, style.BODY_SIZE)
                           for line in lines)).arrange(DOWN, buff=0.08)
        # under the chart, in place of the groups' other lines: their names
        # stay, so the final chart reads on its own
        names = VGroup(*(line for g in self.kind_groups for line in g[0][1:]))
        kept = VGroup(*(g[0][0] for g in self.kind_groups))
        verdict.next_to(kept, DOWN, 0.15).set_x(0)
        # on the page's own colour: the 100% grid line stays under it
        verdict.add_to_back(BackgroundRectangle(verdict, color=pal.background,
                                                fill_opacity=1, buff=0.06))
        self.verdict_shown = verdict  # tests read it here
        self.play(FadeOut(names), run_time=0.3)
        self.chart.remove(*self.kind_groups)
        self.chart.add(*(g[1] for g in self.kind_groups), kept)
        self.play(FadeIn(verdict), run_time=0.5)
        self.chart.add(verdict)
        self.mark_poster()  # the chart with its takeaway line
        self.hold_caption()
        self.wait(self.hold_seconds)

    def test_example(self) -> Group:
        """One test as it was judged, from the trace's picked case (else its
        first example): the prompt, the pretrained reader's picture, and the
        fixed rules' reading of it with its tick or cross. Empty without
        pictures."""
        pal, tr = self.palette, picked_view(self.tr)
        if "example_frozen" not in tr.arrays:
            return Group()
        prompt = text(quoted(str(tr["example_text"][0])), pal.sample,
                      style.LABEL_SIZE + 2)
        pic = big_picture(tr["example_frozen"][0], 1.25)
        frame = SurroundingRectangle(pic, buff=0.02, color=pal.muted,
                                     stroke_width=2)
        check = VGroup(
            text("fixed rules read colour, shape, place:", pal.text,
                 style.LABEL_SIZE),
            text(" ".join(readout_words(tr, tr["example_frozen_read"][0])),
                 pal.text, style.LABEL_SIZE),
            verdict_mark(bool(tr["example_frozen_right"][0]), pal),
        ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        arrows = [Arrow(ORIGIN, RIGHT * 0.6, buff=0, color=pal.muted,
                        stroke_width=3) for _ in range(2)]
        return Group(prompt, arrows[0], Group(pic, frame), arrows[1],
                     check).arrange(RIGHT, buff=0.2)

    def box(self, lines: list[str], colour: str) -> VGroup:
        """Lines of text in a rounded box of ``colour``."""
        t = VGroup(*[text(s, colour, style.BODY_SIZE) for s in lines]).arrange(
            DOWN, buff=0.12)
        return VGroup(RoundedRectangle(width=t.width + 0.4, height=t.height + 0.35,
                                       corner_radius=0.1, color=colour,
                                       stroke_width=2).move_to(t), t)  # fmt: skip

    def lit(self, groups_, on=()) -> list:
        """Animations that dim every group but those at indexes ``on`` (all
        lit when empty), only the parts already on screen."""
        anims = []
        for k, (name, bars) in enumerate(groups_):
            on_screen = set(self.mobjects)

            def tops(m, on_screen=on_screen):  # the parts the scene holds
                return [m] if m in on_screen else [
                    t for c in m.submobjects for t in tops(c)]

            shown = [m for part in (name, *bars) for m in tops(part)]
            if on and k in on:  # lit at once: its parts are about to be marked
                for m in shown:
                    m.set_opacity(1.0)
            else:
                anims += [m.animate.set_opacity(1.0 if not on else 0.25)
                          for m in shown]
        return anims

    def over_bars(self, note: VGroup, groups_) -> None:
        """Place ``note`` in the chart's empty top band: its left edge just
        right of the axis labels, its bottom clear of every bar, figure and
        dashed line under it (none of them covered)."""
        note.align_to([self.axis_x + 0.1, 0, 0], LEFT)
        lo, hi = note.get_left()[0], note.get_right()[0]
        under = [m for _, bars in groups_ for part in (bars[0], bars[1], bars[3])
                 for m in part.submobjects
                 if m.get_right()[0] > lo and m.get_left()[0] < hi]
        floor = max((m.get_top()[1] for m in under), default=0.0)
        note.shift(UP * (floor + 0.1 - note.get_bottom()[1]))

    def split_callout(self, g, at) -> VGroup:
        """A group's paired split, big, in plain words and the bars' colours:
        "18 vs 5", whose, and how often equal readers split that unevenly
        (``odds``); its left edge at ``at``, on the page's colour."""
        pal = self.palette
        big = VGroup(text(str(g.only_pretrained), pal.guess, style.BODY_SIZE + 14),
                     text("vs", pal.muted, style.BODY_SIZE + 2),
                     text(str(g.only_small), pal.text, style.BODY_SIZE + 14)
                     ).arrange(RIGHT, buff=0.25)  # fmt: skip
        big[1].align_to(big[0], DOWN)
        who = text("prompts only the pretrained vs only the small reader got "
                   "right", pal.text, style.LABEL_SIZE + 2)
        lines = VGroup(big, who)
        if g.outcome != "same":
            lines.add(text(f"equal readers split this unevenly {odds(g.p)}",
                           pal.accent, style.BODY_SIZE))
        lines.arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        lines.move_to(at).align_to([at[0], 0, 0], LEFT)
        lines.add_to_back(BackgroundRectangle(lines, color=pal.background,
                                              fill_opacity=0.95, buff=0.12))
        return lines.set_z_index(6)  # over the bars' figures and dashes

    def groups(self):
        """Every group of prompts in new words with its paired split and
        random-guess odds (``scenes.hybrid.paired.Group``): every verdict
        the scene says is chosen by these."""
        return groups(self.tr, {str(k): choices(self.tr, str(k))
                                for k in self.tr["kind_names"]})

    def meanings(self, kind: str) -> list[str]:
        """Each new word of ``kind`` with the chapter word it means, grouped by
        meaning ("crimson, scarlet \u2192 red"); for new filler words, the
        words themselves."""
        fresh = new_words_by_kind(self.tr).get(kind, [])
        if kind == "phrasing":  # its example prompt, on two lines
            words = quoted(extra_example(self.tr)).split()
            half = (len(words) + 1) // 2
            return [" ".join(words[:half]), " ".join(words[half:])] if words else []
        by: dict[str, list[str]] = {}
        for w in fresh:
            meant = [str(m) for m, s in zip(self.tr["synonym_meanings"],
                                            self.tr["synonym_words"], strict=True)
                     if str(s) == w]  # fmt: skip
            if meant:
                by.setdefault(meant[0], []).append(w)
        return [f"{', '.join(ws)} \u2192 {m}" for m, ws in by.items()]

    def by_kind(self):
        """All prompts in new words, by kind of change: in each group the small
        reader's bar (which gets the prompt with the word left out), a dashed
        line at a random guess of the new word, the pretrained reader's bar,
        and under them one verdict word chosen by the paired split: better,
        no clear difference, worse, or a habit. The split itself is said
        only for a group that differs; a side habit only where it explains
        the place group. Every figure sits over its bar; 0% is labelled."""
        pal, tr = self.palette, self.tr
        gs = self.groups()
        kinds = [g.kind for g in gs]
        total = sum(g.prompts for g in gs)
        top, base, width, step = 2.3, -0.6, 0.92, 3.3
        off = 0.5  # each bar's centre off its group's
        # the axis labels' left edge inside the frame: "100%" whole
        left = -step * (len(kinds) - 1) / 2 + 0.15
        x0, x1 = left - 1.1, -left + 1.75
        self.axis_x = x0  # notes over the chart keep right of its labels
        grid = VGroup()
        for v in (0.0, 0.5, 1.0):
            y = base + top * v
            grid.add(Line([x0, y, 0], [x1, y, 0], color=pal.muted,
                          stroke_width=1.5 if v == 0 else 1,
                          stroke_opacity=1 if v == 0 else 0.5))  # fmt: skip
            # each axis label at the left end of its own line, 0% too
            grid.add(text(pct(v), pal.muted, style.LABEL_SIZE)
                     .next_to([x0, y, 0], LEFT, 0.08))  # fmt: skip
        dash = DashedLine(ORIGIN, RIGHT * 0.45, color=pal.noise, stroke_width=3)
        legend = VGroup(
            text("\u25a0 small reader (skips new words)", pal.text,
                 style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
            VGroup(dash, text(blind_key(tr, kinds), pal.noise,
                              style.LABEL_SIZE)).arrange(RIGHT, buff=0.1),
        ).arrange(RIGHT, buff=0.35).move_to([0, 2.3, 0])  # fmt: skip
        heading = text(
            f"all {total} test prompts: pictures drawn as asked",
            pal.text, style.LABEL_SIZE + 2).move_to([0, 2.85, 0])  # fmt: skip
        drop = descender(style.LABEL_SIZE)
        cap = text("H", pal.text, style.LABEL_SIZE).height

        def row(i):  # every group's lines on the same baselines
            return base - 0.14 - cap - i * (cap + 0.14)

        groups_ = []
        for k, g in enumerate(gs):
            x = left + k * step
            name = VGroup(text(CHECK if g.kind == "phrasing" else g.name + " words",
                               pal.text, style.LABEL_SIZE),
                          text(f"{g.prompts} prompts", pal.muted,
                               style.LABEL_SIZE),
                          *(text(m, pal.sample, style.LABEL_SIZE)
                            for m in self.meanings(g.kind)))  # fmt: skip
            for i, line in enumerate(name):  # under the verdict's row
                sit_on_baseline(line, row(i + 1) - 0.14, drop).set_x(x)

            def bar(value, dx, colour, x=x):
                h = max(0.03, top * float(value))
                b = Rectangle(width=width, height=h, stroke_width=0)
                b.set_fill(colour, opacity=1).move_to([x + dx, base + h / 2, 0])
                figure = text(pct(float(value)), colour, style.LABEL_SIZE)
                if figure.width < width - 0.04 and h > figure.height + 0.2:
                    # inside its bar's top, in the page's colour: the lines
                    # over the bars stay clear of it
                    figure = text(pct(float(value)), pal.background,
                                  style.LABEL_SIZE)
                    figure.move_to(b.get_top() + DOWN * (figure.height / 2 + 0.08))
                else:
                    figure.next_to(b, UP, 0.06)
                return VGroup(b, figure.set_z_index(4))

            s_bar = bar(g.small, -off, pal.text)
            f_bar = bar(g.pretrained, off, pal.guess)
            # a random guess of the new word, dashed across both bars
            guess = VGroup()
            if g.picks:
                gy = base + top / g.picks
                # in front of the bars, past both
                guess.add(DashedLine([x - 1.2, gy, 0], [x + 1.2, gy, 0],
                                     color=pal.noise, stroke_width=3)
                          .set_z_index(5))  # fmt: skip
                # a figure the dashed line would cross sits over its bar
                for bar_, ink in ((s_bar, pal.text), (f_bar, pal.guess)):
                    fig = bar_[1]
                    if abs(fig.get_y() - gy) < fig.height / 2 + 0.1:
                        fig.set_color(ink).next_to(bar_[0], UP, 0.06)
                        if abs(fig.get_y() - gy) < fig.height / 2 + 0.06:
                            fig.shift(UP * (gy + fig.height / 2 + 0.08
                                            - fig.get_y()))
            a, b = s_bar[1], f_bar[1]
            if (abs(a.get_y() - b.get_y()) < a.height + 0.04
                    and a.get_right()[0] > b.get_left()[0] - 0.1):
                a.shift(RIGHT * (x - 0.06 - a.get_right()[0]))
                b.shift(RIGHT * (x + 0.06 - b.get_left()[0]))
            mark = sit_on_baseline(text(mark_word(g), pal.guess, style.LABEL_SIZE),
                                   row(0), drop).set_x(x)  # fmt: skip
            groups_.append((name, VGroup(s_bar, f_bar, mark, guess)))
        check = [g for g in gs if g.kind == "phrasing"]
        self.narrate(f"{total} test prompts: {total - sum(g.prompts for g in check)} "
                     "with one new word"
                     + (f", and {check[0].prompts} {CHECK}: known words with "
                        "harmless extra words." if check else "."))  # fmt: skip
        self.play(FadeIn(heading), Create(grid), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(name) for name, _ in groups_),
                              lag_ratio=0.5),
                  run_time=max(1.2, self.caption_left() - 0.2))  # fmt: skip
        self.narrate(asked_line(tr))
        self.play(*(Indicate(line, color=pal.sample, scale_factor=1.0)
                    for name, _ in groups_ for line in name[2:]),
                  FadeIn(legend[0]),
                  *(anim for _, bars in groups_ for anim in grow(bars[0])),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        if any(g.picks for g in gs):
            # the key names the small reader (word skipped): the voice
            # says only the random guess
            self.narrate(blind_line(tr, kinds))
            self.play(FadeIn(legend[2]),
                      *(Create(bars[3]) for _, bars in groups_),
                      run_time=max(0.8, min(2.0, self.caption_left())))  # fmt: skip
            self.hold_caption()
        self.narrate(beside_line(gs))
        self.play(FadeIn(legend[1]),
                  *(anim for _, bars in groups_ for anim in grow(bars[1])),
                  run_time=max(1.0, min(2.0, self.caption_left() - 1.0)))  # fmt: skip
        # the dashed line over both bars, where both are under it
        under = [bars[3] for g, (_, bars) in zip(gs, groups_, strict=True)
                 if g.kind != "phrasing" and both_under(g) and len(bars[3])]
        if under:
            self.play(*(Indicate(d, color=pal.noise) for d in under), run_time=0.8)
        self.hold_caption()
        self.callouts = VGroup()  # a differing group's split, when said
        for beat in self.beats(gs):
            self.verdict_beat(beat, gs, groups_, left, step)
        self.play(*self.lit(groups_), run_time=0.3)
        self.kind_groups = [VGroup(name, bars) for name, bars in groups_]
        self.chart_heading = heading
        # all the chart, to clear it as one (never the captions)
        self.chart = VGroup(heading, grid, legend, *self.kind_groups)
        self.chart_key = legend

    @staticmethod
    def beats(gs) -> list[list]:
        """The groups in the order their verdicts are said: each group that
        differs on its own, then those with no clear difference at once,
        the check last."""
        same = [g for g in gs if g.kind != "phrasing" and g.outcome == "same"]
        differ = [[g] for g in gs if g.kind != "phrasing" and g not in same]
        return differ + ([same] if same else []) + [
            [g] for g in gs if g.kind == "phrasing"]

    def verdict_line_of(self, beat) -> str:
        """What is said as a beat's verdict words come in: a habit in one
        sentence (its figures were shown before); a group that differs, its
        split and how often chance splits equal readers so; the groups with
        no clear difference at once, with the place readers' side habits
        where both kept to one side; the check by name."""
        g = beat[0]
        if g.kind == "phrasing":
            return check_line(g)
        if g.outcome == "habit":
            return habit_said(g)
        if g.outcome != "same":
            return split_line(g)
        line = others_line(beat)
        sides = self.sides_said(beat)
        return line[:-1] + f"; with place words, {sides}." if sides else line

    def sides_said(self, beat) -> str:
        """The place readers' side habits as said with ``beat`` (``side_line``),
        when it holds the place group with no clear difference; else ""."""
        if not any(g.kind == "place" and g.outcome == "same" for g in beat):
            return ""
        return side_line(self.tr)

    def verdict_beat(self, beat, gs, groups_, left: float, step: float):
        """One beat: its line said, its groups lit and their verdict words in;
        beside a group that differs (not by a habit), its split big; over
        the place bars, each reader's side habit when said."""
        pal, tr = self.palette, self.tr
        kinds = [g.kind for g in gs]
        at = [kinds.index(g.kind) for g in beat]
        line = self.verdict_line_of(beat)
        self.narrate(line)
        self.play(*self.lit(groups_, at), run_time=0.5)
        g = beat[0]
        extra = VGroup()
        if g.outcome in ("above", "below") and g.apart:
            # the split, big, beside its group: the verdict rests on it
            extra = self.split_callout(g, [left + at[0] * step + 1.35, 0.75, 0])
            self.callouts = extra  # tests read it here
        elif g.outcome == "habit":
            # the figures the habit rests on, over the colour pair's bars
            ink = (pal.guess, pal.text, pal.text)
            extra = VGroup(*(text(t, ink[i], style.LABEL_SIZE)
                             for i, t in enumerate(habit_note(g)))
                           ).arrange(DOWN, buff=0.08)  # fmt: skip
            self.over_bars(extra, groups_)
            extra.add_to_back(BackgroundRectangle(extra, color=pal.background,
                                                  fill_opacity=1, buff=0.05))
            self.habit_shown = extra  # tests read it here
        elif self.sides_said(beat):
            # the side habit written over the place group's bars
            got = side_habit(tr, "small"), side_habit(tr, "frozen")
            extra = VGroup(*(text(f"{who}: {side} {n} of {m}", ink,
                                  style.LABEL_SIZE)
                             for who, ink, (side, n, m) in zip(
                                 ("small", "pretrained"), (pal.text, pal.guess),
                                 got, strict=True))
                           ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)  # fmt: skip
            place = groups_[kinds.index("place")][1]
            extra.next_to(VGroup(place[0], place[1]), UP, 0.25)
            extra.add_to_back(BackgroundRectangle(extra, color=pal.background,
                                                  fill_opacity=1, buff=0.05))
            self.side_shown = extra  # tests read it here
        if len(extra):
            self.play(FadeIn(extra), run_time=0.6)
        self.play(*(FadeIn(groups_[k][1][2]) for k in at),
                  run_time=max(0.5, min(1.2, self.caption_left())))
        self.hold_caption()
        if len(extra):
            self.play(FadeOut(extra), run_time=0.3)
