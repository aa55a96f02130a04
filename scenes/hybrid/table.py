"""The hybrid chapter, ThreeArchitectures: the explainer's table of the three
architectures, every claim beside a figure this project measured.

The words of each claim are the explainer's; every number is read from a trace
recorded by our own models (``renders/traces/<kind>.npz``): diffusion's steps and
time per digit, the GAN's time per digit and the modes it covers, healthy and
collapsed, the transformer's attention memory against length, and what each of
our models generates. ``table_rows`` builds the text from the traces, so a
changed trace changes the table.

    manim -pql scenes/hybrid/table.py ThreeArchitectures
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from manim import *

from engine.core.trace import Trace, load
from scenes.hybrid import table_evidence as ev
from scenes.hybrid.draw import label, ms, nbytes, pct, times, wrapped
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import screen_name
from scenes.kit.images import pixel_image
from scenes.kit.numbers import duration
from scenes.kit.pacing import reading_seconds
from scenes.kit.pointer import Pointer
from scenes.kit.seed_outcomes import seed_outcomes
from scenes.kit.tracefile import TRACES_DIR
from scenes.transformer.draw import Fade, shown_vocab, title_text

# The traces the table reads, by kind (each at renders/traces/<kind>.npz).
TABLE_KINDS = (
    "digits_diffusion",
    "generation_speed",
    "gan_points",
    "gan_digits",
    "gan_faces",
    "image_to_image",
    "attention_cost",
    "text_generation",
    "text_to_image",
)
HEADERS = ("Architecture", "What it generates today", "Strengths", "Weaknesses")


@dataclass
class Cell:
    claim: str  # the explainer's words
    measured: list[str] = field(default_factory=list)  # our figures, from traces
    # spoken while this cell is boxed, one caption a line: the voice names
    # the figure the eye is on, never the next column's
    said: list[str] = field(default_factory=list)


@dataclass
class Row:
    name: str
    cells: tuple[Cell, Cell, Cell]  # generates, strengths, weaknesses
    headline: str = ""  # one figure kept under the name in the whole table

    @property
    def said(self) -> list[str]:
        """The row's narration, cell by cell, one caption a line."""
        return [line for cell in self.cells for line in cell.said]


def load_traces(folder: Path | None = None) -> dict[str, Trace]:
    """Every trace the table reads, from ``folder`` (default renders/traces)."""
    folder = Path(folder or TRACES_DIR)
    return {kind: load(folder / f"{kind}.npz", kind=kind) for kind in TABLE_KINDS}


