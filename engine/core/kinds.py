"""What each kind of trace must hold: its arrays, their dims, units and meaning.

The validator in ``engine/core/trace.py`` checks traces against these specs, and
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


# Every chapter's kinds, by name, collected here by ``engine/registry.py``
# (which ``import engine`` runs first), so the validator, the recorder and the
# command line see one table while each chapter keeps its own kinds.
KINDS: dict[str, KindSpec] = {}
