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
from scenes.hybrid.draw import label, ms, nbytes, pct, picture, times, wrapped
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.images import pixel_image
from scenes.kit.tracefile import TRACES_DIR
from scenes.transformer.draw import Fade, title_text

# The traces the table reads, by kind (each at renders/traces/<kind>.npz).
TABLE_KINDS = (
    "digits_diffusion",
    "generation_speed",
    "gan_points",
    "gan_digits",
    "attention_cost",
    "text_generation",
    "text_to_image",
)
HEADERS = ("Architecture", "What it generates today", "Strengths", "Weaknesses")


@dataclass
class Cell:
    claim: str  # the explainer's words
    measured: list[str] = field(default_factory=list)  # our figures, from traces


@dataclass
class Row:
    name: str
    cells: tuple[Cell, Cell, Cell]  # generates, strengths, weaknesses
    said: str  # the narration line for the row


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
    steps, acc = dd["speed_steps"], dd["speed_accuracy"]
    scales, g_acc = dd["guidance_scales"], dd["guidance_accuracy"]
    g_used = float(dd.config["guidance"])
    g_at = int(np.argmin(np.abs(scales - g_used)))
    fewest = int(np.argmin(steps))
    side = int(hy.extents.get("side", hy["eval_examples"].shape[1]))
    diffusion = Row(
        "Diffusion",
        (
            Cell("Images, video, audio", [
                f"ours: 8x8 digits; {side}x{side} pictures from a prompt",
            ]),
            Cell("High quality, controllable, current state of the art for images", [
                f"digits read as asked: {pct(acc[0])}",
                f"guided: {pct(g_acc[g_at])}; {pct(g_acc[0])} with no prompt",
            ]),
            Cell("Slow at generation time (many denoising steps)", [
                f"{int(passes[ddpm]):,} passes: {ms(per_sample[ddpm])} per digit",
                f"cut to {int(steps[fewest])} step: only {pct(acc[fewest])} right",
            ]),
        ),
        f"Diffusion: {int(passes[ddpm]):,} denoising passes, "
        f"{ms(per_sample[ddpm])} per digit here, and {pct(acc[0])} drawn as asked.",
    )

    # GANs
    covered, n_modes = gp["covered"], len(gp["modes"])
    runs = [str(r) for r in gp["run_name"]]
    ratio = float(per_sample[ddpm] / per_sample[gan])
    gans = Row(
        "GANs",
        (
            Cell("Faces, image-to-image, some video", [
                f"ours: 8x8 digits; points on a ring of {n_modes} blobs",
            ]),
            Cell("Fast at generation, sharp results", [
                f"one pass: {ms(per_sample[gan])} per digit, {times(ratio)} "
                "faster than diffusion",
            ]),
            Cell("Hard to train, prone to \u201cmode collapse\u201d (limited variety)",
                 [
                     f"{runs[0]}: {int(covered[0, -1])} of {n_modes} modes at the "
                     f"end, never more than {int(covered[0].max())}",
                     f"{runs[1]}: {int(covered[1, -1])} of {n_modes}",
                 ]),
        ),
        f"GANs: one pass, {ms(per_sample[gan])} per digit; the plain one "
        f"collapsed to {int(covered[0, -1])} of {n_modes} modes.",
    )

    # Transformers
    lengths, attn_bytes = ac["lengths"], ac["attn_bytes"]
    doublings = float(np.log2(lengths[-1] / lengths[0]))
    per_doubling = float((attn_bytes[-1] / attn_bytes[0]) ** (1 / doublings))
    seconds = ac["attn_seconds"]
    transformers = Row(
        "Transformers",
        (
            Cell("Text, code, music, audio, multimodal", [
                f"ours: sentences, \u201c{first_sentence(tg)}\u201d; and the "
                "prompt reader below",
            ]),
            Cell("Scales very well, handles long context", [
                f"ran at {int(lengths[0]):,} to {int(lengths[-1]):,} words",
                f"its cache grows {nbytes(ac.stats['cache_bytes_per_word'])} per "
                "word",
            ]),
            Cell("Heavy on memory and compute, especially for long sequences", [
                f"attention memory x{per_doubling:.1f} per doubling:",
                f"{nbytes(attn_bytes[0])} at {int(lengths[0]):,} words, "
                f"{nbytes(attn_bytes[-1])} at {int(lengths[-1]):,}",
                f"time {ms(1000 * seconds[0])} to {ms(1000 * seconds[-1])}",
            ]),
        ),
        f"Transformers: attention memory grows {per_doubling:.1f}x each time the "
        f"text doubles: {nbytes(attn_bytes[-1])} at {int(lengths[-1]):,} words.",
    )
    st = hy.stats
    footer = (
        "Hybrid, built here: a transformer reads, diffusion draws: "
        f"{pct(st['seen_accuracy'])} drawn as asked, "
        f"{pct(st['heldout_accuracy'])} for combinations never seen"
    )
    return [diffusion, gans, transformers], footer


