"""Recording the ``sound_diffusion`` trace: static turned into a note.

One trained model (``train.py``), recorded three ways:

- the first prompt drawn from static step by step: its picture, the model's
  guess and its sound at chosen steps, from pure static to the finished note;
  then every prompt from that same static, finished;
- ``eval_per_note`` samples of every (instrument, pitch), each heard by the
  independent checks (``engine/sound/checks.py``): pYIN's pitch against the
  prompted note, and the instrument classifier's guess;
- the checks tried first on held-out real notes sent through the same round
  trip (picture, then Griffin-Lim), so what they say about generated notes
  can be trusted as far as they are right on real ones.

The classifier learns from real notes only (never generated ones), heard
through the same round trip as the generated notes, so it judges the
instrument and not the roughness Griffin-Lim adds to every sound.

    python -m engine record sound_diffusion
    python -m engine record sound_diffusion --set "prompts=bell G4;string C5" \\
        --out renders/traces/sound-mine.npz
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
from engine.sound.checks import (
    WITHIN,
    fit_instrument_check,
    semitone_error,
    within_semitone,
)
from engine.sound.notes import NOTE_NAMES, degree_midi
from engine.sound.sound_diffusion.data import FRAMES, PITCHES, SAMPLES, real_set
from engine.sound.sound_diffusion.prompt import PromptError, parse_prompt
from engine.sound.sound_diffusion.sampling import sample
from engine.sound.sound_diffusion.spectrogram import (
    FMAX,
    GRIFFIN_LIM_ITERS,
    N_MELS,
    to_sound,
)
from engine.sound.sound_diffusion.train import SoundDiffusionTrainConfig, trained_model
from engine.sound.synth import INSTRUMENTS

KIND = "sound_diffusion"
DEFAULT_PROMPTS = "bell G4; string C5; whistle E4; drum A4"
MAX_PROMPTS = 6


@dataclass
class SoundDiffusionConfig(SoundDiffusionTrainConfig):
    # The prompts drawn from one static, separated by ";"; the first is shown
    # step by step. One prompt alone is followed by the default prompts of the
    # other instruments.
    prompts: str = DEFAULT_PROMPTS
    sample_steps: int = 25  # DDIM steps per note
    frames: int = 6  # chosen steps of the first prompt, pure static to finished
    # Classifier-free guidance scale (1 = none). Measured with seed 0: notes
    # recognised as their instrument, 1: 81% (64 notes), 1.5: 91% (128),
    # 2: 88% (128), 3: 81% (64), the drum suffering most without it or with
    # too much; pitch within a semitone stayed 97-100%. 50 DDIM steps drew the
    # same notes as 25 (mean difference 0.004 in picture units).
    guidance: float = 1.5
    eval_per_note: int = 4  # generated samples per (instrument, pitch) judged
    check_per_note: int = 3  # real notes per (instrument, pitch) the classifier learns
    real_per_note: int = 2  # held-out real notes per (instrument, pitch) checked
    griffin_lim_iters: int = GRIFFIN_LIM_ITERS  # phase-finding rounds per sound

    def __post_init__(self):
        super().__post_init__()
        checks = [
            (1 <= self.sample_steps <= self.num_steps,
             f"sample_steps must be in 1..num_steps ({self.num_steps})"),
            (2 <= self.frames <= self.sample_steps + 1,
             "frames must be in 2..sample_steps+1"),
            (0 <= self.guidance <= 20, "guidance must be in 0..20"),
            (1 <= self.eval_per_note <= 100, "eval_per_note must be in 1..100"),
            (2 <= self.check_per_note <= 100, "check_per_note must be in 2..100"),
            (1 <= self.real_per_note <= 100, "real_per_note must be in 1..100"),
            (1 <= self.griffin_lim_iters <= 1000,
             "griffin_lim_iters must be in 1..1000"),
        ]  # fmt: skip
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)
        self.prompt_list()  # an unreadable prompt: one line, before any training

    def prompt_list(self) -> list[tuple[int, int]]:
        """(instrument, degree) of each prompt; PromptError if unreadable."""
        parts = [p for p in self.prompts.split(";") if p.strip()]
        if not parts:
            raise PromptError("prompts is empty: give one, e.g. 'bell G4'")
        if len(parts) > MAX_PROMPTS:
            raise PromptError(f"prompts has {len(parts)} prompts; at most "
                              f"{MAX_PROMPTS} fit on screen")
        asked = [parse_prompt(p) for p in parts]
        if len(asked) == 1:  # the default prompts of the other instruments
            asked += [p for p in (parse_prompt(d) for d in DEFAULT_PROMPTS.split(";"))
                      if p[0] != asked[0][0]][:3]  # fmt: skip
        return asked


def record(cfg: SoundDiffusionConfig, out_path, progress: bool = True,
           use_cache: bool = True) -> trace.Trace:
    """Train (or load) the model, record the trace to ``out_path``; returns it."""
    cpu_start = time.process_time()
    torch.set_num_threads(1)
    model, schedule, losses, train_seconds = trained_model(cfg, progress, use_cache)
    with torch.random.fork_rng():  # sampling draws only from its own generators
        shown, static = _prompts(cfg, model, schedule)
        evaluated = _evaluate(cfg, model, schedule)
    check, calib = _checks(cfg, shown["prompt_degree"][0])
    shown["prompt_predicted"] = check.predict(shown["prompt_sound"])
    evaluated["eval_predicted"] = check.predict(evaluated.pop("eval_sound"))
    calib["real_predicted"] = check.predict(calib.pop("real_sound"))

    arrays = {
        "instrument_names": np.array(INSTRUMENTS),
        "note_names": np.array(NOTE_NAMES[:PITCHES]),
        "note_midi": np.array([degree_midi(d) for d in range(PITCHES)]),
        "band_hz": _band_hz(),
        "loss": losses,
        **static, **shown, **evaluated, **calib,
    }  # fmt: skip
    right_inst = arrays["eval_predicted"] == arrays["eval_instrument"]
    real_inst = arrays["real_predicted"] == arrays["real_instrument"]
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 5),
        "train_notes": len(INSTRUMENTS) * PITCHES * cfg.per_note,
        "samples": int(len(right_inst)),
        "pitch_share": round(float(arrays["eval_within"].mean()), 4),
        "instrument_share": round(float(right_inst.mean()), 4),
        "pitch_target": 0.9,
        "instrument_target": 0.8,
        "pitch_rule": f"|heard - prompted| < {WITHIN:g} semitone (pYIN, median f0 "
                      "of voiced frames); no pitch heard fails",
        "real_notes": int(len(real_inst)),
        "real_pitch_share": round(float(arrays["real_within"].mean()), 4),
        "real_instrument_share": round(float(real_inst.mean()), 4),
        "classifier_train_notes": len(INSTRUMENTS) * PITCHES * cfg.check_per_note,
        "sample_steps": cfg.sample_steps,
        "guidance": cfg.guidance,
        "griffin_lim_iters": cfg.griffin_lim_iters,
        "prompts_source": "default" if cfg.prompts == DEFAULT_PROMPTS else "user",
    }
    stats["record_cpu_seconds"] = round(time.process_time() - cpu_start, 1)
    arrays = {k: trace.stored(v) for k, v in arrays.items()}
    manifest = trace.build_manifest(
        KIND, config=asdict(cfg), produced_by=produced_by(),
        extents={"picture": [-1.0, 1.0], "rate": 16000, "samples": SAMPLES,
                 "bands": N_MELS, "frames": FRAMES, "fmax_hz": FMAX},
        stats=stats,
    )  # fmt: skip
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))



def _band_hz() -> np.ndarray:
    import librosa

    return librosa.mel_frequencies(N_MELS + 2, fmax=FMAX)[1:-1]


def _heard(sounds: np.ndarray, degrees: np.ndarray) -> dict[str, np.ndarray]:
    est, err = semitone_error(sounds, degrees)
    voiced = np.isfinite(est)
    return {"voiced": voiced, "pitch": np.where(voiced, est, 0.0),
            "error": np.where(voiced, err, 0.0), "within": within_semitone(err)}


def _prompts(cfg, model, schedule):
    """Every prompt from one static; the first recorded at every step."""
    asked = cfg.prompt_list()
    inst = torch.tensor([i for i, _ in asked])
    pitch = torch.tensor([d for _, d in asked])
    static = torch.randn((N_MELS, FRAMES),
                         generator=torch.Generator().manual_seed(cfg.seed + 20))
    noise = static.expand(len(asked), N_MELS, FRAMES).contiguous()
    rec = Recorder()
    final = sample(model, schedule, inst, pitch, noise, cfg.sample_steps,
                   cfg.guidance, rec).numpy()  # fmt: skip
    steps = rec.stacked()  # x, x0: (S + 1, P, bands, frames); t: (S + 1,)
    pick = np.unique(np.linspace(0, cfg.sample_steps, cfg.frames).round().astype(int))
    pictures = np.clip(steps["x"][pick, 0], -1.0, 1.0)
    sounds = to_sound(np.concatenate([pictures, final]), SAMPLES,
                      cfg.griffin_lim_iters, seed=cfg.seed)
    heard = _heard(sounds[len(pick):], pitch.numpy())
    shown = {
        "prompt_text": np.array([f"{INSTRUMENTS[i]} {NOTE_NAMES[d]}"
                                 for i, d in asked]),
        "prompt_instrument": inst.numpy(),
        "prompt_degree": pitch.numpy(),
        "frame_t": steps["t"][pick],
        "frame_picture": pictures,
        "frame_guess": np.clip(steps["x0"][pick, 0], -1.0, 1.0),
        "frame_sound": sounds[: len(pick)],
        "prompt_picture": final,
        "prompt_sound": sounds[len(pick):],
        "prompt_pitch": heard["pitch"],
    }
    return shown, {"static": static.numpy(), "static_sound": sounds[0]}


def _evaluate(cfg, model, schedule) -> dict[str, np.ndarray]:
    """``eval_per_note`` samples of every (instrument, pitch), each from its own
    static, heard by the pitch check (the instrument check comes later)."""
    inst = np.repeat(np.arange(len(INSTRUMENTS)), PITCHES * cfg.eval_per_note)
    pitch = np.tile(np.repeat(np.arange(PITCHES), cfg.eval_per_note), len(INSTRUMENTS))
    noise = torch.randn((len(inst), N_MELS, FRAMES),
                        generator=torch.Generator().manual_seed(cfg.seed + 30))
    pictures = sample(model, schedule, torch.from_numpy(inst), torch.from_numpy(pitch),
                      noise, cfg.sample_steps, cfg.guidance).numpy()  # fmt: skip
    sounds = to_sound(pictures, SAMPLES, cfg.griffin_lim_iters, seed=cfg.seed + 1000)
    heard = _heard(sounds, pitch)
    return {"eval_instrument": inst, "eval_degree": pitch, "eval_voiced":
            heard["voiced"], "eval_pitch": heard["pitch"], "eval_error":
            heard["error"], "eval_within": heard["within"], "eval_sound": sounds}


def _checks(cfg, degree: int):
    """The instrument classifier, fitted on real notes after the round trip,
    and both checks tried on held-out real notes after it; one held-out real
    note of each instrument at ``degree`` kept as the example."""
    learn = real_set(cfg.check_per_note, cfg.seed + 100)
    held = real_set(cfg.real_per_note, cfg.seed + 200)
    iters = cfg.griffin_lim_iters
    learn_sound = to_sound(learn.pictures, SAMPLES, iters, seed=cfg.seed + 2000)
    held_sound = to_sound(held.pictures, SAMPLES, iters, seed=cfg.seed + 3000)
    check = fit_instrument_check(learn_sound, learn.instrument, held_sound,
                                 held.instrument, cfg.seed)  # fmt: skip
    heard = _heard(held_sound, held.degree)
    example = [int(np.flatnonzero((held.instrument == i) & (held.degree == degree))[0])
               for i in range(len(INSTRUMENTS))]
    return check, {"real_example_picture": held.pictures[example],
                   "real_example_sound": held.waves[example],
                   "real_instrument": held.instrument, "real_degree": held.degree,
                   "real_error": heard["error"], "real_within": heard["within"],
                   "real_sound": held_sound}
