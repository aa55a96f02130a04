"""Manim's floor at any length, from renders at a few lengths.

The floor's render time is a fixed start-up cost plus a cost per frame; the
straight line through renders at lengths spanning the scenes' gives each
scene's floor at its own frame count. The fit's R^2 is reported with it.
"""

from __future__ import annotations

import numpy as np

# Frame counts of the floor renders (12, 33 and 54 s at 10 fps): the scenes
# run from about 120 to 540 frames.
FLOOR_FRAMES = (120, 330, 540)


def fit(renders: list[dict]) -> dict:
    """Least-squares line seconds = fixed + per_frame * frames, and its R^2."""
    frames = np.array([r["frames"] for r in renders], dtype=float)
    seconds = np.array([r["seconds"] for r in renders], dtype=float)
    per_frame, fixed = np.polyfit(frames, seconds, 1)
    predicted = fixed + per_frame * frames
    spread = float(np.sum((seconds - seconds.mean()) ** 2))
    r2 = 1.0 - float(np.sum((seconds - predicted) ** 2)) / spread if spread else 1.0
    return {
        "renders": renders,
        "fixed_seconds": round(float(fixed), 3),
        "ms_per_frame": round(1000 * float(per_frame), 3),
        "r2": round(r2, 4),
    }


def interleave(scenes: list, floors: list) -> list:
    """The scene renders with the floor renders spread evenly among them.

    Renders run two at a time, so a job near the end of the queue runs partly
    alone, with a core to spare, and quicker than under the load every other
    job met. A floor render there would make every scene look slower against it.
    """
    out = list(scenes)
    for k in reversed(range(len(floors))):
        out.insert(round((k + 1) * len(scenes) / (len(floors) + 1)), floors[k])
    return out


def seconds_at(line: dict, frames: int) -> float:
    return line["fixed_seconds"] + line["ms_per_frame"] / 1000 * frames


def add_ratios(scenes: list[dict], line: dict) -> None:
    """Give each scene its floor and its render time over that floor."""
    for scene in scenes:
        floor = seconds_at(line, scene["frames"])
        scene["floor_seconds"] = round(floor, 2)
        scene["render_to_floor"] = round(scene["render_seconds"] / floor, 2)
