"""Which model records which kind of trace, with its config class.

Imports are lazy so that ``python -m engine check`` and ``list`` never load torch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class RecorderEntry:
    module: (
        str  # engine module with a config class and a record(cfg, out_path) function
    )
    config_class: str
    summary: str

    def load(self):
        mod = importlib.import_module(self.module)
        return getattr(mod, self.config_class), mod.record


# Every chapter's recorders, collected here by ``engine/registry.py``.
RECORDERS: dict[str, RecorderEntry] = {}