def first_sentence(tg: Trace, before: int = 3) -> str:
    """The end of the transformer's prompt and its low-temperature words up to
    the first full stop: what it wrote, quoted."""
    vocab = [str(v) for v in tg["vocab"]]
    prompt = [vocab[int(i)] for i in tg["prompt"]][-before:]
    written = []
    for i in tg["low_tokens"]:
        written.append(vocab[int(i)])
        if written[-1] == "." or len(written) >= 8:
            break
    return "\u2026" + " ".join(prompt + written)


class ThreeArchitectures(ExplainerScene):
    """The explainer's table, row by row: each architecture, what it generates,
    its strengths and weaknesses, each claim beside a figure measured here."""

    traces_dir: Path | None = None  # None: renders/traces
    widths = (2.15, 3.05, 4.0, 4.0)  # columns, scene units
    gap = 0.16
    row_seconds = 4.0
    hold_seconds = 2.5  # the finished table, held at the end
    pace = 1.0  # scales every transition's length (tests render faster)
    claim_size = style.LABEL_SIZE - 3
    figure_size = style.LABEL_SIZE - 5

    def construct(self):
        pal = self.palette
        traces = load_traces(self.traces_dir)
        rows, footer = table_rows(traces)
        self.rows, self.footer = rows, footer
        self.add(title_text("Three architectures, measured on our own models", pal))

        total = sum(self.widths) + 3 * self.gap
        xs = [-total / 2 + sum(self.widths[:i]) + self.gap * i for i in range(4)]
        right = xs[-1] + self.widths[-1]
        top = 2.95
        header = VGroup(*[
            label(h, pal.muted, style.LABEL_SIZE - 2).move_to([x, top, 0],
                                                               aligned_edge=UL)
            for h, x in zip(HEADERS, xs, strict=True)
        ])  # fmt: skip
        rule = Line([xs[0], top - 0.36, 0], [right, top - 0.36, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        self.play(Fade(header), Create(rule), run_time=self.pace * 0.6)
        self.narrate("The explainer's table, with a figure measured here for each "
                     "claim.")

        colours = (pal.data, pal.sample, pal.guess)
        thumbs = self.thumbnails(traces)
        y = top - 0.52
        for row, colour, thumb in zip(rows, colours, thumbs, strict=True):
            name = label(row.name, colour, style.BODY_SIZE - 2)
            name.move_to([xs[0], y, 0], aligned_edge=UL)
            first = Group(name)
            if thumb is not None:
                thumb.next_to(name, DOWN, buff=0.12).align_to(name, LEFT)
                first.add(thumb)
            cells = [self.cell(c, x, y, w) for c, x, w
                     in zip(row.cells, xs[1:], self.widths[1:], strict=True)]
            self.play(Fade(first), *[Fade(c[0]) for c in cells],
                      run_time=self.pace * 0.6)
            self.play(*[Fade(c[1]) for c in cells], run_time=self.pace * 0.6)
            self.narrate(row.said)
            self.wait(self.row_seconds)
            y = min(m.get_bottom()[1] for m in [first, *cells]) - 0.1
            self.add(Line([xs[0], y, 0], [right, y, 0], color=pal.muted,
                          stroke_width=0.8, stroke_opacity=0.5))
            y -= 0.1

        # the hybrid, under the table: what it drew, and how often as asked
        pictures = self.hybrid_pictures(traces["text_to_image"])
        pictures.move_to([xs[0], y, 0], aligned_edge=UL)
        end = wrapped(footer, pal.text, style.LABEL_SIZE - 2,
                      right - pictures.get_right()[0] - 0.3)
        end.next_to(pictures, RIGHT, buff=0.3)
        self.footer_text = end
        self.play(Fade(pictures), Fade(end), run_time=self.pace * 0.6)
        self.narrate("Most tools today are hybrids: a transformer reads, diffusion "
                     "draws.")
        self.mark_poster()
        self.wait(self.hold_seconds)

    def cell(self, cell: Cell, x: float, y: float, width: float) -> VGroup:
        """The explainer's claim, and under it our figures in the accent colour."""
        pal = self.palette
        claim = wrapped(cell.claim, pal.text, self.claim_size, width)
        figures = VGroup(*[
            wrapped(m, pal.accent, self.figure_size, width) for m in cell.measured
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        figures.next_to(claim, DOWN, buff=0.08, aligned_edge=LEFT)
        return VGroup(claim, figures).move_to([x, y, 0], aligned_edge=UL)

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

    def hybrid_pictures(self, hy: Trace) -> Group:
        """The hybrid's pictures for its prompts, each framed."""
        pal = self.palette
        row = Group()
        for img in hy["frames"][-1][:4]:
            pic = picture(img, 0.5)
            row.add(Group(pic, SurroundingRectangle(pic, buff=0.02, stroke_width=1,
                                                    color=pal.muted)))
        return row.arrange(RIGHT, buff=0.08)
