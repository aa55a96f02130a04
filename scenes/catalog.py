"""Every scene, by chapter, in the order a viewer should watch them."""

from __future__ import annotations

import importlib
import inspect

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
    "hybrid": ["PromptToImage", "ThreeArchitectures"],
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


# How chapters are titled for viewers (gallery, lecture chapters).
CHAPTER_TITLES = {
    "diffusion": "Diffusion models",
    "gan": "GANs",
    "transformer": "Transformers",
    "hybrid": "Hybrids: a transformer reads, a diffusion model draws",
}


def chapter_title(chapter: str) -> str:
    return CHAPTER_TITLES.get(chapter, chapter.capitalize())


def ordered() -> list[tuple[str, str]]:
    """(chapter, scene) for every scene, in viewing order."""
    return [(chapter, name) for chapter, names in SCENES.items() for name in names]


def describe(name: str) -> str:
    """One line on what scene ``name`` shows: its docstring, joined into a line."""
    doc = inspect.getdoc(find_scene(name)) or name
    return " ".join(doc.split("\n\n")[0].split())
