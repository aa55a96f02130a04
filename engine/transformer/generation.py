"""Record the word transformer writing: the ``text_generation`` trace.

From one prompt: words written one at a time at temperature 1 with the full
next-word distribution at each step; the same prompt continued at a low and at
a high temperature; and a long generation at the high temperature, every word
checked against the rules the corpus follows (``engine.transformer.corpus.Grammar``), so
the first word that breaks one is known. Many more generations measure how
long text stays on the rules at each temperature.

    python -m engine record text_generation
    python -m engine record text_generation --set "prompt=mia gave leo the"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.transformer.corpus import END, RULES, make_sentence
from engine.transformer.corpus_rules import allowed_after, unchecked
from engine.transformer.evaluate import rule_breaks
from engine.transformer.model import TransformerConfig, one_thread, sample
from engine.transformer.sentence import parse_words
from engine.transformer.training import trained_model

KIND = "text_generation"
EXAMPLE_TEMPLATES = ("agreement", "names", "closing")  # corpus.TEMPLATES


@dataclass
class GenerationConfig(TransformerConfig):
    prompt: str = "the keys to the old box"  # where every generation starts
    step_words: int = 8  # words written one at a time at temperature 1
    low_temperature: float = 0.5  # the cautious side of the comparison
    high_temperature: float = 1.4  # the adventurous side, and the long generation
    side_words: int = 24  # words on each side of the comparison
    drift_words: int = 160  # words in the long generation at high temperature
    # generations per temperature measured for drift: 120 puts a share's
    # standard error at 4.6 points at most, against 3.5 for 200, in 60% of
    # the time (the record's cost is these generations)
    survival_runs: int = 120
    # (at the low, the model's own (1.0) and the high temperature)

    def __post_init__(self):
        super().__post_init__()
        for name in ("low_temperature", "high_temperature"):
            value = getattr(self, name)
            if not 0.05 <= value <= 10:
                raise ConfigError(f"{name} must be between 0.05 and 10, got {value}")
        if not self.prompt.strip():
            raise ConfigError("prompt must have at least one word")
        parse_words(self.prompt, "prompt", self.block_size - 1)


@torch.no_grad()
def record(
    cfg: GenerationConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) the model; record it writing, and where its writing drifts."""
    model, tok, losses, train_seconds = trained_model(cfg, progress, use_cache)
    prompt = [END] + tok.split(cfg.prompt)
    ids = tok.encode(prompt)
    gen = torch.Generator().manual_seed(cfg.seed + 10)
    arrays: dict[str, np.ndarray] = {}
    with one_thread():
        for name, n, temperature in (
            ("step", cfg.step_words, 1.0),
            ("low", cfg.side_words, cfg.low_temperature),
            ("high", cfg.side_words, cfg.high_temperature),
            ("drift", cfg.drift_words, cfg.high_temperature),
        ):
            words, dists = sample(model, ids, n, temperature, gen, cfg.block_size)
            words = words[0].numpy().astype(np.int32)  # (n,)
            arrays[f"{name}_tokens"] = words
            arrays[f"{name}_probs"] = dists[0].numpy()  # (n, vocab), as tempered
            rule, decider = rule_breaks(prompt + tok.decode(words), len(prompt))
            arrays[f"{name}_rule"] = rule
            # at each broken rule, the words training sentences put there instead,
            # so a scene can say why the word is marked from the trace alone
            stream = prompt + tok.decode(words)
            allowed = np.zeros((len(words), len(tok.vocab)), bool)
            for i in np.flatnonzero(rule):
                ok = set(allowed_after(tok.vocab, stream, len(prompt) + int(i)))
                allowed[i] = [w in ok for w in tok.vocab]
            arrays[f"{name}_allowed"] = allowed
            arrays[f"{name}_unchecked"] = np.array(
                unchecked(tok.decode(words), rule), bool
            )
        arrays["drift_decider"] = decider  # from the last run, the long one
        temperatures = sorted({cfg.low_temperature, 1.0, cfg.high_temperature})
        survival = []
        for temperature in temperatures:
            many, _ = sample(
                model,
                ids,
                cfg.drift_words,
                temperature,
                gen,
                cfg.block_size,
                batch=cfg.survival_runs,
            )
            first = np.array([first_break(prompt, tok.decode(w)) for w in many.numpy()])
            # share of generations that kept every rule for their first n words
            n = np.arange(1, cfg.drift_words + 1)
            survival.append((first[None, :] >= n[:, None]).mean(1))
        arrays["survival"] = np.stack(survival)  # (temperature, drift)
        arrays["survival_temperatures"] = np.array(temperatures)
    # Of the long generation keep only the probability of each word drawn.
    drift_probs = arrays.pop("drift_probs")
    arrays["drift_chosen"] = drift_probs[
        np.arange(len(drift_probs)), arrays["drift_tokens"]
    ]
    # one training sentence of each kind, by the generator the corpus is made
    # with: what "simple made-up sentences" look like
    rng = np.random.default_rng(cfg.seed)
    examples = [" ".join(make_sentence(rng, t).words) for t in EXAMPLE_TEMPLATES]
    arrays.update(
        example_sentences=np.array(examples),
        vocab=np.array(tok.vocab),
        prompt=np.array(ids, dtype=np.int32),
        rule_names=np.array(RULES),
        loss=losses,
    )
    arrays = {
        k: v.astype(np.float32) if v.dtype.kind == "f" else v for k, v in arrays.items()
    }
    breaks = np.flatnonzero(arrays["drift_rule"])
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 4),
        "drift_first_break": int(breaks[0]) if len(breaks) else -1,
        "drift_breaks": int(len(breaks)),
        "survival": {
            f"{t:g}": {
                "median_words_kept": median_life(row),
                "share_broken": round(1 - float(row[-1]), 4),
            }
            for t, row in zip(
                arrays["survival_temperatures"], arrays["survival"], strict=True
            )
        },
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))


def first_break(prompt: list[str], words: list[str]) -> int:
    """Index of the first generated word that breaks a rule (len(words) if none)."""
    rule, _ = rule_breaks(prompt + words, len(prompt))
    hit = np.flatnonzero(rule)
    return int(hit[0]) if len(hit) else len(words)


def median_life(survival: np.ndarray) -> int:
    """Words written before half the generations had broken a rule (-1: never)."""
    below = np.flatnonzero(survival < 0.5)
    return int(below[0]) if len(below) else -1
