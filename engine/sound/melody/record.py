"""Recording the ``melody`` trace: a decoder-only transformer writes a tune.

One trained model (``train.py``), recorded two ways:

- one tune written token by token from ``<s>`` (and a start, if given: by
  default none, so the model writes the motif too, sampled at
  ``temperature``), with the distribution each token was drawn from and
  every head's attention, the grammar's marks for it, and its sound
  (``engine/sound/synth.py``, synthesised) with each note's start time;
- the held-out tunes (none in training) read with the true prefix: greedy
  next-token accuracy where the grammar decides the token, and for every
  head how often its largest weight lands on the deciding earlier token at
  the echo's positions; the head is chosen on the first half of the held-out
  tunes and scored on the second (``evaluate.py``).

    python -m engine record melody
    python -m engine record melody --set "start=E4 G4 - C5" --out /tmp/mine.npz
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.sound import synth
from engine.sound.melody.corpus import (
    BAR,
    MAX_TOKENS,
    PARTS,
    RULES,
    Tune,
    assemble,
    follows_grammar,
    padded,
    split,
)
from engine.sound.melody.evaluate import accuracy, choose_head, head_hits, read_tunes
from engine.sound.melody.train import MelodyConfig, trained_model
from engine.sound.melody.write import write
from engine.sound.notes import (
    EOS,
    HOLD,
    NOTE_NAMES,
    RATE,
    TOKEN_ID,
    VOCAB,
    decode,
    encode,
    notes_of,
)

KIND = "melody"


@dataclass
class MelodyRecordConfig(MelodyConfig):
    # Tokens given before the model writes, space separated (notes C4..C6 and
    # "-"), at most two bars; empty: the model writes the whole tune.
    start: str = ""
    temperature: float = 1.0  # sampling temperature of the written tune
    write_seed: int = 3  # the generator the written tune is drawn with
    instrument: str = "string"  # the synthesised instrument the tune is played on
    beat: float = 0.25  # seconds a beat

    def __post_init__(self):
        super().__post_init__()
        if not 0 <= self.write_seed < 2**31:
            raise ConfigError("write_seed must be between 0 and 2147483647")
        if not 0.05 <= self.temperature <= 5:
            raise ConfigError("temperature must be between 0.05 and 5")
        if not 0.1 <= self.beat <= 1:
            raise ConfigError("beat must be between 0.1 and 1 seconds")
        if self.instrument not in synth.INSTRUMENTS:
            raise ConfigError(f"unknown instrument {self.instrument!r} (known: "
                              f"{', '.join(synth.INSTRUMENTS)})")
        self.start_ids()  # an unreadable start: one line, before any training

    def start_ids(self) -> list[int]:
        """The given start as token ids; ConfigError if it cannot start a tune."""
        words = self.start.split()
        try:
            ids = encode(words).tolist()
        except ValueError as err:
            raise ConfigError(f"start: {err}") from None
        if words and words[0] not in NOTE_NAMES:
            raise ConfigError(
                f"start must begin with a note (C4..C6), not {words[0]!r}"
            )
        if len(words) > 2 * BAR:
            raise ConfigError(f"start has {len(words)} tokens; at most {2 * BAR} "
                              "(two bars) leave the model something to write")
        return ids


def record(
    cfg: MelodyRecordConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) the model, record the trace to ``out_path``, return it."""
    started = time.process_time()
    model, losses, train_seconds = trained_model(cfg, progress, use_cache)
    arrays: dict[str, np.ndarray] = {
        "vocab": np.array(VOCAB), "loss": losses, "part_names": np.array(PARTS),
        "rule_names": np.array(("all decided", *RULES[1:])),
    }
    with torch.no_grad(), torch.random.fork_rng():
        written, written_stats = _written(cfg, model)
        held, held_stats = _heldout(cfg, model)
    arrays.update(written)
    arrays.update(held)
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 5),
        "train_tunes": cfg.n_tunes,
        **written_stats,
        **held_stats,
        "record_cpu_seconds": round(time.process_time() - started, 2),
    }
    arrays = {k: trace.stored(v) for k, v in arrays.items()}
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"rate": RATE, "beat": cfg.beat, "bar": BAR,
                 "max_tokens": MAX_TOKENS},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))



