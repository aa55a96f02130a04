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

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from manim import *

from engine.core.trace import Trace, load
from scenes.hybrid import table_evidence as ev
from scenes.hybrid.draw import label, ms, nbytes, pct, times, wrapped
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain, screen_name
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
    "image_to_image",
    "attention_cost",
    "text_generation",
    "text_to_image",
)
# Traces the transformer's strengths cell reads when they are recorded: the
# same transformer at six sizes, and a transformer against a same-size
# word-by-word network on recall far back. Without them the cell is greyed.
STRENGTH_KINDS = ("transformer_scaling", "long_range")
# Read when recorded: a small transformer's attention weights over one
# sentence, drawn as the transformer's how-it-works picture (else arcs of
# equal weight over its own sentence).
PICTURE_KINDS = ("attention",)
# Read when recorded: the sound chapter's models, so the "what it generates"
# cells of the diffusion and transformer rows say what ours did with sound
# (a note drawn from static; tunes written note by note).
SOUND_KINDS = ("sound_diffusion", "melody")
GOOD = 0.9  # a share of right answers this high is called "right"
HEADERS = ("Architecture", "What it generates today", "Strengths", "Weaknesses")


@dataclass
class Cell:
    claim: str  # the explainer's words
    measured: list[str] = field(default_factory=list)  # our figures, from traces
    # spoken while this cell is boxed, one caption a line: the voice names
    # the figure the eye is on, never the next column's
    said: list[str] = field(default_factory=list)
    short: str = ""  # the cell's figure in one short line, kept once it is told
    # the line of ``said`` each measured figure comes in with (none: the first),
    # so a figure appears when the voice reaches it
    at: list[int] = field(default_factory=list)
    # the short line in the told row's strip, where it must say no more than
    # the row said (default: ``short``, which the whole table shows)
    told_short: str = ""

    def figure_line(self, k: int) -> int:
        """The spoken line measured figure ``k`` appears with."""
        return self.at[k] if k < len(self.at) else 0


@dataclass
class Row:
    name: str
    cells: tuple[Cell, Cell, Cell]  # generates, strengths, weaknesses
    headline: str = ""  # one figure kept under the name in the whole table
    # how the architecture works, in one plain line, said as the row opens
    how: str = ""
    # the row's behaviour in the closing takeaway, chosen by its figures, as
    # (cell boxed while it is said, words): the box is on the cell the words
    # are about
    parts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """The row's takeaway, in one line."""
        return " ".join(words for _, words in self.parts)

    @property
    def said(self) -> list[str]:
        """The row's narration, cell by cell, one caption a line."""
        return [line for cell in self.cells for line in cell.said]


def judged_count(dd: Trace) -> int:
    """How many of the diffusion model's digits the digit reader read (0 when
    the trace does not say)."""
    return (int(dd["speed_eval_samples"].shape[0])
            if "speed_eval_samples" in dd.arrays else 0)


def load_traces(folder: Path | None = None) -> dict[str, Trace]:
    """Every trace the table reads, from ``folder`` (default: beside the
    ``TRACE`` path when set, else renders/traces)."""
    beside = os.environ.get("TRACE")
    folder = Path(folder or (Path(beside).parent if beside else TRACES_DIR))
    traces = {kind: load(folder / f"{kind}.npz", kind=kind) for kind in TABLE_KINDS}
    for kind in STRENGTH_KINDS + PICTURE_KINDS + SOUND_KINDS:  # when recorded
        if (folder / f"{kind}.npz").exists():
            traces[kind] = load(folder / f"{kind}.npz", kind=kind)
    return traces


def scaling_cut(ts: Trace) -> float:
    """Share of the held-out loss each 10x in size removes, by the power law
    fitted to the sizes (L = a N^-alpha)."""
    return 1.0 - 10.0 ** (-float(ts["fit_params"][1]))


def scaling_beat(ts: Trace) -> tuple[str, str, str]:
    """The scaling beat, from the ``transformer_scaling`` trace: (spoken line,
    figure under the claim, short figure), the words chosen by the fitted cut
    per 10x, how close the fit is and whether the loss fell at every size."""
    n = len(ts["heldout_loss"])
    cut, r2 = scaling_cut(ts), float(ts["fit_params"][2])
    loss = np.asarray(ts["heldout_loss"], float)
    falls = bool(ts.stats.get("loss_falls_monotonically",
                              bool((np.diff(loss) < 0).all())))
    if cut <= 0:
        said = (f"Scaling? Not here: we trained our transformer at {n} sizes, "
                f"and bigger did not cut its loss, {plain('loss').split(';')[0]}.")
        return said, "bigger: no lower loss", "bigger: no lower loss"
    head = ("Scales well" if cut >= 0.05 and r2 >= 0.8 and falls
            else "Scales, unevenly" if cut >= 0.05 else "Scales only a little")
    # one figure: the loss of the smallest and of the biggest size, with
    # what the loss was measured on (the sizes' span is written on screen)
    a, b = scaling_ends(ts)
    moved = "fell" if loss[-1] < loss[0] else "went"  # the ends, not the fit
    said = (f"{head}: we trained it at {n} sizes; its loss, how wrong its "
            f"guesses are on text it never trained on, {moved} from {a} to {b}.")
    return (said, f"bigger model, lower loss: {a} \u2192 {b}",
            f"loss {a} \u2192 {b}, smallest to biggest")


def scaling_sizes(ts: Trace) -> tuple[int, int]:
    """The smallest and the biggest size's count of learned numbers (every
    trained number in the model)."""
    n = np.asarray(ts["params_total"], int)
    return int(n[0]), int(n[-1])


def guessing_loss(ts: Trace) -> float | None:
    """The held-out loss of guessing every next word at random among the
    trace's vocabulary (cross-entropy of a uniform guess: ln of the word
    count, in nats, as the model's loss); None when the trace does not say
    its vocabulary size."""
    words = ts.stats.get("vocab_size")
    return float(np.log(words)) if words else None


def guessing_yardstick(ts: Trace, pal) -> list:
    """The loss of guessing at random, as a line under the scaling figure, so
    the drop has something to be measured against (none when unknown)."""
    loss = guessing_loss(ts)
    if loss is None:
        return []
    words = int(ts.stats["vocab_size"])
    return [label(f"guessing at random among {words:,} possible words: {loss:.2f}",
                  pal.text)]


def scaling_ends(ts: Trace) -> tuple[str, str]:
    """The held-out loss of the smallest and the biggest size, as written."""
    loss = np.asarray(ts["heldout_loss"], float)
    return f"{loss[0]:.2f}", f"{loss[-1]:.2f}"


def recall_beat(lr: Trace) -> tuple[str, str, str]:
    """The long-context beat, from the ``long_range`` trace: (spoken line,
    figure under the claim, short figure) at the longest distance tested, the
    opening words chosen by the two measured shares of right answers."""
    far = int(lr["distances"][-1])
    tf, rnn = (float(lr[k][-1]) for k in ("transformer_accuracy", "gru_accuracy"))
    if tf >= GOOD and rnn <= tf - 0.1:
        head = "Handles long context"
    elif tf >= GOOD:
        head = "Long context, held here, but not only by transformers"
    elif tf >= rnn + 0.1:
        head = "Longer context than the older kind, though not reliably"
    else:
        head = "Long context? Not shown here"
    # one figure said and written: the transformer's share at the longest
    # distance; the other network named only when the head rests on it
    rival = ("" if head == "Handles long context" else
             f" A network reading one word at a time: {pct(rnn)}.")
    said = (f"{head}: asked about a fact {far} words back, our transformer "
            f"was right {pct(tf)} of the time.{rival}")
    return (said, f"{far} words back: right {pct(tf)}",
            f"{pct(tf)} right on a fact {far} words back")


def strengths_cell(tr: dict[str, Trace]) -> Cell:
    """The transformer's strengths cell: one beat for each strength trace
    recorded (scaling, then long context), or greyed when neither is."""
    beats = [beat(tr[kind]) for kind, beat in (("transformer_scaling", scaling_beat),
                                               ("long_range", recall_beat))
             if kind in tr]  # fmt: skip
    if not beats:  # said so, rather than a figure that is not evidence
        return Cell("Scales very well, handles long context",
                    ["not tested in this project"], [], "not tested here")
    return Cell(
        "Scales very well, handles long context",
        [m for _, m, _ in beats],
        [s for s, _, _ in beats],  # each figure with the line that says it
        "; ".join(short for _, _, short in beats),
        list(range(len(beats))),
    )


def quality_said(share: float, n: int = 0) -> str:
    """What the digit reader's share says of the diffusion model's digits,
    the words chosen by it: what is measured is control (the digit asked for
    is the one drawn), not quality, and the digits are tiny: said so."""
    of = f" {n:,}" if n else ""
    if share >= 0.9995:
        said = (f"a separate digit reader recognised every one of its{of} "
                "digits as the one asked for.")  # fmt: skip
        head = "Controllable"
    else:
        said = (f"a separate digit reader read {pct(share)} of its{of} "
                "digits as the one asked for.")  # fmt: skip
        head = ("Mostly controllable" if share >= 0.9
                else "Controllable, though not always")
    return f"{head}: {said}"


def slow_said(passes: int, ddpm_ms: float, gan_ms: float,
              gan_passes: int = 1) -> list[str]:
    """Diffusion's one figure said, its passes (its time for a digit is on
    screen, the ms put in plain words there); "slow" only when it is slower
    than the GAN (whose time, and the ratio, come with the GAN's row)."""
    head = "But slow" if ddpm_ms / gan_ms >= 1.5 else "And no slower"
    # the GAN, not yet told, is compared with on its own row
    return [f"{head}: it makes each digit in {passes:,} small clean-up "
            "passes."]


def pass_cost(gs: Trace) -> tuple[int, float]:
    """Diffusion's passes over the GAN's, and each diffusion pass's time over
    one GAN pass (its network's size), from the generation-speed trace."""
    method = [str(m) for m in gs["method"]]
    gan, ddpm = method.index("GAN"), method.index("DDPM")
    per, passes = gs["ms_per_sample"], gs["passes"]
    n = int(passes[ddpm]) // max(1, int(passes[gan]))
    each = float(per[ddpm] / passes[ddpm]) / float(per[gan] / passes[gan])
    return n, each


def fast_said(gan_ms: float, ratio: float,
              cost: tuple[int, float] | None = None) -> list[str]:
    """The GAN's time for a digit, with diffusion's as a ratio, said to hold
    for our tiny models; the words chosen by the ratio; with ``cost`` (passes,
    each pass's cost), a second line splits the gap into diffusion's own many
    passes times one factor, each pass's cost (its bigger network)."""
    head = "Fast" if ratio >= 1.5 else "No faster"
    if ratio >= 1.5 and cost is not None and cost[1] >= 1.5:
        return [f"{head}: one pass a digit; diffusion took {times(ratio)} as long:",
                f"{cost[0]:,} passes, each pass {times(cost[1])} slower, as its "
                "network is bigger."]
    if ratio >= 1.5:
        than = (f"for our tiny models, diffusion took {times(ratio)} as long, "
                "pass after pass.")
    else:
        than = "for our tiny models, diffusion was about as quick."
    return [f"{head}: one pass a digit; {than}"]


def fast_short(ratio: float, i2i: Trace) -> str:
    """The GAN's strengths in one short line, relative: diffusion's time
    against its own, and its edges against the copy made without an
    inspector."""
    sharp = gan_against_l1(i2i)[0]
    edges = (f"; edges {times(sharp)} as crisp as without the inspector"
             if sharp >= 1.05 else "")
    return f"{times(1 / ratio)} diffusion's time{edges}" if ratio < 1 else (
        f"{times(ratio)} faster than diffusion{edges}")


def gan_ratio(tr: dict[str, Trace]) -> float:
    """Diffusion's time for a digit over the GAN's."""
    gs = tr["generation_speed"]
    method = [str(m) for m in gs["method"]]
    per = gs["ms_per_sample"]
    return float(per[method.index("DDPM")] / per[method.index("GAN")])


def fast_figure(ratio: float) -> str:
    """Diffusion's time against the GAN's, as shown beside the time bars."""
    return f"diffusion: {times(ratio)} as long (tiny models)"


def notes_words(sd: Trace | None) -> list[str]:
    """The sound diffusion model's figure, short, for the screen (none when
    its trace is not recorded)."""
    if sd is None:
        return []
    st = sd.stats
    return [f"notes of sound: {pct(st['pitch_share'])} of {int(st['samples']):,} "
            "at the pitch asked"]