def table_rows(tr: dict[str, Trace]) -> tuple[list[Row], str]:
    """The table's rows and its closing line, with every figure read from ``tr``."""
    dd, gs, gp = tr["digits_diffusion"], tr["generation_speed"], tr["gan_points"]
    ac, tg, hy = tr["attention_cost"], tr["text_generation"], tr["text_to_image"]
    method = [str(m) for m in gs["method"]]
    gan, ddpm, ddim = (method.index(m) for m in ("GAN", "DDPM", "DDIM"))
    per_sample, passes = gs["ms_per_sample"], gs["passes"]

    # Diffusion
    acc = dd["speed_accuracy"]
    side = int(hy.extents.get("side", hy["eval_examples"].shape[1]))
    diffusion = Row(
        "Diffusion",
        (
            Cell(
                "Images, video, audio",
                [
                    f"ours: 8x8-pixel digits; {side}x{side} pictures from a prompt",
                ],
                ["Diffusion draws images, video and audio; ours draws small "
                 "digits, and pictures from a prompt."],
            ),
            Cell(
                "High quality, controllable, current state of the art for images",
                [f"a separate digit reader reads {pct(acc[0])} of its digits "
                 "as the digit asked"],
                [f"It is good: a separate digit reader reads {pct(acc[0])} of its "
                 "digits as the digit asked for."],
            ),
            Cell(
                "Slow at generation time (many denoising steps)",
                [f"{int(passes[ddpm]):,} passes: {ms(per_sample[ddpm])} per digit"],
                [f"But slow: {int(passes[ddpm]):,} passes, each removing a little "
                 f"noise: {ms(per_sample[ddpm])} a digit here."],
            ),
        ),
        headline=f"{ms(per_sample[ddpm])} a digit",
    )

    # GANs
    covered, n_modes = gp["covered"], len(gp["modes"])
    runs = [screen_name(str(r)) for r in gp["run_name"]]
    ratio = float(per_sample[ddpm] / per_sample[gan])
    faces, i2i = tr["gan_faces"].stats, tr["image_to_image"]
    small, big = i2i.stats["input_side"], i2i.stats["side"]
    gans = Row(
        "GANs",
        (
            Cell(
                "Faces, image-to-image, some video",
                [
                    f"ours: digits; {small}x{small} pictures redrawn at {big}x{big};",
                    f"faces: {ms(faces['ms_per_face_batch'])} per face",
                ],
                ["GANs make faces and turn one image into another; ours draw "
                 "digits, faces from a ready-made generator, and small "
                 "pictures redrawn large."],
            ),
            Cell(
                "Fast at generation, sharp results",
                [
                    f"one pass: {ms(per_sample[gan])} per digit; if it took 1 s, "
                    f"diffusion would take {duration(ratio)}",
                    sharpness_figure(i2i),
                ],
                [f"Fast: one pass, {ms(per_sample[gan])} a digit."
                 + (" (1 µs is a millionth of a second.)"
                    if "µs" in ms(per_sample[gan]) else ""),
                 f"If the GAN took a second, diffusion would take {duration(ratio)}.",
                 sharpness_said(i2i)],  # fmt: skip
            ),
            Cell(
                "Hard to train, prone to \u201cmode collapse\u201d (limited variety)",
                collapse_figures(gp, runs, n_modes),
                gan_variety(runs, covered, n_modes, gp),
            ),
        ),
        headline=f"{ms(per_sample[gan])} a digit",
    )

    # Transformers
    lengths, attn_bytes = ac["lengths"], ac["attn_bytes"]
    doublings = float(np.log2(lengths[-1] / lengths[0]))
    per_doubling = float((attn_bytes[-1] / attn_bytes[0]) ** (1 / doublings))
    transformers = Row(
        "Transformers",
        (
            Cell(
                "Text, code, music, audio, multimodal",
                [f"ours: sentences, \u201c{first_sentence(tg)}\u201d"],
                ["Transformers write text; ours, small and trained on simple "
                 f"made-up sentences, wrote \u201c{first_sentence(tg)}\u201d"],
            ),
            Cell(
                "Scales very well, handles long context",
                # no trace here measures scaling or long-context accuracy:
                # said so, rather than a figure that is not evidence
                ["not tested in this project"],
                ["Whether they scale well and handle long texts is not tested "
                 "in this project."],
            ),
            Cell(
                "Heavy on memory and compute, especially for long sequences",
                [
                    f"attention memory x{per_doubling:.1f} per doubling:",
                    f"{nbytes(attn_bytes[0])} at {int(lengths[0]):,} words, "
                    f"{nbytes(attn_bytes[-1])} at {int(lengths[-1]):,}",
                ],
                [f"Their cost: the memory attention needs grows {per_doubling:.1f}x "
                 "each time the text doubles,",
                 f"to {nbytes(attn_bytes[-1])} at {int(lengths[-1]):,} words."],
            ),
        ),
        headline=f"{nbytes(attn_bytes[-1])} at {int(lengths[-1]):,} words",
    )
    st = hy.stats
    footer = (
        "Hybrid, built here: a transformer reads, diffusion draws: "
        f"{pct(st['seen_accuracy'])} drawn as asked, "
        f"{pct(st['heldout_accuracy'])} for combinations never seen"
    )
    return [diffusion, gans, transformers], footer


