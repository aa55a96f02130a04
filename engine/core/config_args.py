"""Turning ``--set name=value`` pairs into a validated config dataclass.

Shared limits live here; a config's own checks (a dataset that must exist, a
CSV pinned to its content) live in its ``__post_init__``, which may raise
ConfigError too.
"""

from __future__ import annotations

import dataclasses

# Generous ceilings: anything past them is a typo, not a wish, on a 2-core CPU.
LIMITS = {
    "seed": (0, 2**31 - 1),  # numpy refuses negative seeds
    "num_steps": (1, 10_000),
    "train_iters": (1, 1_000_000),
    "batch_size": (1, 65_536),
    "n_train": (2, 1_000_000),
    "n_show": (1, 100_000),
    "hidden": (1, 4_096),
    "layers": (1, 64),
    "time_dim": (2, 1_024),
    # the digits diffusion model (engine/diffusion/digits_*.py)
    "blocks": (1, 64),
    "few_steps": (1, 10_000),
    "eval_per_digit": (1, 10_000),
    "guidance": (0, 100),
    "cond_dropout": (0, 0.99),
    # the word transformer (engine/transformer/)
    "n_sentences": (100, 1_000_000),
    "n_heldout": (50, 100_000),
    "block_size": (8, 512),
    "d_model": (4, 1_024),
    "heads": (1, 64),
    "step_words": (1, 64),
    "side_words": (1, 200),
    "drift_words": (1, 2_000),
    "survival_runs": (1, 5_000),
    "min_length": (1, 4_096),
    "max_length": (1, 4_096),
    "repeats": (1, 100),
    "cache_words": (1, 4_096),
    # the GANs on 2D points (engine/gan/points.py)
    "n_modes": (2, 1_000),
}


class ConfigError(ValueError):
    pass


def apply_overrides(config_class, pairs: list[str]):
    """A ``config_class`` instance with ``name=value`` overrides applied and checked."""
    fields = {f.name: f for f in dataclasses.fields(config_class)}
    values = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise ConfigError(f"--set expects name=value, got {pair!r}")
        if name not in fields:
            raise ConfigError(
                f"unknown config field {name!r} (known: {', '.join(fields)})"
            )
        default = fields[name].default
        try:
            values[name] = type(default)(raw)
        except ValueError:
            raise ConfigError(
                f"{name} must be a {type(default).__name__}, got {raw!r}"
            ) from None
    for name, value in values.items():  # before the config's own checks use them
        _check_range(name, value)
    cfg = config_class(**values)
    check_limits(cfg)
    return cfg


def _check_range(name: str, value) -> None:
    low, high = LIMITS.get(name, (None, None))
    if low is not None and value is not None and not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")


def check_limits(cfg) -> None:
    for name in LIMITS:
        _check_range(name, getattr(cfg, name, None))
    for name in ("lr",):
        value = getattr(cfg, name, None)
        if value is not None and not 0 < value < 10:
            raise ConfigError(f"{name} must be a positive number below 10, got {value}")
    few, total = getattr(cfg, "few_steps", None), getattr(cfg, "num_steps", None)
    if few is not None and total is not None and few > total:
        raise ConfigError(f"few_steps ({few}) cannot exceed num_steps ({total})")