def _marks(tokens: list[str]) -> tuple[Tune | None, np.ndarray, np.ndarray, np.ndarray]:
    """The grammar's tune for ``tokens`` (None if they break it) and its rule,
    source and part per position (free, -1 and by bar where they break it)."""
    n = len(tokens)
    if follows_grammar(tokens):
        motif = notes_of(tokens[1: 1 + BAR])
        tune = assemble(motif, TOKEN_ID[tokens[1 + BAR]] - motif[0][0])
        return tune, tune.rule, tune.source, tune.part
    part = np.clip((np.arange(n) + BAR - 1) // BAR, 0, 3)
    part[0] = 0
    if tokens[-1] == EOS:
        part[-1] = 4
    return None, np.zeros(n, dtype=np.int64), np.full(n, -1, dtype=np.int64), part


def _written(cfg: MelodyRecordConfig, model):
    """The tune the model writes, its marks, its sound and its notes' times."""
    w = write(model, cfg.start_ids(), cfg.temperature, cfg.write_seed)
    tokens = decode(w.ids)
    tune, rule, source, part = _marks(tokens)
    notes = notes_of(tokens)
    # A tune of no notes (only </s> written) is silence, one sample long.
    audio = (synth.tune(notes, cfg.instrument, cfg.beat, cfg.seed) if notes
             else np.zeros(1, dtype=np.float32))
    # Each token stands for one beat, from the token after <s>.
    note_start = np.full(len(tokens), -1.0)
    note_beats = np.zeros(len(tokens), dtype=np.int64)
    for j, t in enumerate(tokens):
        if t in NOTE_NAMES:
            note_start[j] = (j - 1) * cfg.beat
            k = j + 1
            while k < len(tokens) and tokens[k] == HOLD:
                k += 1
            note_beats[j] = k - j
    arrays = {
        "tokens": w.ids, "given": w.given, "next_probs": w.probs, "attn": w.attn,
        "rule": rule, "source": source, "part": part,
        "note_start": note_start, "note_beats": note_beats, "audio": audio,
    }
    stats = {
        "written_follows_grammar": tune is not None,
        "written_shift": None if tune is None else int(tune.shift),
        "written_ends": tokens[-1] == EOS,
        "start_source": "user" if cfg.start.strip() else "none: the model writes "
                        "every token after <s>",
        "audio_seconds": round(len(audio) / RATE, 3),
    }
    return arrays, stats


def _heldout(cfg: MelodyRecordConfig, model):
    """Held-out accuracy at decided positions, and the head chosen on one half
    of the held-out tunes and scored on the other."""
    train, heldout = split(cfg.n_tunes, cfg.n_heldout, cfg.seed)
    overlap = len({t.tokens for t in heldout} & {t.tokens for t in train})
    reading = read_tunes(model, heldout)
    acc = accuracy(reading)
    head = choose_head(reading)
    half = len(heldout) // 2
    choose_hits, _ = head_hits(reading, slice(0, half))
    # Every head on every rule's positions (second half): the echo head is
    # chosen for the echo, where one earlier note decides; the others are kept
    # so the figure is read beside them.
    by_rule = [head_hits(reading, slice(half, None), code)
               for code in range(1, len(RULES))]  # fmt: skip
    layer, index = head["layer"], head["head"]
    ids, real = padded(heldout)
    names = ("all", *RULES[1:])
    arrays = {
        "heldout_tokens": ids, "heldout_length": real.sum(1),
        "heldout_half": (np.arange(len(heldout)) >= half).astype(np.int64),
        "accuracy_right": np.array([acc[k][0] for k in names]),
        "accuracy_count": np.array([acc[k][1] for k in names]),
        "head_hits_choose": choose_hits, "head_hits_report": head["all_hits"],
        "chosen_head": np.array([head["layer"], head["head"]]),
        "head_hits_by_rule": np.stack([h for h, _ in by_rule]),
        "head_cases_by_rule": np.array([c for _, c in by_rule]),
    }
    stats = {
        "heldout_tunes": len(heldout),
        "heldout_also_in_training": overlap,
        "accuracy_decided": round(acc["all"][0] / max(1, acc["all"][1]), 4),
        "accuracy_right": acc["all"][0],
        "accuracy_count": acc["all"][1],
        "head_layer": head["layer"],
        "head_index": head["head"],
        "head_rule": head["rule"],
        "head_hits": head["hits"],
        "head_cases": head["cases"],
        "head_hit_rate": round(head["hits"] / max(1, head["cases"]), 4),
        "head_hits_all_decided": int(sum(h[layer, index] for h, _ in by_rule)),
        "head_cases_all_decided": int(sum(c for _, c in by_rule)),
        "head_choose_hits": head["choose_hits"],
        "head_choose_cases": head["choose_cases"],
        "head_chosen_on": f"held-out tunes 1..{half} (first half)",
        "head_reported_on": f"held-out tunes {half + 1}..{len(heldout)} "
                            "(second half)",
    }
    return arrays, stats
