"""Writing tunes with the trained words-to-tune model, one token at a time.

The writer starts from ``<s>`` and draws each next token from its predicted
distribution at a temperature; ``<s>`` is never drawn. A tune stops at
``</s>`` or when it has ``data.BEATS`` beats (then ``</s>`` is put in), the
length every training tune has. A whole batch is written at once.
"""

from __future__ import annotations

import torch

from engine.sound.notes import BOS, EOS, TOKEN_ID
from engine.sound.tune_prompt.data import BEATS
from engine.sound.tune_prompt.generate import TUNE_TOKENS
from engine.sound.tune_prompt.model import key_mask


@torch.no_grad()
def write(model, prompts: torch.Tensor, temperature: float, gen: torch.Generator):
    """Write one tune per prompt.

    prompts: (B, PROMPT_LENGTH) word ids. Returns (tokens (B, TUNE_TOKENS) note
    token ids, ``</s>``-padded after the end; attention dict of one forward
    pass over the written tokens, as ``WordsToTune.forward`` returns it: since
    the writer is causal, position i's weights are those it wrote token i + 1
    with). Raises ValueError if temperature <= 0.
    """
    if temperature <= 0:
        raise ValueError("temperature must be above 0")
    b = prompts.shape[0]
    eos, bos = TOKEN_ID[EOS], TOKEN_ID[BOS]
    tokens = torch.full((b, 1), bos, dtype=torch.long)
    done = torch.zeros(b, dtype=torch.bool)
    keys = key_mask(prompts)
    words, _ = model.encoder(prompts, keys)
    for i in range(1, TUNE_TOKENS):
        logits, _, _ = model.writer(tokens, words, keys)
        logits = logits[:, -1] / temperature  # (B, vocab)
        logits[:, bos] = float("-inf")
        if i == TUNE_TOKENS - 1:  # BEATS beats written: the tune ends here
            nxt = torch.full((b,), eos, dtype=torch.long)
        else:
            nxt = torch.multinomial(logits.softmax(-1), 1, generator=gen)[:, 0]
        nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
        done |= nxt == eos
        tokens = torch.cat([tokens, nxt[:, None]], 1)
    assert tokens.shape[1] == BEATS + 2
    _, attn = model(tokens[:, :-1], prompts)
    return tokens, attn
