"""Record the ``long_range`` trace: accuracy against distance for a transformer
and a recurrent network asked for one of several pairs given far back, and one
long example read by both.

    python -m engine record long_range
    python -m engine record long_range --set train_iters=20 --out /tmp/x.npz

Both models are trained (or loaded from renders/cache) on the same batches of
the task in ``data.py``, once at each learning rate of ``lr_grid``; each keeps
the rate with the most right answers on validation examples (their own seed),
and the whole grid's validation figures are stored. Then each is tested on
held-out examples at distances 8, 16, ... up to max_distance (drawn from
another seed than training and validation). On one held-out example at the
longest distance the transformer's attention from the question word over every
earlier word is kept for every head, and the head that reaches back furthest
(largest weight-averaged distance) is named.
"""

from __future__ import annotations

from dataclasses import asdict, replace

import numpy as np
import torch

from engine.core import trace
from engine.core.provenance import produced_by
from engine.transformer.long_range.data import (
    COLOURS,
    FILLER,
    NAMES,
    VOCAB,
    make_batch,
)
from engine.transformer.long_range.models import (
    LongRangeConfig,
    answer_logits,
    gru_hidden,
    n_params,
    trained,
)
from engine.transformer.model import one_thread

KIND = "long_range"
TEST_SEED_OFFSET = 1000  # held-out examples come from seed + this, never seed + 1
VALIDATION_SEED_OFFSET = 3000  # the learning rate is chosen on these, not on test
N_VALIDATION = 100  # validation examples per distance


@torch.no_grad()
def accuracy(model, cfg: LongRangeConfig, distances: list[int],
             offset: int = TEST_SEED_OFFSET, n: int | None = None) -> np.ndarray:
    """Share of held-out examples (n per distance, drawn from seed + offset)
    answered right (argmax), per distance. -> (D,)"""
    rng = np.random.default_rng(cfg.seed + offset)
    n = cfg.test_per_distance if n is None else n
    out = []
    for d in distances:
        right = 0
        for start in range(0, n, 50):  # chunks bound memory
            b = make_batch(d, min(50, n - start), rng, cfg.pairs)
            guess = answer_logits(model, torch.from_numpy(b.tokens)).argmax(-1)
            right += int((guess.numpy() == b.answer).sum())
        out.append(right / n)
    return np.array(out, dtype=np.float32)


def best_over_grid(name: str, cfg: LongRangeConfig, progress: bool, use_cache: bool):
    """Train ``name`` at every rate of the grid; keep the one with the highest
    mean validation accuracy over the test distances (the first on a tie).

    Returns (model, loss curve, seconds, chosen rate, validation accuracy
    (rate, distance), seconds per rate (rate,))."""
    distances, runs = cfg.test_distances(), []
    for rate in cfg.rates():
        model, loss, seconds = trained(name, replace(cfg, lr=rate), progress,
                                       use_cache)  # fmt: skip
        with one_thread():
            val = accuracy(model, cfg, distances, VALIDATION_SEED_OFFSET,
                           N_VALIDATION)  # fmt: skip
        runs.append((model, loss, seconds, rate, val))
    best = max(range(len(runs)), key=lambda i: (runs[i][4].mean(), -i))
    model, loss, seconds, rate, _ = runs[best]
    grid = np.stack([r[4] for r in runs])
    return model, loss, seconds, rate, grid, np.array([r[2] for r in runs])


def furthest_head(attn: np.ndarray, question: int) -> tuple[int, int, np.ndarray]:
    """attn (layer, head, key): the question's weights. Returns (layer, head,
    weight-averaged distance back (layer, head))."""
    back = question - np.arange(attn.shape[-1])  # (key,) distance of each key
    reach = (attn * back).sum(-1)  # (layer, head)
    layer, head = np.unravel_index(int(np.argmax(reach)), reach.shape)
    return int(layer), int(head), reach