def diffusion_generates(side: int, sd: Trace | None) -> Cell:
    """The diffusion row's "what it generates" cell: our digits and prompted
    pictures, and our notes of sound when the sound_diffusion trace is
    recorded. The notes' figure is shown, not said: the sound chapter plays
    and tells them; here the eye reads it beside the claim."""
    said = ["Diffusion draws images, video and audio; ours, digits and "
            "prompted pictures."]
    measured = [f"ours: 8x8-pixel digits; {side}x{side}-pixel pictures from a "
                "prompt"]
    if sd is None:
        measured.append("video, audio: not tested here")
        return Cell("Images, video, audio", measured, said,
                    "ours: digits, prompted pictures; video, audio: not tested")
    measured += [*notes_words(sd), "video: not tested"]
    return Cell("Images, video, audio", measured, said,
                "ours: digits, prompted pictures, notes of sound; video: not "
                "tested")


def untested(kinds: list[str], done: str | None = None, short: bool = False) -> str:
    """What the row's claim names that no model here made (``done``, when
    recorded, is left out): "code, audio: not tested here"."""
    left = ", ".join(k for k in kinds if k != done)
    return f"{left}: not tested" + ("" if short else " here")


def transformer_generates(tg: Trace, ml: Trace | None) -> Cell:
    """The transformer row's "what it generates" cell: our sentences (the
    example shown large on the stage below, its rule count), each figure
    coming in as it is said. With the melody trace recorded, music is left out
    of "not tested" and the short form (the whole table) names our tunes; the
    told row does not show their figure: said in a line here, it could not
    be followed without the tune it counts, which the sound chapter plays."""
    agree = agreement_example(tg)
    broken = agree[1] if agree else sentence_broken(tg)
    first = ["Transformers write text, code, music and more; ours, trained "
             f"on simple made-up sentences, "
             f"{'finished' if agree else 'wrote'} this one, "
             f"{rules_said(broken)}."]
    said = [*first, *agreement_said(tg), *count_said(tg)]
    measured = [f"ours: sentences ({rules_words(broken)})",
                untested(["code", "music", "audio"], "music" if ml else None,
                         short=ml is not None)]
    at = [0, 0]
    if count_words(tg):  # the count comes in as it is said
        measured += count_words(tg)
        at.append(len(first) + len(agreement_said(tg)))
    left = untested(["code", "music", "audio"], "music" if ml else None, True)
    short = f"ours: sentences{', tunes' if ml else ''}; {left}"
    # the told row never shows the tunes (see above): nor does its strip
    return Cell("Text, code, music, audio, multimodal (text + images)",
                measured, said, short, at if len(at) > 2 else [],
                told_short=f"ours: sentences; {left}")


def table_rows(tr: dict[str, Trace]) -> tuple[list[Row], str]:
    """The table's rows and its closing line, with every figure read from ``tr``."""
    dd, gs, gp = tr["digits_diffusion"], tr["generation_speed"], tr["gan_points"]
    ac, tg, hy = tr["attention_cost"], tr["text_generation"], tr["text_to_image"]
    method = [str(m) for m in gs["method"]]
    gan, ddpm = (method.index(m) for m in ("GAN", "DDPM"))
    per_sample, passes = gs["ms_per_sample"], gs["passes"]

    # Diffusion
    acc = dd["speed_accuracy"]
    judged = (int(dd["speed_eval_samples"].shape[0])
              if "speed_eval_samples" in dd.arrays else 0)
    ratio = float(per_sample[ddpm] / per_sample[gan])
    side = int(hy.extents.get("side", hy["eval_examples"].shape[1]))
    diffusion = Row(
        "Diffusion",
        (
            diffusion_generates(side, tr.get("sound_diffusion")),
            Cell(
                "High quality, controllable, current state of the art for images",
                [f"controllable: {pct(acc[0])} of its digits read as the digit "
                 "asked", "quality, state of the art: not tested here"],
                [quality_said(float(acc[0]), judged)],
                f"{pct(acc[0])} of its digits were the one asked for; "
                "quality: not tested here",
            ),
            Cell(
                "Slow at generation time (many denoising steps)",
                [f"{int(passes[ddpm]):,} clean-up steps (passes) a digit"],
                slow_said(int(passes[ddpm]), float(per_sample[ddpm]),
                          float(per_sample[gan]), int(passes[gan])),
                # its time against the GAN's is written in the GAN's row,
                # after the GAN is defined and the speed chart shown
                f"{int(passes[ddpm]):,} clean-up passes a digit",
                [0],
            ),
        ),
        headline=f"{times(ratio)} a GAN's time a digit",
        how=("Diffusion starts from static and removes a little noise at a "
             "time, step by step, until a picture is left."),
        parts=diffusion_parts(ratio, float(acc[0])),
    )

    # GANs
    covered, n_modes = gp["covered"], len(gp["modes"])
    runs = [screen_name(str(r)) for r in gp["run_name"]]
    i2i = tr["image_to_image"]
    gan_said = gan_variety(runs, covered, n_modes, gp)
    fast_lines = fast_said(float(per_sample[gan]), ratio, pass_cost(gs))
    gans = Row(
        "GANs",
        (
            Cell(
                "Faces, image-to-image, some video",
                ["ours: digits; small pictures redrawn large (image-to-image)",
                 "faces, video: not tested here"],
                ["GANs make faces; ours, digits."],
                "ours: digits, small pictures redrawn large; faces, video: "
                "not tested",
            ),
            Cell(
                "Fast at generation, sharp results",
                [f"one pass: {ms(per_sample[gan])} a digit",
                 sharpness_figure(i2i)],
                [*fast_lines, *sharpness_said(i2i)],
                fast_short(ratio, i2i),
                [0, len(fast_lines)],
            ),
            Cell(
                "Hard to train, prone to \u201cmode collapse\u201d (limited variety)",
                collapse_figures(gp, runs, n_modes),
                gan_said,
                collapse_short(gp, covered, n_modes),
                # the brake's count comes with the line that says it (the last)
                [0, len(gan_said) - 1],
            ),
        ),
        headline=fast_short(ratio, i2i),
        how=("A GAN (generative adversarial network) is two networks: a "
             "forger draws fakes, an inspector judges real from fake, each "
             "learning against the other."),
        parts=gan_verdict_parts(ratio, gp, covered, n_modes,
                                ms(per_sample[gan]),
                                gan_against_l1(i2i)[0] >= 1.05),
    )

    # Transformers
    lengths, attn_bytes = ac["lengths"], ac["attn_bytes"]
    doublings = float(np.log2(lengths[-1] / lengths[0]))
    per_doubling = float((attn_bytes[-1] / attn_bytes[0]) ** (1 / doublings))
    transformers = Row(
        "Transformers",
        (
            transformer_generates(tg, tr.get("melody")),
            strengths_cell(tr),
            Cell(
                "Heavy on memory and compute, especially for long sequences",
                [f"attention memory x{per_doubling:.1f} for twice the words",
                 "compute (the arithmetic): not tested here"],
                ["That same looking back is also their cost: the computer "
                 "memory it needs "
                 # the bars' own figures are on them, not read out
                 f"grows {per_doubling:.1f}x each time the text doubles.",
                 *pairs_said(per_doubling)],
                f"memory x{per_doubling:.1f} each time the text doubles; "
                "compute: not tested",
                [0, 0],
            ),
        ),
        headline=(f"attention memory: {nbytes(attn_bytes[-1])} at "
                  f"{int(lengths[-1]):,} words"),
        how=("A transformer's key idea is attention: reading text, each word "
             "looks back over the earlier words to pick out the ones that "
             "matter to it."),
        parts=transformer_verdict_parts(per_doubling, nbytes(attn_bytes[-1]),
                                        int(lengths[-1]),
                                        transformer_strengths(tr)),
    )
    st = hy.stats
    footer = (
        "Hybrid, built here: our own small prompt reader (a transformer) "
        "reads, diffusion draws: "
        f"{pct(st['seen_accuracy'])} drawn as asked, "
        f"{pct(st['heldout_accuracy'])} for combinations never seen"
    )
    return [diffusion, gans, transformers], footer


def diffusion_parts(ratio: float, share: float) -> list[tuple[int, str]]:
    """Diffusion's behaviour in the takeaway, as (cell, words): its control
    (strengths cell), then its speed (weaknesses cell), words chosen by its
    share read as asked and its time against the GAN's."""
    control = ("controllable" if share >= 0.9 else "only partly controllable")
    speed = "but slow;" if ratio >= 1.5 else "and no slower than a GAN;"
    return [(1, f"diffusion is {control}"), (2, speed)]


def gan_verdict(ratio: float, gp: Trace, covered: np.ndarray, n_modes: int,
                each: str) -> str:  # fmt: skip
    """The GAN's behaviour in the takeaway, in one line."""
    return " ".join(w for _, w in gan_verdict_parts(ratio, gp, covered,
                                                    n_modes, each))


def gan_verdict_parts(ratio: float, gp: Trace, covered: np.ndarray,
                      n_modes: int, each: str,
                      sharp: bool = False) -> list[tuple[int, str]]:  # fmt: skip
    """The GAN's behaviour in the takeaway: fast when diffusion took longer
    (said on the strengths cell), narrow when its plain runs collapsed (on
    the weaknesses cell)."""
    if "seed_final_covered" in gp.arrays:
        collapsed = seed_outcomes(np.asarray(gp["seed_final_covered"]),
                                  n_modes).collapsed[0] > 0
    else:
        collapsed = int(covered[0, -1]) <= n_modes // 2
    speed = "fast" if ratio >= 1.5 else "no faster"
    if sharp:
        speed += " and sharp"
    if collapsed:
        return [(1, f"GANs are {speed},"),
                (2, "but in our toy test their fakes collapsed unless we "
                    "used a gentler inspector;")]
    return [(1, f"GANs are {speed},"), (2, "and kept their variety here;")]


def transformer_strengths(tr: dict[str, Trace]) -> str:
    """The strengths our traces showed, for the takeaway: "improve with size"
    when the loss fell at every size and by at least 5% per 10x, "find what
    they need far back" when the transformer was right at least ``GOOD`` of the
    time at the longest distance; "" when neither was shown (or recorded)."""
    shown = []
    ts = tr.get("transformer_scaling")
    if ts is not None:
        loss = np.asarray(ts["heldout_loss"], float)
        if scaling_cut(ts) >= 0.05 and bool((np.diff(loss) < 0).all()):
            shown.append("improve with size")
    lr = tr.get("long_range")
    if lr is not None and float(lr["transformer_accuracy"][-1]) >= GOOD:
        shown.append("find what they need far back")
    return " and ".join(shown)


def transformer_verdict(per_doubling: float, last: str, words: int,
                        strengths: str = "") -> str:  # fmt: skip
    """The transformer's behaviour in the takeaway, in one line."""
    return " ".join(w for _, w in transformer_verdict_parts(
        per_doubling, last, words, strengths))


def transformer_verdict_parts(per_doubling: float, last: str, words: int,
                              strengths: str = "",
                              ) -> list[tuple[int, str]]:  # fmt: skip
    """The transformer's behaviour in the takeaway: the strengths measured
    (``transformer_strengths``), said on the strengths cell, then hungry on
    long texts when the memory grows faster than the text, on the weaknesses
    cell."""
    fact = "."
    if per_doubling >= 2.5:
        if strengths:
            return [(1, f"and transformers {strengths},"),
                    (2, f"but need far more memory on long texts{fact}")]
        return [(2, f"and transformers need far more memory on long texts{fact}")]
    if strengths:
        return [(1, f"and transformers {strengths},"),
                (2, f"their memory growing about as fast as the text{fact}")]
    return [(2, f"and transformers' memory grows about as fast as the text{fact}")]


def pairs_said(per_doubling: float) -> list[str]:
    """Why the memory grows as it does, said only when the measured growth
    is near four times a doubling (every word scoring every word)."""
    if 3.5 <= per_doubling <= 4.5:
        # the grids drawn are whole squares: every pair scored
        return ["Why: it stores a score for every word with every word, so "
                "twice the words make four times the pairs."]
    return []


def far_said(ac: Trace, far: int = 100_000) -> list[str]:
    """The attention memory of a ``far``-word text by the curve fitted to the
    measured lengths (the trace's ``bytes_fit``), said as following that curve,
    only when the fit is close (R\u00b2 at least 0.99)."""
    at = far_bytes(ac, far)
    if at is None:
        return []
    laptop = ", far beyond a laptop" if at >= 100e9 else ""
    return [f"On the same curve, if nothing else changed, a {far:,}-word text "
            f"needs {big_bytes(at)} for one layer{laptop}; real tools use "
            "tricks to cut this."]


def far_bytes(ac: Trace, far: int = 100_000) -> float | None:
    """The attention memory of a ``far``-word text by the fitted curve, or
    None when the fit is not close (R\u00b2 under 0.99)."""
    a, b, c = (float(v) for v in ac["bytes_fit"])
    if float(ac.stats.get("bytes_fit_r2", 0.0)) < 0.99:
        return None
    return a * far**2 + b * far + c


