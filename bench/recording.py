"""What recording costs: the same sampling or training with the recorder on and off.

Diffusion samplers record through an optional Recorder: timed with one and
without. The GAN records a round (fakes, push, the inspector's map) every
``record_every`` steps: timed training with that against recording only the
last round, same steps and batches.

Each run is timed in CPU seconds of this process, with torch on one thread as
make runs it, and runs with and without alternate. Each side's figure is its
fastest run: on a shared machine other work only ever adds time to a run, so
the fastest is the one least disturbed (as ``timeit`` advises).
"""

from __future__ import annotations

import time

import torch

from engine.core.recorder import Recorder

REPEATS = 11  # per side, for the sub-second sampling runs
GAN_REPEATS = 3  # per side, for the seconds-long training runs


def cpu_seconds(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def on_off(run: dict, repeats: int) -> dict:
    """Fastest CPU seconds of ``run["on"]()`` and ``run["off"]()``, alternated."""
    run["off"]()  # warm-up: first calls pay for lazy set-up in torch
    times: dict[str, list[float]] = {"on": [], "off": []}
    for i in range(repeats):
        order = ("off", "on") if i % 2 else ("on", "off")
        for key in order:
            times[key].append(cpu_seconds(run[key]))
    on, off = min(times["on"]), min(times["off"])
    return {
        "seconds_on": round(on, 4),
        "seconds_off": round(off, 4),
        "overhead": round(on / off - 1, 4),
        "runs_each": repeats,
    }


def with_and_without(run_with) -> dict:
    return {"on": lambda: run_with(Recorder()), "off": lambda: run_with(None)}


def points_sampling() -> dict:
    from engine.diffusion import points as pd

    cfg = pd.PointsDiffusionConfig()
    model, schedule, _, _ = pd.trained_model(cfg, progress=False)
    model.eval()

    def run_with(recorder):
        gen = torch.Generator().manual_seed(cfg.seed + 4)
        pd.sample(model, schedule, cfg.n_show, gen, recorder)

    return {
        "what": f"2D diffusion, {cfg.n_show} points x every step",
        **on_off(with_and_without(run_with), REPEATS),
    }


def digits_sampling() -> dict:
    from engine.diffusion import digits_model as dd
    from engine.diffusion.digits_sampling import sample

    cfg = dd.DigitsDiffusionConfig()
    model, schedule, _, _ = dd.trained_model(cfg, progress=False)
    labels = torch.arange(10)
    noise = torch.randn((10, 8, 8), generator=torch.Generator().manual_seed(1))

    def run_with(recorder):
        gen = torch.Generator().manual_seed(2)
        sample(model, schedule, labels, noise, generator=gen, recorder=recorder)

    return {
        "what": f"digit diffusion, 10 images x {cfg.num_steps} steps",
        **on_off(with_and_without(run_with), REPEATS),
    }


def gan_training(train_iters: int = 300) -> dict:
    from engine.gan import points as gp

    def run(record_every: int):
        cfg = gp.GanPointsConfig(train_iters=train_iters, record_every=record_every)
        return lambda: gp.train_run(cfg, cfg.r1_gamma, "bench", progress=False)

    default = gp.GanPointsConfig().record_every
    return {
        "what": f"GAN training, {train_iters} steps, a round every {default} steps",
        **on_off({"on": run(default), "off": run(train_iters)}, GAN_REPEATS),
    }


def measure() -> dict:
    torch.set_num_threads(1)  # as every make job runs (engine/__init__.py)
    return {
        "points_sampling": points_sampling(),
        "digits_sampling": digits_sampling(),
        "gan_training": gan_training(),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure()))
