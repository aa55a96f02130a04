"""arrow_field draws each head as its own closed triangle at the arrow's end."""

import numpy as np

from scenes.kit.widgets import arrow_field


def test_each_head_is_a_closed_triangle_ending_at_its_arrow():
    starts = np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    ends = starts + np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, -1.0, 0.0]])
    shafts, heads = arrow_field(lambda: ends, starts, "#ffffff", tip=0.2)
    curves = heads.points.reshape(len(starts), 3, 4, 3)  # arrow, side, bezier
    for k, tri in enumerate(curves):
        # the three sides join end to start and close at the tip
        np.testing.assert_allclose(tri[0, 0], ends[k])
        np.testing.assert_allclose(tri[0, 3], tri[1, 0])
        np.testing.assert_allclose(tri[1, 3], tri[2, 0])
        np.testing.assert_allclose(tri[2, 3], ends[k])
        # the base's midpoint lies back along the shaft, one tip length away
        base = (tri[1, 0] + tri[1, 3]) / 2
        back = (ends[k] - starts[k]) / np.linalg.norm(ends[k] - starts[k])
        np.testing.assert_allclose(ends[k] - base, back * 0.2, atol=1e-9)
    lines = shafts.points.reshape(len(starts), 4, 3)
    np.testing.assert_allclose(lines[:, 0], starts)
