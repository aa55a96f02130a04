"""Reading a prompt for the text-to-image model, and the check ``make`` runs.

A prompt names one colour, one shape, top or bottom, and left or right, in any
order ("red circle top left", "top left red circle"). ``parse_prompt`` turns it
into its words and what it asks for, or refuses it in one line saying why: an
unknown word, an empty or over-long prompt, a missing or doubled part.

``mk/hybrid.mk`` runs this module when ``make scene S=PromptToImage
PROMPT="..."`` starts, before anything is recorded or rendered. Imports numpy
only (not torch), so the check is quick.

    python -m engine.hybrid.prompt "green square bottom left"
    # -> renders/traces/prompt-<hash>.npz, or one line and exit 2
"""

from __future__ import annotations

import hashlib
import sys

from engine.core.config_args import ConfigError
from engine.core.prompt_check import check_main
from engine.hybrid.data import (
    COLOURS,
    HORIZONTAL,
    SHAPES,
    START,
    VERTICAL,
    VOCAB,
    WORDS_PER_PROMPT,
    Combo,
)

MAX_WORDS = 8  # longer input is refused before any word is looked at


class PromptError(ConfigError):
    """A prompt the model cannot read. ``str()`` is one line saying why."""


def split_words(text: str) -> list[str]:
    """Lower-case words; commas and full stops are ignored."""
    return text.lower().replace(",", " ").replace(".", " ").split()


def parse_prompt(text: str, what: str = "prompt") -> tuple[list[str], Combo]:
    """The words of a prompt and what they ask for, or PromptError saying why not."""
    words = split_words(text)
    if not words:
        raise PromptError(f"{what} is empty: give it four words, e.g. 'red circle top "
                          "left'")
    if len(words) > MAX_WORDS:
        raise PromptError(f"{what} has {len(words)} words; the model reads "
                          f"{WORDS_PER_PROMPT} (a colour, a shape, top or bottom, "
                          "left or right)")
    unknown = [w for w in words if w not in VOCAB or w == START]
    if unknown:
        known = ", ".join(w for w in VOCAB if w != START)
        raise PromptError(f"{what}: unknown word {unknown[0]!r}: the model knows "
                          f"{len(VOCAB) - 1} words: {known}")
    slots = {
        "a colour": COLOURS,
        "a shape": SHAPES,
        "top or bottom": VERTICAL,
        "left or right": HORIZONTAL,
    }
    picked = {}
    for name, options in slots.items():
        found = [w for w in words if w in options]
        if len(found) != 1:
            raise PromptError(
                f"{what} {' '.join(words)!r} needs exactly one word for {name} "
                f"({', '.join(options)}), e.g. 'red circle top left'"
            )
        picked[name] = found[0]
    combo = Combo(
        picked["a colour"],
        picked["a shape"],
        f"{picked['top or bottom']} {picked['left or right']}",
    )
    return words, combo


def prompt_slug(text: str) -> str:
    """A short name for a prompt's trace: the same words give the same name."""
    words, _ = parse_prompt(text, "PROMPT")
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    """make's check: the prompt's trace path and 0, or one line and 2."""
    return check_main(argv, prompt_slug, "prompt", "'red circle top left'", PromptError)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
