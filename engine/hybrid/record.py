"""Recording the ``text_to_image`` trace: a transformer reads a prompt, a diffusion
model draws it.

One trained model (``engine/hybrid/train.py``), recorded three ways:

- the prompts drawn on screen: their tokens, the encoder's attention and
  output, every denoising step with the model's guess, and the cross-attention
  of every patch on every word at every step;
- every combination of colour, shape and place drawn ``eval_per_combo`` times
  and read back from the pixels by an independent check
  (``engine/hybrid/check.py``), seen combinations and held-out ones apart, with
  the share of each word's attention that lands on the drawn shape;
- the time to draw a picture, and the check's own accuracy on real pictures.

    python -m engine record text_to_image
    python -m engine record text_to_image --set "prompts=green square bottom left" \\
        --out renders/traces/prompt-mine.npz
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.core.recorder import Recorder
from engine.hybrid.check import accuracy_on_real, attention_inside, quarter, read
from engine.hybrid.data import (
    ALL_COMBOS,
    COLOURS,
    GRID,
    POSITIONS,
    SHAPES,
    SIDE,
    VOCAB,
    Combo,
    dataset_combos,
    is_held_out,
    prompt_tokens,
    tokens_of,
)
from engine.hybrid.prompt import PromptError, parse_prompt
from engine.hybrid.sampling import encode, sample
from engine.hybrid.train import HybridConfig, trained_model

KIND = "text_to_image"
DEFAULT_PROMPTS = (
    "red circle top left; blue square bottom right; green triangle top right; "
    "blue triangle bottom left"
)
MAX_PROMPTS = 8
EVAL_CHUNK = 72  # pictures sampled at once while evaluating
TIMED = 10  # pictures per timed batch


@dataclass
class TextToImageConfig(HybridConfig):
    # The prompts drawn step by step, separated by ";". The default names every
    # colour, shape and place, and its last prompt is a held-out combination.
    prompts: str = DEFAULT_PROMPTS
    guidance: float = 3.0  # classifier-free guidance scale (1 = plain prompt)
    sample_steps: int = 25  # DDIM steps per picture
    eval_per_combo: int = 12  # pictures drawn and checked per combination
    real_checked: int = 3_000  # fresh real pictures the pixel check is tried on
    timing_repeats: int = 3  # timed runs; the median is kept

    def __post_init__(self):
        super().__post_init__()
        checks = [
            (1 <= self.sample_steps <= self.num_steps,
             f"sample_steps must be in 1..num_steps ({self.num_steps})"),
            (1 <= self.eval_per_combo <= 1000, "eval_per_combo must be in 1..1000"),
            (10 <= self.real_checked <= 100_000, "real_checked must be in 10..100000"),
            (1 <= self.timing_repeats <= 100, "timing_repeats must be in 1..100"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)
        self.prompt_list()  # an unreadable prompt: one line, before any training

    def prompt_list(self) -> list[tuple[list[str], Combo]]:
        """Each prompt's words and what it asks for; PromptError if unreadable."""
        parts = [p for p in self.prompts.split(";") if p.strip()]
        if not parts:
            raise PromptError("prompts is empty: give one, e.g. 'red circle top left'")
        if len(parts) > MAX_PROMPTS:
            raise PromptError(f"prompts has {len(parts)} prompts; at most "
                              f"{MAX_PROMPTS} fit on screen")
        return [parse_prompt(p) for p in parts]


