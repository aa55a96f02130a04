"""Reading a tune prompt, and the check ``make`` runs.

A prompt names one speed (slow, fast), one direction (rising, falling,
steady) and one ending (high, low, home), in any order, with the words
``tune`` and ``ending`` allowed anywhere ("slow rising tune ending high",
"fast tune falling, ending low"). ``parse_prompt`` turns it into its words
and what it asks for, or refuses it in one line saying why: an unknown word,
an empty or over-long prompt, a missing or doubled property.

The make rule for ``make scene S=TuneFromWords PROMPT="..."`` runs this module
before anything is recorded or rendered. Imports numpy only (not torch), so
the check is quick.

    python -m engine.sound.tune_prompt.prompt "fast falling tune ending low"
    # -> renders/traces/tune-prompt-<hash>.npz, or one line and exit 2
"""

from __future__ import annotations

import hashlib
import sys

from engine.core.config_args import ConfigError
from engine.core.prompt_check import check_main
from engine.sound.tune_prompt.data import (
    DIRECTIONS,
    ENDINGS,
    FILLERS,
    SPEEDS,
    START,
    VOCAB,
    Combo,
)

MAX_WORDS = 8  # longer input is refused before any word is looked at
EXAMPLE = "'slow rising tune ending high'"


class PromptError(ConfigError):
    """A prompt the model cannot read. ``str()`` is one line saying why."""


def split_words(text: str) -> list[str]:
    """Lower-case words; commas and full stops are ignored."""
    return text.lower().replace(",", " ").replace(".", " ").split()


def parse_prompt(text: str, what: str = "prompt") -> tuple[list[str], Combo]:
    """The words of a prompt and what they ask for, or PromptError saying why not.
    The model reads ``combo.words`` (the canonical order), whatever the order typed."""
    words = split_words(text)
    if not words:
        raise PromptError(f"{what} is empty: give it a speed, a direction and an "
                          f"ending, e.g. {EXAMPLE}")
    if len(words) > MAX_WORDS:
        raise PromptError(f"{what} has {len(words)} words; the model reads a speed, "
                          f"a direction and an ending, e.g. {EXAMPLE}")
    unknown = [w for w in words if w not in VOCAB or w == START]
    if unknown:
        known = ", ".join(w for w in VOCAB if w != START)
        raise PromptError(f"{what}: unknown word {unknown[0]!r}: the model knows "
                          f"{len(VOCAB) - 1} words: {known}")
    slots = {"a speed": SPEEDS, "a direction": DIRECTIONS, "an ending": ENDINGS}
    picked = {}
    for name, options in slots.items():
        found = [w for w in words if w in options]
        if len(found) != 1:
            raise PromptError(
                f"{what} {' '.join(words)!r} needs exactly one word for {name} "
                f"({', '.join(options)}), e.g. {EXAMPLE}"
            )
        picked[name] = found[0]
    doubled = [w for w in FILLERS if words.count(w) > 1]
    if doubled:
        raise PromptError(f"{what} {' '.join(words)!r} says {doubled[0]!r} twice, "
                          f"e.g. {EXAMPLE}")
    return words, Combo(picked["a speed"], picked["a direction"], picked["an ending"])


def prompt_slug(text: str) -> str:
    """A short name for a prompt's trace: the same words give the same name."""
    words, _ = parse_prompt(text, "PROMPT")
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    return check_main(argv, prompt_slug, "tune-prompt", EXAMPLE, PromptError)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
