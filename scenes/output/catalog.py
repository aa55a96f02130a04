"""Every scene, by chapter, in the order a viewer should watch them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

# chapter folder (scenes/<chapter>/) -> its scenes, in order. Each scene is a
# class in one module of its chapter's folder; find_scene looks it up there.
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
    """The Scene class called ``name``, from the module of its chapter's folder
    (``scenes/<chapter>/*.py``) that defines it.

    Raises UnknownScene if no chapter lists ``name``, LookupError if its
    chapter's folder has no class of that name."""
    chapter = chapter_of(name)
    package = importlib.import_module(f"scenes.{chapter}")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"scenes.{chapter}.{info.name}")
        found = getattr(module, name, None)
        if found is not None and found.__module__ == module.__name__:
            return found
    raise LookupError(f"scene {name!r} is listed but not defined in scenes/{chapter}/")


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
