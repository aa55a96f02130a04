"""What recording costs: the same sampling or training with the recorder on and off.

Diffusion samplers record through an optional Recorder: timed with one and
without, interleaved, median of several runs. The GAN records a round (fakes,
push, the inspector's map) every ``record_every`` steps: timed training with
that against recording only the last round, same steps and batches.
"""

from __future__ import annotations

import statistics
import time

import torch

from engine.recorder import Recorder

REPEATS = 5


def on_off(run_with) -> dict:
    """Median seconds of ``run_with(recorder)`` with a Recorder and with None."""
    times: dict[str, list[float]] = {"on": [], "off": []}
    run_with(None)  # warm-up: first calls pay for lazy set-up in torch
    for _ in range(REPEATS):
        for key in ("off", "on"):  # interleaved: drift in load hits both alike
            start = time.perf_counter()
            run_with(Recorder() if key == "on" else None)
            times[key].append(time.perf_counter() - start)
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    return {
        "seconds_on": round(on, 4),
        "seconds_off": round(off, 4),
        "overhead": round(on / off - 1, 4),
    }


def points_sampling() -> dict:
    from engine import points_diffusion as pd

    cfg = pd.PointsDiffusionConfig()
    model, schedule, _, _ = pd.trained_model(cfg, progress=False)
    model.eval()

    def run_with(recorder):
        gen = torch.Generator().manual_seed(cfg.seed + 4)
        pd.sample(model, schedule, cfg.n_show, gen, recorder)

    return {
        "what": f"2D diffusion, {cfg.n_show} points x every step",
        **on_off(run_with),
    }


def digits_sampling() -> dict:
    from engine import digits_diffusion as dd
    from engine.digits_sampling import sample

    cfg = dd.DigitsDiffusionConfig()
    model, schedule, _, _ = dd.trained_model(cfg, progress=False)
    labels = torch.arange(10)
    noise = torch.randn((10, 8, 8), generator=torch.Generator().manual_seed(1))

    def run_with(recorder):
        gen = torch.Generator().manual_seed(2)
        sample(model, schedule, labels, noise, generator=gen, recorder=recorder)

    return {
        "what": f"digit diffusion, 10 images x {cfg.num_steps} steps",
        **on_off(run_with),
    }


def gan_training(train_iters: int = 1_000) -> dict:
    from engine import gan_points as gp

    def run(record_every: int) -> float:
        cfg = gp.GanPointsConfig(train_iters=train_iters, record_every=record_every)
        start = time.perf_counter()
        gp.train_run(cfg, cfg.r1_gamma, "bench", progress=False)
        return time.perf_counter() - start

    default = gp.GanPointsConfig().record_every
    on, off = run(default), run(train_iters)
    return {
        "what": f"GAN training, {train_iters} steps, a round every {default} steps",
        "seconds_on": round(on, 3),
        "seconds_off": round(off, 3),
        "overhead": round(on / off - 1, 4),
    }


def measure() -> dict:
    return {
        "points_sampling": points_sampling(),
        "digits_sampling": digits_sampling(),
        "gan_training": gan_training(),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure()))