def gan_against_l1(i2i: Trace) -> tuple[float, float, float]:
    """From the image-to-image trace's held-out pictures: the GAN's mean
    variance of the Laplacian over that of the same network trained on pixel
    error alone, and the share of each read right (GAN, L1 alone), 0-1."""
    method = [str(m) for m in i2i["method"]]
    g, l1 = method.index("GAN"), method.index("L1 alone")
    sharp = np.asarray(i2i["sharpness"]).mean(1)
    right = (np.asarray(i2i["read"]) == np.asarray(i2i["held_code"])[None]).all(-1)
    return float(sharp[g] / sharp[l1]), float(right[g].mean()), float(right[l1].mean())


def sharpness_figure(i2i: Trace) -> str:
    """The sharp-results figure, from the image-to-image trace's held-out
    pictures: the GAN's mean variance of the Laplacian against the same network
    trained on pixel error alone, and how often each is read right; the words
    chosen by the ratio."""
    ratio, right_gan, right_l1 = gan_against_l1(i2i)
    said = (f"{times(ratio)} as sharp as without the inspector" if ratio >= 1.05
            else f"no sharper than without the inspector ({times(ratio)})")
    # the content kept is told only when the inspector cost some of it
    lost = right_gan < right_l1 - 0.01
    kept = f"; content kept {pct(right_gan)} vs {pct(right_l1)}" if lost else ""
    return f"pictures {said}{kept}"


def sharpness_said(i2i: Trace) -> str:
    """The sharp-results figure as one spoken line, chosen by the same ratio
    as ``sharpness_figure``."""
    ratio = gan_against_l1(i2i)[0]
    if ratio >= 1.05:
        return (f"And sharp: pictures it redraws are {times(ratio)} as sharp as "
                "without the inspector, the second network that judges real "
                "from fake.")  # fmt: skip
    return "Sharper? Here its pictures are no sharper than without the inspector."


def collapse_figures(gp: Trace, runs: list[str], n_modes: int) -> list[str]:
    """The mode-collapse cell's figures: over every random start when the
    trace holds them (how many collapsed, how many covered every kind), else
    the one run's coverage."""
    if "seed_final_covered" in gp.arrays:
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
        return [
            f"{runs[0]}: {seen.collapsed[0]} of {seen.seeds} training runs "
            "collapsed",
            f"{runs[1]}: {seen.collapsed[1]} of {seen.seeds} collapsed",
        ]
    covered = gp["covered"]
    return [
        f"{runs[0]}: {int(covered[0, -1])} of {n_modes} blobs at the end, never "
        f"more than {int(covered[0].max())}",
        f"{runs[1]}: {int(covered[1, -1])} of {n_modes}",
    ]


def gan_variety(
    runs: list[str], covered: np.ndarray, n_modes: int, gp: Trace | None = None
) -> list[str]:
    """What the plain GAN's measured coverage says, one caption a line, in
    words chosen by it: it is called collapsed only if it ended covering at
    most half the modes; with every start in the trace, the count over the
    starts is said, and "mode collapse" is put in plain words when any
    collapsed."""
    plain, end = runs[0], int(covered[0, -1])
    if gp is not None and "seed_final_covered" in gp.arrays:
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
        lines = [f"Hard to train: left alone, its fakes piled into one spot in "
                 f"{seen.collapsed[0]} of {seen.seeds} training runs."]
        if seen.collapsed[0]:
            lines.append("That is mode collapse: it makes only one kind of thing.")
        lines.append("With a brake that stops the inspector over-reacting: "
                     f"{seen.collapsed[1]} of {seen.seeds} runs collapsed.")
        return lines
    if end <= n_modes // 2:
        return [f"The {plain} ended covering {end} of {n_modes} blobs."]
    return [f"The {plain} ended covering {end} of {n_modes} blobs: no collapse."]


def first_sentence(tg: Trace, longest: int = 10) -> str:
    """A whole sentence the transformer wrote (low temperature), quoted: the
    first one that starts after a full stop of its own and ends with one,
    at most ``longest`` words; else its first words, marked as cut."""
    vocab = shown_vocab(tg)
    written = [vocab[int(i)] for i in tg["low_tokens"]]
    stops = [k for k, w in enumerate(written) if w == "."]
    for a, b in zip(stops, stops[1:], strict=False):
        if 1 < b - a <= longest + 1:
            return " ".join(written[a + 1 : b]) + "."  # lower case, as written
    return " ".join(written[:longest]) + "\u2026"


