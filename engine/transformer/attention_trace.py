"""Building an ``attention`` trace from your own transformer's captured attention.

The trace holds one input read by your model (every head's weights, the
next-token probabilities, one head's arithmetic in full) and measurements on
held-out text: what each head mostly reads, and at the positions whose next
token depends on an earlier one (you say which, with ``decider``), whether the
model predicts it and which heads put their largest weight on the deciding one.
These are measured the way ``engine/transformer/evaluate.py`` measures our model.

    held = HeldOut(start_token=vocab.index("."))
    for tokens, decider in held_out_examples:
        held.add(tokens, weights, next_probs, decider)   # one forward pass each
    focus = held.best_head()
    arrays = attention_arrays(vocab=..., tokens=..., attn=..., next_probs=...,
                              decider=..., focus=focus, queries=..., keys=...,
                              values=..., held_out=held, loss=losses)
    record_trace("attention", arrays, config=cfg, stats=held.stats(focus), path=...)

``examples/own_attention.py`` does this for a small nanoGPT-style model.
"""

from __future__ import annotations

import math

import numpy as np

from engine.core.recorder import RecordError, to_numpy

BEHAVIOURS = ("previous", "self", "start")  # as engine/transformer/evaluate.py


class HeldOut:
    """Accumulates what the heads read on held-out inputs, one input at a time.

    ``start_token``: the token that starts a sentence (its position is "the
    sentence start" for the words after it); None counts position 0 as the start.
    """

    def __init__(self, start_token: int | None = None):
        self.start_token = start_token
        self.correct: list[bool] = []
        self.hits: list[np.ndarray] = []  # per case, (layer, head) bool
        self.counts: dict[str, np.ndarray] = {}
        self.rows = 0

    def add(self, tokens, attn, next_probs, decider) -> None:
        """One held-out input: tokens (T,), attn (layer, head, T, T), next-token
        probabilities or logits (T, vocab), decider (T,): the position of the
        earlier token that decides the token after each position, or -1."""
        tokens, attn = to_numpy(tokens).astype(int), to_numpy(attn)
        pred = to_numpy(next_probs).argmax(-1)  # (T,)
        decider = to_numpy(decider).astype(int)
        T = len(tokens)
        if attn.ndim != 4 or attn.shape[2:] != (T, T):
            raise RecordError(
                f"attn has shape {attn.shape}; expected (layer, head, {T}, {T})"
            )
        if decider.shape != (T,) or pred.shape != (T,):
            raise RecordError("tokens, next_probs and decider must share their length")
        best = attn.argmax(-1)  # (layer, head, T): the key each row reads most
        for p in np.flatnonzero(decider >= 0):
            if p + 1 >= T:
                continue  # the deciding case's next token is not in the input
            if not 0 <= decider[p] <= p:
                raise RecordError(
                    f"decider[{p}] = {decider[p]} is not an earlier position"
                )
            self.correct.append(bool(pred[p] == tokens[p + 1]))
            self.hits.append(best[:, :, p] == decider[p])
        pos = np.arange(1, T)  # row 0 has only itself to read
        if self.start_token is None:
            start = np.zeros_like(pos)
        else:
            starts = np.flatnonzero(tokens == self.start_token)
            before = np.searchsorted(starts, pos, side="right") - 1
            start = np.where(before >= 0, starts[np.maximum(before, 0)], 0)
        for name, target in zip(BEHAVIOURS, (pos - 1, pos, start), strict=True):
            n = (best[:, :, pos] == target).sum(-1)  # (layer, head)
            self.counts[name] = self.counts.get(name, 0) + n
        self.rows += len(pos)

    @property
    def cases(self) -> int:
        return len(self.hits)

    def _need_cases(self):
        if not self.cases:
            raise RecordError(
                "no held-out position has a deciding earlier token: mark them with "
                "decider (the attention kind measures heads on them)"
            )

    def decider_share(self) -> np.ndarray:
        """(layer, head): share of cases where the head's largest weight is on the
        deciding token."""
        self._need_cases()
        return np.mean(self.hits, axis=0).astype(np.float32)

    def share(self, behaviour: str) -> np.ndarray:
        """(layer, head): share of rows where the head's largest weight is on the
        previous token, itself, or the start of its sentence."""
        if not self.rows:
            raise RecordError("no held-out input was added")
        return (self.counts[behaviour] / self.rows).astype(np.float32)

    def best_head(self) -> tuple[int, int]:
        """The (layer, head) most often on the deciding token."""
        share = self.decider_share()
        layer, head = np.unravel_index(int(np.argmax(share)), share.shape)
        return int(layer), int(head)

    def stats(self, focus: tuple[int, int]) -> dict:
        """The figures the attention scenes quote, for the manifest's stats."""
        self._need_cases()
        hits = np.array(self.hits)  # (case, layer, head)
        return {
            "heldout_cases": self.cases,
            "heldout_accuracy": round(float(np.mean(self.correct)), 4),
            "focus_layer": focus[0] + 1,  # counted from 1, as on screen
            "focus_head": focus[1] + 1,
            "focus_share": round(float(hits[:, focus[0], focus[1]].mean()), 4),
            "any_head_share": round(
                float(hits.reshape(len(hits), -1).any(1).mean()), 4
            ),
        }


