"""What every model's training shares: the loop's bookkeeping and the weights cache.

``run_steps`` runs a model's own ``step(i) -> loss`` with a progress bar that
shows the running loss, and logs the mean loss a hundred times a run.
``cached_or_trained`` returns weights from the checkpoint cache when the code
and config that made them are unchanged, and otherwise trains and caches.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import torch
from tqdm import tqdm

from engine.core import checkpoints
from engine.core.provenance import code_and_config_hash


def progress_bar(steps, desc: str, progress: bool = True) -> tqdm:
    """A tqdm bar over ``steps``; in a log (not a terminal) a line every 10 s
    rather than a stream of carriage returns."""
    return tqdm(
        steps,
        desc=desc,
        disable=not progress,
        unit="it",
        mininterval=0.5 if sys.stderr.isatty() else 10,
    )


def run_steps(
    steps: int, step: Callable[[int], float], desc: str, progress: bool = True
) -> tuple[np.ndarray, float]:
    """Call ``step(i)`` for i in 0..steps-1. Returns (loss curve, seconds)."""
    log_every = max(1, steps // 100)
    losses, running = [], []
    start = time.perf_counter()
    bar = progress_bar(range(steps), desc, progress)
    for i in bar:
        running.append(step(i))
        if (i + 1) % log_every == 0:
            losses.append(float(np.mean(running)))
            running.clear()
            bar.set_postfix(loss=f"{losses[-1]:.4f}", refresh=False)
    bar.close()
    return np.array(losses, dtype=np.float32), time.perf_counter() - start


def optimise(loss: torch.Tensor, optimiser: torch.optim.Optimizer, schedule) -> float:
    """One gradient step on ``loss`` and one learning-rate step; the loss as a float."""
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    schedule.step()
    return loss.item()


def cached_or_trained(
    name: str,
    training_config: dict,
    code_modules: list[str],
    model: torch.nn.Module,
    train: Callable[[], tuple[torch.nn.Module, np.ndarray, float]],
    use_cache: bool = True,
) -> tuple[torch.nn.Module, np.ndarray, float]:
    """(model in eval mode, loss curve, training seconds), from the cache if it fits.

    ``model`` is a freshly built network to load cached weights into; ``train``
    trains one from scratch. The cache key hashes ``training_config`` and the
    source of ``code_modules``, so a change to either retrains.
    """
    key = code_and_config_hash(training_config, code_modules)
    path = checkpoints.checkpoint_path(name, key)
    blob = checkpoints.load_state(path, key) if use_cache else None
    if checkpoints.restore(model, blob, path):
        return model.eval(), blob["loss"].numpy(), float(blob["train_seconds"])
    model, losses, seconds = train()
    if use_cache:
        checkpoints.save_state(
            path,
            key,
            model.state_dict(),
            {"loss": torch.from_numpy(losses), "train_seconds": seconds},
        )
    return model.eval(), losses, seconds
