"""What each scene of the GAN chapter reads from its trace beyond what the
kind requires (see ``engine/core/needs.py``). Plain data, no torch.
"""

from __future__ import annotations

from engine.core.needs import SceneNeeds
from engine.core.trace import Trace

_DRIFT = "the forger's steps per inspector step"


def _methods(tr: Trace) -> str | None:
    """`method` names the GAN, the L1-alone twin and the real target"""
    methods = [str(m) for m in tr["method"]]
    missing = [m for m in ("target", "GAN", "L1 alone") if m not in methods]
    if missing:
        return f"needs methods named target, GAN and L1 alone; this trace has {methods}"
    return None


_FACE_STATS = {
    "ms_per_face_batch": "median time per face, made as one batch",
    "ms_per_face_alone": "median time of one face on its own",
    "batch": "faces in the timed batch",
    "weights_source": "where the pretrained weights came from",
    "dataset": "what the generator was trained on",
}


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
    "FaceGenerator": SceneNeeds("gan_faces", stats=_FACE_STATS),
    "FaceWalk": SceneNeeds(
        "gan_faces",
        stats={
            "walk_change_median": "median change from one walk frame to the next",
            "face_pair_change_median": "median change between two grid faces",
        },
        sizes={"key": (2, None, "the walk goes from face to face")},
    ),
    "ImageToImage": SceneNeeds(
        "image_to_image",
        stats={
            "patch_pixels": "pixels on a side one verdict sees",
            "side": "pixels on a side of the full pictures",
            "input_side": "pixels on a side of the shrunken inputs",
        },
        sizes={"round": (2, None, "rounds of training to play")},
        check=_methods,
    ),
}