def big_bytes(b: float) -> str:
    """Bytes in GB from a billion up, else as ``nbytes`` says them."""
    return f"{b / 1e9:,.0f} GB" if b >= 1e9 else nbytes(b)




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
    pictures: the GAN's mean edge score (variance of the Laplacian) against the
    same network trained on copying pixels alone, and how often each is read
    right; the words chosen by the ratio."""
    ratio, right_gan, right_l1 = gan_against_l1(i2i)
    copy = screen_name("L1 alone")
    said = (f"edges {times(ratio)} as crisp as without the inspector"
            if ratio >= 1.05
            else f"edges no sharper than {copy} ({times(ratio)})")
    # the content kept is told only when the inspector cost some of it
    lost = right_gan < right_l1 - 0.01
    kept = f"; content kept {pct(right_gan)} vs {pct(right_l1)}" if lost else ""
    return f"{said}{kept}"


def sharpness_said(i2i: Trace) -> list[str]:
    """The sharp-results figure as spoken lines, chosen by the same ratio
    as ``sharpness_figure``: the copy without the inspector, then the
    inspector's version (each boxed as it is said); the inspector is put in
    plain words."""
    ratio = gan_against_l1(i2i)[0]
    if ratio >= 1.05:
        return ["And sharp: redrawing a small picture large, with no "
                "inspector it blurs;",
                "with it, it invents crisp detail, not the real pattern: "
                f"edges {times(ratio)} as crisp."]  # fmt: skip
    return ["Sharper? With the inspector, its pictures are no sharper than "
            "the same network's trained only to copy pixels."]  # fmt: skip


def collapse_figures(gp: Trace, runs: list[str], n_modes: int) -> list[str]:
    """The mode-collapse cell's figures: over every random start when the
    trace holds them (how many collapsed, how many covered every kind), else
    the one run's coverage."""
    if "seed_final_covered" in gp.arrays:
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
        return [
            f"{seen.collapsed[0]} of {seen.seeds} training runs collapsed",
            f"with a gentler inspector: {seen.collapsed[1]} of {seen.seeds}",
        ]
    covered = gp["covered"]
    return [
        f"{runs[0]}: {int(covered[0, -1])} of {n_modes} spots at the end, never "
        f"more than {int(covered[0].max())}",
        f"{runs[1]}: {int(covered[1, -1])} of {n_modes}",
    ]


def collapse_short(gp: Trace, covered: np.ndarray, n_modes: int) -> str:
    """The mode-collapse cell's figure in one short line."""
    if "seed_final_covered" in gp.arrays:
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
        return (f"fakes collapsed in {seen.collapsed[0]} of {seen.seeds} runs; "
                f"{seen.collapsed[1]} of {seen.seeds} with a gentler inspector")
    return f"{int(covered[0, -1])} of {n_modes} spots covered"


