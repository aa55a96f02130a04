"""ThreeArchitectures' evidence: a picture for each claim, drawn from the
traces the figure beside it was read from.

A newcomer reading "8 of 8 training runs collapsed" beside the words "mode
collapse" has only words for both; the same figure beside a scatter of fakes
piled on one spot and another spread over every blob is seen at once. Each
function returns Mobjects sized for the scene's evidence stage (the wide band
under the row being told); every pixel, point and bar comes from a trace, none
is invented.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Arrow,
    Circle,
    CurvedArrow,
    DashedLine,
    DashedVMobject,
    Dot,
    Group,
    Line,
    Rectangle,
    RoundedRectangle,
    VGroup,
    VMobject,
)

from engine.core.trace import Trace
from scenes.hybrid.draw import label, ms, nbytes, pct, picture, times, wrapped
from scenes.kit import style
from scenes.kit.bars import compare_bars
from scenes.kit.glossary import screen_name
from scenes.kit.images import crisp_image, pixel_image
from scenes.kit.raster import rasterize_points
from scenes.kit.seed_outcomes import seed_outcomes
from scenes.transformer.draw import descender, percent, sit_on_baseline


def captioned(mob, words: str | list[str], colour: str, buff: float = 0.08) -> Group:
    """``mob`` with ``words`` (one line, or several) under it, left edges
    aligned."""
    lines = [words] if isinstance(words, str) else list(words)
    text = VGroup(*[label(w, colour) for w in lines]).arrange(
        DOWN, aligned_edge=LEFT, buff=0.05
    )
    return Group(mob, text.next_to(mob, DOWN, buff=buff).align_to(mob, LEFT))


def side_by_side(items: list, buff: float = 0.25) -> Group:
    """Items in a row, tops aligned."""
    return Group(*items).arrange(RIGHT, buff=buff, aligned_edge=UP)


def digit_passes(dd: Trace, pal: style.Palette, height: float = 1.1) -> Group:
    """One prompted digit after 0, 250, 500, 750 and all 1,000 denoising passes
    (the diffusion trace's ``reverse`` frames), in a row: many small steps,
    one after another."""
    t = np.asarray(dd["reverse_t"])  # noise level of each recorded frame
    frames, total = dd["reverse"], int(t.max())
    done = total - t  # passes made before each frame
    picks = [int(np.argmin(np.abs(done - k * total / 4))) for k in range(5)]
    digit = 3 if frames.shape[1] > 3 else 0
    cells = [captioned(pixel_image(frames[i, digit], pal.background, pal.text,
                                   height), f"after {int(done[i]):,}", pal.text)
             for i in picks]  # fmt: skip
    return side_by_side(cells, buff=0.3)


def how_diffusion(dd: Trace, pal: style.Palette, height: float = 1.3) -> list:
    """How diffusion works, as parts shown one after another: the same digit
    as ``digit_passes`` after 0, 250, ... 1,000 denoising passes, an arrow
    to each next one."""
    t = np.asarray(dd["reverse_t"])
    frames, total = dd["reverse"], int(t.max())
    done = total - t
    picks = [int(np.argmin(np.abs(done - k * total / 4))) for k in range(5)]
    digit = 3 if frames.shape[1] > 3 else 0
    cells = [captioned(pixel_image(frames[i, digit], pal.background, pal.text,
                                   height),
                         [f"{int(done[i]):,}", "clean-up steps"], pal.text)
             for i in picks]  # fmt: skip
    row = side_by_side(cells, buff=0.6)
    parts = [cells[0]]
    for one, two in zip(cells, cells[1:]):  # noqa: B905
        arrow = Arrow(one[0].get_right(), two[0].get_left(), buff=0.06,
                      color=pal.muted, stroke_width=3)
        parts.append(Group(arrow, two))
    return [Group(row, *[p[0] for p in parts[1:]]), parts]


def how_gan(gd: Trace, pal: style.Palette, height: float = 0.9) -> list:
    """How a GAN trains, as parts shown one after another: the forger, its
    fakes (the GAN's own digits, as they came), the inspector asking real or
    fake, and its verdict sent back to the forger."""

    def box(words: str, colour: str) -> VGroup:
        text = label(words, colour, style.BODY_SIZE)
        frame = RoundedRectangle(width=text.width + 0.5, height=text.height + 0.45,
                                 corner_radius=0.12, color=colour, stroke_width=2.5)
        return VGroup(frame, text.move_to(frame))

    forger, inspector = box("forger", pal.accent), box("inspector", pal.text)
    fakes = captioned(gan_digit_row(gd, pal, height), "its fakes", pal.accent)
    asks = label("real or fake?", pal.text)
    Group(forger, fakes, inspector).arrange(RIGHT, buff=1.0)
    fakes.align_to(forger, UP).shift(UP * 0.1)
    asks.next_to(inspector, RIGHT, buff=0.4)
    to_fakes = Arrow(forger.get_right(), fakes[0].get_left(), buff=0.1,
                     color=pal.muted, stroke_width=3)
    to_inspector = Arrow(fakes[0].get_right(), inspector.get_left(), buff=0.1,
                         color=pal.muted, stroke_width=3)
    back = CurvedArrow(inspector.get_bottom() + DOWN * 0.1,
                       forger.get_bottom() + DOWN * 0.1, angle=-1.0,
                       color=pal.accent, stroke_width=3)
    said = label("its verdict teaches the forger", pal.accent)
    said.next_to(back, DOWN, buff=0.08)
    parts = [forger, Group(to_fakes, fakes), Group(to_inspector, inspector, asks),
             Group(back, said)]
    return [Group(*parts), parts]


def how_attention(sentence: str, pal: style.Palette) -> list:
    """What attention does, as parts shown one after another: the
    transformer's own sentence, then an arc from its last word back to each
    earlier word in turn."""
    words = sentence.strip("\u201c\u201d").split()
    row = VGroup(*[label(w, pal.text, style.BODY_SIZE) for w in words])
    row.arrange(RIGHT, buff=0.22)
    # every word on one baseline: a "g" or "p" reaches below it
    drop = descender(style.BODY_SIZE)
    for w in row:
        sit_on_baseline(w, 0.0, drop)
    last = row[-1]
    last.set_color(pal.accent)
    arcs = [CurvedArrow(last.get_top() + UP * 0.08, w.get_top() + UP * 0.08,
                        angle=0.9 * min(1.0, 0.35 + 0.1 * (len(words) - k)),
                        color=pal.accent, stroke_width=2, tip_length=0.14)
            for k, w in enumerate(row[:-1])]  # fmt: skip
    last_word = words[-1].rstrip(".\u2026")
    note = label(f"\u201c{last_word}\u201d looks back at every earlier word",
                 pal.accent)
    note.next_to(row, DOWN, buff=0.2).align_to(row, LEFT)
    parts = [row, *arcs[::-1], note]
    return [Group(*parts), parts]


def recall_fact(lr: Trace, pal: style.Palette) -> list:
    """The far-back test the transformer's strengths figure comes from, as
    parts shown one after another: the trace's one long example in a line
    (the pairs to remember, the filler counted, the question), an arc from
    the asked name back to its pair, then the measured fact in one line: the
    word it had to look back to, how often it was right at the longest
    distance and a blind guess's odds. Without the example, the fact alone.
    Returns [the whole, its parts in order]."""
    far = int(lr["distances"][-1])
    right = pct(float(lr["transformer_accuracy"][-1]))
    chance = lr.stats.get("chance_accuracy")
    guess = f"; a blind guess: 1 in {round(1 / float(chance))}" if chance else ""
    example = recall_example(lr, pal)
    if example is None:
        fact = label(f"asked about a fact {far:,} words back: right {right} of "
                     f"the time{guess}", pal.accent)
        return [Group(fact), [fact]]
    row, arc, pair = example
    fact = label(f"to answer \u201c{lr.stats['example_answer']}\u201d, it "
                 f"looked back to \u201c{pair}\u201d: right {right} of the "
                 f"time{guess}", pal.accent)
    fact.next_to(row, DOWN, buff=0.3)
    parts = [row, arc, fact]
    return [Group(*parts), parts]


def recall_example(lr: Trace, pal: style.Palette, width: float = 12.8):
    """The ``long_range`` trace's one example in a line no wider than
    ``width`` (the body size, else the label size), the asked pair and the
    asked name in orange, and an arc from the name back to its pair: (the
    line, the arc, the pair's words); None when the trace holds no example."""
    if "example_tokens" not in lr.arrays or "example_answer" not in lr.stats:
        return None
    vocab = [str(w) for w in lr["vocab"]]
    toks = [vocab[int(i)] for i in lr["example_tokens"]]
    n = int(lr.stats.get("n_pairs", 1))
    pairs, name = toks[1:1 + n], toks[-1]
    asked = next((k for k, p in enumerate(pairs) if p.split("=")[0] == name), None)
    if asked is None:
        return None
    filler = len(toks) - (1 + n) - 2  # between the last pair and "who"
    for size in (style.BODY_SIZE, style.LABEL_SIZE):  # smaller only to fit
        words = VGroup(label(toks[0], pal.text, size),
                       *[label(p, pal.accent if k == asked else pal.text, size)
                         for k, p in enumerate(pairs)],
                       label(f"\u2026 {filler:,} filler words \u2026", pal.muted,
                             size),
                       label(toks[-2], pal.text, size),
                       label(f"{name}?", pal.accent, size))
        words.arrange(RIGHT, buff=0.25 * size / style.BODY_SIZE)
        if words.width <= width:
            break
    drop = descender(size)
    for w in words:  # one baseline: a "g" or "p" reaches below it
        sit_on_baseline(w, 0.0, drop)
    start, end = words[-1], words[1 + asked]
    arc = CurvedArrow(start.get_top() + UP * 0.08, end.get_top() + UP * 0.08,
                      angle=0.5, color=pal.accent, stroke_width=2.5,
                      tip_length=0.16)  # fmt: skip
    return words, arc, pairs[asked]


def digit_row(dd: Trace, pal: style.Palette, height: float = 0.62,
              judged: int = 0, reader: bool = False) -> Group:  # fmt: skip
    """The diffusion model's finished digits for its prompts (0 to 9), in a
    row, captioned with what was asked (and, given the ``judged`` count, how
    many of the digits read are shown)."""
    final = dd["reverse"][-1]
    asked = [str(int(p)) for p in dd["prompts"]]
    # each digit with the one asked for written under it: an 8x8 "1" can
    # read as a bracket on its own
    cells = Group(*[Group(img, label(a, pal.accent).next_to(img, DOWN, buff=0.06))
                    for img, a in zip((pixel_image(d, pal.background, pal.text,
                                                   height) for d in final),
                                      asked, strict=False)])  # fmt: skip
    cells.arrange(RIGHT, buff=0.12, aligned_edge=UP)
    words = (f"asked for {asked[0]} to {asked[-1]}, one each"
             if len(asked) > 1 else "asked")  # fmt: skip
    if judged > len(final):
        words += f" ({len(final)} of the {judged:,} read shown)"
    if reader:  # who read them, under the row
        return captioned(cells, [words, "a separate digit-recognising network "
                                 "read them"], pal.text)
    return captioned(cells, words, pal.text)


def diffusion_makes(dd: Trace, hy: Trace, pal: style.Palette,
                    height: float = 1.0) -> Group:  # fmt: skip
    """What our diffusion models drew: four of the digit model's digits, and
    the picture the prompt model drew for the prompt its flow shows, with the
    prompt under it."""
    digits = Group(*[pixel_image(d, pal.background, pal.text, height)
                     for d in dd["reverse"][-1][:4]]).arrange(RIGHT, buff=0.1)
    k = shown_prompt(hy)
    big = height * 1.3  # the picture's detail is finer than a digit's
    pic = picture(np.asarray(hy["frames"][-1][k]), big)
    frame = Rectangle(width=big, height=big, stroke_width=1,
                      stroke_color=pal.muted).move_to(pic)  # fmt: skip
    prompt = f"\u201c{hy['prompt_text'][k]}\u201d"
    return side_by_side([
        captioned(digits, "small digits", pal.text),
        # one line under the picture: two would reach the caption below
        captioned(Group(pic, frame), f"drawn from the prompt {prompt}", pal.text),
    ], buff=0.8)  # fmt: skip


def gan_digit_row(gd: Trace, pal: style.Palette, height: float,
                  n: int = 4) -> Group:  # fmt: skip
    """The first ``n`` digits of the GAN's last recorded round, in a row, as
    they came: not picked for clarity."""
    fakes = gd["fake"][-1]
    row = Group(*[pixel_image(f, pal.background, pal.text, height)
                  for f in fakes[:n]])  # fmt: skip
    return row.arrange(RIGHT, buff=0.06)


def redraw_pair(i2i: Trace, pal: style.Palette, height: float = 1.3) -> Group:
    """What the image-to-image GAN made: one held-out picture's small input
    and the GAN's redrawing of it, an arrow between (the input alone when
    the trace has no input)."""
    method = [str(m) for m in i2i["method"]]
    held = i2i["held_images"]
    small_side, big_side = i2i.stats["input_side"], i2i.stats["side"]
    big = captioned(picture(held[method.index("GAN")][0], height),
                    ["redrawn by our GAN:", f"{big_side}x{big_side} pixels"],
                    pal.accent)  # fmt: skip
    real = (captioned(picture(held[method.index("target")][0], height),
                      ["the real one", "(what it should be)"], pal.text)
            if "target" in method else None)  # fmt: skip
    if "input" not in method:
        return Group(*[m for m in (big, real) if m is not None])
    # the small picture drawn at its own size against the large one
    small = captioned(picture(held[method.index("input")][0], height),
                      ["small picture in:", f"{small_side}x{small_side} pixels"],
                      pal.text)  # fmt: skip
    pair = side_by_side([small, big] + ([real] if real is not None else []),
                        buff=0.9)
    arrow = Arrow(small[0].get_right(), big[0].get_left(), buff=0.15,
                  color=pal.text, stroke_width=3)  # fmt: skip
    return Group(pair, arrow)


def speed_lines(gs: Trace, pal: style.Palette, ratio_note: str = "") -> VGroup:
    """The generation-speed trace's GAN and 1,000-pass diffusion, one bar
    each, to scale; ``ratio_note`` (diffusion's time over the GAN's, in
    words), when given, in orange under the bars."""
    method = [str(m) for m in gs["method"]]
    gan, ddpm = method.index("GAN"), method.index("DDPM")
    per, passes = gs["ms_per_sample"], gs["passes"]
    n_gan = int(passes[gan])
    bars = compare_bars([
        (f"GAN: {n_gan} pass{'es' if n_gan != 1 else ''}", float(per[gan]),
         f"{ms(per[gan])} a digit", pal.sample),
        (f"diffusion: {int(passes[ddpm]):,} passes", float(per[ddpm]),
         f"{ms(per[ddpm])} a digit", pal.data),
    ], pal, width=5.0, bar_height=0.26)  # fmt: skip
    lines = VGroup(bars)
    if ratio_note:
        lines.add(label(ratio_note, pal.accent).next_to(bars, DOWN, buff=0.15)
                  .align_to(bars, LEFT))
        sum_words = passes_times(gs)
        if sum_words:
            sum_line = label(sum_words, pal.accent).next_to(
                lines, DOWN, buff=0.1).align_to(bars, LEFT)
    notes = VGroup(label("time for one digit", pal.text))
    units = " ".join(ms(v) for v in per)
    if "ms" in units:
        notes.add(label("ms: a thousandth of a second", pal.text))
    if "µs" in units:
        notes.add(label("µs: a millionth of a second", pal.text))
    notes.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
    notes.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
    notes.next_to(bars, RIGHT, buff=0.5).align_to(bars, UP)
    out = VGroup(lines, notes)
    out.sum_line = None
    if ratio_note and sum_words:  # its own part, so it can come in later
        out.add(sum_line)
        out.sum_line = sum_line
    out.slow = VGroup(bars.bars[1], bars.labels[3])  # diffusion's bar, time
    out.bars = bars  # each method's bar, to point at when it is said
    return out


def passes_times(gs: Trace) -> str:
    """Diffusion's time over the GAN's as passes times each pass's cost:
    "1,000 passes x each pass 3.9x slower = about 3,900x", all from the
    generation-speed trace; "" when either made one pass each."""
    method = [str(m) for m in gs["method"]]
    gan, ddpm = method.index("GAN"), method.index("DDPM")
    per, passes = gs["ms_per_sample"], gs["passes"]
    n = int(passes[ddpm]) / max(1, int(passes[gan]))
    if n <= 1:
        return ""
    each = float(per[ddpm] / passes[ddpm]) / float(per[gan] / passes[gan])
    if each < 1:
        return (f"{int(passes[ddpm]):,} passes \u00d7 each pass {times(each)} "
                f"as long = {times(n * each)}")
    return (f"{int(passes[ddpm]):,} passes \u00d7 each pass {times(each)} slower "
            f"(a bigger network) = {times(n * each)}")


def wrapped_words(s: str, chars: int) -> list[str]:
    """``s`` in lines of at most ``chars`` characters, broken at spaces."""
    lines: list[str] = []
    for word in s.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


SHARP_ORDER = (
    ("input", "small input"),
    ("L1 alone", screen_name("L1 alone")),
    ("GAN", "with the inspector"),
    ("target", "the real one"),
)


def close_up(pictures: list[np.ndarray], pad: int = 2) -> tuple[slice, slice]:
    """One square window (rows, columns) around everything drawn in any of
    ``pictures`` (h, w, 3, model units: -1 is black), ``pad`` pixels wider,
    inside the picture: the same crop for each, so they compare pixel for
    pixel."""
    h, w = pictures[0].shape[:2]
    ink = np.zeros((h, w), bool)
    for p in pictures:
        ink |= np.asarray(p).max(-1) > -0.8
    if not ink.any():
        return slice(0, h), slice(0, w)
    ys, xs = np.nonzero(ink)
    side = max(ys.max() - ys.min(), xs.max() - xs.min()) + 1 + 2 * pad
    side = min(side, h, w)
    cy, cx = (ys.min() + ys.max() + 1) / 2, (xs.min() + xs.max() + 1) / 2
    y0 = int(np.clip(round(cy - side / 2), 0, h - side))
    x0 = int(np.clip(round(cx - side / 2), 0, w - side))
    return slice(y0, y0 + side), slice(x0, x0 + side)


THUMB = 0.9  # the small input's picture against an output's side
SHARP_ROW = (
    ("L1 alone", "same drawing network, no inspector: a blur"),
    ("GAN", "with the inspector"),
    ("target", "the real one"),
)


def sharp_cells(i2i: Trace, pal: style.Palette, order, side: float,
                wrap: int) -> list:
    """The first held-out picture of each method in ``order`` ((name, words)
    pairs), as ``side``-unit close-ups with hard pixel edges and a frame, each
    named under it in lines of at most ``wrap`` characters (the GAN's in the
    accent colour)."""
    method = [str(m) for m in i2i["method"]]
    held = i2i["held_images"]
    shown = [(name, words) for name, words in order if name in method]
    rows, cols = close_up([np.asarray(held[method.index(n)][0]) for n, _ in shown])
    cells = []
    for name, words in shown:
        colour = pal.accent if name == "GAN" else pal.text
        pic = picture(np.asarray(held[method.index(name)][0])[rows, cols], side)
        frame = Rectangle(width=side, height=side, stroke_width=1,
                          stroke_color=pal.muted).move_to(pic)  # fmt: skip
        cells.append(captioned(Group(pic, frame), wrapped_words(words, wrap), colour))
    return cells


def sharp_row(i2i: Trace, pal: style.Palette, side: float = 1.1,
              scores: bool = False, with_input: bool = False) -> Group:
    """One held-out picture (the first), close up with hard pixel edges, in
    one row: the same network without its inspector (a blurry copy), with it,
    and the real one, each named under it; with ``scores``, each method's
    mean edge score over the held-out pictures under its name, as a multiple
    of the copy's made without the inspector."""
    cells = sharp_cells(i2i, pal, SHARP_ROW, side, 14)
    if scores:
        method = [str(m) for m in i2i["method"]]
        sharp = np.asarray(i2i["sharpness"], float).mean(1)
        base = float(sharp[method.index("L1 alone")])
        shown = [name for name, _ in SHARP_ROW if name in method]
        for cell, name in zip(cells, shown, strict=True):
            score = float(sharp[method.index(name)]) / base
            colour = pal.accent if name == "GAN" else pal.text
            cell.add(label(f"edge score {score:.1f}", colour)
                     .next_to(cell, DOWN, buff=0.1).align_to(cell, LEFT))
    row = Group(*cells).arrange(RIGHT, buff=0.35, aligned_edge=UP)
    method = [str(m) for m in i2i["method"]]
    if not with_input or "input" not in method:
        return row
    # the small picture each network was given, arrows to what each made
    # as large as the outputs, its blocky pixels seen
    small = picture(np.asarray(i2i["held_images"][method.index("input")][0]),
                    side * THUMB)
    given = captioned(Group(small, Rectangle(width=side * THUMB,
                                             height=side * THUMB,
                                             stroke_width=1,
                                             stroke_color=pal.muted).move_to(small)),
                      ["small picture", "given to both"], pal.text)
    given.next_to(row, LEFT, buff=0.8).align_to(row, UP)
    # the part every close-up enlarges, boxed on the small picture, the
    # arrows leaving from the box
    shown_pics = [np.asarray(i2i["held_images"][method.index(n)][0])
                  for n, _ in SHARP_ROW if n in method]
    rows, cols = close_up(shown_pics)
    h, w = shown_pics[0].shape[:2]
    unit = side * THUMB / max(h, w)
    box = Rectangle(width=(cols.stop - cols.start) * unit,
                    height=(rows.stop - rows.start) * unit,
                    stroke_width=2, stroke_color=pal.accent)
    box.move_to(small.get_corner(UL) + np.array(
        [(cols.start + cols.stop) / 2 * unit, -(rows.start + rows.stop) / 2 * unit,
         0]))  # fmt: skip
    box.set_z_index(2)
    zoom = VGroup(label("box: the part", pal.accent),
                  label("enlarged", pal.accent)).arrange(DOWN, aligned_edge=LEFT,
                                                         buff=0.06)
    zoom.next_to(given, DOWN, buff=0.1).align_to(given, LEFT)
    arrows = VGroup(*[
        Arrow(box.get_right(), cell[0].get_left(), buff=0.15, color=pal.text,
              stroke_width=2.5, max_tip_length_to_length_ratio=0.12)
        for cell in cells[:2]])  # fmt: skip
    out = Group(row, given, box, zoom, arrows)
    out.cells = cells
    return out


def run_panels(gp: Trace, pal: style.Palette, side: float = 0.75) -> Group:
    """The plain GAN's fakes at the end of each random start, one small panel
    a run, each with how many of the spots its fakes reached (from
    ``seed_final_covered``); empty when the trace lacks every start."""
    from manim import config

    if "final_fake" not in gp.arrays or "seed_final_covered" not in gp.arrays:
        return Group()
    real = np.asarray(gp["data"])
    cov = np.asarray(gp["seed_final_covered"])[0]
    n_modes = len(gp["modes"])
    fakes = np.asarray(gp["final_fake"][0])
    extent = max(float(np.abs(real).max()), float(np.abs(fakes).max())) * 1.1
    px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    radius = max(1.0, 1.5 * config.pixel_height / 720)
    panels = []
    for s in range(len(cov)):
        layers = [(fakes[s][:1000], pal.sample, 0.9), (real, pal.data, 0.9)]
        img = crisp_image(rasterize_points(layers, extent, px, radius), side)
        frame = Rectangle(width=side, height=side, stroke_width=1,
                          stroke_color=pal.muted).move_to(img)  # fmt: skip
        colour = pal.accent if int(cov[s]) <= n_modes // 2 else pal.text
        panels.append(captioned(Group(img, frame), f"{int(cov[s])} of {n_modes}",
                                colour))
    return Group(*panels).arrange(RIGHT, buff=0.15, aligned_edge=UP)


def sharp_grid(i2i: Trace, pal: style.Palette, side: float = 1.4) -> Group:
    """One held-out picture (the first), as a 2x2 grid of
    ``side``-unit close-ups with hard pixel edges (small input, copying pixels
    only / with the inspector, the real one), each named in two short lines,
    and a note left of the grid's foot that it is one of the pictures the
    table's figure averages over."""
    cells = sharp_cells(i2i, pal, SHARP_ORDER, side, 12)
    grid = Group(Group(*cells[:2]).arrange(RIGHT, buff=0.3, aligned_edge=UP),
                 Group(*cells[2:]).arrange(RIGHT, buff=0.3, aligned_edge=UP))
    grid.arrange(DOWN, buff=0.15, aligned_edge=LEFT)
    n = np.asarray(i2i["sharpness"]).shape[1]
    note = wrapped(f"one of the {n} pictures the sharpness is averaged over, "
                   "close up", pal.text, style.LABEL_SIZE, 2.8)  # fmt: skip
    note.next_to(grid, LEFT, buff=0.3).align_to(grid, DOWN)
    return Group(grid, note)


def collapse_pair(gp: Trace, pal: style.Palette, side: float = 2.0,
                  shown: int = 2000) -> Group:  # fmt: skip
    """The points GAN's fakes after training, one random start of each run:
    the plain GAN from a start that covered the fewest blobs, the one with the
    brake from a start that covered the most; real points beneath in the data
    colour, and a key beside them. Falls back to the recorded run's last round
    without every start."""
    from manim import config

    real = np.asarray(gp["data"])
    # the trace's drawing extent; a trace without one is framed by its data
    reach = float(np.abs(real).max()) * 1.2 if real.size else 1.0
    extent = float(gp.extents.get("x", (0.0, reach))[1]) or 1.0
    px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    radius = max(1.0, 2.2 * config.pixel_height / 720)
    if "final_fake" in gp.arrays and "seed_final_covered" in gp.arrays:
        cov = np.asarray(gp["seed_final_covered"])
        fakes = [gp["final_fake"][0, int(np.argmin(cov[0]))][:shown],
                 gp["final_fake"][1, int(np.argmax(cov[1]))][:shown]]  # fmt: skip
    else:
        fakes = [gp["fake"][0, -1], gp["fake"][1, -1]]
    # framed round every point drawn, so no blob is cut by the frame
    every = np.concatenate([np.asarray(f).reshape(-1, 2) for f in fakes] + [real])
    extent = max(extent, float(np.abs(every).max()) * 1.1)
    cells = []
    pile = pile_circle(np.asarray(fakes[0]), extent, side, pal.text)
    names: list = ["normal training",
                   ["a gentler inspector",
                    "(changes itself less each round)"]]
    if "seed_final_covered" in gp.arrays:  # every start's outcome, under each
        seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), len(gp["modes"]))
        counts = [f"collapsed in {seen.collapsed[i]} of {seen.seeds} runs"
                  for i in range(2)]
        names = [[names[0], counts[0]], [*names[1], counts[1]]]
    for fake, words, colour in zip(fakes, names,
                                   (pal.text, pal.accent), strict=True):  # fmt: skip
        # the real spots on top, so they stay seen under a ring of fakes
        layers = [(np.asarray(fake), pal.sample, 0.9), (real, pal.data, 0.9)]
        rgba = rasterize_points(layers, extent, px, radius)
        img = crisp_image(rgba, side)
        frame = Rectangle(width=side, height=side, stroke_width=1,
                          stroke_color=pal.muted).move_to(img)  # fmt: skip
        shown_cell = Group(img, frame)
        if not cells and pile is not None:  # the plain GAN's pile, circled
            shown_cell.add(pile.shift(img.get_center()))
        cells.append(captioned(shown_cell, words, colour))
    pair = side_by_side(cells, buff=0.4)
    n_modes = len(gp["modes"])
    key = VGroup(
        label("a toy problem: dots, not pictures", pal.text),
        label(f"blue: {n_modes} spots of real examples", pal.data),
        label("yellow: the forger's fakes", pal.sample),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    key.next_to(pair, RIGHT, buff=0.4).align_to(pair, UP)
    return Group(pair, key)


def pile_circle(fake: np.ndarray, extent: float, side: float,
                colour: str) -> Circle | None:  # fmt: skip
    """A circle, centred on the image's middle (shift it onto the image), round
    where most of ``fake`` lies: around the points' median, wide enough for
    three in four of them; None when they spread over more than a third of
    the picture (nothing piled)."""
    if len(fake) == 0:
        return None
    mid = np.median(fake, 0)
    reach = float(np.quantile(np.linalg.norm(fake - mid, axis=1), 0.75))
    scale = side / (2 * extent)
    radius = reach * scale + 0.15
    if radius > side / 3:
        return None
    circle = Circle(radius=radius, color=colour, stroke_width=2)
    return circle.move_to([mid[0] * scale, mid[1] * scale, 0])


def collapse_count(gp: Trace, n_modes: int) -> tuple[int, int]:
    """How many random starts of the plain GAN collapsed, and of how many."""
    seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
    return seen.collapsed[0], seen.seeds


def memory_bars(ac: Trace, pal: style.Palette, width: float = 7.0,
                height: float = 1.7, title: str = "") -> VGroup:  # fmt: skip
    """The attention cost trace's memory at each length, as bars to one scale
    (the short texts' bars are too small to see, which is the point): every
    length under its bar, the memory over the first, the last and the bar
    before it, an axis named "memory" up the left and "words in the text"
    under the lengths."""
    lengths, used = np.asarray(ac["lengths"]), np.asarray(ac["attn_bytes"], float)
    n = len(lengths)
    slot = width / n
    bars = VGroup()
    for i, b in enumerate(used):
        h = max(0.004, height * b / used.max())
        bar = Rectangle(width=slot * 0.7, height=h, stroke_width=0,
                        fill_color=pal.guess, fill_opacity=1)  # fmt: skip
        bar.move_to([i * slot, 0, 0], aligned_edge=DOWN)
        bars.add(bar)
    left = -slot * 0.5
    axis = VGroup(
        Line([left, 0, 0], [left + width, 0, 0], color=pal.muted, stroke_width=1.5),
        Line([left, 0, 0], [left, height, 0], color=pal.muted, stroke_width=1.5),
    )
    ticks = VGroup(*[label(f"{int(w):,}", pal.text).next_to(bar, DOWN, 0.1)
                     .set_x(bar.get_x()) for w, bar in zip(lengths, bars,
                                                            strict=True)])  # fmt: skip
    ticks.align_to(ticks[0], UP)
    if any(a.get_right()[0] > b.get_left()[0] - 0.12
           for a, b in zip(ticks, ticks[1:], strict=False)):
        # long lengths' labels would touch: every other one, from the last
        # back, is kept (the lengths double, so the gaps are read alike)
        ticks.remove(*[ticks[i] for i in range(n - 2, -1, -2)])
    marked = sorted({0, max(0, n - 2), n - 1})
    values = VGroup(*[label(nbytes(used[i]), pal.accent).next_to(bars[i], UP, 0.08)
                      for i in marked])  # fmt: skip
    if len(marked) > 1 and values[-2].get_right()[0] > values[-1].get_left()[0] - 0.1:
        values[-2].next_to(bars[marked[-2]], UP, 0.08).align_to(bars[marked[-2]],
                                                                 RIGHT)
    if values[0].get_left()[0] < left + 0.08:  # clear of the memory axis
        values[0].shift(RIGHT * (left + 0.08 - values[0].get_left()[0]))
    # the lengths named under every other bar go up 4x; each bar doubles
    x_name = label("words in the text (doubling from bar to bar)",
                   pal.text).next_to(ticks, DOWN, 0.1)
    x_name.align_to(axis, LEFT)
    y_name = label("memory", pal.text).next_to(axis[1], LEFT, 0.12).align_to(
        axis[1], UP
    )
    chart = VGroup(axis, bars, ticks, values, x_name, y_name)
    if title:
        chart.add(label(title, pal.text).next_to(chart, UP, 0.15).align_to(y_name,
                                                                           LEFT))
    return chart


def _axes(pal: style.Palette, width: float, height: float) -> VGroup:
    """An L of two axis lines, origin at (0, 0)."""
    return VGroup(
        Line([0, 0, 0], [width, 0, 0], color=pal.muted, stroke_width=1.5),
        Line([0, 0, 0], [0, height, 0], color=pal.muted, stroke_width=1.5),
    )


def short_count(n: float) -> str:
    """A count in thousands, short: 2,256 -> "2K"; under a thousand as is."""
    return f"{n / 1000:,.0f}K" if n >= 1000 else f"{n:,.0f}"


def scaling_plot(ts: Trace, pal: style.Palette, cut: float, width: float = 2.5,
                 height: float = 1.6, beside: bool = False) -> Group:  # fmt: skip
    """The ``transformer_scaling`` trace's sizes: each size's held-out loss
    as a dot against its size, spaced by ratio (a bracket shows one 10x
    step), a label under every dot, the fitted power law as a line through
    them, "lower = better" on the loss axis, and what each 10x in size
    ``cut`` from the loss under it."""
    params = np.asarray(ts["params_nonembed"], float)
    n = np.log10(params)
    loss = np.asarray(ts["heldout_loss"], float)
    a, alpha = (float(v) for v in ts["fit_params"][:2])
    fit = np.log(a) - alpha * np.log(10.0) * n  # ln L on the fitted line
    ys = np.concatenate([np.log(loss), fit])
    lo, hi = float(ys.min()), float(ys.max())
    lo, hi = lo - 0.08 * (hi - lo + 1e-9), hi + 0.08 * (hi - lo + 1e-9)
    x0, x1 = float(n.min()), float(n.max())
    pad = 0.08 * (x1 - x0 + 1e-9)

    def at(x: float, y: float) -> list[float]:
        return [width * (x - x0 + pad) / (x1 - x0 + 2 * pad),
                height * (y - lo) / (hi - lo), 0.0]

    axis = _axes(pal, width, height)
    line = DashedLine(at(x0, fit[0]), at(x1, fit[-1]), color=pal.accent,
                      stroke_width=2.5)  # fmt: skip
    dots = VGroup(*[Dot(at(x, np.log(v)), radius=0.08, color=pal.guess)
                    for x, v in zip(n, loss, strict=True)])  # fmt: skip
    # a label under every dot, each at its own dot's x, every other one a
    # line lower so neighbours never touch
    ticks = VGroup()
    for k, (x, p) in enumerate(zip(n, params, strict=True)):
        tick = label(short_count(p), pal.text).next_to(at(x, lo), DOWN, 0.1)
        if k % 2 and width < 5:  # narrow: every other one a line lower
            tick.shift(DOWN * (tick.height + 0.08))
        ticks.add(tick)
    x_name = VGroup(label("model size: how many", pal.text),
                    label("numbers it can adjust", pal.text))
    x_name.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
    x_name.next_to(ticks, DOWN, 0.1).align_to(axis, LEFT)
    parts = [axis, line, dots, ticks, x_name]
    if x1 - x0 >= 1:  # one 10x step, bracketed over the axis's foot
        b0, b1 = at(x0, lo), at(x0 + 1, lo)
        y = height * 0.12
        step = VGroup(Line([b0[0], y, 0], [b1[0], y, 0], color=pal.muted),
                      Line([b0[0], y - 0.06, 0], [b0[0], y + 0.06, 0], color=pal.muted),
                      Line([b1[0], y - 0.06, 0], [b1[0], y + 0.06, 0], color=pal.muted))
        words = label("10x bigger", pal.muted).next_to(step, UP, 0.05)
        if words.get_left()[0] < 0.1:  # clear of the loss axis
            words.shift(RIGHT * (0.1 - words.get_left()[0]))
        parts.append(VGroup(step, words))
    y_name = label("loss: how wrong its guesses are", pal.text)
    y_name.next_to(axis[1], UP, 0.08).align_to(axis, LEFT)
    # the two end sizes' losses, each beside its dot
    # the two end sizes' losses, as values on the loss axis at their dots'
    # heights
    ends = VGroup(*[label(w, pal.guess).next_to(axis[1], LEFT, 0.1)
                    .set_y(d.get_y()) for w, d in (("worse \u2191", dots[0]),
                                                   ("better \u2193", dots[-1]))])
    note = VGroup(label("each 10x bigger:", pal.accent),
                  label(f"loss \u2212{percent(cut)}" if cut > 0 else "loss not lower",
                        pal.accent))  # fmt: skip
    note.arrange(RIGHT, buff=0.15)
    if note.width > width + 0.5:  # too wide for one line: two
        note.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
    note.next_to(x_name, DOWN, 0.14).align_to(axis, LEFT)
    if beside:  # the size's name and the cut right of the chart: the dots
        # keep their height where the room is low
        note.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
        words = VGroup(x_name, note).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        words.next_to(Group(axis, ticks), RIGHT, buff=0.4).align_to(axis, UP)
    # an empty margin left of the loss values, clear of the cell's box
    margin = Rectangle(width=0.25, height=0.01, stroke_opacity=0, fill_opacity=0)
    margin.next_to(ends, LEFT, buff=0)
    return Group(VGroup(*parts, ends, y_name, note, margin))


def asked_words(question: list[str]) -> str:
    """The test's question in plain words: "who cy" reads "what colour is
    cy" (the answer is a colour)."""
    if len(question) == 2 and question[0] == "who":
        return f"what colour is {question[1]}"
    return " ".join(question)


def recall_question(lr: Trace, pal: style.Palette) -> VGroup | None:
    """The trace's one long example as a few lines: the pairs to remember,
    how many words come between, the question and its answer; None when the
    trace holds no example."""
    if "example_tokens" not in lr.arrays or "example_answer" not in lr.stats:
        return None
    vocab = [str(w) for w in lr["vocab"]]
    toks = [vocab[int(i)] for i in lr["example_tokens"]]
    n = int(lr.stats.get("n_pairs", 1))
    far = int(lr.stats.get("example_distance", len(toks)))
    lines = VGroup(label("one test:", pal.text),
                   label(" ".join(toks[:1 + n]), pal.accent),
                   label(f"\u2026 {far:,} words of filler \u2026", pal.muted),
                   label(f"{asked_words(toks[-2:])}?  right answer: "
                         f"{lr.stats['example_answer']}", pal.accent))
    # (a blind guess's share is written beside the score it compares with)
    return lines.arrange(DOWN, aligned_edge=LEFT, buff=0.08)


def recall_plot(lr: Trace, pal: style.Palette, width: float = 2.5,
                height: float = 1.4, question: bool = False,
                near_note: str = "") -> Group:  # fmt: skip
    """The ``long_range`` trace's right answers against distance (doubling,
    a log scale) for the transformer and the same-size word-by-word network,
    a blind guess's share dashed when the trace says it, and a key under it
    naming each line with its share at the longest distance."""
    d = np.log2(np.asarray(lr["distances"], float))
    x0, x1 = float(d[0]), float(d[-1])

    def at(x: float, y: float) -> list[float]:
        return [width * (x - x0) / (x1 - x0 + 1e-9), height * float(y), 0.0]

    axis = _axes(pal, width, height)
    parts = VGroup(axis)
    chance = lr.stats.get("chance_accuracy")
    if chance is not None:
        guess = DashedLine(at(x0, chance), at(x1, chance), color=pal.muted,
                           stroke_width=1.5)  # fmt: skip
        parts.add(guess)
    key = VGroup()
    ends: list = []  # each line's point at the longest distance
    for k, colour, name, dashed in (
        ("transformer_accuracy", pal.guess, "transformer", False),
        ("gru_accuracy", pal.sample, "word-by-word", True),
    ):
        acc = np.asarray(lr[k], float)
        pts = [at(x, a) for x, a in zip(d, acc, strict=True)]
        path = VMobject(color=colour, stroke_width=3.5).set_points_as_corners(pts)
        swatch = Line([0, 0, 0], [0.4, 0, 0], color=colour, stroke_width=3.5)
        if dashed:  # over the first: where they agree, both show
            path = DashedVMobject(path, num_dashes=24)
            swatch = DashedVMobject(swatch, num_dashes=3)
        dots = [Dot(p, radius=0.05, color=colour) for p in pts]
        word_dots = dots  # the last line drawn: the word-by-word's
        ends.append(dots[-1])
        parts.add(path, *dots)
        key.add(VGroup(swatch, label(f"{name}: {pct(float(acc[-1]))} at "
                                     f"{int(round(2**x1)):,} words back", colour))
                .arrange(RIGHT, buff=0.12))  # fmt: skip
    # the ends' distances, the axis named under them
    first = label(f"{int(round(2**x0)):,}", pal.text).next_to(at(x0, 0), DOWN, 0.1)
    last = label(f"{int(round(2**x1)):,}", pal.text)
    last.next_to(at(x1, 0), DOWN, 0.1).align_to(axis, RIGHT)
    name = label("words back, doubling", pal.text).next_to(VGroup(first, last),
                                                           DOWN, 0.06)
    ticks = VGroup(first, last, name.align_to(first, LEFT))
    ys = VGroup(*[label(w, pal.text).next_to(at(x0, y), LEFT, 0.1)
                  for w, y in (("0%", 0.0), ("100%", 1.0))])  # fmt: skip
    y_name = label("right answers", pal.text).next_to(axis, UP, 0.12).align_to(
        axis, LEFT)
    if chance is not None:
        swatch = DashedLine([0, 0, 0], [0.4, 0, 0], color=pal.muted, stroke_width=1.5)
        key.add(VGroup(swatch, label(f"blind guess (1 of {round(1 / float(chance))} "
                                     f"colours): {pct(float(chance))}",
                                     pal.muted)).arrange(RIGHT, buff=0.12))
    key.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
    key.next_to(ticks, DOWN, 0.14).align_to(ys, LEFT)
    parts.add(ticks, ys, y_name, key)
    asked = recall_question(lr, pal) if question else None
    if asked is not None:  # the test itself, left of the plot, level with its foot
        asked.next_to(parts, LEFT, buff=0.35).align_to(parts, DOWN)
        out = Group(parts, asked)
    else:
        out = Group(parts)
    out.ends = ends  # the transformer's last point, the word-by-word's
    out.key = key
    if near_note:  # the word-by-word's closest point ringed, with a note
        dot = word_dots[0]
        ring = Circle(radius=0.14, color=pal.accent, stroke_width=2.5).move_to(dot)
        note = label(near_note, pal.accent).next_to(ring, UP, buff=0.04)
        note.align_to(ring, LEFT)
        out.add(VGroup(ring, note))
    return out


def prompt_pictures(hy: Trace, pal: style.Palette, height: float = 0.5) -> Group:
    """The hybrid's pictures for its prompts, each framed, its prompt under it
    in two lines, "never seen" under the held-out ones."""
    cells = Group()
    for img, prompt, held in zip(hy["frames"][-1], hy["prompt_text"], hy["held_out"],
                                 strict=False):  # fmt: skip
        pic = picture(img, height)
        frame = Rectangle(width=height, height=height, stroke_width=1,
                          stroke_color=pal.muted).move_to(pic)  # fmt: skip
        words = str(prompt).split()
        half = (len(words) + 1) // 2
        lines = VGroup(label(" ".join(words[:half]), pal.text),
                       label(" ".join(words[half:]), pal.text))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.05)
        if bool(held):
            lines.add(label("never seen", pal.accent))
            lines.arrange(DOWN, aligned_edge=LEFT, buff=0.05)
        lines.next_to(frame, DOWN, buff=0.06).align_to(frame, LEFT)
        cells.add(Group(pic, frame, lines))
    return cells.arrange(RIGHT, buff=0.2, aligned_edge=UP)


def read_right(hy: Trace) -> np.ndarray:
    """Per prompt drawn step by step: True where the independent check read
    its final picture's colour, shape and place all as asked."""
    asked = np.asarray(hy["asked"])
    read = np.stack([np.asarray(hy[k]) for k in
                     ("read_colour", "read_shape", "read_position")], -1)
    return (read == asked).all(-1)


def shown_prompt(hy: Trace) -> int:
    """The prompt the hybrid's flow shows: the first held-out one the check
    read as asked, else the first read as asked, else the first; chosen by
    what was measured, not by eye."""
    right, held = read_right(hy), np.asarray(hy["held_out"], bool)
    for ok in (right & held, right):
        if ok.any():
            return int(np.argmax(ok))
    return 0


def hybrid_flow(hy: Trace, pal: style.Palette, k: int,
                height: float = 2.2) -> Group:  # fmt: skip
    """Prompt ``k`` through the hybrid, left to right: its words, the prompt
    reader (a transformer), diffusion, and the finished picture ``height``
    units tall, with what the check read under it. Parts, in order:
    ``.steps`` (words, reader, diffusion, picture) and ``.arrows``."""
    said = str(hy["prompt_text"][k]).split()
    half = (len(said) + 1) // 2
    words = VGroup(label("prompt:", pal.muted),
                   label("\u201c" + " ".join(said[:half]), pal.text, style.BODY_SIZE),
                   label(" ".join(said[half:]) + "\u201d", pal.text,
                         style.BODY_SIZE)).arrange(DOWN, aligned_edge=LEFT,
                                                   buff=0.1)  # fmt: skip

    def box(lines: list[str], colour: str) -> VGroup:
        text = VGroup(*[label(w, colour, style.BODY_SIZE if i == 0 else
                              style.LABEL_SIZE) for i, w in enumerate(lines)])
        text.arrange(DOWN, buff=0.1)
        frame = RoundedRectangle(corner_radius=0.12, width=text.width + 0.4,
                                 height=text.height + 0.4, stroke_color=colour,
                                 stroke_width=2).move_to(text)  # fmt: skip
        return VGroup(frame, text)

    reader = box(["prompt reader", "a transformer,", "trained here"], pal.guess)
    drawer = box(["diffusion", "draws, starting", "from static"], pal.data)
    pic = picture(np.asarray(hy["frames"][-1][k]), height)
    frame = Rectangle(width=height, height=height, stroke_width=1,
                      stroke_color=pal.muted).move_to(pic)  # fmt: skip
    held, right = bool(hy["held_out"][k]), bool(read_right(hy)[k])
    notes = []
    if held:
        notes.append(("this combination never seen in training", pal.accent))
    notes.append(("the checking program reads it as asked" if right
                  else "the checking program does not read it as asked",
                  pal.text))
    under = VGroup(*[label(w, c) for w, c in notes]).arrange(
        DOWN, aligned_edge=LEFT, buff=0.06)
    drawn = Group(pic, frame)
    steps = [words, reader, drawer, drawn]
    row = Group(*steps).arrange(RIGHT, buff=0.7)
    under.next_to(drawn, DOWN, buff=0.1)
    if under.get_right()[0] > 6.9:
        under.shift(LEFT * (under.get_right()[0] - 6.9))
    arrows = VGroup(*[
        Arrow(a.get_right(), b.get_left(), buff=0.12, color=pal.muted,
              stroke_width=3, max_tip_length_to_length_ratio=0.3)
        for a, b in zip(steps, steps[1:], strict=False)
    ])  # fmt: skip
    flow = Group(row, arrows, under)
    flow.steps, flow.arrows, flow.notes = steps, arrows, under
    return flow


def share_bars(items: list[tuple[str, float, str]], pal: style.Palette,
               width: float = 6.0, bar_height: float = 0.3,
               totals: list | None = None) -> VGroup:  # fmt: skip
    """Shares (0-1) as bars against a faint full-length track (100%), one
    under another: (name, share, colour), the name above each bar and its
    share at the track's end, with "= k/n" after it where ``totals`` gives
    the bar's count n."""
    rows = VGroup()
    totals = list(totals or [None] * len(items))
    for (name, share, colour), n in zip(items, totals, strict=True):
        track = Rectangle(width=width, height=bar_height, stroke_color=pal.muted,
                          stroke_width=1)  # fmt: skip
        bar = Rectangle(width=max(0.03, width * float(share)), height=bar_height,
                        stroke_width=0).set_fill(colour, opacity=1)
        bar.align_to(track, LEFT)
        title = label(name, pal.text).next_to(track, UP, 0.08).align_to(track, LEFT)
        said = (f"{pct(share)} = {round(float(share) * n):,}/{int(n):,}" if n
                else pct(share))  # fmt: skip
        value = label(said, colour, style.BODY_SIZE).next_to(track, RIGHT, 0.2)
        rows.add(VGroup(title, track, bar, value))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)