def record(
    cfg: TextToImageConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    model, schedule, losses, train_seconds = trained_model(cfg, progress, use_cache)
    real = accuracy_on_real(cfg.real_checked, cfg.seed + 50)
    arrays: dict[str, np.ndarray] = {
        "vocab": np.array(VOCAB),
        "colour_names": np.array(COLOURS),
        "shape_names": np.array(SHAPES),
        "position_names": np.array(POSITIONS),
        "loss": losses,
    }
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 5),
        "train_pictures": cfg.train_pictures,
        "sample_steps": cfg.sample_steps,
        "guidance": cfg.guidance,
        "check_accuracy_on_real": round(real["all"], 4),
        "check_real_pictures": cfg.real_checked,
        "prompts_source": "default" if cfg.prompts == DEFAULT_PROMPTS else "user",
    }
    with torch.random.fork_rng():  # sampling draws only from its own generators
        arrays.update(_prompts(cfg, model, schedule))
        evaluated, eval_stats = _evaluate(cfg, model, schedule)
        arrays.update(evaluated)
        stats.update(eval_stats)
        stats.update(_timing(cfg, model, schedule))

    arrays = {k: trace.stored(v) for k, v in arrays.items()}
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"pixel": [-1.0, 1.0], "side": SIDE, "grid": GRID},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))



def _cross_grid(cross: np.ndarray) -> np.ndarray:
    """Recorded cross-attention (step, B, layer, head, cells, token) ->
    (step, B, layer, head, token, gy, gx)."""
    s, b, layers, heads, _, t = cross.shape
    grid = cross.reshape(s, b, layers, heads, GRID, GRID, t)
    return grid.transpose(0, 1, 2, 3, 6, 4, 5)


def _prompts(cfg, model, schedule) -> dict[str, np.ndarray]:
    """The prompts on screen, each from its own static, every step recorded."""
    parsed = cfg.prompt_list()
    tokens = torch.tensor([tokens_of(words) for words, _ in parsed])  # (P, T)
    words, enc_attn = encode(model, tokens)  # (P, T, d), [(P, heads, T, T)]
    noise = torch.randn(
        (len(parsed), SIDE, SIDE, 3),
        generator=torch.Generator().manual_seed(cfg.seed + 20),
    )
    rec = Recorder()
    final = sample(model, schedule, tokens, noise, cfg.sample_steps, cfg.guidance, rec)
    steps = rec.stacked()
    cross = _cross_grid(steps["cross"])  # (step, P, layer, head, token, gy, gx)
    reading = read(final.numpy())
    asked = np.array([combo.codes() for _, combo in parsed])  # (P, 3)
    last = cross[-1].mean((1, 2))  # the final pass, over layers and heads: (P, T, 8, 8)
    places = np.stack([quarter(int(p)) for p in asked[:, 2]])  # (P, H, W)
    return {
        "prompt_text": np.array([" ".join(w) for w, _ in parsed]),
        "tokens": tokens.numpy(),
        "asked": asked,
        "held_out": np.array([is_held_out(combo) for _, combo in parsed]),
        "enc_attn": torch.stack(enc_attn, 1).numpy(),  # (P, layer, head, T, T)
        "encoded": words.numpy(),
        "frame_t": steps["t"],
        "frames": steps["x"],
        "guesses": steps["x0"],
        "step_t": steps["t"][:-1],  # the step at which each pass ran
        "cross_attn": cross,
        "read_colour": reading.colour,
        "read_shape": reading.shape,
        "read_position": reading.position,
        "ink": reading.ink,
        "word_share": attention_inside(last, reading.ink),
        "place_share": attention_inside(last, places),
    }


