"""What each scene of the GAN chapter reads from its trace beyond what the
kind requires (see ``engine/core/needs.py``). Plain data, no torch.
"""

from __future__ import annotations

from engine.core.needs import SceneNeeds

_DRIFT = "the forger's steps per inspector step"


SCENE_NEEDS: dict[str, SceneNeeds] = {
    "ForgerVsInspector": SceneNeeds(
        "gan_points",
        config={"g_steps": _DRIFT},
        extents=True,
        sizes={"round": (2, None, "rounds of training to play")},
    ),
    "ModeCollapse": SceneNeeds(
        "gan_points",
        config={
            "g_steps": _DRIFT,
            "cover_share": "share of the fakes that makes a mode covered",
        },
        extents=True,
        sizes={
            "run": (2, 2, "it compares a plain GAN with a remedied one"),
            "round": (2, None, "rounds of training to play"),
        },
    ),
    "DigitForger": SceneNeeds(
        "gan_digits",
        config={
            "n_eval": "fresh fakes judged each round",
            "confident_at": "the classifier probability counted as sure",
        },
        stats={
            "judge_held_out_accuracy": "the classifier's accuracy on unseen digits",
            "final_confident_share": "share of the final fakes read with confidence",
            "final_classes": "digits read among the final fakes",
        },
    ),
}