__all__ = [
    "collapse_count",
    "close_up",
    "collapse_pair",
    "digit_passes",
    "diffusion_makes",
    "digit_row",
    "gan_digit_row",
    "hybrid_flow",
    "memory_bars",
    "prompt_pictures",
    "recall_plot",
    "scaling_plot",
    "redraw_pair",
    "read_right",
    "share_bars",
    "shown_prompt",
    "speed_lines",
]


def asking_word(at: Trace) -> int:
    """The word of the ``attention`` trace's sentence whose focus-head row is
    drawn: the one whose next word is decided furthest back (the trace's
    ``decider``), else the last word before the full stop."""
    decider = np.asarray(at["decider"])
    pos = np.arange(len(decider))
    far = np.where(decider >= 0, pos - decider, -1)
    if far.max() > 0:
        return int(far.argmax())
    return len(decider) - 2


AGREE = {"is": "are", "are": "is", "was": "were", "were": "was"}


def next_spoken(at: Trace) -> str:
    """The attention example's point, spoken: the asking word looks hardest
    at the word that decides the next one, which must agree with it; "" when
    the trace's weights and ``decider`` do not say so."""
    vocab = [str(w) for w in at["vocab"]]
    tokens = [vocab[int(t)] for t in at["tokens"]]
    ask = asking_word(at)
    layer, head = (int(v) for v in at["focus"])
    weights = np.asarray(at["attn"], float)[layer, head, ask]
    start = 1 if tokens[0] == "." else 0
    top = max(range(start, ask), key=lambda k: weights[k])
    if not next_said(at, ask, top):
        return ""
    nxt = tokens[ask + 1]
    other = AGREE.get(nxt)
    after = tokens[ask + 2] if ask + 2 < len(tokens) else ""
    if other and other in vocab and after not in ("", "."):
        return ("In a small made-up language that uses English words, the "
                f"model stands at \u201c{tokens[ask]}\u201d, guessing the next "
                f"word; to choose \u201c{nxt}\u201d or \u201c{other}\u201d it "
                f"looks hardest back at \u201c{tokens[top]}\u201d: "
                f"{counted(tokens[top], nxt)}, so \u201c{nxt}\u201d, not "
                f"\u201c{other}\u201d.")
    return (f"Here \u201c{tokens[ask]}\u201d looks hardest back at "
            f"\u201c{tokens[top]}\u201d, the word that decides the next one.")