def gan_variety(
    runs: list[str], covered: np.ndarray, n_modes: int, gp: Trace | None = None
) -> list[str]:
    """What the plain GAN's measured coverage says, one caption a line, in
    words chosen by it: it is called collapsed only if it ended covering at
    most half the modes; with every start in the trace, the count over the
    starts is said, and "mode collapse" is put in plain words when any
    collapsed; the brake is put in plain words before its count."""
    plain_gan, end = runs[0], int(covered[0, -1])
    if gp is not None and "seed_final_covered" in gp.arrays:
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
        # The most spots any collapsed run still reached: said as measured,
        # so the line matches the run panels, not only the "half or fewer" rule.
        plain_runs = np.asarray(gp["seed_final_covered"])[0]
        reached = plain_runs[plain_runs <= n_modes // 2]
        most = int(reached.max()) if reached.size else n_modes // 2
        if seen.collapsed[0]:
            lines = [f"Hard to train: copying dots from {n_modes} spots "
                     f"(blue), in {seen.collapsed[0]} of {seen.seeds} runs its "
                     f"fakes piled up on {most} spot{'s' if most != 1 else ''} "
                     "at most."]
        else:
            lines = [f"On toy dots round {n_modes} spots, in none of "
                     f"{seen.seeds} runs did its fakes pile up."]
        if seen.collapsed[0]:
            gloss = plain("mode collapse")
            if most <= 1:  # "a few kinds" would overstate 0 or 1 spots
                gloss = gloss.replace("a few kinds of fake that fool",
                                      "one kind of fake that fools")
            lines.append(f"That is mode collapse: {gloss}.")
        # the measured count said plainly (what "reached" means is the key's)
        after = (f"none of its {seen.seeds} runs collapsed"
                 if seen.collapsed[1] == 0
                 else f"{seen.collapsed[1]} of its {seen.seeds} runs collapsed")
        # "smaller learning steps" in one plain half-line
        lines.append(f"With a gentler inspector, one that changes itself less "
                     f"each round, {after}.")
        return lines
    if end <= n_modes // 2:
        return [f"The {plain_gan} ended covering {end} of {n_modes} spots."]
    return [f"The {plain_gan} ended covering {end} of {n_modes} spots: no collapse."]


def sentence_span(tg: Trace, longest: int = 10) -> tuple[int, int, bool]:
    """Where ``first_sentence`` lies in the low-temperature words: (first,
    end) indices and whether it is whole (else its first words, cut)."""
    vocab = shown_vocab(tg)
    written = [vocab[int(i)] for i in tg["low_tokens"]]
    stops = [k for k, w in enumerate(written) if w == "."]
    for a, b in zip(stops, stops[1:], strict=False):
        if 1 < b - a <= longest + 1:
            return a + 1, b + 1, True
    return 0, min(longest, len(written)), False


def first_sentence(tg: Trace, longest: int = 10) -> str:
    """A whole sentence the transformer wrote (low temperature), quoted: the
    first one that starts after a full stop of its own and ends with one,
    at most ``longest`` words; else its first words, marked as cut."""
    vocab = shown_vocab(tg)
    written = [vocab[int(i)] for i in tg["low_tokens"]]
    a, b, whole = sentence_span(tg, longest)
    if whole:
        return " ".join(written[a : b - 1]) + "."  # lower case, as written
    return " ".join(written[a:b]) + "\u2026"


def sentence_broken(tg: Trace, longest: int = 10) -> int:
    """How many words of ``first_sentence`` break a rule of the made-up
    sentences it trained on (the trace's ``low_rule``, 0 = none)."""
    a, b, _ = sentence_span(tg, longest)
    return int((np.asarray(tg["low_rule"])[a:b] != 0).sum())


def rule_count(tg: Trace) -> tuple[int, int] | None:
    """Of the texts the transformer wrote at its low temperature in the drift
    measurement (config ``survival_runs``), how many kept every grammar rule
    to the end (the ``survival`` share at the last word), as (kept, runs);
    None when the trace does not hold it."""
    if "survival" not in tg.arrays or "survival_runs" not in tg.config:
        return None
    temps = np.asarray(tg["survival_temperatures"], float)
    low = int(np.argmin(np.abs(temps - float(tg.config.get("low_temperature",
                                                          temps.min())))))
    runs = int(tg.config["survival_runs"])
    return int(round(float(np.asarray(tg["survival"])[low, -1]) * runs)), runs


def agreement_example(tg: Trace) -> tuple[str, int, str, str] | None:
    """The verb-agreement rule on the transformer's own words, when the
    prompt is a subject with a nearer noun after it ("the keys to the old
    box") and its first word written is "is" or "are": (the whole sentence,
    how many of its written words broke a rule, the verb kept with the word
    it agrees with and the model's share for it, the other verb with the
    nearer noun it would wrongly agree with); None otherwise."""
    vocab = shown_vocab(tg)
    prompt = [vocab[int(i)] for i in tg["prompt"]]
    while prompt and prompt[0] == ".":
        prompt = prompt[1:]
    written = [vocab[int(i)] for i in tg["low_tokens"]]
    if (len(prompt) < 4 or prompt[0] not in ("the", "a") or not written
            or written[0] not in ("is", "are") or "." not in written):
        return None
    end = written.index(".")
    rule = np.asarray(tg["low_rule"])
    if int(rule[0]) != 0:  # the verb itself broke the rule: no example
        return None
    verb, other = written[0], "is" if written[0] == "are" else "are"
    share = float(np.asarray(tg["low_probs"])[0, int(tg["low_tokens"][0])])
    return (" ".join(prompt + written[:end]) + ".",
            int((rule[: end + 1] != 0).sum()),
            f"\u2713 \u201c{verb}\u201d: agrees with \u201c{prompt[1]}\u201d "
            f"(it gave \u201c{verb}\u201d a {share * 100:.0f}% chance)",
            f"\u2717 \u201c{other}\u201d: agrees with the nearer "
            f"\u201c{prompt[-1]}\u201d")


def agreement_said(tg: Trace) -> list[str]:
    """The point of the example, spoken: the verb it chose, the share it gave
    it, and the far subject it agrees with rather than the nearer noun (none
    when the trace's sentence is not such an example)."""
    if agreement_example(tg) is None:
        return []
    vocab = shown_vocab(tg)
    prompt = [vocab[int(i)] for i in tg["prompt"] if vocab[int(i)] != "."]
    verb = vocab[int(tg["low_tokens"][0])]
    share = float(np.asarray(tg["low_probs"])[0, int(tg["low_tokens"][0])])
    other = "is" if verb == "are" else "are"
    return [f"It gave \u201c{verb}\u201d a {share * 100:.0f}% chance: "
            f"{ev.counted(prompt[1], verb)}, so \u201c{verb}\u201d, not "
            f"\u201c{other}\u201d for the nearer \u201c{prompt[-1]}\u201d."]


def rule_example(tg: Trace) -> str:
    """One of the trace's rules as an example, in plain words, when it has
    subject-verb agreement among its ``rule_names``."""
    names = [str(n) for n in tg.arrays.get("rule_names", [])]
    return (", such as \u201cthe verb agrees with its subject\u201d"
            if "subject-verb agreement" in names else "")


def count_words(tg: Trace) -> list[str]:
    """The rule check over many texts, short, for the screen (none when the
    trace does not hold it)."""
    count = rule_count(tg)
    if count is None:
        return []
    kept, runs = count
    return [f"{kept} of {runs} texts it wrote kept every rule{rule_example(tg)}"]


def count_said(tg: Trace) -> list[str]:
    """The rule check over many texts, spoken, with one rule as an example."""
    count = rule_count(tg)
    if count is None:
        return []
    kept, runs = count
    words = int(np.asarray(tg["survival"]).shape[1])
    del words  # their length is not said: the count is what is shown
    return [f"Of {runs} texts it wrote, {kept} kept every rule."]


def kept_rule(sentence: str) -> tuple[str, str] | None:
    """One grammar rule ``sentence`` keeps, as (the rule, the same ending
    breaking it), when it is a repeated-name sentence ("eva gave zoe the
    maps and zoe paid eva": the one given to is named next, then the
    giver); None for any other sentence."""
    words = sentence.rstrip(".\u2026 ").split()
    if "and" not in words or len(words) < 7:
        return None
    cut = words.index("and")
    tail = words[cut + 1:]
    if len(tail) != 3 or words[1] != "gave":
        return None
    giver, taker = words[0], words[2]
    if (tail[0], tail[2]) != (taker, giver) or giver == taker:
        return None
    return (f"\u2713 kept: {taker} (given to) first, then {giver}",
            f"\u2717 breaks it: \u2026and {giver} {tail[1]} {taker}")


def pair_grid(n: int, cell: float, colour: str) -> VGroup:
    """An ``n`` by ``n`` grid of squares ``cell`` wide: every word of an
    ``n``-word text against every word."""
    return VGroup(*[
        Square(cell, stroke_width=1, stroke_color=colour, fill_color=colour,
               fill_opacity=0.5)
        for _ in range(n * n)
    ]).arrange_in_grid(n, n, buff=0.02)  # fmt: skip


def rules_words(broken: int) -> str:
    """The sentence's rule check, short, for the screen."""
    if broken == 0:
        return "no grammar rule broken"
    return f"{broken} grammar rule{'s' if broken != 1 else ''} broken"


def rules_said(broken: int) -> str:
    """The sentence's rule check, spoken, chosen by the count."""
    if broken == 0:
        return "breaking no grammar rule"
    return (f"breaking {broken} of the made-up language's grammar "
            f"rule{'s' if broken != 1 else ''}")


def of_pictures(st: dict, part: str) -> str:
    """" (of N pictures)" for the hybrid's ``part`` ("seen" or "heldout")
    when the trace counts them, else nothing."""
    n = st.get(f"{part}_pictures")
    return f" (of {int(n):,} pictures)" if n else ""


def hybrid_said(st: dict) -> str:
    """The hybrid's two shares, the check in plain words, with the number of
    pictures behind each when the trace counts them."""
    return " ".join(hybrid_lines(st))


def hybrid_lines(st: dict) -> list[str]:
    """``hybrid_said`` as its three lines: the check, the two shares, the
    lesson chosen by them; each said with its own part of the picture."""
    def share(part: str) -> str:
        n = st.get(f"{part}_pictures")
        a = float(st[f"{part}_accuracy"])
        return (f"{round(a * n):,} of {int(n):,} pictures" if n
                else pct(a))  # fmt: skip

    seen, held = float(st["seen_accuracy"]), float(st["heldout_accuracy"])
    if held >= 0.5 and held >= seen - 0.05:
        lesson = "So it draws new combinations about as well as ones it saw."
    elif held >= 0.5:
        lesson = ("So it can draw combinations it never saw, but gets them right "
                  "less often.")
    else:
        lesson = "So it mostly fails on combinations it never saw."
    return ["A simple program, not AI, checks each picture's colour, shape "
            f"and place: {share('seen')} were drawn as asked for combinations "
            "it trained on,",
            f"{share('heldout')} for ones it never saw together.", lesson]


def glossed(words: str) -> str:
    """A row's takeaway with its terms put in plain words, for a viewer who
    has not seen the row told: the GAN's inspector, mode collapse, and what
    "far back" was measured as."""
    for term, plain_words in (
        ("is controllable", "is controllable (it drew the digit asked for)"),
        ("their fakes collapsed", "the forger's fakes collapsed"),
        ("a gentler inspector",
         "a gentler inspector (one that changes itself less each round)"),
        ("find what they need far back", "find a fact far back in a long text"),
    ):
        words = words.replace(term, plain_words, 1)
    return words



class TableScene(ExplainerScene):
    """The explainer's table of the three architectures, told in parts: the
    rows named in ``told`` told one cell at a time, each claim beside a figure
    measured here and a picture of it; a told row stays, dimmed, as one line
    of figures. Subclasses say how the scene opens and closes. Reads every
    trace in ``TABLE_KINDS`` (and ``STRENGTH_KINDS``/``PICTURE_KINDS``/
    ``SOUND_KINDS`` when recorded)."""

    traces_dir: Path | None = None  # None: renders/traces
    title = "Three architectures: claims checked on our own models"
    told: tuple[int, ...] = ()  # the rows told one cell at a time
    widths = (2.55, 3.5, 3.5, 3.5)  # columns, scene units
    gap = 0.16
    row_seconds = 0.3  # at least, after a row's evidence has been read
    cell_hold = 2.5  # at most, after a cell's lines, for reading its words
    walk_size = 22  # the claims of the row being told
    stage_bottom = -2.8  # the evidence stage's lowest edge (the caption is below)
    dim = 0.85  # opacity of the rows already told
    hold_seconds = 2.0  # the finished table, held at the end
    table_seconds = 3.0  # the whole table, held after its closing line
    pace = 1.0  # scales every transition's length (tests render faster)
    top = 2.95
    # from the frame's top down to the backdrop under a large chart: clear of
    # the title's lowest stroke (a comma's tail)
    title_room = 0.9

    def construct(self):
        """The title, the opening, each row in ``told`` on its own (a told
        row stays as a dimmed line of its figures), then the closing."""
        pal = self.palette
        traces = load_traces(self.traces_dir)
        rows, footer = table_rows(traces)
        self.rows, self.footer, self.traces = rows, footer, traces
        self.title_mob = title_text(self.title, pal)
        self.add(self.title_mob)
        total = sum(self.widths) + 3 * self.gap
        self.xs = [-total / 2 + sum(self.widths[:i]) + self.gap * i for i in range(4)]
        self.colours = (pal.data, pal.sample, pal.guess)
        self.opening()
        y = self.top - 0.55
        self.strips = []
        for row_no in self.told:
            row, colour = rows[row_no], self.colours[row_no]
            page, _ = self.tell_row(traces, row_no, row, colour, y)
            strip = self.strip(row, colour, y)
            hidden, self.hidden = list(getattr(self, "hidden", [])), []
            if hidden:  # still hidden under the last chart: the earlier
                # rows' strips back with this one, the rest never shown again
                self.remove(page, self.key, *hidden)
                self.key_shown = False
                # a figure the chart's backdrop covered leaves before the
                # strips come, never drawn over them
                keep = [self.title_mob, getattr(self, "_caption", None),
                        *self.strips]
                left = [m for m in self.mobjects
                        if all(m is not k for k in keep)]
                # the last chart out as the strips come in: no blank frame
                self.pending_out = []
                back = [m for m in hidden if any(m is s for s in self.strips)]
                self.play(*[FadeOut(m) for m in left],
                          *[FadeIn(m) for m in back], Fade(strip),
                          run_time=self.pace * 0.4)
            else:
                # the row's page out, then its strip in: never drawn over
                # each other
                out = [Fade(page, show=False)]
                if row_no == self.told[-1] and getattr(self, "key_shown", False):
                    out.append(Fade(self.key, show=False))
                    self.key_shown = False
                self.play(*out, run_time=self.pace * 0.3)
                self.play(Fade(strip), run_time=self.pace * 0.3)
            self.strips.append(strip)
            y = strip.get_bottom()[1] - 0.2
        self.closing()

    def header_group(self, top: float) -> VGroup:
        """The table's column headings and the rule under them, at ``top``."""
        pal, xs = self.palette, self.xs
        right = xs[-1] + self.widths[-1]
        header = VGroup(*[
            label(h, pal.muted).move_to([x, top, 0], aligned_edge=UL)
            for h, x in zip(HEADERS, xs, strict=True)
        ])  # fmt: skip
        rule = Line([xs[0], top - 0.38, 0], [right, top - 0.38, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        return VGroup(header, rule)

    def claims_only(self) -> Group:
        """The table in the explainer's words alone, under the header."""
        table, y = Group(), self.top - 0.55
        for row, colour in zip(self.rows, self.colours, strict=True):
            first, claims = self.row(row, colour, y)
            table.add(Group(first, *claims))
            y = min(m.get_bottom()[1] for m in [first, *claims]) - 0.22
        return table

    def open_table(self, lines: list[str], focus: int | None = None) -> None:
        """The usual table, filled in with its claims, while ``lines`` are
        said; the row ``focus`` (if any) boxed with the last line; the tiny
        models' scope said and written; then the table fades."""
        pal = self.palette
        self.header = self.header_group(self.top)
        claims_table = self.claims_only()
        self.claims_table = claims_table
        # not the caption's words: what the comparison rests on, in short
        scope = VGroup(
            label("our models: tiny versions, real tools millions of times "
                  "bigger", pal.accent),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        scope.next_to(claims_table, DOWN, buff=0.3).align_to(claims_table, LEFT)
        self.scope = scope
        for k, shown in enumerate(claims_table):  # rows this scene leaves: dim
            if self.told and k not in self.told:
                for m in shown.get_family():
                    if m.has_points() and hasattr(m, "get_fill_opacity"):
                        m.set_fill(opacity=0.3 * m.get_fill_opacity(), family=False)
                        m.set_stroke(opacity=0.3 * m.get_stroke_opacity(),
                                     family=False)
        self.play(Fade(self.header), Fade(claims_table), run_time=self.pace * 0.6)
        pointer = Pointer(pal.accent, buff=0.1, glide=False)
        for i, line in enumerate(lines):
            if focus is not None and i == len(lines) - 1:
                self.hold_caption()
                self.play(pointer.to(claims_table[focus]), run_time=self.pace * 0.4)
            self.narrate(line)
        self.hold_caption()
        self.play(Fade(scope), run_time=self.pace * 0.4)
        # two rows told: the two compared; one row: only its direction
        trust = "which one does better" if len(self.told) > 1 else "the direction"
        self.narrate(
            "We built tiny versions, millions of times smaller than real "
            f"tools: trust {trust}, not the exact numbers."
        )
        self.hold_caption()
        moves = [Fade(scope, show=False), Fade(claims_table, show=False)]
        if pointer.box is not None:
            moves.append(pointer.away())
        self.play(*moves, run_time=self.pace * 0.4)

    def opening(self) -> None:
        """How the scene opens (subclasses)."""

    def closing(self) -> None:
        """How the scene closes (subclasses)."""

    def takeaway(self, words: str) -> None:
        """The told rows' takeaway, written under their strips and said; the
        frame held as the poster."""
        pal = self.palette
        moves = []
        if getattr(self, "key", None) is not None and self.key_shown:
            moves.append(Fade(self.key, show=False))
            self.key_shown = False
        if moves:
            self.play(*moves, run_time=self.pace * 0.3)
        # the recap keeps the column headings over its strips and the colour
        # key (white: the usual claim; orange: measured by us) under the
        # last row's name
        keep = []
        if self.strips and not any(m is getattr(self, "header", None)
                                   for m in self.mobjects):
            self.header = self.header_group(self.top)
            keep.append(Fade(self.header))
        if self.strips:
            key = self.legend_key()
            key.next_to([self.xs[0], self.strips[-1].get_top()[1] - 0.5, 0],
                        DOWN, buff=0).align_to([self.xs[0], 0, 0], LEFT)
            self.recap_key = key
            keep.append(Fade(key))
        if keep:
            self.play(*keep, run_time=self.pace * 0.3)
        low = min(s.get_bottom()[1] for s in self.strips) if self.strips else 1.0
        # wide and close under the strips: clear of the caption below
        text = wrapped(words, pal.accent, style.BODY_SIZE, 13.2)
        text.next_to([0, low, 0], DOWN, buff=0.25).set_x(0)
        self.takeaway_text = text  # its words are the caption's: not drawn
        self.narrate(words)
        if self.strips:  # the strips the sentence sums up, boxed in turn
            # clear of the strips' longest lines
            self.point_at(list(self.strips), buff=0.15)
        self.mark_poster()
        self.hold_caption()
        self.wait_frames(self.hold_seconds)

    def row_takeaway(self, row: Row) -> str:
        """A told row's behaviour in one sentence, chosen by its figures."""
        words = row.verdict.rstrip(";,. ")
        if words.startswith("and "):  # the row said on its own
            words = words[4:]
        return words[0].upper() + words[1:] + "."

    def legend_key(self) -> VGroup:
        """The table's colour key, each line in its own colour: white, the
        usual claim; orange, what our models measured."""
        pal = self.palette
        return VGroup(label("the usual claim", pal.text),
                      label("measured by us", pal.accent)
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip

    def hybrid_flow_bars(self, hy: Trace, line: str, lead: float):
        """The hybrid's flow (one prompt through the prompt reader and
        diffusion to its picture) drawn part by part while ``line`` is said,
        the prompt's words first over ``lead`` of a beat; its two measured
        shares built as bars under it (``self.footer_text``, not yet shown).
        Returns the flow and the trace's stats."""
        pal = self.palette
        k = ev.shown_prompt(hy)
        flow = ev.hybrid_flow(hy, pal, k, height=2.2)
        flow.move_to([0, 1.3, 0])
        words, reader, drawer, drawn = flow.steps
        self.play(Fade(words), run_time=self.pace * lead)
        self.narrate(line)
        step = max(0.4, self.caption_left() / 3 - 0.1) * self.pace
        for arrow, part in zip(flow.arrows, (reader, drawer, drawn), strict=True):
            self.play(GrowArrow(arrow), Fade(part), run_time=step)
        st = hy.stats
        seen, held = (of_pictures(st, k) for k in ("seen", "heldout"))
        self.footer_text = ev.share_bars([
            (f"drawn as asked: colour + shape + place combinations seen in "
             f"training{seen}",
             st["seen_accuracy"], pal.data),
            (f"drawn as asked: combinations left out of training{held}",
             st["heldout_accuracy"], pal.accent),
        ], pal, width=6.5, totals=[st.get("seen_pictures"),
                                   st.get("heldout_pictures")])  # fmt: skip
        self.footer_text.next_to(flow, DOWN, buff=0.35).set_x(0)
        return flow, st

    def hybrid(self, hy: Trace):
        """The hybrid built here, on its own: one prompt through the prompt
        reader and diffusion to its picture, then its two measured shares as
        bars."""
        flow, st = self.hybrid_flow_bars(
            hy, "Most tools mix architectures; we built a small one: a "
            "transformer reads the prompt, diffusion draws.", 0.5)
        self.hold_caption()
        self.play(Fade(flow.notes), Fade(self.footer_text), run_time=self.pace * 0.5)
        self.hybrid_shown = Group(flow, self.footer_text)
        self.narrate(hybrid_said(st))
        self.hold_caption()
        self.play(Fade(flow, show=False), Fade(self.footer_text, show=False),
                  run_time=self.pace * 0.4)

    def tell_row(self, traces, row_no: int, row: Row, colour: str, y: float):
        """Row ``row_no`` told one cell at a time from ``y`` down: a box on
        the cell, its figures under its claim, its pictures on the stage
        below the row while its lines are spoken. Returns everything shown
        (still on screen) and the row's lowest edge."""
        pal = self.palette
        first, claims = self.row(row, colour, y, self.walk_size)
        figures = [
            VGroup(*[wrapped(m, pal.accent, style.LABEL_SIZE, w)
                     for m in c.measured]).arrange(DOWN, aligned_edge=LEFT,
                                                   buff=0.16)
            .next_to(claim, DOWN, buff=0.2, aligned_edge=LEFT)
            for c, claim, w in zip(row.cells, claims, self.widths[1:], strict=True)
        ]  # fmt: skip
        # the colour key, under the row's name, from the first orange figure on
        key_move = None
        if getattr(self, "key", None) is None:
            self.key = self.legend_key()
            self.key_shown = False
        key_at = (first.get_bottom() + DOWN * 0.3 + DOWN * self.key.height / 2)
        key_at[0] = self.xs[0] + self.key.width / 2
        if self.key_shown:
            key_move = self.key.animate.move_to(key_at)
        else:
            self.key.move_to(key_at)
        bottom = min(m.get_bottom()[1] for m in [first, *claims, *figures])
        bottom = min(bottom, key_at[1] - self.key.height / 2)
        stage_top = bottom - 0.22
        room = stage_top - self.stage_bottom
        stages = self.evidence(traces, row_no, room)
        left, right = self.xs[0], self.xs[-1] + self.widths[-1]
        for k, (cell_stages, claim) in enumerate(zip(stages, claims, strict=True)):
            for _, shown in cell_stages:
                if getattr(shown, "stay_big", False):  # large, in the middle
                    shown.move_to(self.big_centre())
                    # its heading clear of the title's lowest strokes above
                    over = shown.get_top()[1] - (config.frame_height / 2
                                                 - self.title_room - 0.2)
                    if over > 0:
                        shown.shift(DOWN * over)
                    continue
                if getattr(shown, "beside", False):  # in the next column, empty
                    # while this cell is told, from the row's top down
                    shown.move_to([self.xs[k + 2] + 0.1, y, 0], aligned_edge=UL)
                    edge = config.frame_width / 2 - 0.25
                    if shown.get_right()[0] > edge:
                        shown.shift(LEFT * (shown.get_right()[0] - edge))
                    continue
                x = claim.get_center()[0]
                half = shown.width / 2
                x = min(max(x, left + half), right - half)
                if half * 2 > right - left:  # wider than the table: centred
                    x = (left + right) / 2
                shown.move_to([x, stage_top, 0], aligned_edge=UP)
        self.play(Fade(first), *([key_move] if key_move else []),
                  run_time=self.pace * 0.5)
        pointer = Pointer(colour, glide=False)
        on_stage = None
        if row.how:  # how it works, in plain words, before its claims
            # in the cells' place, under the name: the claims come after it
            # attention's arcs need the room: its line a size smaller
            how = wrapped(row.how, pal.text, style.LABEL_SIZE if row_no == 2
                          else style.BODY_SIZE, right - self.xs[1])  # fmt: skip
            how.move_to([self.xs[1], y, 0], aligned_edge=UL)
            # a small picture of it, built up part by part while it is said
            whole, parts = self.how_picture(traces, row_no)
            # attention's arcs rise over its words: lower, clear of the text
            whole.next_to(how, DOWN, buff=0.78 if row_no == 2 else 0.5)
            whole.set_x((left + right) / 2)
            words_up = whole.get_bottom()[1] >= self.stage_bottom
            if not words_up:
                # no room under the words: the picture takes their place,
                # right of the row's name, and the caption alone says them;
                # the colour key gives way too, back with the first claim
                whole.move_to([(left + right) / 2, y, 0], aligned_edge=UP)
                if whole.get_left()[0] < self.xs[1]:  # too wide beside the
                    # name: under it, across the table
                    whole.move_to([(left + right) / 2,
                                   first.get_bottom()[1] - 0.2, 0],
                                  aligned_edge=UP)  # fmt: skip
                if whole.get_bottom()[1] < self.stage_bottom:
                    whole.shift(UP * (self.stage_bottom - whole.get_bottom()[1]))
                if self.key_shown:
                    self.play(FadeOut(self.key), run_time=self.pace * 0.3)
                    self.key_shown = False
            # the words are the caption's: not written on screen as well
            words_up = False
            self.narrate(row.how)
            spoken = (ev.next_spoken(traces["attention"])
                      if row_no == 2 and "attention" in traces else "")
            # the note saying why comes with the line that says it
            drawn = parts[:-1] if spoken else parts
            # the sentence's words after the guess give the answer away:
            # they come in with the line that says it
            answer = getattr(whole, "answer", None)
            answer = [Fade(answer)] if answer is not None and len(answer) else []
            step = max(0.3, self.caption_left() / len(drawn) - 0.05)
            for part in drawn:
                self.play(Fade(part), *(answer if part is drawn[-1] and not spoken
                                        else []), run_time=step * self.pace)
            self.hold_caption()
            if spoken:  # why the word looked at matters, with the picture up
                # the note comes in as the voice reaches the word looked at
                first_half, sep, second = spoken.partition("; to choose ")
                if sep:
                    self.narrate(first_half + ";")
                    self.hold_caption()
                    spoken = "to choose " + second
                self.narrate(spoken)
                # the note and the words after the guess both give the answer:
                # in as the voice reaches it, after the line's last ": "
                # (time taken as the share of its characters before it)
                cut = spoken.rfind(": ")
                if cut > 0:
                    self.wait_frames(self.caption_left() * cut / len(spoken))
                self.play(Fade(parts[-1]), *answer, run_time=self.pace * 0.4)
                self.point_at(parts[-1][:-1])  # the note saying it
                self.hold_caption()
                self.unpoint()
            self.play(*([Fade(how, show=False)] if words_up else []),
                      Fade(whole, show=False), run_time=self.pace * 0.3)
        big_next = [any(i == 0 and getattr(m, "stay_big", False) for i, m in st)
                    for st in stages[1:]]  # fmt: skip
        # after the last told row's last chart the table stays hidden: its
        # strip comes next, with no flash of the row's page between
        big_next.append(row_no == self.told[-1])
        for cell, claim, figure, cell_stages, then_big in zip(
                row.cells, claims, figures, stages, big_next, strict=True):
            if not cell.said:  # nothing measured: the cell shown greyed
                figure.set_color(pal.muted)
                claim.set_color(pal.muted)
                self.play(Fade(claim), Fade(figure), run_time=self.pace * 0.4)
                continue
            # each figure comes in with the line that says it
            figure_at: dict[int, list] = {}
            for k, line in enumerate(figure):
                figure_at.setdefault(cell.figure_line(k), []).append(line)
            if getattr(self, "hidden", None):  # the table kept hidden between
                # two large charts: the claim waits with it, back with it
                self.hidden.append(claim)
                moves = []
            else:  # the box round the lines shown: it grows as the later
                # ones come, never an empty gap in it
                moves = [Fade(claim),
                         pointer.to(VGroup(claim, *figure_at.get(0, [])))]
            run_time = self.pace * 0.6
            if getattr(on_stage, "beside", False):  # in the column this
                # cell's claim comes into: out first, never drawn over it,
                # the two fades sharing the usual time
                self.play(Fade(on_stage, show=False), run_time=run_time / 2)
                run_time /= 2
                on_stage = None
            if on_stage is not None:  # the last cell's pictures leave with it
                moves.append(Fade(on_stage, show=False))
                on_stage = None
            if moves:
                self.play(*moves, run_time=run_time)
            shown_at = self.renderer.time
            starts = dict(cell_stages)
            big_at = None
            later: dict[int, Mobject] = {}  # parts of a picture said later
            for i, line in enumerate(cell.said):
                coming = [Fade(VGroup(*figure_at[i]))] if i in figure_at else []
                if (coming and i not in starts and big_at is not None
                        and getattr(self, "hidden", None)):
                    # a figure said over a large chart waits with the hidden
                    # table, back with it: never left alone on the screen
                    self.hidden.extend(figure_at[i])
                    coming = []
                if coming and not self.key_shown:  # with the first orange figure
                    coming.append(Fade(self.key))
                    self.key_shown = True
                if i in starts:
                    self.hold_caption()  # the line before it is read first
                    if on_stage is not None:
                        self.play(Fade(on_stage, show=False),
                                  run_time=self.pace * 0.3)
                    on_stage = starts[i]
                    big_at = i if getattr(on_stage, "big", False) else None
                    later = dict(getattr(on_stage, "later", {}))
                    now = [m for m in on_stage.submobjects
                           if all(m is not p for p in later.values())]
                    coming.append(Fade(Group(*now)))
                    coming += self.take_pending()
                    if getattr(on_stage, "stay_big", False):
                        self.hide_table(on_stage)
                        coming.append(self.backdrop(on_stage))
                        if i in figure_at:
                            # the cell's figure waits with the hidden table,
                            # back with it: nothing of it shows by the panel
                            coming.pop(0)
                            self.hidden.extend(figure_at[i])
                if (i > 0 and i in figure_at and coming
                        and pointer.box is not None and pointer.box in self.mobjects):
                    coming.append(pointer.to(VGroup(claim, *[
                        m for j in sorted(figure_at) if j <= i
                        for m in figure_at[j]])))
                if i in later:
                    coming.append(Fade(later[i]))
                if coming:
                    if i > 0 and i not in starts:
                        self.hold_caption()
                    self.play(*coming, run_time=self.pace * 0.5)
                if getattr(self, "pointed", None) is not None:
                    self.hold_caption()  # the box stays while its line is said
                    self.unpoint()
                self.narrate(line)
                if big_at == i:  # the chart, large and centred, as it is read
                    self.enlarge(on_stage)
                self.point_at(getattr(on_stage, "focus", {}).get(i))
                if big_at is not None and not self.next_starts(cell, starts, i):
                    continue
                if big_at is not None:  # its lines said: back into its cell
                    self.hold_caption()
                    self.unpoint()
                    # straight into another large chart: the table stays
                    # hidden, no unread flash of it between the two
                    keep = then_big and i + 1 >= len(cell.said)
                    # the cell's next line brings a chart that hides the
                    # table: this one is left up until it comes, never
                    # shrunk back for a moment's unread flash of the table
                    into_big = getattr(starts.get(i + 1), "stay_big", False)
                    if (keep and getattr(self.big, "__getitem__", None)
                            and self.big[1] is None) or (
                            into_big and getattr(self, "big", None)):
                        # left up until the next picture comes in, faded
                        # out as it fades in: no blank frame under the voice
                        self.pending_out = [self.big[3], self.big[0]]
                        self.big = None
                        on_stage = None
                    elif self.shrink(show=not keep):  # faded with its backdrop
                        on_stage = None
                    big_at = None
            self.hold_caption()
            self.unpoint()
            words = " ".join([cell.claim, *cell.measured])
            left_s = reading_seconds(words) - (self.renderer.time - shown_at)
            # the cell's words read, but no long still frame
            self.wait_frames(min(self.cell_hold, max(self.row_seconds, left_s)))
        moves = []
        if pointer.box is not None and pointer.box in self.mobjects:
            moves.append(pointer.away())
        elif pointer.box is not None:  # hidden with the table: dropped, never
            # flashed back on a blank screen
            self.hidden = [m for m in getattr(self, "hidden", [])
                           if m is not pointer.box]
            pointer.box = None
        if on_stage is not None:
            moves.append(Fade(on_stage, show=False))
        if moves:
            self.play(*moves, run_time=self.pace * 0.3)
        return Group(first, *claims, *figures), bottom

    def take_pending(self) -> list:
        """The last large chart left up (``pending_out``), faded out with
        whatever comes in next."""
        out, self.pending_out = getattr(self, "pending_out", []), []
        for m in out:
            self.add(m)
        return [FadeOut(m) for m in out]

    @staticmethod
    def next_starts(cell: Cell, starts: dict, i: int) -> bool:
        """Whether the line after ``i`` brings a new picture, or ``i`` is the
        cell's last line."""
        return i + 1 >= len(cell.said) or (i + 1) in starts

    def big_centre(self) -> np.ndarray:
        """The middle of the room between the title and the caption."""
        top = config.frame_height / 2 - self.title_room
        return np.array([0.0, (top + self.stage_bottom) / 2, 0.0])

    def backdrop(self, chart: Mobject) -> Animation:
        """A dark backdrop over the table, under ``chart`` (built large in
        the middle), faded in; ``shrink`` fades both out."""
        pal = self.palette
        top = config.frame_height / 2 - self.title_room
        back = Rectangle(width=config.frame_width, height=top - self.stage_bottom,
                         stroke_width=0, fill_color=pal.background,
                         fill_opacity=1.0)  # fmt: skip
        back.move_to(self.big_centre()).set_z_index(20)
        chart.set_z_index(21)
        self.big = (chart, None, 1.0, back, 0)
        return Fade(back)

    def hide_table(self, chart: Mobject) -> None:
        """Everything on screen but the title and the caption faded fully out
        before ``chart`` comes in large, so no table text shows through or
        under it; ``show_table`` brings it back."""
        keep = {id(self.title_mob), id(getattr(self, "_caption", None)), id(chart),
                *[id(m) for m in getattr(self, "pending_out", [])]}
        now = [m for m in self.mobjects if id(m) not in keep]
        # still hidden from a chart before (kept hidden): back together
        self.hidden = list(getattr(self, "hidden", [])) + now
        if now:
            self.play(*[FadeOut(m) for m in now], run_time=self.pace * 0.2)

    def show_table(self) -> None:
        """What ``hide_table`` faded out, back in."""
        hidden, self.hidden = getattr(self, "hidden", []), []
        if hidden:
            self.play(*[FadeIn(m) for m in hidden], run_time=self.pace * 0.2)

    def enlarge(self, chart: Mobject) -> None:
        """``chart`` moved to the middle and grown to at least half the
        screen over a dark backdrop, so its labels read as it is said."""
        if getattr(self, "big", None) is not None:  # built large already
            return
        pal = self.palette
        w, h = config.frame_width, config.frame_height
        top, bottom = h / 2 - self.title_room, self.stage_bottom
        back = Rectangle(width=w, height=top - bottom, stroke_width=0,
                         fill_color=pal.background, fill_opacity=1.0)
        back.move_to([0, (top + bottom) / 2, 0]).set_z_index(20)
        scale = min((w - 1.2) / chart.width, (top - bottom - 0.3) / chart.height)
        self.big = (chart, chart.get_center().copy(), scale, back, chart.z_index)
        chart.set_z_index(21)
        self.play(Fade(back), chart.animate.scale(scale)
                  .move_to([0, (top + bottom) / 2, 0]), run_time=self.pace * 0.6)

    def shrink(self, show: bool = True) -> bool:
        """The chart ``enlarge`` grew, back into its place; one built large
        fades out with its backdrop (True)."""
        big = getattr(self, "big", None)
        if big is None:
            return False
        chart, at, scale, back, z = big
        if at is None:
            self.play(Fade(back, show=False), Fade(chart, show=False),
                      run_time=self.pace * 0.5)
            self.remove(back)
            self.big = None
            if show:
                self.show_table()
            return True
        self.play(Fade(back, show=False), chart.animate.scale(1 / scale).move_to(at),
                  run_time=self.pace * 0.5)
        chart.set_z_index(z)
        self.remove(back)
        self.big = None
        return False

    def point_at(self, items, buff: float = 0.07) -> None:
        """A box round each of ``items`` in turn (a mobject or a list), while
        the current caption is said, so the eye is on the figure the voice
        names; the last box stays until ``unpoint``."""
        if items is None:
            return
        items = items if isinstance(items, list | tuple) else [items]
        step = max(0.4, min(1.2, self.caption_left() / (len(items) + 1)))
        for m in items:
            self.unpoint()
            box = SurroundingRectangle(m, color=self.palette.accent, buff=buff,
                                       stroke_width=3)  # fmt: skip
            box.set_z_index(22)
            self.pointed = box
            self.play(Create(box), run_time=step * self.pace)
            rest = min(step, self.caption_left() - 0.3)
            if rest > 0:
                self.wait_frames(rest)

    def unpoint(self) -> None:
        """The box ``point_at`` left, faded out."""
        box = getattr(self, "pointed", None)
        if box is not None:
            self.play(FadeOut(box), run_time=self.pace * 0.2)
            self.pointed = None

    def how_picture(self, traces: dict[str, Trace], row_no: int) -> list:
        """Row ``row_no``'s how-it-works picture and its parts in the order
        they come in: diffusion's digit pass by pass, the GAN's forger and
        inspector, attention's arcs over the transformer's own sentence."""
        pal = self.palette
        if row_no == 0:
            return ev.how_diffusion(traces["digits_diffusion"], pal)
        if row_no == 1:
            return ev.how_gan(traces["gan_digits"], pal)
        if "attention" in traces:  # the recorded weights: thicker, more
            return ev.how_attention_weights(traces["attention"], pal)
        return ev.how_attention(first_sentence(traces["text_generation"]), pal)

    def strip(self, row: Row, colour: str, y: float) -> VGroup:
        """A told row as one dimmed line: its name and each cell's figure in
        short, in their columns, top at ``y``."""
        pal, xs = self.palette, self.xs
        parts = [label(row.name, colour).move_to([xs[0], y, 0], aligned_edge=UL)]
        for c, x, w in zip(row.cells, xs[1:], self.widths[1:], strict=True):
            # the claim in white over what we measured, in orange, so the
            # two are read together
            # wrapped a little short of the column, so the box drawn round
            # the strip later keeps clear of its longest lines
            claim = wrapped(c.claim, pal.text, style.LABEL_SIZE, w - 0.2)
            claim.move_to([x, y, 0], aligned_edge=UL)
            parts += [claim, wrapped(c.told_short or c.short, pal.accent,
                                     style.LABEL_SIZE, w - 0.2)
                      .next_to(claim, DOWN, buff=0.04).align_to(claim, LEFT)]
        strip = VGroup(*parts)
        strip.set_opacity(self.dim)
        return strip

    def row(self, row: Row, colour: str, y: float,
            size: float = style.LABEL_SIZE):  # fmt: skip
        """A row's name and its three claims, top at ``y``, the claims at font
        ``size``."""
        pal, xs = self.palette, self.xs
        name = label(row.name, colour, style.BODY_SIZE)
        name.move_to([xs[0], y, 0], aligned_edge=UL)
        first = Group(name)
        claims = [wrapped(c.claim, pal.text, size, w)
                  .move_to([x, y, 0], aligned_edge=UL)
                  for c, x, w in zip(row.cells, xs[1:], self.widths[1:],
                                     strict=True)]  # fmt: skip
        return first, claims

    def evidence(self, traces: dict[str, Trace], row_no: int,
                 room: float) -> list[list[tuple[int, Mobject]]]:  # fmt: skip
        """Row ``row_no``'s pictures, per cell: (the line of the cell's
        narration they come in with, the picture), drawn from the traces its
        figures were read from and sized to ``room`` scene units of height
        (each picture's words keep their size: only pictures shrink)."""
        pal = self.palette
        if row_no == 0:
            dd = traces["digits_diffusion"]
            return [[(0, ev.diffusion_makes(dd, traces["text_to_image"], pal,
                                        min(1.1, room - 0.65)))],
                    [(0, ev.digit_row(dd, pal, min(0.9, room - 0.6),
                                      judged_count(dd)))],
                    [(0, ev.digit_passes(dd, pal, min(1.35, room - 0.35)))]]
        if row_no == 1:
            i2i, gp = traces["image_to_image"], traces["gan_points"]
            # the pictures drawn large, in the middle over a backdrop, under
            # a heading naming the claim (at least 150 px at 854x480)
            # the brake's plot comes in with the line that says the brake
            # a few runs of each training, large, a ring round every spot
            # drawn at the trace's own reach rule, so the count under each
            # run can be checked by eye
            collapse = ev.ring_runs(gp, pal, 1.75)
            pair = collapse.rows if len(collapse) else ev.collapse_pair(gp, pal, 1.9)[0]
            runs = []
            if not len(collapse):
                collapse = Group(pair)
            self.claim_over(collapse, "GANs are prone to mode collapse")
            collapse.big = collapse.stay_big = True
            sharp = ev.sharp_row(i2i, pal, 1.9, scores=True, with_input=True)
            sharp_cells = sharp.cells if hasattr(sharp, "cells") else list(sharp)
            # what the pictures are, and what the score measures, in words
            sharp.add(label("each network redrew the small picture large; "
                            "close-ups of the boxed part:", pal.text)
                      .next_to(sharp, UP, buff=0.2).set_x(sharp.get_x()))
            why = VGroup(label("crisp, invented detail = sharp (not the real "
                               "pattern); smeared flat = blur", pal.accent),
                         label("edge score: how sharply light turns to dark "
                               "(the blurry copy = 1)", pal.text)
                         ).arrange(DOWN, buff=0.1)  # fmt: skip
            sharp.add(why.next_to(sharp, DOWN, buff=0.25).set_x(sharp.get_x()))
            self.claim_over(sharp, "GANs give sharp results")
            sharp.big = sharp.stay_big = True
            brake_line = self.rows[1].cells[2].figure_line(1)
            # the runs counted, then the pile boxed as mode collapse is put
            # in words
            collapse.focus = {k: pair[0] for k in range(max(1, brake_line))}
            if len(runs):
                collapse.focus[0] = list(runs)
            else:
                collapse.focus[0] = pair[0]
            if brake_line > 0:
                collapse.later = {brake_line: pair[1]}
                collapse.focus[brake_line] = pair[1]
            piles = getattr(collapse, "piles", None)
            if piles is not None and len(piles) and brake_line != 1:
                # "one kind of fake" circled on each run as it is said
                collapse.later = {**getattr(collapse, "later", {}), 1: piles}
            self.piles_shown = piles
            speed = ev.speed_lines(traces["generation_speed"], pal,
                                   fast_figure(gan_ratio(traces)))
            self.claim_over(speed, "GANs are fast at generation")
            speed.big = speed.stay_big = True
            speed.focus = {0: speed.slow}  # diffusion's time, as the ratio is said
            sharp_at = self.rows[1].cells[1].figure_line(1)
            if sharp_at > 1 and getattr(speed, "sum_line", None) is not None:
                # passes times each pass's cost, written as it is said
                speed.later = {1: speed.sum_line}
                speed.focus[1] = speed.sum_line
            # the blurry copy as it is said, then the inspector's version
            sharp.focus = ({sharp_at: sharp_cells[0], sharp_at + 1: sharp_cells[1]}
                           if len(self.rows[1].cells[1].said) > sharp_at + 1
                           else {sharp_at: sharp_cells[1]})
            return [
                [],  # the sharp panel's pictures are redrawn large
                [(0, speed), (sharp_at, sharp)],
                [(0, collapse)],
            ]  # fmt: skip
        ac = traces["attention_cost"]
        tg = traces["text_generation"]
        sentence = self.example_beside(tg)
        self.example_shown = sentence
        # drawn large, in the middle over a backdrop, while it is read
        chart = ev.memory_bars(ac, pal, width=8.0, height=2.8)
        # attention in plain words, beside its chart; the chart comes in with
        # the line that reads it, and the far text's memory, off the chart,
        # with the line that says it
        # attention itself is said as the row opens: beside the chart, only
        # what its bars are
        bars = wrapped("bars: the memory attention needs, to "
                       "scale", pal.text, style.LABEL_SIZE, 3.1)  # fmt: skip
        bars.next_to(chart, LEFT, buff=0.3).align_to(chart, UP)
        stage = Group(bars, chart, self.growth_arcs(ac, chart[1]))
        self.claim_over(stage, "transformers are heavy on memory for long texts")
        stage.big = stage.stay_big = True
        stage.later = {}
        # the longest text's bar and its memory, as the growth is said
        # (its figure only: a box round the bar would touch the next bar's)
        stage.focus = {0: chart[3][-1]}
        said = self.rows[2].cells[2].said
        why_at = next((i for i, w in enumerate(said) if w.startswith("Why:")), None)
        if why_at is not None:  # the reason, over the short texts' flat bars
            # every word against every word: 3 words, 9 pairs; 6 words, 36
            grids = VGroup(*[
                VGroup(pair_grid(n, 0.13, pal.guess),
                       label(f"{n} words,", pal.text),
                       label(f"{n * n} pairs", pal.text)
                       ).arrange(DOWN, buff=0.06)
                for n in (3, 6)
            ]).arrange(RIGHT, buff=0.35, aligned_edge=DOWN)  # fmt: skip
            why = VGroup(label("twice the words:", pal.accent),
                         label("4x the pairs", pal.accent),
                         grids).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            # under the bars' note, left of the chart, where it is empty
            why.next_to(bars, DOWN, buff=0.3).align_to(bars, LEFT)
            stage.add(why)
            stage.later[why_at] = why
        far_at = next((i for i, w in enumerate(said) if "same curve" in w), None)
        far = far_bytes(ac)
        if far is not None and far_at is not None:
            off = VGroup(label("100,000 words:", pal.accent),
                         label(f"{big_bytes(far)}, far", pal.accent),
                         label("off this chart", pal.accent),
                         label("if nothing", pal.text),
                         label("else changed", pal.text))
            off.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
            last = chart[1][-1]  # the longest text's bar
            off.next_to(last, RIGHT, buff=0.35).align_to(chart, UP)
            arrow = Arrow(last.get_corner(UR) + RIGHT * 0.05,
                          off.get_left() + LEFT * 0.05, buff=0.05,
                          color=pal.accent, stroke_width=3)  # fmt: skip
            callout = VGroup(off, arrow)
            stage.add(callout)
            stage.later[far_at] = callout
        return [[(0, sentence)], self.strength_stages(traces, room), [(0, stage)]]

    def example_beside(self, tg: Trace) -> Group:
        """What our transformer wrote, read top down: the start we gave it,
        the whole sentence it finished, then the grammar rule it kept (a tick)
        beside the same sentence breaking it (a cross). Placed beside the
        generates cell, in the row's columns still empty while it is told:
        clear of the caption, and each line kept inside the frame."""
        pal = self.palette
        # from the strengths column's left edge to the frame's right margin,
        # less the panel's margins on both sides
        pad = 0.15
        width = config.frame_width / 2 - 0.25 - (self.xs[2] + 0.1) - 2 * pad - 0.05
        agree = agreement_example(tg)
        if agree is not None:
            whole, _, good, bad = agree
            given = " ".join(w for w in (shown_vocab(tg)[int(i)]
                                         for i in tg["prompt"]) if w != ".")
            lines = [wrapped(f"we gave it \u201c{given}\u201d; it finished:",
                             pal.text, style.LABEL_SIZE, width),
                     wrapped(f"\u201c{whole}\u201d", pal.accent,
                             style.BODY_SIZE, width)]
        else:
            good, bad = kept_rule(first_sentence(tg)) or (None, None)
            lines = [wrapped(f"written by our transformer: "
                             f"{rules_words(sentence_broken(tg))}", pal.text,
                             style.LABEL_SIZE, width),
                     wrapped(f"\u201c{first_sentence(tg)}\u201d", pal.accent,
                             style.BODY_SIZE, width)]
        # a heading of its own: the example, not one of the row's strengths
        lines.insert(0, label("an example", pal.muted, style.LABEL_SIZE))
        sentence = Group(VGroup(*lines).arrange(DOWN, aligned_edge=LEFT,
                                                buff=0.12))
        if good is not None:  # the rule kept, over the same words breaking it
            # the share it gave, in brackets, on a line of its own: never
            # broken mid-bracket; the box round the tick clear of the cross
            kept, _, share = good.partition(" (")
            tick = VGroup(*[wrapped(w, pal.text, style.LABEL_SIZE, width)
                            for w in (kept, f"({share}" if share else "")
                            if w]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            if len(tick) > 1:  # the bracket under the words, not the tick
                tick[1].shift(RIGHT * (label(kept[:1], pal.text).width + 0.1))
            rule = VGroup(tick, wrapped(bad, pal.muted, style.LABEL_SIZE, width)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
            sentence.add(rule.next_to(sentence, DOWN, buff=0.3, aligned_edge=LEFT))
            if agree is not None and agreement_said(tg):
                # in with the line that says its point, the tick boxed
                sentence.later = {1: rule}
                sentence.focus = {1: rule[0]}
        # its own panel, apart from the columns' headings above it
        sentence.add(SurroundingRectangle(sentence, color=pal.muted, buff=pad,
                                          stroke_width=2, corner_radius=0.1))
        sentence.beside = True
        return sentence

    def growth_arcs(self, ac: Trace, bars) -> VGroup:
        """An arc from each of the last three bars to the next, marked with
        how many times the memory grew for that doubling (from the trace's
        ``attn_bytes``), left of the arc, clear of the bars' own figures."""
        pal = self.palette
        mem = np.asarray(ac["attn_bytes"], float)
        arcs = VGroup()
        for k in (-3, -2):
            one, two = bars[k], bars[k + 1]
            arc = CurvedArrow(one.get_top() + UP * 0.35 + LEFT * 0.05,
                              two.get_left() + UP * two.height * 0.25,
                              angle=-0.9, color=pal.accent, stroke_width=2.5,
                              tip_length=0.12)  # fmt: skip
            words = label(f"\u00d7{mem[k + 1] / mem[k]:.1f}", pal.accent)
            words.next_to(arc, LEFT, buff=0.06).shift(UP * 0.1)
            arcs.add(VGroup(arc, words))
        return arcs

    def claim_over(self, chart: Group, words: str) -> None:
        """A heading naming the claim ``chart`` tests, added above it, so the
        claim stays in sight while the table is covered."""
        head = label(f"Claim tested: {words}", self.palette.accent,
                     style.BODY_SIZE)
        chart.add(head.next_to(chart, UP, buff=0.25).set_x(chart.get_x()))

    def strength_stages(self, traces: dict[str, Trace],
                        room: float) -> list[tuple[int, Mobject]]:  # fmt: skip
        """The strengths cell's pictures, one with each of its lines: the six
        sizes' loss with the fitted line, then right answers against distance
        for both networks."""
        pal, shown = self.palette, []
        big = style.TITLE_SIZE
        if "transformer_scaling" in traces:
            # the one figure said, written big: the smallest size's loss and
            # the biggest's (no chart the viewer must read numbers off)
            ts = traces["transformer_scaling"]
            a, b = scaling_ends(ts)
            small, large = scaling_sizes(ts)
            scaling = Group(VGroup(
                label("bigger model, lower loss:", pal.text, style.BODY_SIZE),
                # the yardstick beside the figures
                VGroup(label(f"{a} \u2192 {b}", pal.accent, big),
                       label("(lower = better guesses)", pal.text,
                             style.BODY_SIZE)
                       ).arrange(RIGHT, buff=0.3, aligned_edge=DOWN),
                # what the loss was measured on, and the sizes it spans
                label("loss: how wrong its guesses are, on text it never "
                      "trained on", pal.text),
                *guessing_yardstick(ts, pal),
                label(f"{len(ts['heldout_loss'])} sizes, from {small:,} to "
                      f"{large:,} learned numbers ({large / small:.0f}x)",
                      pal.text),
            ).arrange(DOWN, buff=0.25))
            self.claim_over(scaling, "transformers scale very well")
            scaling.big = scaling.stay_big = True
            self.scaling_shown = scaling
            shown.append(scaling)
        if "long_range" in traces:
            lr = traces["long_range"]
            far = int(lr["distances"][-1])
            tf = float(lr["transformer_accuracy"][-1])
            # the one figure said, written big, over the test it comes from
            right = label(f"right {pct(tf)} of the time", pal.accent, big)
            chance = lr.stats.get("chance_accuracy")
            if chance:  # a blind guess's share beside it, from the trace
                # (a guess picks one of the test's colours: the count of them
                # is one over that share)
                kinds = round(1 / float(chance))
                guess = VGroup(
                    label(f"{kinds} possible colours:", pal.text, style.BODY_SIZE),
                    label(f"guessing: 1 in {kinds} ({pct(chance)})", pal.text,
                          style.BODY_SIZE)).arrange(DOWN, aligned_edge=LEFT,
                                                    buff=0.08)  # fmt: skip
                right = VGroup(right, guess).arrange(RIGHT, buff=0.4,
                                                     aligned_edge=DOWN)
            parts = [label(f"asked about a fact {far} words back:", pal.text,
                           style.BODY_SIZE), right]
            question = ev.recall_question(lr, pal)
            if question is not None:
                parts.append(question)
            recall = Group(VGroup(*parts).arrange(DOWN, buff=0.3))
            self.claim_over(recall, "transformers handle long context")
            recall.big = recall.stay_big = True
            self.recall_shown = recall
            shown.append(recall)
        return list(enumerate(shown))


class TableDiffusionGAN(TableScene):
    """The table's claims for diffusion and GANs, measured: the table opens
    in the explainer's words, then the diffusion row and the GAN row are told
    cell by cell, each claim with one figure and a picture from the traces
    (diffusion's steps and time per digit, its digits read back, the GAN's
    time, its edges against a copy without its inspector, its fakes on toy
    dots); ends on their takeaway, chosen by the figures."""

    title = "Diffusion and GANs: the table's claims measured"
    told = (0, 1)
    # two rows of cells, each said aloud as it is boxed: a short hold after
    # each keeps the scene within its length
    cell_hold = 0.5
    hold_seconds = 0.5

    def opening(self) -> None:
        """The usual table, then which rows this scene checks."""
        self.open_table([
            "A common summary table; here we check diffusion and GANs.",
        ])

    def closing(self) -> None:
        """Both rows' takeaway, on screen under their strips."""
        self.takeaway(" ".join(self.row_takeaway(r) for r in self.rows[:2]))


class TableTransformers(TableScene):
    """The table's claims for transformers, measured: attention shown on the
    ``attention`` trace's sentence, what our transformer wrote and how many
    of its words broke a rule (``text_generation``), scaling
    (``transformer_scaling``), long context (``long_range``) and memory
    against length (``attention_cost``); ends on the row's takeaway, chosen
    by the figures."""

    title = "Transformers: the table's claims measured"
    told = (2,)

    def opening(self) -> None:
        """The usual table, the transformer row boxed; what came before."""
        self.open_table([
            "A common summary table; here we check its last row, "
            "transformers.",
        ], focus=2)

    def closing(self) -> None:
        """The row's takeaway, on screen under its strip."""
        self.takeaway(self.row_takeaway(self.rows[2]))


# each family in one line, said as its row of the whole table is read
FAMILY = (
    "Diffusion turns static into a picture step by step:",
    "A GAN is a forger learning against an inspector:",
    "Transformers read by attention, each word looking back at others:",
)


class ThreeArchitectures(TableScene):
    """The three architectures side by side, measured, as a short recap: the
    hybrid built here (``text_to_image``: a transformer reads the prompt,
    diffusion draws; the tiny models' caveat said once with its first
    figures; its shares drawn as asked, each bar growing as it is said), then
    each row of the table alone and large, every cell with our
    one measured figure under its claim, read out; ends on the whole table
    with those figures and "the architecture explains how a tool behaves"."""

    title = "Mixing architectures"
    # the name column narrow, the strengths and weaknesses widest: the whole
    # table, each claim with its figure, clear of the caption
    widths = (2.45, 3.45, 3.7, 3.7)
    hold_seconds = 0.5  # the closing point ends the scene

    def opening(self) -> None:
        """Nothing before the mixed tool: the scene opens on its diagram."""

    def closing(self) -> None:
        """The hybrid, then the whole table read row by row."""
        self.hybrid(self.traces["text_to_image"])
        self.final_table()

    def hybrid(self, hy: Trace):
        """The hybrid built here: one prompt through the prompt reader and
        diffusion to its picture while the first line is said, then the check
        in words, and each measured share's bar growing as it is said."""
        pal = self.palette
        # "architecture" in plain words first, then the three named and put
        # in a few words each (the scene may be watched alone): each name
        # written as the voice reaches it, its definition beside it
        names = VGroup()
        for (name, what), colour in zip(INTRO_FAMILY, self.colours,
                                        strict=True):  # fmt: skip
            names.add(VGroup(label(name, colour, style.BODY_SIZE),
                             label(what, pal.text, style.BODY_SIZE)
                             ).arrange(RIGHT, buff=0.3, aligned_edge=DOWN))
        names.arrange(DOWN, aligned_edge=LEFT, buff=0.45).move_to([0, 0.6, 0])
        self.intro_names = names
        self.narrate(INTRO_LINES[0])
        step = max(0.3, min(0.8, (self.caption_left() - 0.3) / len(names)))
        for row in names:  # the three names first, as they are announced
            self.play(Fade(row[0]), run_time=step * self.pace)
        for line, row in zip(INTRO_LINES[1:], names, strict=True):
            self.hold_caption()
            self.narrate(line)
            self.play(Fade(row[1]), run_time=self.pace * 0.4)
        self.hold_caption()
        self.play(Fade(names, show=False), run_time=self.pace * 0.3)
        flow, st = self.hybrid_flow_bars(
            hy, "Most tools mix them; ours: a transformer reads the prompt, "
            "diffusion draws.", 0.4)
        self.hybrid_shown = Group(flow, self.footer_text)
        seen_line, held_line = recap_shares(st)
        # the caveat said once, where the first measured figures come in,
        # with nothing new on screen: the eye stays on the flow
        self.hold_caption()
        self.narrate(CAVEAT)
        # the checking program in plain words, its verdict on this picture
        # written as the voice names it
        self.hold_caption()
        self.narrate(CHECKER)
        self.play(Fade(flow.notes), run_time=self.pace * 0.4)
        self.hold_caption()
        # each bar grows from the left, its share written, as it is said
        for line, bar_row in zip((seen_line, held_line), self.footer_text,
                                 strict=True):  # fmt: skip
            self.narrate(line)
            title, track, bar, value = bar_row
            self.play(Fade(VGroup(title, track)), run_time=self.pace * 0.3)
            grow = max(0.5, min(2.5, self.caption_left() - 0.6)) * self.pace
            self.play(GrowFromEdge(bar, LEFT), run_time=grow)
            self.play(Fade(value), run_time=self.pace * 0.3)
            self.point_at(value)
            self.hold_caption()
        self.unpoint()
        self.play(Fade(flow, show=False), Fade(self.footer_text, show=False),
                  run_time=self.pace * 0.4)

    def recap_short(self, k: int, j: int, cell: Cell) -> str:
        """Cell ``j`` of row ``k``'s measured figure for the recap: one figure
        in words (the short line's first part; the transformer's strengths,
        its far-back part), plus any "not tested" note."""
        parts = cell.short.split("; ")
        if (k, j) == (1, 2):  # the collapse count with the gentler inspector's:
            return "; ".join(parts)  # never harsher than measured
        keep = parts[-1] if (k, j) == (2, 1) and len(parts) > 1 else parts[0]
        # the untested notes kept where no figure stands in the column's
        # place (what it generates) and for compute; strengths keep one figure
        notes = [p for p in parts if "not tested" in p and p != keep and j != 1]
        return "; ".join([keep, *notes])

    def row_page(self, k: int) -> Group:
        """Row ``k`` alone, large, under the kept column headings: its name,
        each claim in white and our one figure for it in orange under it."""
        pal, row, colour = self.palette, self.rows[k], self.colours[k]
        y = self.top - 0.6
        first, claims = self.row(row, colour, y, self.walk_size)
        cells = []
        for j, (c, claim, w) in enumerate(zip(row.cells, claims, self.widths[1:],
                                              strict=True)):
            short = wrapped(self.recap_short(k, j, c), pal.accent,
                            self.walk_size, w)
            short.next_to(claim, DOWN, buff=0.18).align_to(claim, LEFT)
            cells.append(VGroup(claim, short))
        page = Group(first, *cells)
        page.cells = cells
        return page

    def mechanism(self, k: int, page: Group):
        """Row ``k``'s mechanism as one small picture that needs no setup,
        under the row's page: diffusion's digit from static, pass by pass;
        the GAN's forger and inspector. Returns (the picture, its parts in
        order), or None when its trace is missing."""
        pal, tr = self.palette, self.traces
        top = Group(*page.cells).get_bottom()[1] - 0.3
        room = top - self.stage_bottom

        def build(height: float):
            if k == 0 and "digits_diffusion" in tr:
                return ev.how_diffusion(tr["digits_diffusion"], pal, height)
            if k == 1 and "gan_digits" in tr:
                return ev.how_gan(tr["gan_digits"], pal, height * 0.7)
            return None

        pic = build(1.0)
        if pic is None:
            return None
        whole, parts = pic
        if whole.height > room:  # the pictures smaller, never the words
            whole, parts = build(max(0.4, 1.0 - (whole.height - room)))
        whole.move_to([0, (top + self.stage_bottom) / 2, 0])
        return whole, parts

    def said_number(self, k: int, words: str) -> str:
        """Row ``k``'s takeaway with the one figure its weakness rests on
        spoken: diffusion's passes a digit, the transformer's memory growth
        each time the text doubles."""
        if k == 0:  # its own cost: the GAN's speed comes with the GAN
            gs = self.traces["generation_speed"]
            method = [str(m) for m in gs["method"]]
            passes = int(gs["passes"][method.index("DDPM")])
            if gan_ratio(self.traces) >= 1.5 and "but slow" in words:
                return words.replace("but slow", f"but slow: {passes:,} "
                                     "clean-up passes a digit", 1)
        if k == 2:  # the strengths cell shows the far-back figure alone
            words = words.replace("improve with size and ", "", 1)
            words = words.replace(" improve with size,", ",", 1)
        if k == 2 and "far more memory on long texts" in words:
            ac = self.traces["attention_cost"]
            lengths, nb = ac["lengths"], ac["attn_bytes"]
            per = float((nb[-1] / nb[0]) ** (1 / np.log2(lengths[-1] / lengths[0])))
            return words.replace("need far more memory on long texts",
                                 f"twice the words need {per:.0f} times the "
                                 "computer memory", 1)
        return words

    def gan_lines(self) -> list[str]:
        """The GAN row in two short sentences, each chosen by its figure: fast
        (one pass a digit, and how many times faster than diffusion, as the
        speed bars show), then whether it got stuck making one kind of fake
        (mode collapse), counted over its runs."""
        gp = self.traces["gan_points"]
        n_modes = len(gp["modes"])
        ratio = gan_ratio(self.traces)
        took = times(ratio).replace("x", " times")
        if ratio >= 1.5:
            first = (f"GANs are fast: one pass a digit, {took} faster than "
                     "diffusion here.")
        else:
            first = "GANs are no faster than diffusion here."
        if "seed_final_covered" in gp.arrays:  # every run's outcome
            cov = np.asarray(gp["seed_final_covered"])
            seen = seed_outcomes(cov, n_modes)
            plain_runs, stuck = cov[0], seen.collapsed
            runs = f"{stuck[0]} of our {seen.seeds} runs"
        else:  # the one recorded run
            covered = np.asarray(gp["covered"])
            plain_runs = covered[0, -1:]
            stuck = [int(int(covered[0, -1]) <= n_modes // 2)]
            runs = "our one run"
        if not stuck[0]:
            return [first, f"And in {runs} it did not get stuck making one "
                    "kind of fake."]
        most = int(plain_runs[plain_runs <= n_modes // 2].max())
        kind = "one kind of fake" if most <= 1 else "only a few kinds of fake"
        gentle = ""
        if "seed_final_covered" in gp.arrays and len(stuck) > 1:
            # the measured fix said with it: never harsher than measured
            gentle = (f"; {stuck[1]} of {seen.seeds} with a gentler inspector, one "
                      "that changes itself less each round")
        return [first, f"But they can get stuck making {kind}, mode collapse: "
                f"{runs} did{gentle}."]

    def row_lines(self, k: int, words: str) -> list[tuple[str, list[int]]]:
        """Row ``k``'s takeaway as the lines said while its cells are boxed,
        each with the cells (by column: 1 strengths, 2 weaknesses) it is
        about: the strength first, then the weakness after its "but"."""
        if k == 1:
            first, second = self.gan_lines()
            return [(first, [1]), (second, [2])]
        for cut in (", but ", " but "):
            if cut in words:
                head, tail = words.split(cut, 1)
                return [(head + ",", [1]), ("but " + tail, [2])]
        return [(words, [1, 2])]

    def claim_picture(self, k: int, j: int, page: Group):
        """The one small picture for row ``k``'s claim in column ``j``, under
        the row's page, from its trace: diffusion's digit from static; the
        GAN's time for a digit against diffusion's, to scale; its fakes piled
        on one of the spots; the far-back test with the word looked back to
        and how often it was right; 3 words' pairs against 6 words' (also for
        the transformer's memory said alone, with no far-back test recorded).
        None when there is none."""
        pal, tr = self.palette, self.traces
        if (k, j) == (0, 1):
            return self.mechanism(k, page)
        if (k, j) == (1, 1) and "generation_speed" in tr:
            pic = ev.speed_bars(tr["generation_speed"], pal)
        elif (k, j) == (1, 2) and "gan_points" in tr:
            pic = ev.collapse_one(tr["gan_points"], pal)
        elif (k, j) == (2, 1) and "long_range" in tr:
            pic = ev.recall_fact(tr["long_range"], pal)
        elif k == 2:
            pic = ev.pairs_grow(pal)
        else:
            return None
        whole, parts = pic
        top = Group(*page.cells).get_bottom()[1] - 0.3
        whole.move_to([0, (top + self.stage_bottom) / 2, 0])
        return whole, parts

    def final_table(self) -> None:
        """Each row alone and large with our one figure under each claim,
        read out while its cells are boxed in turn (the family named first);
        then the whole table, figures kept, for the closing point."""
        pal = self.palette
        header = self.header_group(self.top)
        self.hold_caption()
        # the title says what follows: a recap of the three, not the mix
        recap = title_text("The three, side by side", pal)
        self.play(FadeOut(self.title_mob), run_time=self.pace * 0.2)
        self.title_mob = recap
        # the colour key in the name column, under each row's name, clear of
        # its cells (the tiny models' caveat was said with the first figures)
        w = self.widths[0] - 0.2
        key = VGroup(wrapped("white: the explainer's claim", pal.text,
                             style.LABEL_SIZE, w),
                     wrapped("orange: what our tiny models measured",
                             pal.accent, style.LABEL_SIZE, w),
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        key.move_to([0, self.top - 1.15, 0], aligned_edge=UP)
        key.set_x(self.xs[0], direction=LEFT)
        self.key_shown = key
        self.play(FadeIn(recap), Fade(header), Fade(key),
                  run_time=self.pace * 0.3)
        pages = [self.row_page(k) for k in range(len(self.rows))]
        self.final = Group(*pages)
        # (line, columns, cells, box); (row, column, picture)
        self.boxed, self.pictures = [], []
        shown = None
        for k, (row, page) in enumerate(zip(self.rows, pages, strict=True)):
            self.hold_caption()
            self.unpoint()
            if shown is not None:  # the last row gives way; the key stays
                self.play(Fade(shown, show=False), run_time=self.pace * 0.3)
            self.play(Fade(page), run_time=self.pace * 0.3)
            shown = page
            words = self.said_number(k, glossed(self.row_takeaway(row)))
            lines = self.row_lines(k, words)
            # each line said while the cells it is about are boxed, its one
            # picture drawn part by part under the row as it is said
            pic_shown = None
            for line, cols in lines:
                self.hold_caption()
                self.narrate(line)
                cells = [page.cells[c] for c in cols]
                # the box first, round the cell(s) the line is about
                self.unpoint()
                box = VGroup(*[SurroundingRectangle(
                    c, color=pal.accent, buff=0.07, stroke_width=3)
                    for c in cells]).set_z_index(22)  # fmt: skip
                self.pointed = box
                self.boxed.append((line, [page.cells.index(c) for c in cells],
                                   cells, box))
                self.play(FadeIn(box), run_time=self.pace * 0.3)
                pic = self.claim_picture(k, cols[0], page)
                if pic is not None:  # the last picture gives way to this one
                    if pic_shown is not None:
                        self.play(Fade(pic_shown, show=False),
                                  run_time=self.pace * 0.2)
                        page.remove(pic_shown)
                    whole, parts = pic
                    step = max(0.2, min(0.7, (self.caption_left() - 0.5)
                                        / len(parts))) * self.pace
                    for part in parts:
                        self.play(Fade(part), run_time=step)
                    page.add(whole)
                    pic_shown = whole
                    self.pictures.append((k, cols[0], whole))
        self.hold_caption()
        self.unpoint()
        self.play(Fade(shown, show=False), Fade(key, show=False),
                  run_time=self.pace * 0.3)
        # the whole table back, each claim with its figure under it (the
        # "not tested" notes were on the rows' own pages)
        back = Group()
        y = self.top - 0.55
        for k, (row, colour) in enumerate(zip(self.rows, self.colours,
                                              strict=True)):  # fmt: skip
            first, claims = self.row(row, colour, y)
            # one figure a cell; the collapse count keeps the gentler
            # inspector's beside it (never harsher than measured)
            shorts = [wrapped(self.recap_short(k, j, c) if (k, j) == (1, 2)
                              else self.recap_short(k, j, c).split("; ")[0],
                              pal.accent,
                              style.LABEL_SIZE, w - 0.1)
                      .next_to(claim, DOWN, buff=0.04).align_to(claim, LEFT)
                      for j, (c, claim, w) in enumerate(zip(
                          row.cells, claims, self.widths[1:], strict=True))]
            back.add(Group(first, *claims, *shorts))
            y = min(m.get_bottom()[1] for m in [first, *claims, *shorts]) - 0.14
        self.final_back = back
        self.play(Fade(back), run_time=self.pace * 0.4)
        self.narrate(TAKEAWAY)
        self.mark_poster()
        self.hold_caption()
        self.wait_frames(self.hold_seconds)


# said once, with the first measured figures (the hybrid's)
CAVEAT = "Our models are tiny: compare them to each other, not to real tools."
# what "drawn as asked" rests on, said before its two counts
CHECKER = "A checking program reads each picture's colour, shape and place."
# the series' point, said over the whole measured table
TAKEAWAY = "So a tool's architecture explains how it behaves."

# "architecture" in plain words, then each family named and put in a few
# words, said before the mixed tool uses two of their names
INTRO_LINES = (
    "An architecture is the basic design of a model. Three common ones:",
    "diffusion cleans static into a picture, step by step;",
    "a GAN is a forger network learning against an inspector network;",
    "a transformer reads text, each word looking back at the words before it.",
)
INTRO_FAMILY = (
    ("Diffusion", "static cleaned into a picture, step by step"),
    ("GAN", "a forger learning against an inspector"),
    ("Transformer", "each word looks back at the words before it"),
)


def recap_shares(st: dict) -> tuple[str, str]:
    """The hybrid's two shares in two short lines, the second with its
    lesson, chosen by the two shares."""
    def share(part: str) -> str:
        n = st.get(f"{part}_pictures")
        a = float(st[f"{part}_accuracy"])
        return (f"{round(a * n):,} of {int(n):,}" if n else pct(a))  # fmt: skip

    seen, held = float(st["seen_accuracy"]), float(st["heldout_accuracy"])
    # drawing a combination it never saw means the reader and the drawer
    # together put words together, not copying a picture learned whole
    if held >= 0.5 and held >= seen - 0.05:
        lesson = ", so reader and drawer together handle new requests."
    elif held >= 0.5:
        lesson = ", so reader and drawer together handle new requests, if less often."
    else:
        lesson = ": mostly, reader and drawer together cannot handle new requests."
    # "our mixed model" names who drew, right after the checking program
    return (f"Our mixed model, on prompts like its training ones: {share('seen')} "
            "right.",
            f"On word combinations it never saw: {share('heldout')}{lesson}")