def _evaluate(cfg, model, schedule):
    """Every combination drawn ``eval_per_combo`` times (prompt in its natural
    order) and read back from the pixels; attention shares of the final pass."""
    combos = np.repeat(np.arange(len(ALL_COMBOS)), cfg.eval_per_combo)  # (n,)
    tokens = torch.from_numpy(prompt_tokens(combos))  # (n, T)
    noise = torch.randn(
        (len(combos), SIDE, SIDE, 3),
        generator=torch.Generator().manual_seed(cfg.seed + 30),
    )
    pictures, last = [], []
    for lo in range(0, len(combos), EVAL_CHUNK):
        rec = Recorder(["cross"])
        chunk = slice(lo, lo + EVAL_CHUNK)
        pictures.append(
            sample(model, schedule, tokens[chunk], noise[chunk], cfg.sample_steps,
                   cfg.guidance, rec).numpy()
        )
        last.append(_cross_grid(rec.stacked()["cross"])[-1].mean((1, 2)))
    pictures = np.concatenate(pictures)  # (n, H, W, 3)
    last = np.concatenate(last)  # (n, T, 8, 8): over layers and heads
    asked = np.array([ALL_COMBOS[k].codes() for k in combos])  # (n, 3)
    r = read(pictures)
    right = r.agrees(*asked.T)
    parts = {
        "colour": r.colour == asked[:, 0],
        "shape": r.shape == asked[:, 1],
        "position": r.position == asked[:, 2],
    }
    held = np.array([is_held_out(ALL_COMBOS[k]) for k in combos])

    def per_combo(ok: np.ndarray) -> np.ndarray:
        return ok.reshape(len(ALL_COMBOS), cfg.eval_per_combo).mean(1)

    train_count = np.bincount(
        dataset_combos(cfg.train_pictures, cfg.seed), minlength=len(ALL_COMBOS)
    )
    arrays = {
        "combo": np.array([c.codes() for c in ALL_COMBOS]),
        "combo_held_out": np.array([is_held_out(c) for c in ALL_COMBOS]),
        "train_count": train_count,
        "eval_correct": per_combo(right),
        "eval_colour": per_combo(parts["colour"]),
        "eval_shape": per_combo(parts["shape"]),
        "eval_position": per_combo(parts["position"]),
        "eval_examples": pictures[:: cfg.eval_per_combo],
    }
    stats = {
        "eval_per_combo": cfg.eval_per_combo,
        "seen_accuracy": round(float(right[~held].mean()), 4),
        "heldout_accuracy": round(float(right[held].mean()), 4),
        "seen_pictures": int((~held).sum()),
        "heldout_pictures": int(held.sum()),
    }
    for name, ok in parts.items():
        stats[f"seen_{name}_accuracy"] = round(float(ok[~held].mean()), 4)
        stats[f"heldout_{name}_accuracy"] = round(float(ok[held].mean()), 4)
    # Where the words' attention lands, on pictures drawn right: tokens are
    # <start>, colour, shape, top/bottom, left/right in the natural order.
    if right.any():
        on_shape = attention_inside(last[right], r.ink[right])  # (k, T)
        places = np.stack([quarter(int(p)) for p in asked[right, 2]])
        in_place = attention_inside(last[right], places)
        stats.update({
            "attention_pictures": int(right.sum()),
            "colour_word_share_on_shape": round(float(on_shape[:, 1].mean()), 4),
            "shape_word_share_on_shape": round(float(on_shape[:, 2].mean()), 4),
            "shape_area_share": round(float(r.ink[right].mean()), 4),
            "place_words_share_in_quarter": round(float(in_place[:, 3:].mean()), 4),
        })
    return arrays, stats


def _timing(cfg, model, schedule) -> dict:
    """Time to draw a picture: a batch of TIMED, and one alone (median of runs)."""
    tokens = torch.from_numpy(prompt_tokens(np.arange(TIMED) % len(ALL_COMBOS)))
    noise = torch.randn(
        (TIMED, SIDE, SIDE, 3), generator=torch.Generator().manual_seed(cfg.seed + 40)
    )

    def timed(n: int) -> float:
        runs = []
        for _ in range(cfg.timing_repeats):
            start = time.perf_counter()
            sample(model, schedule, tokens[:n], noise[:n], cfg.sample_steps,
                   cfg.guidance)
            runs.append(time.perf_counter() - start)
        return 1000 * float(np.median(runs)) / n

    return {
        "timed_batch": TIMED,
        "ms_per_image": round(timed(TIMED), 3),
        "ms_single_image": round(timed(1), 3),
        "torch_threads": torch.get_num_threads(),
    }