def counted(noun: str, verb: str) -> str:
    """Why ``verb`` agrees with ``noun``, in two words: "one book" for a
    verb of one thing ("is", "was"), "several keys" for one of more."""
    return f"one {noun}" if verb in ("is", "was") else f"several {noun}"


def next_said(at: Trace, ask: int, top: int) -> str:
    """Why the word looked at matters, on screen: the next word, which the
    trace's ``decider`` says is decided by ``top``, with the form it must not
    take when it is a verb that agrees ("is", not "are"); "" when the
    trace does not say ``top`` decides it."""
    vocab = [str(w) for w in at["vocab"]]
    tokens = [vocab[int(t)] for t in at["tokens"]]
    if int(np.asarray(at["decider"])[ask]) != top or ask + 1 >= len(tokens):
        return ""
    nxt = tokens[ask + 1]
    other = AGREE.get(nxt)
    if other and other in vocab:
        return (f"next word: \u201c{nxt}\u201d, not \u201c{other}\u201d: "
                f"{counted(tokens[top], nxt)}")
    return f"next word: \u201c{nxt}\u201d, decided by \u201c{tokens[top]}\u201d"


def how_attention_weights(at: Trace, pal: style.Palette) -> list:
    """What attention does, from the ``attention`` trace: its sentence, then
    an arrow from the asking word back to each earlier word, each arrow's
    width and brightness its recorded weight (the focus head), largest last,
    and a note saying which word it looked at most, chosen by the weights.
    The words after the asking one are ``whole.answer``, not in the parts:
    shown when the answer is said."""
    vocab = [str(w) for w in at["vocab"]]
    tokens = [vocab[int(t)] for t in at["tokens"]]
    ask = asking_word(at)
    layer, head = (int(v) for v in at["focus"])
    weights = np.asarray(at["attn"], float)[layer, head, ask]
    start = 1 if tokens[0] == "." else 0  # the "." a sentence may start after
    shown = list(range(start, len(tokens)))
    # one text, cut into its words: every word on the same baseline
    line = label("  ".join(tokens[k] for k in shown), pal.text, style.BODY_SIZE)
    row, i = VGroup(), 0
    for k in shown:
        n = len(tokens[k].replace(" ", ""))
        row.add(VGroup(*line.submobjects[i : i + n]))
        i += n
    words = dict(zip(shown, row, strict=True))
    # the words after the asking one are the answer: kept apart, shown
    # (dimmed, not read yet) only once the voice reaches it
    answer = VGroup(*[words[k] for k in shown if k > ask])
    for w in answer:
        w.set_opacity(0.35)
        row.remove(w)
    asker = words[ask]
    asker.set_color(pal.accent)
    earlier = [k for k in shown if k < ask]
    arrows = []
    for k in earlier:
        w = float(weights[k])
        dist = ask - k
        arrows.append((w, CurvedArrow(
            asker.get_top() + UP * 0.1, words[k].get_top() + UP * 0.1,
            angle=min(1.4, 0.5 + 0.12 * dist), color=pal.accent,
            stroke_width=2.0 + 8.0 * w, tip_length=0.1 + 0.12 * w,
            stroke_opacity=0.65 + 0.35 * w)))  # fmt: skip
    for _, a in arrows:
        a.tip.set_fill(opacity=a.get_stroke_opacity())
    top = max(earlier, key=lambda k: weights[k])
    here = label("the model is here, guessing the next word", pal.accent)
    # under the asking word (the arrows rise over the words)
    here.next_to(asker, DOWN, buff=0.12).align_to(asker, RIGHT)
    here.shift(RIGHT * min(0.0, 6.9 - here.get_right()[0]))
    key = label("thicker arrow = looks there more", pal.text)
    looks = (f"\u201c{tokens[ask]}\u201d looks hardest at "
             f"\u201c{tokens[top]}\u201d")
    lines = [label(looks, pal.accent)]
    nxt = next_said(at, ask, top)
    if nxt:
        lines.append(label(nxt, pal.accent))
    note = VGroup(*lines, key).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
    note.next_to(VGroup(row, here), DOWN, buff=0.25).align_to(row, LEFT)
    # faint arrows first, the heaviest last
    parts = [Group(row, here), *[a for _, a in sorted(arrows, key=lambda p: p[0])],
             note]
    whole = Group(*parts, answer)
    whole.answer = answer
    return [whole, parts]


