"""Every scene, by chapter, in the order a viewer should watch them."""

from __future__ import annotations

import importlib

# chapter module (scenes/<chapter>.py) -> its scenes, in order
SCENES: dict[str, list[str]] = {
    "diffusion": ["PointsFlow", "ForwardNoising", "ReverseDenoising", "DenoisingField",
                  "StepsVsSpeed", "GuidanceScale"],
    "gan": ["ForgerVsInspector", "ModeCollapse", "DigitForger", "OneShotGeneration"],
    "transformer": [
        "AttentionReads",
        "InsideAttention",
        "NextWord",
        "AttentionHeads",
        "LongContextCost",
    ],
}


class UnknownScene(LookupError):
    def __str__(self):
        return self.args[0]


def chapter_of(name: str) -> str:
    for chapter, names in SCENES.items():
        if name in names:
            return chapter
    known = ", ".join(n for names in SCENES.values() for n in names)
    raise UnknownScene(f"unknown scene {name!r} (known: {known})")


def find_scene(name: str):
    """The Scene class called ``name``."""
    module = importlib.import_module(f"scenes.{chapter_of(name)}")
    return getattr(module, name)