@torch.no_grad()
def record(
    cfg: LongRangeConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) both models, test them, record one long example."""
    tf, tf_loss, tf_seconds, tf_lr, tf_grid, tf_grid_s = best_over_grid(
        "transformer", cfg, progress, use_cache)
    rnn, rnn_loss, rnn_seconds, rnn_lr, rnn_grid, rnn_grid_s = best_over_grid(
        "gru", cfg, progress, use_cache)
    distances = cfg.test_distances()
    with one_thread():
        tf_acc = accuracy(tf, cfg, distances)
        rnn_acc = accuracy(rnn, cfg, distances)
        ex = make_batch(cfg.max_distance, 1, np.random.default_rng(cfg.seed + 2000),
                        cfg.pairs)
        ids = torch.from_numpy(ex.tokens)  # (1, T)
        logits, parts = tf(ids, keep=True)
        q = ex.question_position
        attn = torch.stack([p.weights[0, :, q] for p in parts]).numpy()  # (L, H, T)
        tf_probs = logits[0, q].softmax(-1).numpy()
        rnn_probs = answer_logits(rnn, ids)[0].softmax(-1).numpy()
    layer, head, reach = furthest_head(attn, q)
    name = int(ex.answer[0])  # the asked pair's colour: the answer word
    asked = int(ex.asked[0])
    pairs_at = np.arange(1, cfg.pairs + 1)
    arrays = {
        "vocab": np.array(VOCAB),
        "distances": np.array(distances, dtype=np.int32),
        "n_test": np.full(len(distances), cfg.test_per_distance, dtype=np.int32),
        "transformer_accuracy": tf_acc,
        "gru_accuracy": rnn_acc,
        "example_tokens": ex.tokens[0].astype(np.int32),
        "example_attn": attn.astype(np.float32),
        "focus": np.array([layer, head], dtype=np.int32),
        "head_reach": reach.astype(np.float32),
        "transformer_probs": tf_probs.astype(np.float32),
        "gru_probs": rnn_probs.astype(np.float32),
        "transformer_loss": tf_loss,
        "gru_loss": rnn_loss,
        "lr_grid": np.array(cfg.rates(), dtype=np.float32),
        "transformer_val_accuracy": tf_grid,
        "gru_val_accuracy": rnn_grid,
        "transformer_grid_seconds": tf_grid_s.astype(np.float32),
        "gru_grid_seconds": rnn_grid_s.astype(np.float32),
    }
    stats = {
        "transformer_params": n_params(tf),
        "gru_params": n_params(rnn),
        "gru_hidden": gru_hidden(cfg),
        "train_seconds_transformer": round(tf_seconds, 2),
        "train_seconds_gru": round(rnn_seconds, 2),
        "train_seconds": round(tf_seconds + rnn_seconds, 2),
        "grid_train_seconds": round(float(tf_grid_s.sum() + rnn_grid_s.sum()), 2),
        "transformer_accuracy_at_max": float(tf_acc[-1]),
        "gru_accuracy_at_max": float(rnn_acc[-1]),
        "transformer_lr": tf_lr,
        "gru_lr": rnn_lr,
        "n_validation": N_VALIDATION,
        "example_distance": cfg.max_distance,
        "example_name": VOCAB[name],
        "example_answer": VOCAB[name],
        "asked_name": VOCAB[int(ex.tokens[0, q])],
        "asked_pair": VOCAB[int(ex.tokens[0, asked])],
        "asked_distance": q - asked,
        "n_pairs": cfg.pairs,
        "n_names": len(NAMES),
        "n_colours": len(COLOURS),
        "n_filler_words": len(FILLER),
        "chance_accuracy": 1 / len(COLOURS),
        "name_position": asked,
        "first_pair_position": 1,
        "last_pair_position": cfg.pairs,
        "question_position": q,
        "focus_weight_on_name": float(attn[layer, head, asked]),
        "focus_weight_on_other_pairs": float(
            attn[layer, head, pairs_at].sum() - attn[layer, head, asked]),
        "focus_peak_position": int(np.argmax(attn[layer, head])),
        "transformer_prob_of_name": float(tf_probs[name]),
        "gru_prob_of_name": float(rnn_probs[name]),
        "gru_answer": VOCAB[int(np.argmax(rnn_probs))],
        "held_out": f"drawn from seed + {TEST_SEED_OFFSET}; training draws from "
        f"seed + 1; the learning rate is chosen on seed + {VALIDATION_SEED_OFFSET}",
        "time_method": "time.perf_counter around the training loop, one CPU thread",
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