def reach_rule(gp: Trace) -> tuple[float, int]:
    """The trace's own rule for a spot reached: the ring's radius in data
    units (``near_sigmas`` x ``mode_std``) and one fake in how many
    (1 / ``cover_share``) must land inside it."""
    cfg = gp.config
    radius = float(cfg.get("near_sigmas", 3.0)) * float(cfg.get("mode_std", 0.05))
    return radius, int(round(1 / float(cfg.get("cover_share", 0.02))))


def ring_runs(gp: Trace, pal: style.Palette, side: float = 1.9,
              shown: int = 3) -> Group:  # fmt: skip
    """``shown`` random starts of each run (normal training above, the gentler
    inspector below), each a ``side``-unit panel of its last fakes over the
    real spots, a ring of the trace's own reach radius round every spot, and
    under it how many spots it reached (``seed_final_covered``); every panel
    framed alike (the spots' ring plus a margin, no stretch), fakes beyond it
    left out and said so. Empty when the trace lacks every start."""
    from manim import config

    if "final_fake" not in gp.arrays or "seed_final_covered" not in gp.arrays:
        return Group()
    real, modes = np.asarray(gp["data"]), np.asarray(gp["modes"])
    cov = np.asarray(gp["seed_final_covered"])
    n_modes, seeds = len(modes), cov.shape[1]
    fakes = np.asarray(gp["final_fake"])
    ring_r, one_in = reach_rule(gp)
    extent = float(np.abs(modes).max()) + 4 * ring_r
    px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    dot = max(1.0, 1.3 * config.pixel_height / 720)
    scale = side / (2 * extent)
    seen = seed_outcomes(cov, n_modes)
    rows, outside = [], 0
    piled = []
    for r, name in enumerate(("normal training", "a gentler inspector")):
        panels = []
        for s in range(min(shown, seeds)):
            f = fakes[r, s][:4000]
            # a dot drawn at the very edge spills past the frame: the fakes
            # kept a dot's width inside it, the rest left out
            inside = (np.abs(f) <= extent * 0.96).all(1)
            outside += int((~inside).sum())
            f = f[inside]
            # the fakes drawn over the real spots: a spot the fakes reached
            # is covered yellow, one they missed stays blue
            img = crisp_image(rasterize_points(
                [(real, pal.data, 0.9), (f, pal.sample, 0.9)], extent, px, dot), side)
            frame = Rectangle(width=side, height=side, stroke_width=1,
                              stroke_color=pal.muted).move_to(img)  # fmt: skip
            mid = img.get_center()
            # the reach rings thick, bright and filled see-through: seen at
            # a glance even at GIF size
            rings = VGroup(*[Circle(radius=ring_r * scale, color=pal.text,
                                    stroke_width=2, stroke_opacity=1.0)
                             .move_to(mid + np.array([m[0], m[1], 0]) * scale)
                             for m in modes])  # fmt: skip
            got = int(cov[r, s])
            colour = pal.accent if got <= n_modes // 2 else pal.text
            if r == 0:  # normal training's pile, circled when it is said
                piled.append((f, img))
            panels.append(captioned(Group(img, frame, rings),
                                    f"reached {got} of {n_modes}", colour))
        head = VGroup(label(name, pal.accent if r else pal.text),
                      label(f"{min(shown, seeds)} of its {seeds} runs;", pal.text),
                      label(f"collapsed in {seen.collapsed[r]} of {seeds}",
                            pal.accent if seen.collapsed[r] else pal.text),
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        strip = Group(*panels).arrange(RIGHT, buff=0.2, aligned_edge=UP)
        rows.append(Group(head, strip).arrange(RIGHT, buff=0.3, aligned_edge=UP))
    grid = Group(*rows).arrange(DOWN, buff=0.25, aligned_edge=RIGHT)
    # the key in two short lines: what the colours are
    key = VGroup(label("blue = real kinds", pal.data),
                 label("yellow = fakes", pal.sample))
    key.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
    key.next_to(grid, RIGHT, buff=0.35).align_to(grid, UP)
    # each normal run's pile circled where it lies, and named, once laid out
    piles = VGroup()
    for f, img in piled:
        pile = pile_circle(f, extent, side, pal.accent)
        if pile is not None:
            piles.add(pile.set_stroke(width=3).shift(img.get_center()))
    if len(piles):
        piles.add(label("one kind of fake, repeated", pal.accent)
                  .next_to(key, DOWN, buff=0.3).align_to(key, LEFT))
    # each run's row its own part, shown as said; the circles when said
    out = Group(*rows, piles, key)
    out.rows = rows
    out.piles = piles
    return out


def speed_bars(gs: Trace, pal: style.Palette, width: float = 8.0) -> list:
    """The GAN's time for one digit against diffusion's as two bars on one
    plain (linear) scale, from the speed trace, so the gap looks as big as it
    is: the slower bar full width, the faster one a sliver (never thinner
    than can be seen), each named with its passes and time, then how many
    times faster the GAN was, rounded. Returns [the whole, its parts in
    order]."""
    method = [str(m) for m in gs["method"]]
    gan, ddpm = method.index("GAN"), method.index("DDPM")
    per, passes = gs["ms_per_sample"], gs["passes"]
    t_gan, t_ddpm = float(per[gan]), float(per[ddpm])
    longest = max(t_gan, t_ddpm)
    rows, thinnest = [], 0.05  # the thinnest bar still seen
    for y, t, n, colour, name in ((0.9, t_gan, int(passes[gan]), pal.sample, "GAN"),
                                  (0.0, t_ddpm, int(passes[ddpm]), pal.data,
                                   "diffusion")):
        w = max(thinnest, width * t / longest)
        bar = Rectangle(width=w, height=0.3, stroke_width=0, fill_color=colour,
                        fill_opacity=0.9).move_to([w / 2, y, 0])
        words = label(f"{name}: {n:,} pass{'es' if n != 1 else ''}, {ms(t)}",
                      colour).next_to(bar, UP, buff=0.08)
        rows.append(VGroup(bar, words.align_to([0, 0, 0], LEFT)))
    # to scale, unless the faster bar had to be widened to be seen at all
    widened = width * min(t_gan, t_ddpm) / longest < thinnest
    scale = label("time to make one digit" + (", the thinner bar widened to be "
                  "seen" if widened else ", to scale"), pal.text)
    scale.next_to(rows[0], UP, buff=0.2).align_to([0, 0, 0], LEFT)
    ratio = t_ddpm / t_gan
    said = (f"GAN: {times(ratio)} faster" if ratio >= 1.5
            else f"diffusion: {times(1 / ratio)} faster" if ratio <= 1 / 1.5
            else "about as fast as each other")
    gap = label(said, pal.accent, style.BODY_SIZE)
    gap.next_to(rows[1], DOWN, buff=0.25).align_to([0, 0, 0], LEFT)
    parts = [VGroup(scale, rows[0]), rows[1], gap]
    whole = Group(*parts)
    whole.move_to([0, 0, 0])
    return [whole, parts]


def collapse_one(gp: Trace, pal: style.Palette, side: float = 2.0) -> list:
    """One plain GAN run's fakes (its start that reached the fewest spots) on
    the real spots, as parts: the real spots with their key, the fakes over
    them with theirs, then a circle round the pile, "one kind of fake"."""
    from manim import config

    real = np.asarray(gp["data"])
    n_modes = len(gp["modes"])
    if "final_fake" in gp.arrays and "seed_final_covered" in gp.arrays:
        cov = np.asarray(gp["seed_final_covered"])
        fake = np.asarray(gp["final_fake"][0, int(np.argmin(cov[0]))][:2000])
    else:
        fake = np.asarray(gp["fake"][0, -1])
    fake = fake.reshape(-1, 2)
    every = np.concatenate([fake, real.reshape(-1, 2)])
    extent = max(1e-6, float(np.abs(every).max()) * 1.1)
    px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    radius = max(1.0, 2.2 * config.pixel_height / 720)
    real_img = crisp_image(rasterize_points([(real, pal.data, 0.9)], extent, px,
                                            radius), side)
    both = crisp_image(rasterize_points([(fake, pal.sample, 0.9),
                                         (real, pal.data, 0.9)], extent, px,
                                        radius), side)  # fmt: skip
    frame = Rectangle(width=side, height=side, stroke_width=1,
                      stroke_color=pal.muted).move_to(real_img)
    both.move_to(real_img)
    key_real = label(f"blue: real dots, from {n_modes} spots", pal.data)
    key_fake = label("yellow: the GAN's fakes", pal.sample)
    VGroup(key_real, key_fake).arrange(DOWN, aligned_edge=LEFT, buff=0.12) \
        .next_to(frame, RIGHT, buff=0.35).align_to(frame, UP)
    parts = [Group(real_img, frame, key_real), Group(both, key_fake)]
    pile = pile_circle(fake, extent, side, pal.accent)
    if pile is not None:
        pile.shift(real_img.get_center())
        said = label("one kind of fake, repeated", pal.accent)
        said.next_to(key_fake, DOWN, buff=0.3).align_to(key_fake, LEFT)
        parts.append(VGroup(pile, said))
    whole = Group(*parts)
    return [whole, parts]


def pairs_grow(pal: style.Palette, cell: float = 0.26) -> list:
    """Twice the words, four times the pairs: a 3x3 grid (3 words, every
    word with every word) beside a 6x6 one, each counted, as parts."""
    out = []
    for n in (3, 6):
        grid = VGroup(*[Rectangle(width=cell, height=cell, stroke_width=1,
                                  stroke_color=pal.accent, fill_color=pal.accent,
                                  fill_opacity=0.5)
                        for _ in range(n * n)]).arrange_in_grid(n, n, buff=0.02)
        words = label(f"{n} words: {n * n} pairs", pal.text)
        out.append(VGroup(grid, words.next_to(grid, DOWN, buff=0.15)))
    out[1].next_to(out[0], RIGHT, buff=1.8)
    out[1].shift(UP * (out[0][0].get_center()[1] - out[1][0].get_center()[1]))
    arrow = Arrow(out[0][0].get_right(), out[1][0].get_left(), buff=0.2,
                  color=pal.text, stroke_width=2, max_tip_length_to_length_ratio=0.15)
    note = label("twice the words, 4x the pairs", pal.accent)
    note.next_to(VGroup(out[0], out[1]), UP, buff=0.15)
    parts = [out[0], VGroup(arrow, note), out[1]]
    return [Group(*parts), parts]
