"""Each model's training time and quality, and the generation-speed figures.

Read from the traces a cold ``make`` just recorded: every trace's manifest
carries the figures measured while it was made (see ``python -m engine check``).
The 2D diffusion model's quality is computed here from its trace (MMD between
its samples and the data, against pure noise). Each bar is the chapter's goal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.core.trace import load

TRAIN_BUDGET_EACH = 120.0  # seconds per model, on 2 cores
# Thirteen models; the six-size scaling sweep alone may take 4 minutes.
TRAIN_BUDGET_ALL = 600.0


def mmd(a: np.ndarray, b: np.ndarray, bandwidth: float = 0.2, n: int = 1000) -> float:
    """Squared maximum mean discrepancy, Gaussian kernel, first ``n`` points each."""
    a, b = a[:n].astype(np.float64), b[:n].astype(np.float64)

    def k(x, y):
        d = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
        return np.exp(-d / (2 * bandwidth**2)).mean()

    return float(k(a, a) + k(b, b) - 2 * k(a, b))


def entry(model, seconds, figure, value, bar, ok) -> dict:
    return {
        "model": model,
        "train_seconds": round(float(seconds), 1),
        "within_time_budget": bool(seconds <= TRAIN_BUDGET_EACH),
        "quality": figure,
        "value": value,
        "bar": bar,
        "meets_bar": bool(ok),
    }


def training(traces: Path) -> list[dict]:
    out = []
    pts = load(traces / "points_diffusion.npz")
    drop = mmd(pts["reverse"][0], pts["data"]) / mmd(pts["reverse"][-1], pts["data"])
    out.append(
        entry(
            "2D diffusion (points_diffusion)",
            pts.stats["train_seconds"],
            "MMD to the data: noise / samples",
            round(drop, 1),
            ">= 5x",
            drop >= 5,
        )
    )
    dig = load(traces / "digits_diffusion.npz").stats
    acc = dig["accuracy_1000_steps"]
    out.append(
        entry(
            "digit diffusion (digits_diffusion)",
            dig["train_seconds"],
            "read as the prompt, 1000 steps",
            acc,
            ">= 0.95",
            acc >= 0.95,
        )
    )
    ring = load(traces / "gan_points.npz").stats
    collapsed, healthy = ring["final_modes_covered"]
    near = ring["final_near_share"][1]
    out.append(
        entry(
            "2D GANs, plain + R1 (gan_points)",
            sum(ring["train_seconds"]),
            "modes covered: healthy / collapsed; healthy near a mode",
            f"{healthy}/8, {collapsed}/8; {near:.1%}",
            ">= 7/8 and >= 80%; collapsed <= 3",
            healthy >= 7 and near >= 0.8 and collapsed <= 3,
        )
    )
    gan = load(traces / "gan_digits.npz").stats
    confident = gan["final_confident_share"]
    out.append(
        entry(
            "digit GAN (gan_digits)",
            gan["train_seconds"],
            "classifier confident; classes",
            f"{confident:.1%}; {gan['final_classes']}",
            ">= 70%; >= 8",
            confident >= 0.7 and gan["final_classes"] >= 8,
        )
    )
    att = load(traces / "attention.npz").stats
    out.append(
        entry(
            "word transformer (attention)",
            att["train_seconds"],
            "held-out next-word accuracy where an earlier word decides",
            att["heldout_accuracy"],
            ">= 0.95",
            att["heldout_accuracy"] >= 0.95,
        )
    )
    out += hybrid_training(traces)
    out += new_words_training(traces)
    out += image_to_image_training(traces)
    out += scaling_training(traces)
    out += long_range_training(traces)
    out += sound_training(traces)
    return out


def sound_training(traces: Path) -> list[dict]:
    """The sound chapter's three models, each against the issue's bars: the
    note diffusion model (pitch by pYIN, instrument by a classifier trained on
    real notes only), the melody transformer (held-out notes the grammar
    decides; the echo head), and words to a tune (the note checker's reading,
    seen and held-out word combinations). A model not recorded is left out."""
    out = []
    path = traces / "sound_diffusion.npz"
    if path.exists():
        st = load(path).stats
        out.append(entry(
            "note diffusion (sound_diffusion)", st["train_seconds"],
            f"of {st['samples']} notes: at the pitch asked / instrument recognised",
            f"{st['pitch_share']:.1%} / {st['instrument_share']:.1%}",
            ">= 90% / >= 80%",
            st["pitch_share"] >= 0.9 and st["instrument_share"] >= 0.8,
        ))
    path = traces / "melody.npz"
    if path.exists():
        st = load(path).stats
        out.append(entry(
            "melody transformer (melody)", st["train_seconds"],
            "held-out notes the grammar decides, right; echo head on its note",
            f"{st['accuracy_decided']:.2%}; {st['head_hit_rate']:.1%}",
            ">= 95%; >= 80%",
            st["accuracy_decided"] >= 0.95 and st["head_hit_rate"] >= 0.8,
        ))
    path = traces / "tune_prompt.npz"
    if path.exists():
        st = load(path).stats
        out.append(entry(
            "words to a tune (tune_prompt)", st["train_seconds"],
            "tune as asked (speed, direction, ending): seen / held-out",
            f"{st['seen_accuracy']:.1%} / {st['heldout_accuracy']:.1%}",
            ">= 90% / >= 70%",
            st["seen_accuracy"] >= 0.9 and st["heldout_accuracy"] >= 0.7,
        ))
    return out


def long_range_training(traces: Path) -> list[dict]:
    """The transformer and the GRU of the same size on the long-range recall
    task (name=colour pairs far back; each trained at every rate of one grid,
    all counted in the seconds): right answers at the longest distance, new
    examples; the GRU's figure reported beside, never a bar."""
    path = traces / "long_range.npz"
    if not path.exists():
        return []
    tr = load(path)
    st, far = tr.stats, int(tr["distances"][-1])
    tf, rnn = st["transformer_accuracy_at_max"], st["gru_accuracy_at_max"]
    row = entry(
        "transformer + GRU, pairs far back (long_range, rate grid)",
        st.get("grid_train_seconds",
               st["train_seconds_transformer"] + st["train_seconds_gru"]),
        f"right answers {far} words back: transformer (GRU beside it)",
        f"{tf:.1%} ({rnn:.1%}); {st['transformer_params']:,} vs "
        f"{st['gru_params']:,} parameters",
        "transformer >= 90%",
        tf >= 0.9,
    )
    # Each model of the grid (one network at one learning rate) is held to
    # the per-model budget, the grid as a whole to its own.
    each = [float(s) for k in ("transformer_grid_seconds", "gru_grid_seconds")
            if k in tr.arrays for s in np.ravel(tr[k])]
    if each:
        row["within_time_budget"] = bool(
            sum(each) <= LONG_RANGE_BUDGET_ALL and max(each) <= TRAIN_BUDGET_EACH)
    return [row]


