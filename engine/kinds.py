"""What each kind of trace must hold: its arrays, their dims, units and meaning.

The validator in ``engine/trace.py`` checks traces against these specs, and
``docs/trace-format.md`` describes them for people recording their own models.
Dim names are shared vocabulary: a dim named the same in two arrays of one
trace must have the same size. A dim spelled as a number (``"2"``) is fixed.

numpy-free and torch-free on purpose: it is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArraySpec:
    meaning: str
    dims: tuple[str, ...]
    units: str = ""
    # numpy dtype kinds accepted: "f" float, "i" signed int, "u" unsigned, "b" bool
    dtype_kinds: str = "f"
    optional: bool = False


@dataclass(frozen=True)
class KindSpec:
    description: str
    arrays: dict[str, ArraySpec] = field(default_factory=dict)


POINTS_DIFFUSION = KindSpec(
    description=(
        "A denoising diffusion model (DDPM) on 2D points: the forward noising of "
        "real data points and the reverse denoising of fresh noise, every step."
    ),
    arrays={
        "data": ArraySpec(
            "real training points the forward process starts from",
            ("point", "2"),
            "data units",
        ),
        "forward": ArraySpec(
            "the data points noised to step forward_t[k]",
            ("frame", "point", "2"),
            "data units",
        ),
        "forward_t": ArraySpec(
            "diffusion step of each forward frame (0 = clean)", ("frame",), "step", "iu"
        ),
        "reverse": ArraySpec(
            "samples during reverse denoising, from pure noise",
            ("frame", "sample", "2"),
            "data units",
        ),
        "reverse_x0": ArraySpec(
            "the model's guess of the clean samples at that step",
            ("frame", "sample", "2"),
            "data units",
        ),
        "reverse_t": ArraySpec(
            "diffusion step of each reverse frame (T first)", ("frame",), "step", "iu"
        ),
        "signal": ArraySpec(
            "share of the clean signal left at step t: sqrt(alpha_bar)",
            ("t",),
            "fraction",
        ),
        "noise": ArraySpec(
            "share of noise at step t: sqrt(1 - alpha_bar)", ("t",), "fraction"
        ),
        "loss": ArraySpec(
            "training loss (mean squared error on the noise), "
            "averaged over each logging interval",
            ("log",),
            "squared data units",
        ),
    },
)

KINDS: dict[str, KindSpec] = {
    "points_diffusion": POINTS_DIFFUSION,
}
