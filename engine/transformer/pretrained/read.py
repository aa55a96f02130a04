"""One forward pass of the pretrained encoder over a sentence, kept for drawing.

The sentence is split into the model's own WordPiece tokens (with its start
token ``[CLS]`` and end token ``[SEP]``), each token traced back to the word
of the sentence it came from, and every head's attention weights returned.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from engine.transformer.pretrained.load import Pretrained


@dataclass
class Reading:
    """``pieces`` (T,) the tokens as the tokenizer stores them; ``ids`` (T,)
    their ids; ``spans`` (T, 2) each token's characters in the text (0, 0 for
    the start and end tokens); ``attn`` (layers, heads, T, T) attention weights,
    row = the token reading, column = the token read, rows sum to one;
    ``seconds`` the forward pass's wall-clock time."""

    pieces: list[str]
    ids: np.ndarray
    spans: np.ndarray
    attn: np.ndarray
    seconds: float


@torch.no_grad()
def read(pre: Pretrained, text: str) -> Reading:
    """Tokenize ``text`` and run the encoder on it with every head's weights."""
    enc = pre.tokenizer(text, return_offsets_mapping=True, return_tensors="pt")
    start = time.perf_counter()
    out = pre.model(
        input_ids=enc["input_ids"],
        attention_mask=enc["attention_mask"],
        output_attentions=True,
    )
    seconds = time.perf_counter() - start
    ids = enc["input_ids"][0].numpy()
    attn = torch.stack([a[0] for a in out.attentions]).numpy()  # (L, H, T, T)
    return Reading(
        pieces=pre.tokenizer.convert_ids_to_tokens(ids.tolist()),
        ids=ids.astype(np.int32),
        spans=enc["offset_mapping"][0].numpy().astype(np.int32),
        attn=attn.astype(np.float32),
        seconds=seconds,
    )


def word_of(text: str, spans: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The sentence's words as typed (split at spaces) and, for each token, the
    index of the word its characters come from (-1: the start and end tokens)."""
    words, bounds, at = [], [], 0
    for w in text.split():
        begin = text.index(w, at)
        words.append(w)
        bounds.append((begin, begin + len(w)))
        at = begin + len(w)
    owner = np.full(len(spans), -1, np.int32)
    for t, (a, b) in enumerate(spans):
        if b <= a:
            continue  # a special token covers no characters
        for i, (lo, hi) in enumerate(bounds):
            if lo <= a < hi:
                owner[t] = i
                break
    return words, owner
