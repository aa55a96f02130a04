"""renders/bench.json and the README's Performance table."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def machine() -> dict:
    import manim
    import torch

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1e6, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "manim": manim.__version__,
        "torch_threads_per_job": int(os.environ.get("OMP_NUM_THREADS", "1")),
    }


def write_json(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".bench-", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(result: dict) -> str:
    """The README section's body: every figure against its goal."""
    m, g = result["machine"], result["goals"]
    lines = [
        f"Measured by `make bench` on {result['date']}: {m['cpu']}, {m['cores']} "
        f"cores, {m['memory_gb']} GB, no GPU; {m['os']}; Python {m['python']}, "
        f"torch {m['torch']}, Manim {m['manim']}. Goals not met are in **bold**.",
        "",
        "| what | measured | goal | met |",
        "|---|---|---|---|",
    ]

    def row(what, value, goal, ok):
        lines.append(f"| {what} | {value} | {goal} | {mark(ok)} |")

    minutes = result["bench_seconds"] / 60
    row("`make bench` itself", f"{minutes:.1f} min", f"< {g['bench_minutes']} min",
        minutes < g["bench_minutes"])  # fmt: skip
    p = result.get("pipeline")
    if p:
        row(
            "cold `make` (train, record, render all)",
            f"{p['cold_make_seconds'] / 60:.1f} min",
            f"< {g['cold_make_minutes']} min",
            p["cold_make_seconds"] < 60 * g["cold_make_minutes"],
        )
        row(
            "warm `make` (nothing changed)",
            f"{p['warm_make_seconds']:.2f} s",
            f"< {g['warm_make_seconds']} s",
            p["warm_make_seconds"] < g["warm_make_seconds"],
        )
        row(
            f"`make -j2` over `-j1` ({len(p['speedup_scenes'])} renders)",
            f"{p['j2_speedup']:.2f}x "
            f"({p['j1_seconds']:.0f} s vs {p['j2_seconds']:.0f} s)",
            "> 1x",
            p["j2_speedup"] > 1,
        )
        row(
            "peak memory, whole cold `make` (all processes)",
            f"{p['cold_make_peak_mb'] / 1e3:.2f} GB",
            f"< {g['memory_gb']} GB",
            p["cold_make_peak_mb"] < 1e3 * g["memory_gb"],
        )
    pace = result.get("pacing")
    if pace:
        row(
            "captions over 15 characters/s or under 1.5 s (all scenes)",
            f"{pace['too_fast']} of {pace['cues']}; fastest "
            f"{pace['fastest_cps']:.1f} characters/s",
            "0",
            pace["too_fast"] == 0,
        )
    voiced = result.get("narration")
    if voiced:
        row(
            "captions that leave before their voice ends",
            f"{voiced['cut_off']} ({voiced['voice']} voice)",
            "0",
            voiced["cut_off"] == 0,
        )
        if "rtf" in voiced:
            row(
                "voice: seconds to speak one second (one thread)",
                f"{voiced['rtf']:.2f} ({voiced['rtf_audio_seconds']:.0f} s of speech)",
                f"< {g['voice_rtf']}",
                voiced["rtf"] < g["voice_rtf"],
            )
        levels = [v["lufs"] for v in voiced["scenes"].values()]
        peaks = [v["peak_dbfs"] for v in voiced["scenes"].values()]
        if levels:
            row(
                "narration loudness, every MP4 (integrated; peak)",
                f"{min(levels):.1f} to {max(levels):.1f} LUFS; peak "
                f"{max(peaks):.1f} dBFS",
                f"{g['loudness_lufs']:.0f} ± 1 LUFS; < 0 dBFS",
                all(abs(v - g["loudness_lufs"]) <= 1 for v in levels)
                and max(peaks) < 0,
            )
        row(
            "audio running past the video / scenes without a voice",
            f"{voiced['audio_past_video']} / {len(voiced['silent'])}",
            "0 / 0",
            voiced["audio_past_video"] == 0 and not voiced["silent"],
        )
    opens = result.get("gif_first_frame_db")
    if opens:
        on_poster = [n for n, db in opens.items() if db >= g["gif_min_psnr_db"]]
        row(
            "GIFs opening on their poster frame",
            f"{len(on_poster)} of {len(opens)}",
            "all",
            len(on_poster) == len(opens),
        )
    for t in result.get("training", []):
        row(
            f"train {t['model']}",
            f"{t['train_seconds']:.0f} s; {t['quality']}: {t['value']}",
            f"< {g['train_seconds_each']:.0f} s; {t['bar']}",
            t["within_time_budget"] and t["meets_bar"],
        )
    if result.get("training"):
        total = result["training_total_seconds"]
        row(
            "train all models",
            f"{total:.0f} s",
            f"< {g['train_seconds_all']:.0f} s",
            total < g["train_seconds_all"],
        )
    for r in result.get("recording_overhead", {}).values():
        row(
            f"recording overhead: {r['what']}",
            f"{r['overhead']:+.1%}",
            f"<= {g['recording_overhead']:.0%}",
            r["overhead"] <= g["recording_overhead"],
        )
    gen = result.get("generation")
    if gen:
        ms = gen["ms_per_sample"]
        row(
            "time per sample: GAN / DDPM 1000 steps / DDIM 20 steps",
            " / ".join(f"{v:.4g} ms" for v in ms.values()),
            "(the explainer's table)",
            True,
        )
        longest = gen["attention_by_length"][-1]
        row(
            "attention memory",
            f"{gen['attention_bytes_per_length_squared']:.0f} x L² bytes "
            f"(R² {gen['attention_bytes_fit_r2']:.3f}); "
            f"{longest['attention_mb']:.0f} MB at L = {longest['length']}",
            "grows as L²",
            gen["attention_bytes_fit_r2"] > 0.99,
        )
    scenes = result.get("scenes")
    if scenes:
        worst = max(scenes, key=lambda s: s["render_to_floor"])
        row(
            "render time per frame / Manim's floor, worst scene",
            f"{worst['render_to_floor']:.2f}x ({worst['scene']})",
            f"<= {g['render_to_floor']}x",
            worst["render_to_floor"] <= g["render_to_floor"],
        )
        within = [s for s in scenes if s["render_to_floor"] <= g["render_to_floor"]]
        row(
            f"scenes within {g['render_to_floor']}x of Manim's floor",
            f"{len(within)} of {len(scenes)}",
            "all",
            len(within) == len(scenes),
        )
        biggest = max(scenes, key=lambda s: s["bytes_ratio"])
        row(
            "GIF bytes / Manim's GIF, worst scene",
            f"{biggest['bytes_ratio']:.3f} ({biggest['scene']})",
            f"<= {g['gif_bytes_ratio']}",
            biggest["bytes_ratio"] <= g["gif_bytes_ratio"],
        )
        worse = [s for s in scenes if s["ours_psnr_db"] < s["manim_psnr_db"]]
        row(
            "GIF fidelity (PSNR) not below Manim's",
            f"{len(scenes) - len(worse)} of {len(scenes)} scenes",
            "all",
            not worse,
        )
        low = [s for s in scenes if s["ours_psnr_db"] < g["gif_min_psnr_db"]]
        worst_gif = min(scenes, key=lambda s: s["ours_psnr_db"])
        row(
            f"GIFs at least {g['gif_min_psnr_db']:.0f} dB PSNR",
            f"{len(scenes) - len(low)} of {len(scenes)}; lowest "
            f"{worst_gif['ours_psnr_db']:.1f} dB ({worst_gif['scene']})",
            "all",
            not low,
        )
        changed = sum(s.get("theme_colour_errors", 0) for s in scenes)
        row(
            "theme-coloured pixels changed in the GIFs",
            f"{changed}",
            "0",
            changed == 0,
        )
        line = result.get("floor")
        if line:
            lengths = ", ".join(str(r["frames"]) for r in line["renders"])
            lines += [
                "",
                f"Manim's floor (one full-frame image changing every frame, 480p, "
                f"10 fps): {line['fixed_seconds']:.2f} s + "
                f"{line['ms_per_frame']:.1f} ms per frame, the line through "
                f"renders of {lengths} frames (R² {line['r2']:.3f}); each "
                "scene's floor is read off it at the scene's length.",
            ]
        lines += [
            "",
            "Per scene, at 480p and 10 fps (both GIFs from the same Manim frames; "
            "PSNR and SSIM against those lossless frames):",
            "",
            "| scene | frames | render / floor | our GIF | Manim's GIF | ratio "
            "| PSNR ours / Manim's | SSIM ours / Manim's |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in scenes:
            lines.append(
                f"| {s['scene']} | {s['frames']} | {s['render_to_floor']:.2f}x | "
                f"{s['ours_bytes'] / 1e6:.2f} MB | {s['manim_bytes'] / 1e6:.1f} MB | "
                f"{s['bytes_ratio']:.3f} | "
                f"{s['ours_psnr_db']:.1f} / {s['manim_psnr_db']:.1f} dB | "
                f"{s['ours_ssim']:.3f} / {s['manim_ssim']:.3f} |"
            )
    sizes = result.get("default_gif_bytes")
    if sizes:
        big = max(sizes, key=sizes.get)
        lines += [
            "",
            f"Default GIFs (`make`, 480p): largest {big} {sizes[big] / 1e6:.2f} MB "
            f"(goal < 3 MB{'' if sizes[big] < 3e6 else ': **not met**'}); all "
            f"{len(sizes)} together {sum(sizes.values()) / 1e6:.1f} MB.",
        ]
    lines += [
        "",
        "Every figure, with its key, is in `renders/bench.json` "
        "(keys documented in [docs/bench.md](docs/bench.md)).",
    ]
    return "\n".join(lines)


def update_readme(readme: Path, body: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    # Re-write the README table from an existing renders/bench.json.
    import sys

    root = Path(__file__).resolve().parent.parent
    saved = json.loads((root / "renders" / "bench.json").read_text())
    update_readme(root / "README.md", table(saved))
    sys.exit(0)
