"""Capturing your own transformer's attention with forward hooks.

Two ways, depending on your model:

- It computes the attention weights itself (a module returns them, or keeps
  them as an attribute): ``WeightsCapture`` hooks those modules and keeps the
  weights each forward pass produces.
- It never forms them (nanoGPT and GPT-2 call a fused kernel,
  ``F.scaled_dot_product_attention``): ``QKVCapture`` hooks the layers that
  produce the queries, keys and values (nanoGPT's ``c_attn``, or separate
  q/k/v projections) and recomputes the weights, softmax(q k^T / sqrt(d)) under
  the causal mask. That is exact for plain scaled dot-product attention; a model
  that changes q and k after the projection (rotary positions, ALiBi) needs
  ``WeightsCapture`` on a module that sees the final weights.

    with QKVCapture([b.attn.c_attn for b in model.transformer.h], n_head=4) as cap:
        logits = model(idx)
    weights = cap.weights()  # (layer, batch, head, query, key), rows sum to one

Hooks are removed on leaving the ``with``; the model runs as it always does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch

from engine.core.recorder import RecordError, to_numpy


def attention_weights(q, k, causal: bool = True) -> torch.Tensor:
    """softmax(q k^T / sqrt(d)), under the causal mask if ``causal`` (Vaswani et al.
    2017, eq. 1). q: (..., Tq, d), k: (..., Tk, d) -> (..., Tq, Tk). As in
    ``engine/transformer/model.py``, the queries are the last Tq of the Tk positions."""
    q, k = torch.as_tensor(q).float(), torch.as_tensor(k).float()
    tq, tk, d = q.shape[-2], k.shape[-2], q.shape[-1]
    scaled = q @ k.transpose(-2, -1) / math.sqrt(d)  # (..., Tq, Tk)
    if causal:
        mask = torch.ones(tq, tk, dtype=torch.bool).tril(diagonal=tk - tq)
        scaled = scaled.masked_fill(~mask, float("-inf"))
    return scaled.softmax(dim=-1)


class _Hooks:
    """Registers a forward hook per layer on entering, removes them all on leaving."""

    def __init__(self, layers: Sequence):
        if not layers:
            raise RecordError("give at least one layer's module to hook")
        self.layers = list(layers)
        self.handles: list = []

    def _hook(self, layer: int, part: int | None) -> Callable:
        def hook(module, inputs, output):
            self.keep(layer, part, module, output)

        return hook

    def __enter__(self):
        self.clear()
        for i, entry in enumerate(self.layers):
            parts = entry if isinstance(entry, (tuple, list)) else (entry,)
            for j, module in enumerate(parts):
                part = j if len(parts) > 1 else None
                self.handles.append(module.register_forward_hook(self._hook(i, part)))
        return self

    def __exit__(self, *exc):
        for h in self.handles:
            h.remove()
        self.handles.clear()
        return False


class QKVCapture(_Hooks):
    """Keeps each layer's queries, keys and values, split into heads.

    ``layers``: per layer, the module whose output is the fused (B, T, 3C)
    query-key-value projection (nanoGPT's ``c_attn``), or a (q, k, v) tuple of
    modules each giving (B, T, C). ``n_head`` splits C into heads.
    """

    def __init__(self, layers: Sequence, n_head: int, causal: bool = True):
        super().__init__(layers)
        self.n_head = n_head
        self.causal = causal

    def clear(self):
        self.q: list = [None] * len(self.layers)
        self.k: list = [None] * len(self.layers)
        self.v: list = [None] * len(self.layers)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        if C % self.n_head:
            raise RecordError(f"width {C} does not split into {self.n_head} heads")
        return x.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B,h,T,d)

    def keep(self, layer, part, module, output):
        out = output[0] if isinstance(output, tuple) else output
        out = out.detach()
        if part is None:  # fused: q, k, v side by side
            if out.shape[-1] % 3:
                raise RecordError(
                    f"layer {layer}: output width {out.shape[-1]} is not 3 x the "
                    "model width; hook the fused q/k/v projection, or give (q, k, v)"
                )
            q, k, v = out.split(out.shape[-1] // 3, dim=-1)  # each (B, T, C)
            self.q[layer], self.k[layer], self.v[layer] = map(self._heads, (q, k, v))
        else:
            getattr(self, "qkv"[part])[layer] = self._heads(out)

    def _done(self):
        if any(x is None for x in self.q + self.k + self.v):
            raise RecordError(
                "no forward pass was captured: run the model inside the with"
            )

    def weights(self) -> np.ndarray:
        """Recomputed attention weights, (layer, batch, head, query, key)."""
        self._done()
        return np.stack(
            [
                to_numpy(attention_weights(q, k, self.causal))
                for q, k in zip(self.q, self.k, strict=True)
            ]
        )

    def parts(self, layer: int, head: int, batch: int = 0) -> dict[str, np.ndarray]:
        """One head's queries (position, head_dim), keys and values (key, head_dim)."""
        self._done()
        return {
            "queries": to_numpy(self.q[layer][batch, head]),
            "keys": to_numpy(self.k[layer][batch, head]),
            "values": to_numpy(self.v[layer][batch, head]),
        }


class WeightsCapture(_Hooks):
    """Keeps the attention weights that modules compute, one module per layer.

    ``take`` finds the weights, (B, head, Tq, Tk), after each module's forward:
    an int indexes the module's output tuple, a str names an attribute the module
    sets (``self.att = att``), a callable gets (module, output).
    """

    def __init__(self, layers: Sequence, take: int | str | Callable = 1):
        super().__init__(layers)
        self.take = take

    def clear(self):
        self.kept: list = [None] * len(self.layers)

    def keep(self, layer, part, module, output):
        if callable(self.take):
            w = self.take(module, output)
        elif isinstance(self.take, str):
            w = getattr(module, self.take, None)
        else:
            w = output[self.take] if isinstance(output, (tuple, list)) else None
        if w is None:
            raise RecordError(
                f"layer {layer}: found no attention weights with take={self.take!r}"
            )
        self.kept[layer] = to_numpy(w)

    def weights(self) -> np.ndarray:
        """The captured weights, (layer, batch, head, query, key)."""
        if any(w is None for w in self.kept):
            raise RecordError(
                "no forward pass was captured: run the model inside the with"
            )
        return np.stack(self.kept)
