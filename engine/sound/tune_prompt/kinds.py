"""Trace kinds of ``engine/sound/tune_prompt/``. Plain data, no torch:
``engine/registry.py`` collects it into the core's tables.
"""

from __future__ import annotations

from engine.core.kinds import KindSpec
from engine.core.recorders import RecorderEntry

KINDS: dict[str, KindSpec] = {}

RECORDERS: dict[str, RecorderEntry] = {}