LONG_RANGE_BUDGET_ALL = 240.0  # seconds, both networks at every rate of the grid
SCALING_BUDGET_ALL = 240.0  # seconds, every size of the scaling sweep together


def scaling_training(traces: Path) -> list[dict]:
    """The word transformer at several sizes (transformer_scaling): held-out loss
    must fall at every step up in size; the power law's exponent and R^2 are
    reported. Within budget: all sizes together and each under its own limit."""
    path = traces / "transformer_scaling.npz"
    if not path.exists():
        return []
    tr = load(path)
    st, seconds = tr.stats, tr["train_seconds"].astype(float)
    row = entry(
        "word transformer at several sizes (transformer_scaling)",
        seconds.sum(),
        "held-out loss ~ N^-alpha: alpha, R^2; falls at every size",
        f"alpha {st['alpha_params']:.3f}, R^2 {st['r2_params']:.2f}; "
        f"{len(seconds)} sizes, "
        f"{tr['params_nonembed'][-1] / tr['params_nonembed'][0]:.0f}x parameters",
        "loss falls monotonically; R^2 reported",
        st["loss_falls_monotonically"],
    )
    row["within_time_budget"] = bool(
        seconds.sum() <= SCALING_BUDGET_ALL and seconds.max() <= TRAIN_BUDGET_EACH)
    return [row]


def image_to_image_training(traces: Path) -> list[dict]:
    """The image-to-image GAN and its L1-alone twin (trained together, one
    budget): sharpness and correctness on held-out pictures, the GAN against
    the twin, the real pictures' sharpness for scale."""
    path = traces / "image_to_image.npz"
    if not path.exists():
        return []
    st = load(path).stats
    ratio, g, l1 = (st["sharpness_ratio_gan_to_l1"], st["correct_gan"],
                    st["correct_l1_alone"])  # fmt: skip
    return [
        entry(
            "image-to-image GAN + L1-alone twin (image_to_image)",
            st["train_seconds_gan"] + st["train_seconds_l1"],
            "sharpness GAN / L1 alone (real / L1 alone); read right GAN, L1 alone",
            f"{ratio:.2f}x ({st['sharpness_target'] / st['sharpness_l1_alone']:.2f}x);"
            f" {g:.1%}, {l1:.1%}",
            ">= 1.5x; GAN >= L1 alone and >= 90%",
            ratio >= 1.5 and g >= l1 and g >= 0.9,
        )
    ]


def hybrid_training(traces: Path) -> list[dict]:
    """The text-to-image model: its images read back by an independent pixel check."""
    path = traces / "text_to_image.npz"
    if not path.exists():
        return []
    stats = load(path).stats
    seen, held = stats.get("seen_accuracy"), stats.get("heldout_accuracy")
    return [
        entry(
            "text-to-image hybrid (text_to_image)",
            stats["train_seconds"],
            "image matches prompt: seen / held-out combinations",
            f"{seen:.1%} / {held:.1%}",
            ">= 90% / >= 70%",
            seen >= 0.9 and held >= 0.7,
        )
    ]


