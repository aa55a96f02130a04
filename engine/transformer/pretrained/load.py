"""Load the pretrained encoder (all-MiniLM-L6-v2) offline, with its tokenizer.

A BERT-style encoder (Devlin et al. 2019): 6 layers of 12 attention heads, 384
wide, 22.7 M parameters, a 30,522-piece WordPiece vocabulary, lower-cased.
Every token attends to every other, before and after it (no causal mask). It
was trained to make sentences that mean the same thing land close together
(sentence-transformers, Reimers & Gurevych 2019), not to write text.

Loaded with Hugging Face ``transformers`` from the package's folder only
(``local_files_only``, and the hub switched off before transformers is
imported), with eager attention so that every head's weights are returned.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import lru_cache

from engine.transformer.pretrained.files import PretrainedMissing, model_dir


@dataclass
class Pretrained:
    """The loaded encoder: ``model`` (transformers BertModel, eval mode),
    ``tokenizer`` (its fast WordPiece tokenizer), and ``load_seconds``
    (wall-clock time of the load, s)."""

    model: object
    tokenizer: object
    load_seconds: float

    @property
    def layers(self) -> int:
        return int(self.model.config.num_hidden_layers)

    @property
    def heads(self) -> int:
        return int(self.model.config.num_attention_heads)

    @property
    def parameters(self) -> int:
        return int(sum(p.numel() for p in self.model.parameters()))


@lru_cache(maxsize=1)
def load() -> Pretrained:
    """The encoder and its tokenizer, loaded once per process.

    Raises PretrainedMissing (one line) if the files are not installed; never
    reaches the network (HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE are set).
    """
    folder = model_dir()
    # before transformers is imported: it reads these once
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    start = time.perf_counter()
    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # no load reports on our one-line output
    hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = BertModel.from_pretrained(
            folder, local_files_only=True, attn_implementation="eager"
        )
    except OSError as err:  # a file present but unreadable or truncated
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err)
        raise PretrainedMissing(
            f"cannot load the pretrained text encoder: {first}"
        ) from None
    model.eval()
    return Pretrained(model, tokenizer, time.perf_counter() - start)
