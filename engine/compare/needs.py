"""What the OneShotGeneration scene reads from its trace beyond what the kind
requires (see ``engine/core/needs.py``). Plain data, no torch.
"""

from __future__ import annotations

from engine.core.needs import SceneNeeds
from engine.core.trace import Trace


def _one_shot(tr: Trace) -> str | None:
    """`method` names GAN, DDPM and DDIM"""
    methods = [str(m) for m in tr["method"]]
    missing = [m for m in ("GAN", "DDPM", "DDIM") if m not in methods]
    if missing:
        return f"needs methods named GAN, DDPM and DDIM; this trace has {methods}"
    return None


SCENE_NEEDS: dict[str, SceneNeeds] = {
    "OneShotGeneration": SceneNeeds("generation_speed", check=_one_shot),
}
