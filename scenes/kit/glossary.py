"""The field's terms in plain words: one explanation per term, used everywhere.

The explainer text keeps the maths out, so a scene that needs a technical term
puts it in plain words the first time it appears, on screen and in the
narration, and always the same words: they come from here. Code and docs keep
the standard names (DDPM, classifier-free guidance, KV cache); viewers read
``plain``. README's glossary is this table (``python -m scenes.kit.glossary``
prints it; a test keeps the two equal).

    from scenes.kit.glossary import plain
    self.narrate(f"Guidance: {plain('guidance')}.")
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A term of the field: ``name`` as the literature writes it, ``plain`` in
    a viewer's words (no other term of this table left unexplained in it),
    and ``source``: where the term comes from."""

    name: str
    plain: str
    source: str


TERMS: dict[str, Term] = {
    t.name.lower(): t
    for t in (
        Term(
            "DDPM",
            "drawing a picture back from static in many small steps, each "
            "removing a little of the noise",
            "Ho et al. 2020, Denoising Diffusion Probabilistic Models",
        ),
        Term(
            "DDIM",
            "a shortcut: the same trained model, taking a few large steps "
            "instead of every small one",
            "Song et al. 2021, Denoising Diffusion Implicit Models",
        ),
        Term(
            "guidance",
            "how hard the model is pushed towards what was asked for, "
            "against what it would draw if nothing were asked",
            "Ho & Salimans 2022, Classifier-Free Diffusion Guidance",
        ),
        Term(
            "loss",
            "a score of how wrong the model's answers are; training changes "
            "the model to make it smaller",
            "any textbook, e.g. Goodfellow et al. 2016, Deep Learning, ch. 5",
        ),
        Term(
            "R1 penalty",
            "a brake on the inspector: it is penalised for reacting sharply "
            "to small changes in real examples, so it cannot push the forger "
            "around wildly",
            "Mescheder et al. 2018, Which Training Methods for GANs do "
            "actually Converge?",
        ),
        Term(
            "mode collapse",
            "the forger settles on a few kinds of fake that fool the "
            "inspector and stops making the rest",
            "Goodfellow et al. 2014, Generative Adversarial Nets",
        ),
        Term(
            "softmax",
            "turns a row of scores into shares that add up to 100%; a score "
            "a little higher than the rest gets a much bigger share",
            "Bridle 1990; Vaswani et al. 2017, Attention Is All You Need",
        ),
        Term(
            "query",
            "what a word is looking for in the other words",
            "Vaswani et al. 2017, Attention Is All You Need",
        ),
        Term(
            "key",
            "what a word offers to be found by: a query that matches it well "
            "gives it a high score",
            "Vaswani et al. 2017, Attention Is All You Need",
        ),
        Term(
            "value",
            "what a word hands over to the words that look at it",
            "Vaswani et al. 2017, Attention Is All You Need",
        ),
        Term(
            "scaling by the square root",
            "the scores are divided by the square root of how many numbers "
            "each one adds up, so that longer lists of numbers do not give "
            "bigger scores just by being longer",
            "Vaswani et al. 2017, Attention Is All You Need, section 3.2.1",
        ),
        Term(
            "cross-attention",
            "each small square of the picture (a patch) looks up the words "
            "of the prompt it needs",
            "Rombach et al. 2022, High-Resolution Image Synthesis with Latent "
            "Diffusion Models",
        ),
        Term(
            "attention head",
            "one of several separate readers in a layer, each with its own way "
            "of picking which words to look at",
            "Vaswani et al. 2017, Attention Is All You Need, sec. 3.2.2",
        ),
        Term(
            "recurrent network",
            "a network that reads one word at a time and carries a small "
            "memory forward; the way text models worked before transformers",
            "Elman 1990, Finding Structure in Time; Cho et al. 2014 (the GRU)",
        ),
        Term(
            "layer",
            "one round of reading the whole text; each round builds on the one before",
            "Vaswani et al. 2017, Attention Is All You Need, sec. 3.1",
        ),
        Term(
            "µs",
            "a microsecond, a millionth of a second (1,000 of them make a "
            "millisecond, ms)",
            "SI units (BIPM, The International System of Units, 9th ed.)",
        ),
        Term(
            "token",
            "a piece of text the model reads as one unit; here, a word",
            "Vaswani et al. 2017, Attention Is All You Need",
        ),
        Term(
            "subword token",
            "pieces of words: the model has a fixed list of pieces and cuts "
            "any word it meets into pieces from that list",
            "Wu et al. 2016, Google's Neural Machine Translation System "
            "(WordPiece); Sennrich et al. 2016 (byte-pair encoding)",
        ),
        Term(
            "pretrained",
            "trained once, by someone else, on a huge collection of text; we "
            "load the numbers it learned and do not change them",
            "Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional "
            "Transformers for Language Understanding",
        ),
        Term(
            "encoder",
            "a transformer that reads a whole text at once, every word looking "
            "at the words before and after it, and turns each word into numbers; "
            "it writes nothing",
            "Vaswani et al. 2017, Attention Is All You Need; Devlin et al. 2019",
        ),
        Term(
            "held out",
            "kept out of training on purpose, to test the model on something "
            "it has never seen",
            "any textbook, e.g. Hastie et al. 2009, The Elements of "
            "Statistical Learning, ch. 7",
        ),
        Term(
            "KV cache",
            "keeping each earlier word's keys and values, so a new word "
            "needs only its own, not all of them again",
            "Pope et al. 2022, Efficiently Scaling Transformer Inference",
        ),
        Term(
            "R²",
            "how well a line fits the points: 1 means every point lies on it",
            "any statistics textbook",
        ),
        Term(
            "mean squared difference",
            "how far apart two pictures are: square each pixel's difference "
            "and average; 0 means identical",
            "any statistics textbook",
        ),
        Term(
            "similarity",
            "how alike two pictures are: whether their pixels get lighter and "
            "darker together; 1 means the same pattern, 0 no likeness (a "
            "correlation)",
            "Pearson's correlation coefficient, any statistics textbook",
        ),
        Term(
            "latent space",
            "all the forger's possible random inputs, seen as places: nearby "
            "inputs give similar pictures",
            "Radford et al. 2016, Unsupervised Representation Learning with "
            "Deep Convolutional GANs, sec. 6.1",
        ),
        Term(
            "image-to-image translation",
            "turning one picture into another of the same scene, such as a "
            "sketch into a photo or a noisy picture into a clean one",
            "Isola et al. 2017, Image-to-Image Translation with Conditional "
            "Adversarial Networks",
        ),
        Term(
            "super-resolution",
            "drawing a small, coarse picture again at full size, with the "
            "fine detail the small one lost",
            "Ledig et al. 2017, Photo-Realistic Single Image Super-Resolution "
            "Using a Generative Adversarial Network",
        ),
        Term(
            "U-Net",
            "a network that shrinks a picture down to its gist and grows it "
            "back, handing the fine detail across at each size",
            "Ronneberger et al. 2015, U-Net: Convolutional Networks for "
            "Biomedical Image Segmentation",
        ),
        Term(
            "PatchGAN",
            "an inspector that gives a verdict on each small patch of a "
            "picture, not one for the whole",
            "Isola et al. 2017, Image-to-Image Translation with Conditional "
            "Adversarial Networks, sec. 2.2",
        ),
        Term(
            "L1",
            "the average pixel-by-pixel difference from the right answer; "
            "trained on it alone, a model paints the average of all the "
            "possible answers, so detail it cannot place fades to a flat colour",
            "Isola et al. 2017, Image-to-Image Translation with Conditional "
            "Adversarial Networks, sec. 3.1",
        ),
        Term(
            "variance of the Laplacian",
            "a sharpness score: how suddenly light turns to dark across a "
            "picture's edges; a blurred copy always scores lower",
            "Pech-Pacheco et al. 2000, Diatom autofocusing in brightfield "
            "microscopy",
        ),
        Term(
            "clipped pixels",
            "pixels pushed past pure black or pure white, which the picture "
            "cannot show, so they are cut to black or white",
            "this project: scenes/diffusion/digits.py, GuidanceScale",
        ),
    )
}


