"""What each scene of the diffusion chapter reads from its trace beyond what the
kind requires (see ``engine/core/needs.py``). Plain data, no torch.
"""

from __future__ import annotations

from engine.core.needs import SceneNeeds
from engine.core.trace import Trace


def _field_grid(tr: Trace) -> str | None:
    """`field_grid` has two distinct x positions at least"""
    grid = tr.arrays.get("field_grid")
    if grid is not None and len(set(grid[:, 0].tolist())) < 2:
        return "needs a field_grid with at least two distinct x positions"
    return None


FIELD_NEEDS = SceneNeeds(
    "points_diffusion",
    arrays=("field_grid", "field_t", "field_x0"),
    arrays_label="field",
    extents=True,
    sizes={
        "frame": (2, None, "a start and at least one step"),
        "fframe": (2, None, "the field at two steps at least"),
    },
    check=_field_grid,
)

SCENE_NEEDS: dict[str, SceneNeeds] = {
    "PointsFlow": SceneNeeds(
        "points_diffusion",
        extents=True,
        sizes={"frame": (2, None, "a start and at least one step")},
    ),
    # Both field scenes draw the learned pull from the same arrays.
    "DenoisingField": FIELD_NEEDS,
    "FieldSampling": FIELD_NEEDS,
    "ForwardNoising": SceneNeeds(
        "digits_diffusion",
        config={
            "train_iters": "training steps",
            "batch_size": "examples per training step",
        },
    ),
    "ReverseDenoising": SceneNeeds("digits_diffusion"),
    "StepsVsSpeed": SceneNeeds(
        "digits_diffusion", sizes={"count": (2, None, "step counts to compare")}
    ),
    "GuidanceScale": SceneNeeds(
        "digits_diffusion", sizes={"scale": (2, None, "guidance scales to compare")}
    ),
}
