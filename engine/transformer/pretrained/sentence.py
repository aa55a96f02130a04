"""Any English sentence for the pretrained encoder's scenes: checked, and given
a trace name.

Used by ``mk/transformer.mk`` when ``make scene S=PretrainedHeads
SENTENCE="..."`` runs, before anything is recorded or rendered. Every word is
accepted (the WordPiece tokenizer splits an unknown word into known pieces);
a sentence is refused, in one line, only if it is empty or has more tokens
than the attention maps show legibly. Tokenizes with the ``tokenizers``
library alone (no torch, no transformers), so the check is quick.

    python -m engine.transformer.pretrained.sentence "The cat sat on the mat."
    # -> renders/traces/pretrained_attention-<hash>.npz, or one line and exit 2
"""

from __future__ import annotations

import hashlib
import re
import sys

from engine.core.config_args import ConfigError
from engine.transformer.needs import PRETRAINED_TOKENS as MAX_TOKENS
from engine.transformer.pretrained.files import PretrainedMissing, model_dir

DEFAULT = "The animal didn't cross the street because it was too tired."
# Pronouns whose noun the scenes follow (the tokenizer lower-cases).
PRONOUNS = frozenset({"it", "they", "he", "she", "him", "her", "them", "its",
                      "their", "his"})


def token_count(text: str) -> int:
    """Tokens the encoder reads for ``text``, its start and end tokens included.

    Raises PretrainedMissing if the tokenizer's file is not installed."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()  # the file pads every input to 128 tokens
    return len(tok.encode(text).ids)


def check_sentence(text: str, what: str) -> str:
    """``text`` with its spaces tidied, or ConfigError (one line) if it is empty
    or has more than MAX_TOKENS tokens."""
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        raise ConfigError(f"{what} is empty: give it a sentence")
    try:
        n = token_count(text)
    except PretrainedMissing as err:
        raise ConfigError(str(err)) from None
    if n > MAX_TOKENS:
        raise ConfigError(
            f"{what} becomes {n} tokens with the start and end tokens; at most "
            f"{MAX_TOKENS} fit the attention maps legibly (every label at least "
            "12 px tall): shorten it"
        )
    return text


def sentence_slug(text: str) -> str:
    """A short name for a sentence's trace: the same sentence, the same name."""
    return hashlib.sha1(re.sub(r"\s+", " ", text.strip()).encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    text = " ".join(argv)
    try:
        check_sentence(text, "SENTENCE")
    except ConfigError as err:
        print(f"{err}")
        return 2
    print(f"renders/traces/pretrained_attention-{sentence_slug(text)}.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
