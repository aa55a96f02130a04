"""The sound chapter, NoteFromStatic: a diffusion model turns static into a
note, heard at chosen steps while its picture and waveform sharpen.

Draws the ``sound_diffusion`` trace (``python -m engine record
sound_diffusion``): the first prompt from pure static to the finished note,
every prompt from that same static, and the two checks' shares, each with what
it was measured on.

    manim -pql scenes/sound/note_from_static.py NoteFromStatic   # Manim's own way
    make scene S=NoteFromStatic PROMPT="drum C5"
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    FadeIn,
    FadeOut,
    Group,
    Line,
    Polygon,
    Rectangle,
    Transform,
    VGroup,
)

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.images import pixel_image
from scenes.kit.numbers import pct
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace

RATE = 16_000  # Hz, every sound of the trace
WAVE_BINS = 160  # columns of the drawn waveform (its loudest and quietest)
NOTE_SIZE = 23  # side notes: above the smallest size, so they stay readable in a GIF
# the instrument check, named by what it is where it is first used
INSTRUMENT_CHECK = "A separate program trained to name instruments"


def wave_outline(samples: np.ndarray, width: float, height: float) -> np.ndarray:
    """The waveform as a closed outline, (2 * WAVE_BINS, 3) points: the top
    edge is each column's highest sample, the bottom edge its lowest, scaled
    so amplitude 1 reaches ``height / 2``, centred on the origin."""
    cols = np.array_split(np.asarray(samples, dtype=np.float64), WAVE_BINS)
    hi = np.array([max(c.max(), 0.0) for c in cols])
    lo = np.array([min(c.min(), 0.0) for c in cols])
    # a silent stretch keeps a hairline, so the outline never folds flat
    hi, lo = np.maximum(hi, 0.01), np.minimum(lo, -0.01)
    x = np.linspace(-width / 2, width / 2, WAVE_BINS)
    top = np.stack([x, hi * height / 2, np.zeros_like(x)], 1)
    bottom = np.stack([x[::-1], lo[::-1] * height / 2, np.zeros_like(x)], 1)
    return np.concatenate([top, bottom])


def semitones_said(error: float) -> str:
    """How far off a heard pitch is, in words: 'right on', '0.3 semitone sharp'."""
    if abs(error) < 0.05:
        return "right on the note"
    side = "sharp" if error > 0 else "flat"
    return f"{abs(error):.1f} semitone {side}"


def pitch_gap_heard(error: float) -> str:
    """Whether a pitch error that size can be heard, by its size: a tenth of a
    semitone is under what a listener notices, half of one is plain."""
    gap = round(abs(error), 1)
    if gap < 0.2:
        return "too small to hear"
    if gap < 0.5:
        return "a careful ear may hear it"
    return "easy to hear"


def noised(clean: np.ndarray, noise: np.ndarray, keep: float) -> np.ndarray:
    """``clean`` with noise mixed in, as training makes a note noisier.

    The trace does not store the noise schedule, so this is the plain blend
    x = sqrt(keep) * clean + sqrt(1 - keep) * noise (the DDPM forward step for
    a signal share ``keep``), clipped to the picture's -1..1 like the trace's
    own frames."""
    mixed = np.sqrt(keep) * np.asarray(clean) + np.sqrt(1 - keep) * np.asarray(noise)
    return np.clip(mixed, -1.0, 1.0)


def weakest(names, prompted, heard) -> tuple[str, int, int] | None:
    """The instrument the checker recognises least often, as (name, notes
    recognised, notes), when it falls well behind (its share 0.15 or more
    under every other instrument's); None when no instrument stands out."""
    prompted, heard = np.asarray(prompted), np.asarray(heard)
    counts = [(int((heard[prompted == k] == k).sum()), int((prompted == k).sum()))
              for k in range(len(names))]  # fmt: skip
    shares = [r / n if n else 1.0 for r, n in counts]
    k = int(np.argmin(shares))
    rest = [r for i, r in enumerate(shares) if i != k]
    if not rest or min(rest) - shares[k] < 0.15:
        return None
    return names[k], counts[k][0], counts[k][1]


def share_sentence(what: str, share: float, target: float,
                   first: bool = False) -> str:
    """The voice's line for one bar, chosen by the measured share against the
    goal: 'above' or 'short of' it, never fixed text. The goal's figure is
    written by its tick, so the voice does not read it out; the ``first``
    bar's line says when the goals were set."""
    verdict = "above" if share >= target else "short of"
    when = ", set before training" if first else ""
    return f"{what}: {pct(share)}, {verdict} its goal{when}."


def weak_sentence(weak: tuple[str, int, int]) -> str:
    """The voice's line for the instrument recognised least, said as its note
    on screen comes in: its name and its counts."""
    name, right, notes = weak
    return f"The {name} is weakest: {right} of its {notes} notes recognised."


def right_counts(within, instrument, predicted) -> tuple[int, int, int]:
    """How the two checkers did on the fresh notes, as counts: (pitch right,
    instrument right, notes). Counts, not shares, so they are not read as the
    model's own percentages on the bars above."""
    within, instrument = np.asarray(within, bool), np.asarray(instrument)
    named = int((np.asarray(predicted) == instrument).sum())
    return int(within.sum()), named, len(within)


def checks_sentence(pitch: float, instrument: float, count: int,
                    weak: tuple[str, int, int] | None = None) -> str:
    """Why the checks can be believed, or not, said by how the two checkers did
    on fresh synthesiser notes neither was fitted on (shown on screen beside
    it); when they were right and one instrument lags, its misses are the
    model's (its counts were said just before)."""
    tried = f"We tested the two checkers on {count} fresh notes:"
    if min(pitch, instrument) >= 0.95:
        how = "always" if min(pitch, instrument) == 1.0 else "almost always"
        line = f"{tried} {how} right."
        if weak:
            line += f" So the {weak[0]}'s misses are the model's fault."
        return line
    return f"{tried} wrong at times, so some misses may be the checker's."


def verdict_sentence(instruments, asked, got) -> str:
    """What the instrument check heard in each prompt's note, by the figures:
    how many as asked, and each miss named with what it was heard as."""
    misses = [(instruments[a], instruments[g]) for a, g in zip(asked, got, strict=True)
              if a != g]  # fmt: skip
    if not misses:
        return f"{INSTRUMENT_CHECK} heard every one as asked."
    right = len(asked) - len(misses)
    said = "; ".join(f"the {a} as a {g}" for a, g in misses)
    return f"{INSTRUMENT_CHECK} heard {right} of {len(asked)} right; {said}."


class NoteFromStatic(ExplainerScene):
    """A prompt; pure static, seen as a picture and a waveform and heard; the
    sound at chosen denoising steps while both sharpen, ending on the finished
    note and what a pitch checker hears in it; the other prompts from the same
    static, each heard; then the two checks' shares as bars against their
    goals, and how the checks did on fresh notes they never trained on."""

    trace_kind = "sound_diffusion"
    picture_width = 5.6
    picture_height = 2.5
    wave_height = 1.2
    pace = 1.0  # scales every transition's length (tests render faster)

    def construct(self):
        self.tr = load_trace(self.trace_kind)
        pal = self.palette
        self.title = label("Diffusion on sound: a note from static", pal.text,
                           style.TITLE_SIZE).to_edge(UP, buff=0.3)
        self.add(self.title)
        self.intro()
        self.denoise()
        self.other_prompts()
        self.bars()

    # Drawing helpers
    def picture_of(self, picture: np.ndarray, height: float | None = None,
                   width: float | None = None):
        """A picture of sound: low bands at the bottom, brighter = louder."""
        pal = self.palette
        img = pixel_image(np.asarray(picture)[::-1], pal.background, pal.data,
                          height or self.picture_height)
        img.stretch_to_fit_width(width or self.picture_width)
        return img

    def wave_of(self, samples: np.ndarray, width: float | None = None,
                height: float | None = None) -> Polygon:
        outline = wave_outline(samples, width or self.picture_width,
                               height or self.wave_height)
        return Polygon(*outline, stroke_width=1, color=self.palette.sample,
                       fill_opacity=0.85)

    def cursor_over(self, *parts):
        """A line at the left edge of ``parts`` (stacked), to sweep to the right
        while the sound plays; returns (line, its sweep)."""
        group = Group(*parts)
        line = Line(group.get_corner(UP + LEFT), group.get_corner(DOWN + LEFT),
                    color=self.palette.accent, stroke_width=3)
        return line, line.animate.shift(group.width * RIGHT)

    def heard(self, samples, name: str, *parts, gap: float = 0.0):
        """Play ``samples`` with a cursor sweeping ``parts``; the cursor is
        drawn only while the sound plays. ``gap``: seconds of quiet after it,
        so notes heard one after another stay apart."""
        line, sweep = self.cursor_over(*parts)
        # not added here: play_sound first waits for the voice, and a cursor
        # standing still at the left edge would look like part of the picture
        self.play_sound(np.asarray(samples, dtype=np.float32), RATE, name, sweep)
        self.remove(line)
        self.wait_frames(gap * self.pace)

    def heard_boxed(self, samples, name: str, panel, gap: float):
        """Play one panel's sound with a box round the panel while it sounds."""
        box = Rectangle(width=panel.width + 0.15, height=panel.height + 0.15,
                        color=self.palette.accent, stroke_width=2).move_to(panel)
        self.add(box)
        self.heard(samples, name, panel[1], panel[2])
        self.remove(box)
        self.wait_frames(gap * self.pace)

    # Section: what is heard and what is drawn
    def panel(self, name: str, colour: str, picture: np.ndarray, samples,
              width: float) -> Group:
        """A small picture of a sound, its name above and its waveform below."""
        pic = self.picture_of(picture, height=1.6, width=width)
        wave = self.wave_of(samples, width=width, height=0.8)
        wave.next_to(pic, DOWN, buff=0.12)
        return Group(label(name, colour).next_to(pic, UP, buff=0.12), pic, wave)

    def intro(self):
        pal, tr = self.palette, self.tr
        made = label("Training notes come from a synthesiser; new notes from the model",
                     pal.muted, NOTE_SIZE).next_to(self.title, DOWN, buff=0.15)
        self.made = made
        # the four instruments, synthesiser notes at the first prompt's pitch
        note = str(tr["note_names"][int(tr["prompt_degree"][0])])
        names = [str(n) for n in tr["instrument_names"]]
        row = Group(*[
            self.panel(f"{n} {note}", pal.text, tr["real_example_picture"][i],
                       tr["real_example_sound"][i], 2.6)
            for i, n in enumerate(names)
        ]).arrange(RIGHT, buff=0.35).move_to([0.25, 0.2, 0])  # fmt: skip
        # the four come from the synthesiser that made the training notes,
        # though not from the very set the model trained on
        kind = label("synthesiser notes, like the training notes", pal.text,
                     NOTE_SIZE).next_to(row, UP, buff=0.25)
        first = row[0]
        pitch_arrow = label("pitch \u2192", pal.muted).rotate(np.pi / 2)
        pitch_arrow.next_to(first[1], LEFT, buff=0.1)
        time_arrow = label("time \u2192", pal.muted).next_to(first[2], DOWN,
                                                             buff=0.1)  # fmt: skip
        # the note's name in plain words (the trace names notes as pianists do)
        where = label(f"{note} = the {note[0]} above middle C" if note[1:] == "4"
                      else f"{note}: a note name, letter then octave", pal.text,
                      NOTE_SIZE).next_to(row, DOWN, buff=0.2)  # fmt: skip
        where.align_to(row, RIGHT)
        # the first picture is up within a second: no empty opening
        self.narrate("Four synthesiser notes, like the training notes.")
        self.play(FadeIn(made), FadeIn(kind), FadeIn(row), run_time=self.pace * 0.8)
        self.narrate("Each has a picture of its sound: time left to right, pitch "
                     "bottom to top, loudness as brightness.")
        self.play(FadeIn(pitch_arrow), FadeIn(time_arrow), FadeIn(where),
                  run_time=self.pace * 0.6)  # fmt: skip
        for i, (n, panel) in enumerate(zip(names, row, strict=True)):
            self.heard_boxed(tr["real_example_sound"][i], f"training-{n}-{note}", panel,
                             gap=0.15)  # fmt: skip
        self.training(row, int(tr["prompt_instrument"][0]),
                      [kind, pitch_arrow, time_arrow, where])

    def training(self, row: Group, keep: int, others: list):
        """How the model learned: the training note of instrument ``keep`` (still
        on screen) made noisier step by step until it is static, with what
        the training notes were."""
        pal, tr = self.palette, self.tr
        inst, pitches = len(tr["instrument_names"]), len(tr["note_names"])
        per = int(tr.manifest["config"]["per_note"])
        notes = int(tr.manifest["stats"]["train_notes"])
        clean = tr["real_example_picture"][keep]
        shares = [1.0, 0.75, 0.35, 0.0]  # signal kept in each frame shown
        note = str(tr["note_names"][int(tr["prompt_degree"][0])])
        names = [f"training {tr['instrument_names'][keep]} {note}", "noisier",
                 "noisier still", "static"]
        frames = Group(*[
            Group(label(n, pal.text if k == 0 else pal.noise),
                  self.picture_of(noised(clean, tr["static"], a), 1.6, 2.3),
                  ).arrange(DOWN, buff=0.12)
            for k, (n, a) in enumerate(zip(names, shares, strict=True))
        ]).arrange(RIGHT, buff=0.6).move_to([0, 0.55, 0])  # fmt: skip
        arrows = VGroup(*[
            label("\u2192", pal.muted, style.BODY_SIZE).move_to(
                (frames[k][1].get_right() + frames[k + 1][1].get_left()) / 2)
            for k in range(len(frames) - 1)
        ])  # fmt: skip
        head = label("training: the model learns to undo each step", pal.text,
                     style.BODY_SIZE).move_to([0, 2.25, 0])
        made_of = VGroup(
            label("training notes (made by the synthesiser)", pal.text, NOTE_SIZE),
            label(f"{notes:,} = {inst} instruments \u00d7 {pitches} pitches "
                  f"\u00d7 {per} takes", pal.text, NOTE_SIZE),
            label("each take played a little differently: start, brightness, "
                  "loudness", pal.muted, NOTE_SIZE),
        ).arrange(DOWN, buff=0.12).move_to([0, -1.2, 0])
        self.narrate(f"The model watched {notes:,} training notes turn to "
                     "static, and learned to undo each step.")
        rest = [p for k, p in enumerate(row) if k != keep]
        self.play(*[FadeOut(m) for m in [*rest, *others, row[keep][0], row[keep][2]]],
                  run_time=self.pace * 0.4)  # fmt: skip
        self.play(Transform(row[keep][1], frames[0][1]), FadeIn(frames[0][0]),
                  FadeIn(head), FadeIn(made_of), run_time=self.pace * 0.6)  # fmt: skip
        for k in range(1, len(frames)):
            self.play(FadeIn(arrows[k - 1]), FadeIn(frames[k]),
                      run_time=self.pace * 0.6)
        self.hold_caption()
        # left up until the next section comes in over its fade, so the
        # screen never stands empty between the two
        self.leaving = Group(row[keep][1], frames[0][0], frames[1:], arrows, head,
                             made_of)  # fmt: skip

        # the picture of the sound, on the left; the waveform below it
        centre = np.array([-2.6, 0.55, 0])
        self.picture = self.picture_of(tr["frame_picture"][0]).move_to(centre)
        self.wave = self.wave_of(tr["static_sound"]).next_to(self.picture, DOWN,
                                                             buff=0.2)  # fmt: skip
        time_arrow = label("time \u2192", pal.muted).next_to(self.wave, DOWN,
                                                            buff=0.1)  # fmt: skip
        pitch_arrow = label("pitch \u2192", pal.muted).rotate(np.pi / 2)
        pitch_arrow.next_to(self.picture, LEFT, buff=0.12)
        wave_name = label("waveform", pal.muted).rotate(np.pi / 2)
        wave_name.next_to(self.wave, LEFT, buff=0.12)
        self.axes = VGroup(time_arrow, pitch_arrow, wave_name)

    def swap(self, old, new: list):
        """Fade ``old`` out and ``new`` in, the new starting as the old is
        nearly gone: no empty screen between sections, no two fully drawn."""
        come = AnimationGroup(*[FadeIn(m) for m in new])
        self.play(AnimationGroup(FadeOut(old), come, lag_ratio=0.6),
                  run_time=self.pace * 0.8)

    # Section: static into a note
    def denoise(self):
        pal, tr = self.palette, self.tr
        prompt = str(tr["prompt_text"][0])
        steps = int(tr.manifest["config"]["sample_steps"])
        total = int(tr["frame_t"][0])
        side_x = 2.9
        self.prompt_box = VGroup(
            label("prompt", pal.muted, NOTE_SIZE),
            label(f"\u201c{prompt}\u201d", pal.text, style.BODY_SIZE),
        ).arrange(DOWN, buff=0.1).move_to([side_x, 1.6, 0])
        self.step_note = label("pure static", pal.noise, style.BODY_SIZE).move_to(
            [side_x, 0.5, 0])
        self.noise_bar(side_x)
        self.narrate(f"Prompt: {prompt}. It starts from static.")
        self.swap(self.leaving, [self.prompt_box, self.step_note, self.picture,
                                 self.wave, self.axes, self.noise_frame,
                                 self.noise_fill])  # fmt: skip
        self.heard(tr["static_sound"], "static", self.picture, self.wave)
        self.narrate(f"Each of the {steps} steps removes a little noise: listen "
                     "for the hiss fading and the note coming through.")
        step_in, hold = self.pace * 0.4, 0.75
        for k in range(1, len(tr["frame_t"])):
            t = int(tr["frame_t"][k])
            done = round(steps * (total - t) / total) if total else steps
            last = k == len(tr["frame_t"]) - 1
            note = (label("finished", pal.data, style.BODY_SIZE) if last else
                    label(f"after {done} of {steps} steps", pal.text,
                          style.BODY_SIZE))  # fmt: skip
            note.move_to(self.step_note)
            new_picture = self.picture_of(tr["frame_picture"][k]).move_to(self.picture)
            new_wave = self.wave_of(tr["frame_sound"][k]).move_to(self.wave)
            # the label is swapped in place, never faded out, so one is always
            # readable while the picture clears
            self.remove(self.step_note)
            self.add(note)
            # the first step runs slowly under the line that tells of it, so
            # the static is seen clearing while the voice speaks
            run = max(step_in, self.caption_left()) if k == 1 else step_in
            self.play(FadeIn(new_picture), Transform(self.wave, new_wave),
                      Transform(self.noise_fill, self.noise_bar_fill(done / steps)),
                      run_time=run)  # fmt: skip
            self.remove(self.picture)
            self.picture, self.step_note = new_picture, note
            slug = "finished" if last else f"step-{done}"
            # a quiet gap after each step's sound, so the change is heard
            self.heard(tr["frame_sound"][k], f"{prompt.replace(' ', '-')}-{slug}",
                       self.picture, self.wave, gap=0.0 if last else hold)
        self.finished_pitch(side_x)
        self.mark_poster()

    def noise_bar(self, side_x: float):
        """A 'noise left' bar under the step label, full at pure static."""
        pal = self.palette
        self.noise_box = Rectangle(width=2.4, height=0.26, stroke_width=1,
                                   color=pal.muted).move_to([side_x + 0.6, -0.1, 0])
        self.noise_frame = VGroup(
            label("noise left", pal.noise, NOTE_SIZE).next_to(self.noise_box, LEFT,
                                                              buff=0.15),
            self.noise_box)  # fmt: skip
        self.noise_fill = self.noise_bar_fill(0.0)

    def noise_bar_fill(self, done: float) -> Rectangle:
        """The bar's fill after ``done`` (0..1) of the steps. The trace keeps no
        sampler noise schedule, so the fill is the share of steps still to run
        (a step count, not the noise level itself)."""
        left = self.noise_box.get_left()
        fill = Rectangle(width=max(0.001, 2.4 * (1 - done)), height=0.26,
                         stroke_width=0).set_fill(self.palette.noise, 1)
        return fill.move_to(left, aligned_edge=LEFT)

    def finished_pitch(self, side_x: float):
        """What the pitch checker hears in the finished note, with a semitone
        and sharp/flat put in plain words beside it."""
        pal, tr = self.palette, self.tr
        midi = int(tr["note_midi"][int(tr["prompt_degree"][0])])
        error = float(tr["prompt_pitch"][0]) - midi
        self.gloss = VGroup()
        if float(tr["prompt_pitch"][0]) > 0:
            said = semitones_said(error)
            heard = f"A pitch detector hears it {said}"
            heard += "." if said.startswith("right") else f", {pitch_gap_heard(error)}."
            lines = [f"pitch detector: {said}", "1 semitone = one piano key"]
            if not said.startswith("right"):
                side = "higher" if error > 0 else "lower"
                lines.append(f"{said.split()[-1]} = a little {side}")
            self.gloss = VGroup(*[label(x, pal.text, NOTE_SIZE) for x in lines])
            self.gloss.arrange(DOWN, buff=0.12).move_to([side_x, -1.05, 0])
            # kept clear of the picture on its left and inside the frame
            self.gloss.shift(max(0.0, self.picture.get_right()[0] + 0.35
                                 - self.gloss.get_left()[0]) * RIGHT)
        else:
            heard = "A pitch detector hears no pitch in it at all."
        self.real_note = self.real_beside()
        self.narrate(heard)
        self.play(FadeIn(self.gloss), FadeIn(self.real_note), run_time=self.pace * 0.4)

    def real_beside(self) -> Group:
        """A small picture and waveform of the synthesiser note of the prompt's
        instrument at its pitch (the one heard at the start), in the free top
        right corner, to set beside the finished note."""
        pal, tr = self.palette, self.tr
        keep = int(tr["prompt_instrument"][0])
        note = str(tr["note_names"][int(tr["prompt_degree"][0])])
        pic = self.picture_of(tr["real_example_picture"][keep], 0.95, 2.4)
        wave = self.wave_of(tr["real_example_sound"][keep], 2.4, 0.45)
        wave.next_to(pic, DOWN, buff=0.08)
        name = VGroup(label("a real synthesiser", pal.text, NOTE_SIZE),
                      label(f"{tr['instrument_names'][keep]} {note}", pal.text,
                            NOTE_SIZE)).arrange(DOWN, buff=0.08)  # fmt: skip
        name.next_to(pic, UP, buff=0.1)
        # right of the prompt and above the noise bar, the corner left empty,
        # kept a margin inside the frame's right edge
        return Group(name, pic, wave).move_to([5.3, 1.4, 0])

    # Section: the same static, other prompts
    def other_prompts(self):
        pal, tr = self.palette, self.tr
        n = len(tr["prompt_text"])
        instruments = [str(x) for x in tr["instrument_names"]]
        self.narrate("The same static, with other prompts:")
        width = min(2.6, 12.4 / (n + 1) - 0.3)
        static = Group(
            label("the static", pal.noise),
            self.picture_of(tr["static"], height=1.6, width=width),
        ).arrange(DOWN, buff=0.12)
        panels = [self.panel(str(tr["prompt_text"][p]), pal.text,
                             tr["prompt_picture"][p], tr["prompt_sound"][p], width)
                  for p in range(n)]  # fmt: skip
        row = Group(static, *panels).arrange(RIGHT, buff=0.3, aligned_edge=UP)
        row.move_to([0, 0.45, 0])
        # what the instrument checker hears in each, so a miss is seen as one
        verdicts = VGroup()
        floor = min(panel.get_bottom()[1] for panel in panels) - 0.3
        for p, panel in enumerate(panels):
            got = int(tr["prompt_predicted"][p])
            right = got == int(tr["prompt_instrument"][p])
            verdicts.add(label(f"heard as {instruments[got]}",
                               pal.data if right else pal.noise).move_to(
                [panel.get_x(), floor, 0]))  # fmt: skip
        self.swap(Group(self.picture, self.wave, self.axes, self.prompt_box,
                        self.step_note, self.gloss, self.real_note,
                        self.noise_frame, self.noise_fill), [static])  # fmt: skip
        self.play(*[FadeIn(p) for p in panels], run_time=self.pace * 0.8)
        for p, panel in enumerate(panels):
            slug = str(tr["prompt_text"][p]).replace(" ", "-")
            self.heard_boxed(tr["prompt_sound"][p], f"same-static-{slug}", panel,
                             gap=0.15)  # fmt: skip
        # the labels stay up while the voice says who heard what
        self.narrate(verdict_sentence(instruments,
                                      [int(x) for x in tr["prompt_instrument"]],
                                      [int(x) for x in tr["prompt_predicted"]]))
        self.play(FadeIn(verdicts), run_time=self.pace * 0.4)
        self.others = Group(row, verdicts)

    # Section: the two checks
    def bars(self):
        pal, tr = self.palette, self.tr
        s = tr.manifest["stats"]
        count = int(s["samples"])
        per = count // (len(tr["instrument_names"]) * len(tr["note_names"]))
        what = label(f"measured on {count} of the model's notes: {per} per "
                     "instrument and pitch", pal.text, NOTE_SIZE).move_to([0, 1.95, 0])
        rows = [
            ("pitch within a semitone (by the automatic pitch detector)",
             float(s["pitch_share"]), float(s["pitch_target"]), "Pitch within a "
             "semitone"),
            ("instrument recognised (by the instrument-naming program)",
             float(s["instrument_share"]), float(s["instrument_target"]),
             "Instrument recognised"),
        ]
        width = 6.0
        left = -4.2
        frames, fills = VGroup(), []
        for k, (name, share, target, _) in enumerate(rows):
            y = 0.85 - 1.25 * k
            title = label(name, pal.text).move_to([0, y + 0.42, 0])
            title.align_to([left, 0, 0], LEFT)
            frame = Rectangle(width=width, height=0.34, stroke_width=1,
                              color=pal.muted).move_to([left + width / 2, y, 0])
            bar = Rectangle(width=max(0.03, width * share), height=0.34,
                            stroke_width=0).set_fill(pal.sample, 1)
            bar.move_to([left, y, 0], aligned_edge=LEFT)
            # the tick stands just past the bar, clear of the label above it
            goal = Line([left + width * target, y - 0.22, 0],
                        [left + width * target, y + 0.22, 0],
                        color=pal.text, stroke_width=3)
            value = label(pct(share), pal.sample, style.BODY_SIZE).next_to(
                frame, RIGHT, buff=0.2)
            goal_text = label(f"goal {pct(target)}", pal.muted, NOTE_SIZE).next_to(
                value, RIGHT, buff=0.3)
            frames.add(VGroup(title, frame))
            fills.append(VGroup(bar, goal, value, goal_text))
        weak = weakest([str(x) for x in tr["instrument_names"]],
                       tr["eval_instrument"], tr["eval_predicted"])
        weak_note = (label(f"weakest: {weak[0]}, {weak[1]} of its {weak[2]} notes "
                           "recognised", pal.noise, NOTE_SIZE).next_to(
            frames[1], DOWN, buff=0.25).align_to([left, 0, 0], LEFT)
            if weak else VGroup())  # fmt: skip
        for k, (_, share, target, said) in enumerate(rows):
            # the first line also says what was measured, as the bars come in
            line = share_sentence(said, share, target, first=k == 0)
            if k == 0:
                line = f"On {count} of the model's notes, {line[0].lower()}{line[1:]}"
            self.narrate(line)
            if k == 0:
                self.play(FadeOut(self.others), run_time=self.pace * 0.4)
                self.play(FadeIn(what), FadeIn(frames), run_time=self.pace * 0.5)
            self.play(FadeIn(fills[k]), run_time=self.pace * 0.6)
        # the weakest instrument comes in as the voice names it; the panel on
        # the checkers comes with the next line, which says whose misses they are
        if weak:
            self.narrate(weak_sentence(weak))
            self.play(FadeIn(weak_note), run_time=self.pace * 0.5)
        self.narrate(checks_sentence(float(s["real_pitch_share"]),
                                     float(s["real_instrument_share"]),
                                     int(s["real_notes"]), weak))
        self.play(FadeIn(self.checks_panel()), run_time=self.pace * 0.5)

    def checks_panel(self) -> VGroup:
        """A titled, boxed panel apart from the model's bars: how the two
        checkers did on fresh synthesiser notes not used to train them."""
        pal, tr = self.palette, self.tr
        pitch, named, notes = right_counts(tr["real_within"], tr["real_instrument"],
                                           tr["real_predicted"])  # fmt: skip
        text = VGroup(
            label("checking the checkers", pal.accent, style.BODY_SIZE),
            label(f"on {notes} fresh synthesiser notes, right: pitch {pitch} of "
                  f"{notes}, instrument {named} of {notes}", pal.text, NOTE_SIZE),
        ).arrange(DOWN, buff=0.12)
        box = Rectangle(width=text.width + 0.4, height=text.height + 0.3,
                        color=pal.accent, stroke_width=1.5).move_to(text)
        return VGroup(box, text).move_to([0, -1.95, 0])