def attention_arrays(
    *,
    vocab,
    tokens,
    attn,
    next_probs,
    decider,
    focus: tuple[int, int],
    queries,
    keys,
    values,
    held_out: HeldOut,
    loss,
) -> dict[str, np.ndarray]:
    """Every array of an ``attention`` trace, checked for consistency.

    ``attn`` (layer, head, T, T) are the weights of one input ``tokens`` (T,);
    ``queries``, ``keys``, ``values`` (T, head_dim) are those of the ``focus``
    (layer, head), from which its scores, scaling, mask and output are computed
    here. Refuses (RecordError) weights whose rows do not sum to one, and focus
    weights that are not softmax(q k^T / sqrt(d)) of the queries and keys given.
    """
    tokens = to_numpy(tokens).astype(np.int32)
    attn = to_numpy(attn).astype(np.float32)
    probs = to_numpy(next_probs).astype(np.float64)
    q, k, v = (to_numpy(a).astype(np.float64) for a in (queries, keys, values))
    vocab = np.array([str(w) for w in vocab])
    T = len(tokens)
    if attn.ndim != 4 or attn.shape[2:] != (T, T):
        raise RecordError(
            f"attn has shape {attn.shape}; expected (layer, head, {T}, {T})"
        )
    if tokens.min() < 0 or tokens.max() >= len(vocab):
        raise RecordError(f"tokens must be ids into the vocab of {len(vocab)} words")
    if not np.allclose(attn.sum(-1), 1, atol=1e-3):
        raise RecordError("attn rows must sum to one (softmax weights over the keys)")
    if not np.allclose(probs.sum(-1), 1, atol=1e-3) or probs.min() < 0:
        raise RecordError("next_probs rows must be probabilities that sum to one")
    layer, head = focus
    if not (0 <= layer < attn.shape[0] and 0 <= head < attn.shape[1]):
        raise RecordError(
            f"focus {focus} is not a (layer, head) of attn {attn.shape[:2]}"
        )
    scores = q @ k.T  # (position, key)
    scaled = scores / math.sqrt(q.shape[1])
    mask = np.tril(np.ones((T, T), dtype=bool))  # True where the key may be read
    recomputed = np.exp(np.where(mask, scaled - scaled.max(-1, keepdims=True), -np.inf))
    recomputed /= recomputed.sum(-1, keepdims=True)
    gap = float(np.abs(recomputed - attn[layer, head]).max())
    if gap > 1e-3:
        raise RecordError(
            f"attn[{layer}, {head}] is not softmax(q k^T / sqrt(d)) of the queries and "
            f"keys given (differs by up to {gap:.3g}): capture them from the same head"
        )
    arrays = {
        "vocab": vocab,
        "tokens": tokens,
        "attn": attn,
        "next_probs": probs,
        "decider": to_numpy(decider).astype(np.int32),
        "focus": np.array(focus, dtype=np.int32),
        "queries": q,
        "keys": k,
        "values": v,
        "scores": scores,
        "scaled": scaled,
        "mask": mask,
        "weighted": attn[layer, head].astype(np.float64) @ v,  # (position, head_dim)
        "head_decider_share": held_out.decider_share(),
        "head_previous_share": held_out.share("previous"),
        "head_self_share": held_out.share("self"),
        "head_start_share": held_out.share("start"),
        "loss": to_numpy(loss),
    }
    return {
        n: a.astype(np.float32) if a.dtype.kind == "f" else a for n, a in arrays.items()
    }
