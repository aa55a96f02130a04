"""Every chapter's trace kinds, recorders and scene needs, collected into the
core's three tables (``engine.core.kinds.KINDS``, ``engine.core.recorders.
RECORDERS``, ``engine.core.needs.SCENE_NEEDS``).

The core imports no chapter, so it cannot list them itself; this module, run
by ``import engine`` before anything else in the package, is the one place
that names every chapter. A new chapter adds its ``kinds`` (and ``needs``, if
its scenes read more than the kind requires) to ``CHAPTERS``.

Plain data: importing it never loads torch (recorders load their modules only
when asked to record).
"""

from __future__ import annotations

from engine.compare import kinds as compare_kinds
from engine.compare import needs as compare_needs
from engine.core.kinds import KINDS
from engine.core.needs import SCENE_NEEDS
from engine.core.recorders import RECORDERS
from engine.diffusion import kinds as diffusion_kinds
from engine.diffusion import needs as diffusion_needs
from engine.gan import kinds as gan_kinds
from engine.gan import needs as gan_needs
from engine.hybrid import kinds as hybrid_kinds
from engine.sound.melody import kinds as melody_kinds
from engine.sound.sound_diffusion import kinds as sound_diffusion_kinds
from engine.sound.tune_prompt import kinds as tune_prompt_kinds
from engine.transformer import kinds as transformer_kinds
from engine.transformer import needs as transformer_needs
from engine.transformer.long_range import kinds as long_range_kinds
from engine.transformer.long_range import needs as long_range_needs
from engine.transformer.scaling import kinds as scaling_kinds

# In the order a viewer meets them: this is the order of `python -m engine list`
# and of docs/trace-kinds.md.
CHAPTERS = (
    (diffusion_kinds, diffusion_needs),
    (gan_kinds, gan_needs),
    (compare_kinds, compare_needs),
    (transformer_kinds, transformer_needs),
    (long_range_kinds, long_range_needs),
    (scaling_kinds, None),
    (hybrid_kinds, None),
    (sound_diffusion_kinds, None),
    (melody_kinds, None),
    (tune_prompt_kinds, None),
)


def _merge(table: dict, entries: dict, what: str) -> None:
    """Add ``entries`` to ``table``; a name two chapters both claim is a bug."""
    for name, entry in entries.items():
        if name in table and table[name] is not entry:
            raise RuntimeError(f"{what} {name!r} is declared by two chapters")
        table[name] = entry


for _kinds, _needs in CHAPTERS:
    _merge(KINDS, _kinds.KINDS, "trace kind")
    _merge(RECORDERS, _kinds.RECORDERS, "recorder")
    if _needs is not None:
        _merge(SCENE_NEEDS, _needs.SCENE_NEEDS, "scene")
