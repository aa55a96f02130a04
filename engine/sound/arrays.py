"""How the sound chapter's recorders store arrays in a trace."""

from __future__ import annotations

import numpy as np


def stored(a) -> np.ndarray:
    """``a`` as the chapter's traces keep it: floats as float32, integers as
    int32 (float64 and int64 would double the file for no digit shown), text
    and booleans as they are."""
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return a.astype(np.float32)
    if a.dtype.kind in "iu":
        return a.astype(np.int32)
    return a