# Names that never reach a viewer: each has plain words in TERMS, or was
# dropped from the scenes (tests check every caption and every text on screen).
NEVER_ON_SCREEN = (
    "DDPM",
    "DDIM",
    "R1",
    "R\u00b2",
    "\u221a",
    "data units",
    "pinned",
    "held-out",
    "mean squared",
    "KV cache",
    "key/value cache",
    "logit",
    "L1",
    "Laplacian",
    "U-Net",
    "PatchGAN",
    "latent",
)


def jargon_in(text: str) -> list[str]:
    """The NEVER_ON_SCREEN names ``text`` holds (whole words, any case)."""
    import re

    found = []
    for name in NEVER_ON_SCREEN:
        pattern = re.escape(name)
        if name[0].isalnum():
            pattern = r"(?<![\w-])" + pattern
        if name[-1].isalnum():
            pattern += r"(?![\w-])"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(name)
    return found


# Names the engine gives its runs and methods (standard terms, kept in traces),
# as a viewer reads them on screen.
SCREEN_NAMES = {
    "R1 gradient penalty": "with a brake on the inspector",
    "plain GAN": "plain GAN",
    "L1 alone": "copying pixels only",
}


def screen_name(name: str) -> str:
    """A trace's run or method name in plain words (itself if already plain)."""
    return SCREEN_NAMES.get(name, name)


class UnknownTerm(KeyError):
    pass


def term(name: str) -> Term:
    """The Term called ``name`` (any case). Raises UnknownTerm, naming it."""
    try:
        return TERMS[name.lower()]
    except KeyError:
        raise UnknownTerm(
            f"no plain words for {name!r} in scenes/kit/glossary.py"
        ) from None


def plain(name: str) -> str:
    """``name`` in plain words, as every scene says it."""
    return term(name).plain


def markdown() -> str:
    """README's glossary: one row per term."""
    rows = ["| term | in plain words | from |", "|---|---|---|"]
    rows += [f"| {t.name} | {t.plain} | {t.source} |" for t in TERMS.values()]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(markdown() + "\n")
