"""Trace kinds of ``engine/sound/sound_diffusion/``: a DDPM draws one note's
picture of sound (log-mel spectrogram) from instrument and pitch, turned back
into sound by Griffin-Lim. Plain data, no torch: ``engine/registry.py``
collects it into the core's tables.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

WAVE = "amplitude, -1 to 1 (16 kHz)"
PICTURE = "log-mel level, -1 (-50 dB) to 1 (+30 dB)"

SOUND_DIFFUSION = KindSpec(
    description=(
        "Diffusion on sound: a small DDPM conditioned on instrument and pitch draws "
        "a 64 x 32 log-mel spectrogram of a synthesised note from static, turned "
        "back into sound by Griffin-Lim (librosa). One prompt at chosen denoising "
        "steps (picture and sound), several prompts from the same static, and every "
        "evaluation sample judged by independent checks (pYIN pitch, an instrument "
        "classifier trained on real notes only), with the checks tried on real notes."
    ),
    arrays={
        "instrument_names": ArraySpec("the instruments, by index", ("instrument",),
                                      "name", "U"),
        "note_names": ArraySpec("the notes the model draws, by scale degree",
                                ("pitch",), "name", "U"),
        "note_midi": ArraySpec("MIDI number of each note", ("pitch",), "midi", "iu"),
        "band_hz": ArraySpec("centre frequency of each mel band (row of a picture, "
                             "lowest first)", ("band",), "Hz"),
        "prompt_text": ArraySpec("the prompts drawn from the shared static; the first "
                                 "is the one shown step by step", ("prompt",),
                                 "words", "U"),
        "prompt_instrument": ArraySpec("each prompt's instrument", ("prompt",),
                                       "index", "iu"),
        "prompt_degree": ArraySpec("each prompt's scale degree", ("prompt",),
                                   "degree", "iu"),
        "static": ArraySpec("the static every prompt starts from",
                            ("band", "time"), "standard normal"),
        "static_sound": ArraySpec("the static heard: its picture turned into sound",
                                  ("samples",), WAVE),
        "frame_t": ArraySpec("diffusion step of each chosen frame of the first "
                             "prompt (T = pure static first, 0 = finished last)",
                             ("frame",), "step", "iu"),
        "frame_picture": ArraySpec("the first prompt's picture at each chosen step "
                                   "(clipped to -1..1 to be heard)",
                                   ("frame", "band", "time"), PICTURE),
        "frame_guess": ArraySpec("the model's guess of the finished picture at each "
                                 "chosen step (zeros at pure static)",
                                 ("frame", "band", "time"), PICTURE),
        "frame_sound": ArraySpec("each chosen frame's picture turned into sound",
                                 ("frame", "samples"), WAVE),
        "prompt_picture": ArraySpec("each prompt's finished picture",
                                    ("prompt", "band", "time"), PICTURE),
        "prompt_sound": ArraySpec("each prompt's finished note", ("prompt", "samples"),
                                  WAVE),
        "prompt_pitch": ArraySpec("pitch pYIN hears in each prompt's note (0 where "
                                  "none)", ("prompt",), "midi"),
        "prompt_predicted": ArraySpec("instrument the classifier hears in each "
                                      "prompt's note", ("prompt",), "index", "iu"),
        "eval_instrument": ArraySpec("instrument prompted for each evaluation sample",
                                     ("sample",), "index", "iu"),
        "eval_degree": ArraySpec("scale degree prompted for each evaluation sample",
                                 ("sample",), "degree", "iu"),
        "eval_voiced": ArraySpec("True where pYIN found a pitch in the sample",
                                 ("sample",), "bool", "b"),
        "eval_pitch": ArraySpec("pitch pYIN hears (median f0 of voiced frames; 0 "
                                "where none)", ("sample",), "midi"),
        "eval_error": ArraySpec("heard minus prompted pitch (0 where none heard)",
                                ("sample",), "semitones"),
        "eval_within": ArraySpec("True where |error| < 1 semitone (no pitch heard "
                                 "fails)", ("sample",), "bool", "b"),
        "eval_predicted": ArraySpec("instrument the classifier hears in each sample",
                                    ("sample",), "index", "iu"),
        "real_instrument": ArraySpec("instrument of each held-out real note the checks "
                                     "were tried on", ("real",), "index", "iu"),
        "real_degree": ArraySpec("scale degree of each held-out real note",
                                 ("real",), "degree", "iu"),
        "real_error": ArraySpec("pYIN's error on each held-out real note after the "
                                "round trip (picture, then Griffin-Lim; 0 where no "
                                "pitch heard)", ("real",), "semitones"),
        "real_within": ArraySpec("True where that error is under a semitone",
                                 ("real",), "bool", "b"),
        "real_predicted": ArraySpec("instrument the classifier hears in each held-out "
                                    "real note (after the round trip)", ("real",),
                                    "index", "iu"),
        "real_example_picture": ArraySpec(
            "one held-out real note of each instrument at the first prompt's pitch: "
            "its picture", ("instrument", "band", "time"), PICTURE),
        "real_example_sound": ArraySpec(
            "that real note itself, as synthesised (not sent through the picture)",
            ("instrument", "samples"), WAVE),
        "loss": ArraySpec("training loss (mean squared error on v) per logging "
                          "interval", ("log",), "squared picture units"),
    },
)

KINDS: dict[str, KindSpec] = {"sound_diffusion": SOUND_DIFFUSION}

RECORDERS: dict[str, RecorderEntry] = {
    "sound_diffusion": RecorderEntry(
        "engine.sound.sound_diffusion.record",
        "SoundDiffusionConfig",
        "a DDPM draws a synthesised note's spectrogram from instrument and pitch, "
        "heard through Griffin-Lim, judged by pYIN and an instrument classifier",
    ),
}
