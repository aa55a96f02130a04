"""A user's own sentence for the transformer scenes: checked, and given a trace name.

Used by ``mk/transformer.mk`` when ``make scene S=AttentionReads SENTENCE="..."``
runs, before anything is recorded or rendered, so an unknown word stops it with
one line. Imports numpy only (not torch), so the check is quick.

    python -m engine.transformer.sentence "the keys to the old box are"
    # -> renders/traces/attention-<hash>.npz, or one line and exit 2
"""

from __future__ import annotations

import hashlib
import sys

from engine.core.config_args import ConfigError
from engine.transformer.corpus import Tokenizer, UnknownWordError
from engine.transformer.needs import SHOWN_WORDS

# The default context is 32 words; every input starts with a "." of its own.
MAX_WORDS = 31
CONTEXT = "fit the model's context"
SHOWN = "fit the attention scenes legibly (every label at least 12 px tall)"


def parse_words(
    text: str, what: str, limit: int = MAX_WORDS, why: str = CONTEXT
) -> list[str]:
    """The words of ``text``, or ConfigError naming an unknown word, or saying
    that more than ``limit`` words do not ``why``."""
    tok = Tokenizer()
    words = tok.split(text)
    missing = tok.unknown(words)
    if missing:
        raise ConfigError(f"{what}: {UnknownWordError(missing[0], tok.vocab)}")
    if len(words) > limit:
        raise ConfigError(f"{what} has {len(words)} words; at most {limit} {why}")
    return words


def parse_shown(text: str, what: str, context: int = MAX_WORDS) -> list[str]:
    """The words of a sentence for the attention scenes: as ``parse_words``,
    at most SHOWN_WORDS of them (or ``context``, the model's, if fewer)."""
    if context < SHOWN_WORDS:
        return parse_words(text, what, context)
    return parse_words(text, what, SHOWN_WORDS, SHOWN)


def sentence_slug(text: str) -> str:
    """A short name for a sentence's trace: the same words give the same name."""
    words = " ".join(Tokenizer().split(text))
    return hashlib.sha1(words.encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    text = " ".join(argv)
    try:
        if not parse_shown(text, "SENTENCE"):
            raise ConfigError("SENTENCE is empty: give it some words")
    except ConfigError as err:
        print(f"{err}")
        return 2
    print(f"renders/traces/attention-{sentence_slug(text)}.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
