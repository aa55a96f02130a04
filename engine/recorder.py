"""Opt-in recording of named tensors during training or sampling.

Loops call ``recorder.record(name, tensor)`` only when a recorder was passed, so
they run the same with or without one. Tensors become numpy at this boundary.
"""

from __future__ import annotations

import numpy as np


class Recorder:
    """Collects snapshots of named tensors; ``stacked()`` gives one array per name."""

    def __init__(self, names: list[str] | None = None):
        # An explicit list of names to keep; None keeps everything recorded.
        self.names = set(names) if names is not None else None
        self.frames: dict[str, list[np.ndarray]] = {}

    def wants(self, name: str) -> bool:
        return self.names is None or name in self.names

    def record(self, name: str, value) -> None:
        if not self.wants(name):
            return
        if hasattr(value, "detach"):
            value = value.detach().cpu().numpy()
        self.frames.setdefault(name, []).append(np.array(value, copy=True))

    def stacked(self) -> dict[str, np.ndarray]:
        """Each name's snapshots stacked along a new first dim (frame)."""
        return {name: np.stack(snaps) for name, snaps in self.frames.items()}
