"""ThreeArchitectures' evidence: a small picture under each claim, drawn from
the traces the figure beside it was read from.

A newcomer reading "8 of 8 training runs collapsed" beside the words "mode
collapse" has only words for both; the same figure beside a scatter of fakes
piled on one spot and another spread over every blob is seen at once. Each
function returns Mobjects sized for one table column (``width`` scene units);
every pixel, point and bar comes from a trace, none is invented.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Group, Rectangle, VGroup

from engine.core.trace import Trace
from scenes.hybrid.draw import label, nbytes, picture
from scenes.kit import style
from scenes.kit.images import crisp_image, opaque_rgba, pixel_image
from scenes.kit.numbers import duration
from scenes.kit.raster import rasterize_points
from scenes.kit.seed_outcomes import seed_outcomes


def captioned(mob, words: str, colour: str, buff: float = 0.08) -> Group:
    """``mob`` with ``words`` under it, left edges aligned."""
    return Group(mob, label(words, colour).next_to(mob, DOWN, buff=buff)
                 .align_to(mob, LEFT))  # fmt: skip


def side_by_side(items: list, buff: float = 0.25) -> Group:
    """Items in a row, tops aligned."""
    return Group(*items).arrange(RIGHT, buff=buff, aligned_edge=UP)


def digit_passes(dd: Trace, pal: style.Palette, height: float = 0.5) -> Group:
    """One prompted digit after 0, 250, 500, 750 and all 1,000 denoising passes
    (the diffusion trace's ``reverse`` frames), in a row: many small steps,
    one after another."""
    t = np.asarray(dd["reverse_t"])  # noise level of each recorded frame
    frames, total = dd["reverse"], int(t.max())
    done = total - t  # passes made before each frame
    picks = [int(np.argmin(np.abs(done - k * total / 4))) for k in range(5)]
    digit = 3 if frames.shape[1] > 3 else 0
    cells = [captioned(pixel_image(frames[i, digit], pal.background, pal.text,
                                   height), f"{int(done[i]):,}", pal.muted)
             for i in picks]  # fmt: skip
    return side_by_side(cells, buff=0.18)


def digit_row(dd: Trace, pal: style.Palette, height: float = 0.28) -> Group:
    """The diffusion model's finished digits for its prompts (0 to 9), in a
    row, captioned with what was asked."""
    final = dd["reverse"][-1]
    cells = Group(*[pixel_image(d, pal.background, pal.text, height) for d in final])
    cells.arrange(RIGHT, buff=0.06)
    asked = [str(int(p)) for p in dd["prompts"]]
    words = f"asked for {asked[0]} to {asked[-1]}" if len(asked) > 1 else "asked"
    return captioned(cells, words, pal.muted)


def yardstick(ratio: float) -> str:
    """How long the slower method would take while the faster takes one
    second: ``ratio`` is slower time over faster time."""
    return f"if the GAN took 1 second, diffusion would take {duration(ratio)}"


def gan_makes(faces: Trace, i2i: Trace, pal: style.Palette,
              height: float = 0.6) -> Group:  # fmt: skip
    """One face from the ready-made generator, and one held-out picture the
    image-to-image GAN redrew: its small input and its output."""
    method = [str(m) for m in i2i["method"]]
    held = i2i["held_images"]
    small = held[method.index("input")][0] if "input" in method else None
    big = held[method.index("GAN")][0]
    face = opaque_rgba(np.asarray(faces["face"][0], float))
    items = [captioned(crisp_image(face, height), "a face", pal.muted)]
    if small is not None:
        items.append(captioned(picture(small, height), "small in", pal.muted))
    items.append(captioned(picture(big, height), "redrawn", pal.muted))
    return side_by_side(items, buff=0.2)


def sharp_pair(i2i: Trace, pal: style.Palette, height: float = 0.8) -> Group:
    """One held-out picture redrawn large by the same network trained on pixel
    error alone, and by the GAN (with the inspector)."""
    method = [str(m) for m in i2i["method"]]
    held = i2i["held_images"]
    return side_by_side([
        captioned(picture(held[method.index("L1 alone")][0], height),
                  "without", pal.muted),
        captioned(picture(held[method.index("GAN")][0], height),
                  "with inspector", pal.accent),
    ])  # fmt: skip


def collapse_pair(gp: Trace, pal: style.Palette, side: float = 0.9,
                  shown: int = 2000) -> Group:  # fmt: skip
    """The points GAN's fakes after training, one random start of each run:
    the plain GAN from a start that covered the fewest blobs, the one with the
    brake from a start that covered the most; real points beneath in the data
    colour. Falls back to the recorded run's last round without every start."""
    from manim import config

    real = np.asarray(gp["data"])
    # the trace's drawing extent; a trace without one is framed by its data
    reach = float(np.abs(real).max()) * 1.2 if real.size else 1.0
    extent = float(gp.extents.get("x", (0.0, reach))[1]) or 1.0
    px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    radius = max(1.0, 1.6 * config.pixel_height / 720)
    if "final_fake" in gp.arrays and "seed_final_covered" in gp.arrays:
        cov = np.asarray(gp["seed_final_covered"])
        fakes = [gp["final_fake"][0, int(np.argmin(cov[0]))][:shown],
                 gp["final_fake"][1, int(np.argmax(cov[1]))][:shown]]  # fmt: skip
    else:
        fakes = [gp["fake"][0, -1], gp["fake"][1, -1]]
    cells = []
    for fake, words, colour in zip(fakes, ("left alone", "with the brake"),
                                   (pal.muted, pal.accent), strict=True):  # fmt: skip
        layers = [(real, pal.data, 0.5), (np.asarray(fake), pal.sample, 0.9)]
        rgba = rasterize_points(layers, extent, px, radius)
        img = crisp_image(rgba, side)
        frame = Rectangle(width=side, height=side, stroke_width=1,
                          stroke_color=pal.muted).move_to(img)  # fmt: skip
        cells.append(captioned(Group(img, frame), words, colour))
    pair = side_by_side(cells)
    key = VGroup(label("blue: real", pal.data), label("yellow: fakes", pal.sample))
    key.arrange(RIGHT, buff=0.2).next_to(pair, DOWN, buff=0.06).align_to(pair, LEFT)
    return Group(pair, key)


def collapse_count(gp: Trace, n_modes: int) -> tuple[int, int]:
    """How many random starts of the plain GAN collapsed, and of how many."""
    seen = seed_outcomes(np.asarray(gp["seed_final_covered"]), n_modes)
    return seen.collapsed[0], seen.seeds


def memory_bars(ac: Trace, pal: style.Palette, width: float = 3.2,
                height: float = 0.9) -> VGroup:  # fmt: skip
    """The attention cost trace's memory at each length, as bars to one scale
    (the short texts' bars are too small to see, which is the point), the
    shortest and longest lengths labelled under their bars and the longest's
    memory on top."""
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
    notes = VGroup(
        label(f"{int(lengths[-1]):,} words", pal.muted).next_to(bars[-1], DOWN, 0.08)
        .align_to(bars[-1], RIGHT),
        label(nbytes(used[-1]), pal.accent).next_to(bars[-1], UP, 0.06)
        .align_to(bars[-1], RIGHT),
        label(f"{int(lengths[0]):,} words", pal.muted).next_to(bars[0], DOWN, 0.08)
        .align_to(bars[0], LEFT),
    )  # fmt: skip
    return VGroup(bars, notes)


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


__all__ = [
    "collapse_count",
    "collapse_pair",
    "digit_passes",
    "digit_row",
    "gan_makes",
    "memory_bars",
    "prompt_pictures",
    "sharp_pair",
    "yardstick",
]