class ThreeArchitectures(ExplainerScene):
    """The explainer's table, row by row: each architecture, what it generates,
    its strengths and weaknesses, each claim beside a figure measured here."""

    traces_dir: Path | None = None  # None: renders/traces
    widths = (2.55, 3.5, 3.5, 3.5)  # columns, scene units
    gap = 0.16
    row_seconds = 1.0  # at least, after a row's evidence has been read
    walk_size = 23  # the rows told one by one (room left for their pictures)
    hold_seconds = 2.5  # the finished table, held at the end
    pace = 1.0  # scales every transition's length (tests render faster)

    def construct(self):
        """Each row on its own, the explainer's claims with our figures under
        them, told one at a time; then the whole table in the explainer's
        words, and the hybrid under it."""
        pal = self.palette
        traces = load_traces(self.traces_dir)
        rows, footer = table_rows(traces)
        self.rows, self.footer = rows, footer
        self.add(title_text("Three architectures, measured on our own models", pal))

        total = sum(self.widths) + 3 * self.gap
        self.xs = [-total / 2 + sum(self.widths[:i]) + self.gap * i for i in range(4)]
        xs = self.xs
        right = xs[-1] + self.widths[-1]
        top = 2.95
        header = VGroup(*[
            label(h, pal.muted).move_to([x, top, 0], aligned_edge=UL)
            for h, x in zip(HEADERS, xs, strict=True)
        ])  # fmt: skip
        rule = Line([xs[0], top - 0.38, 0], [right, top - 0.38, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        self.play(Fade(header), Create(rule), run_time=self.pace * 0.6)
        self.narrate(
            "The explainer's table, with a figure measured here for each claim "
            "our models can test."
        )

        colours = (pal.data, pal.sample, pal.guess)
        thumbs = self.thumbnails(traces)
        page = None
        for row_no, (row, colour, thumb) in enumerate(
            zip(rows, colours, thumbs, strict=True)
        ):
            # one row at a time, larger than in the whole table: the page is
            # the row's alone, so its words can fill it
            first, claims = self.row(row, colour, thumb, top - 0.55, self.walk_size)
            figures = VGroup(*[
                VGroup(*[wrapped(m, pal.accent, self.walk_size, w)
                         for m in c.measured]).arrange(DOWN, aligned_edge=LEFT,
                                                       buff=0.24)
                .next_to(claim, DOWN, buff=0.3, aligned_edge=LEFT)
                for c, claim, w in zip(row.cells, claims, self.widths[1:],
                                       strict=True)
            ])  # fmt: skip
            # a picture of each figure under it, where the trace has one
            shows = self.evidence(traces, row_no)
            for figure, shown in zip(figures, shows, strict=True):
                if shown is not None:
                    shown.next_to(figure, DOWN, buff=0.3).align_to(figure, LEFT)
            shown_all = [s if s is not None else Group() for s in shows]
            if page is not None:
                self.play(Fade(page, show=False), run_time=self.pace * 0.4)
            self.play(Fade(first), run_time=self.pace * 0.5)
            # one column at a time, a box on it, each held for its reading
            # time, the row's sentences spoken over them: the page keeps
            # moving and the eye knows where to read
            pointer = Pointer(colour, glide=False)
            for cell, claim, figure, shown in zip(row.cells, claims, figures,
                                                  shown_all, strict=True):
                self.play(Fade(claim), Fade(figure), FadeIn(shown),
                          pointer.to(Group(claim, figure, shown)),
                          run_time=self.pace * 0.6)  # fmt: skip
                shown_at = self.renderer.time
                for line in cell.said:  # spoken while its own cell is boxed
                    self.narrate(line)
                self.hold_caption()
                words = " ".join([cell.claim, *cell.measured])
                left = reading_seconds(words) - (self.renderer.time - shown_at)
                self.wait_frames(max(self.row_seconds, left))
            self.play(pointer.away(), run_time=self.pace * 0.3)
            page = Group(first, *claims, figures, *shown_all)

        # the whole table in the explainer's words, and the hybrid under it
        self.play(Fade(page, show=False), run_time=self.pace * 0.4)
        table = Group()
        y = top - 0.55
        for row, colour, thumb in zip(
            rows, colours, self.thumbnails(traces), strict=True
        ):
            first, claims = self.row(row, colour, thumb, y)
            if row.headline:  # one measured figure per row stays in the table
                head = wrapped(row.headline, pal.accent, style.LABEL_SIZE,
                               self.widths[0] - self.gap)  # fmt: skip
                first.add(head.next_to(first, DOWN, buff=0.08).align_to(first, LEFT))
            table.add(first, *claims)
            y = min(m.get_bottom()[1] for m in [first, *claims]) - 0.22
        pictures = ev.prompt_pictures(traces["text_to_image"], pal)
        pictures.move_to([xs[0], y - 0.05, 0], aligned_edge=UL)
        end = wrapped(
            footer, pal.text, style.LABEL_SIZE, right - pictures.get_right()[0] - 0.3
        )
        end.next_to(pictures, RIGHT, buff=0.3).align_to(pictures, UP)
        self.footer_text = end
        self.play(Fade(table), run_time=self.pace * 0.6)
        self.play(Fade(pictures), Fade(end), run_time=self.pace * 0.6)
        self.narrate(
            "Most tools today are hybrids: a transformer reads, diffusion draws."
        )
        st = traces["text_to_image"].stats
        self.narrate(
            f"Ours, built here, drew {pct(st['seen_accuracy'])} of prompts as "
            f"asked, and {pct(st['heldout_accuracy'])} of colour-shape-place mixes "
            "it never saw together."
        )
        self.mark_poster()
        self.wait(self.hold_seconds)

    def row(self, row: Row, colour: str, thumb, y: float,
            size: float = style.LABEL_SIZE):  # fmt: skip
        """A row's name (and thumbnail) and its three claims, top at ``y``, the
        claims at font ``size``."""
        pal, xs = self.palette, self.xs
        name = label(row.name, colour, style.BODY_SIZE)
        name.move_to([xs[0], y, 0], aligned_edge=UL)
        first = Group(name)
        if thumb is not None:
            thumb.next_to(name, DOWN, buff=0.1).align_to(name, LEFT)
            first.add(thumb)
        claims = [wrapped(c.claim, pal.text, size, w)
                  .move_to([x, y, 0], aligned_edge=UL)
                  for c, x, w in zip(row.cells, xs[1:], self.widths[1:],
                                     strict=True)]  # fmt: skip
        return first, claims

    def thumbnails(self, traces: dict[str, Trace]) -> list[Mobject | None]:
        """What two of our models drew: digits from the diffusion model (its ten
        prompts, first three) and from the GAN (its last round); the
        transformer's sentence is quoted in its row instead."""
        pal = self.palette
        height = 0.36

        def digits(images) -> Group:
            ink = [pixel_image(i, pal.background, pal.text, height) for i in images]
            row = Group(*ink)
            row.arrange(RIGHT, buff=0.05)
            if row.width > self.widths[0] - 0.1:
                row.scale_to_fit_width(self.widths[0] - 0.1)
            return row

        return [
            digits(traces["digits_diffusion"]["reverse"][-1][:4]),
            digits(traces["gan_digits"]["fake"][-1][:4]),
            None,
        ]

    def evidence(self, traces: dict[str, Trace], row_no: int) -> list:
        """A picture under each of row ``row_no``'s three cells (None where a
        cell has none), from the traces its figures were read from."""
        pal = self.palette
        if row_no == 0:
            dd = traces["digits_diffusion"]
            return [None, ev.digit_row(dd, pal), ev.digit_passes(dd, pal)]
        if row_no == 1:
            i2i = traces["image_to_image"]
            return [ev.gan_makes(traces["gan_faces"], i2i, pal),
                    ev.sharp_pair(i2i, pal),
                    ev.collapse_pair(traces["gan_points"], pal)]  # fmt: skip
        return [None, None, ev.memory_bars(traces["attention_cost"], pal)]
