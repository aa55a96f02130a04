"""Every scene, by chapter, in the order a viewer should watch them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

# chapter folder (scenes/<chapter>/) -> its scenes, in order. Each scene is a
# class in one module of its chapter's folder; find_scene looks it up there.
SCENES: dict[str, list[str]] = {
    "diffusion": [
        "PointsFlow",
        "ForwardNoising",
        "ReverseDenoising",
        "DenoisingField",
        "FieldSampling",
        "StepsVsSpeed",
        "GuidanceScale",
    ],
    "gan": [
        "ForgerVsInspector",
        "ModeCollapse",
        "DigitForger",
        "OneShotGeneration",
        "FaceGenerator",
        "FaceWalk",
        "ImageToImage",
    ],
    "transformer": [
        "AttentionReads",
        "InsideAttention",
        "NextWord",
        "AttentionHeads",
        "LongContextCost",
        "LongContextTime",
        "FarBack",
        "ScalingUp",
        "Subwords",
        "PretrainedHeads",
        "PronounHead",
    ],
    "hybrid": [
        "PromptToImage",
        "NewWords",
        "NewWordsScore",
        "TableDiffusionGAN",
        "TableTransformers",
        "ThreeArchitectures",
    ],
    "sound": [
        "NoteFromStatic",
        "MelodyWriter",
        "TuneFromWords",
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
    "sound": "Sound: diffusion and transformers on audio",
}


# Each scene's title for viewers (gallery headings, alt text); the class name
# stays in file names and links.
SCENE_TITLES = {
    "PointsFlow": "Points destroyed by noise, then drawn back from static",
    "ForwardNoising": "Training: a real digit destroyed by noise",
    "ReverseDenoising": "Generating: from static to the digit asked for",
    "DenoisingField": "What the model learned: a pull at every point",
    "FieldSampling": "Making a new point: a pull and a shake, step by step",
    "StepsVsSpeed": "How many steps does a digit need?",
    "GuidanceScale": "Guidance: how hard the model follows the prompt",
    "ForgerVsInspector": "A forger and an inspector, trained together",
    "ModeCollapse": "Mode collapse: a forger that settles for one trick",
    "DigitForger": "A GAN learns to draw handwritten digits",
    "OneShotGeneration": "One pass against many: GAN and diffusion timed",
    "FaceGenerator": "GANs today: a real face generator, run here",
    "FaceWalk": "A walk through a face GAN's random inputs",
    "ImageToImage": "Image-to-image: a GAN trained here, against pixel error alone",
    "AttentionReads": "Attention: which earlier words matter for the next one",
    "InsideAttention": "Inside one attention head, with its real numbers",
    "NextWord": "Writing one word at a time, drawn by the odds",
    "AttentionHeads": "Every attention head on one sentence",
    "Subwords": "A pretrained model reads any English sentence, in pieces",
    "PretrainedHeads": "Every head of a pretrained model, reading both ways",
    "PronounHead": "Does a head know what \u201cit\u201d stands for? Measured",
    "LongContextCost": "What long context costs: memory",
    "LongContextTime": "What long context costs: time",
    "FarBack": "Long context: which colour did that name have, asked hundreds of "
    "words later? A transformer against a recurrent network",
    "ScalingUp": "Bigger models, fewer mistakes: does a transformer scale? Measured",
    "PromptToImage": "A transformer reads the prompt, a diffusion model draws it",
    "NewWords": "A pretrained prompt reader: words the drawing model never saw",
    "NewWordsScore": "Did knowing English help? The new words, counted",
    "TableDiffusionGAN": "The table's claims for diffusion and GANs, measured",
    "TableTransformers": "The table's claims for transformers, measured",
    "ThreeArchitectures": "The three architectures side by side, measured",
    "NoteFromStatic": "A note of sound drawn out of static",
    "MelodyWriter": "A transformer writes a tune, one note at a time",
    "TuneFromWords": "Words to a tune: one transformer reads, another writes",
}

# The explainer's words each chapter shows (the text the project is built from).
CHAPTER_TEXT = {
    "diffusion": (
        "A diffusion model learns by watching images get destroyed. During "
        "training, the network is shown a real image, then a slightly noisier "
        "version, then a noisier one, until the picture is pure static. It "
        "learns to reverse that process \u2014 to remove a little bit of noise at "
        "a time. To generate a new picture, the model starts from random noise "
        "and step by step \u201cdenoises\u201d it into an image that matches the "
        "prompt."
    ),
    "gan": (
        "A GAN is a contest between two networks. The generator is a forger "
        "that tries to produce fake images. The discriminator is an inspector "
        "that tries to tell real images from fakes. They train together: every "
        "time the inspector spots a fake, the forger learns to do better."
    ),
    "transformer": (
        "Transformers were originally designed for language. The key idea is "
        "the attention mechanism: when the network reads a sequence (say, a "
        "sentence), it can decide which earlier words are most relevant for "
        "predicting the next one. Strengths, in the explainer's table: "
        "\u201cscales very well, handles long context\u201d."
    ),
    "hybrid": (
        "Most modern generative tools are hybrids: a Transformer reads and "
        "understands the prompt, then hands its output to a Diffusion model "
        "that draws the image."
    ),
    "sound": (
        "The same idea has been adapted from images to audio. Transformers now "
        "power voice models and music models, and a hybrid may hand the "
        "prompt to another Transformer that produces the audio."
    ),
}


def scene_title(name: str) -> str:
    """How viewers see scene ``name`` named: in words (its class name if none)."""
    return SCENE_TITLES.get(name, name)


def chapter_title(chapter: str) -> str:
    return CHAPTER_TITLES.get(chapter, chapter.capitalize())


def ordered() -> list[tuple[str, str]]:
    """(chapter, scene) for every scene, in viewing order."""
    return [(chapter, name) for chapter, names in SCENES.items() for name in names]


def describe(name: str) -> str:
    """One line on what scene ``name`` shows: its docstring, joined into a line."""
    doc = inspect.getdoc(find_scene(name)) or name
    return " ".join(doc.split("\n\n")[0].split())