def new_words_training(traces: Path) -> list[dict]:
    """The drawing model with a frozen pretrained prompt reader: its own
    prompts (seen and held-out combinations), and prompts in words it never
    saw, against the small reader trained here on the same prompts."""
    path = traces / "new_words.npz"
    if not path.exists():
        return []
    st = load(path).stats
    return [
        entry(
            "text-to-image, frozen pretrained reader (new_words)",
            st["train_seconds"],
            "drawn as asked: seen / held-out; new words: pretrained vs small reader",
            f"{st['seen_accuracy']:.1%} / {st['heldout_accuracy']:.1%}; "
            f"{st['new_words_frozen']:.1%} vs {st['new_words_small']:.1%}",
            ">= 90% / >= 70%; new words reported",
            st["seen_accuracy"] >= 0.9 and st["heldout_accuracy"] >= 0.7,
        )
    ]


def pretrained_speed(traces: Path) -> dict:
    """The pretrained encoder's load time and time per sentence, and its
    pronoun head's held-out accuracy (pretrained_attention), if recorded."""
    path = traces / "pretrained_attention.npz"
    if not path.exists():
        return {}
    st = load(path).stats
    return {"pretrained_encoder": {
        "model": st["model"], "parameters": st["parameters"],
        "load_seconds": st["load_seconds"],
        "seconds_per_sentence": st["seconds_per_sentence"],
        "pronoun_head_layer_head": [st["focus_layer"], st["focus_head"]],
        "pronoun_head_held_out_accuracy": st["report_accuracy"],
        "nearer_noun_accuracy": st["nearer_noun_accuracy"],
    }}  # fmt: skip


def face_speed(traces: Path) -> dict:
    """The pretrained face generator's time per face (gan_faces), if recorded."""
    path = traces / "gan_faces.npz"
    if not path.exists():
        return {}
    st = load(path).stats
    return {"face_ms_per_face": {"batch": st["ms_per_face_batch"],
                                 "alone": st["ms_per_face_alone"],
                                 "batch_size": st["batch"]}}  # fmt: skip


def generation(traces: Path) -> dict:
    """The explainer's table in numbers: time per sample, attention cost."""
    dig = load(traces / "digits_diffusion.npz").stats
    speed = load(traces / "generation_speed.npz").stats
    cost = load(traces / "attention_cost.npz")
    # the times are measured once, in generation_speed, for the digits' counts
    steps = sorted(int(k.split("_")[3]) for k in speed if k.startswith("ms_per_image_"))
    return {
        "diffusion_ms_per_image_by_steps": {
            s: speed[f"ms_per_image_{s}_steps"] for s in steps
        },
        "diffusion_accuracy_by_steps": {s: dig[f"accuracy_{s}_steps"] for s in steps},
        "ms_per_sample": {
            "GAN": speed["ms_per_sample_GAN"],
            "diffusion DDPM (1000 steps)": speed["ms_per_sample_DDPM"],
            "diffusion DDIM (20 steps)": speed["ms_per_sample_DDIM"],
        },
        "diffusion_to_gan_time_ratio": speed["ratio_ddpm_to_gan"],
        **face_speed(traces),
        **pretrained_speed(traces),
        "attention_by_length": [
            {
                "length": int(n),
                "attention_mb": round(float(b) / 1e6, 3),
                "attention_ms": round(float(t) * 1e3, 3),
            }
            for n, b, t in zip(
                cost["lengths"], cost["attn_bytes"], cost["attn_seconds"], strict=True
            )
        ],
        "attention_bytes_per_length_squared": cost.stats["bytes_fit"][0],
        "attention_bytes_fit_r2": cost.stats["bytes_fit_r2"],
        "attention_seconds_quadratic_fit_r2": cost.stats["seconds_fit_r2"],
        "kv_cache_bytes_per_word": cost.stats["cache_bytes_per_word"],
        **attention_two_ways(cost),
    }


def attention_two_ways(cost) -> dict:
    """Written out against fused attention, if the trace measured both: peak
    memory (allocator) and time at each length, and their log-log slopes."""
    if "fused_peak_bytes" not in cost.arrays:
        return {}
    st = cost.stats
    return {
        "attention_two_ways_by_length": [
            {
                "length": int(n),
                "written_peak_mb": round(float(w) / 1e6, 3),
                "fused_peak_mb": round(float(f) / 1e6, 3),
                "written_ms": round(float(tw) * 1e3, 3),
                "fused_ms": round(float(tf) * 1e3, 3),
            }
            for n, w, f, tw, tf in zip(
                cost["lengths"], cost["written_peak_bytes"],
                cost["fused_peak_bytes"], cost["attn_seconds"],
                cost["fused_seconds"], strict=True,
            )  # fmt: skip
        ],
        "attention_loglog_slopes": {
            k: st[f"{k}_exponent"]
            for k in ("written_bytes", "fused_bytes", "written_seconds",
                      "fused_seconds")  # fmt: skip
        },
        "attention_time_slopes_from_length": st["long_from_length"],
    }
