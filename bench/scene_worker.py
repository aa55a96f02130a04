"""One scene's GIF and render-speed figures, or one floor render, as JSON on stdout.

python -m bench.scene_worker PointsFlow
python -m bench.scene_worker --floor 330
"""

from __future__ import annotations

import json
import sys

from bench.gif_fidelity import floor_render_seconds, measure_scene

if __name__ == "__main__":
    if sys.argv[1] == "--floor":
        print(json.dumps(floor_render_seconds(int(sys.argv[2]))))
    else:
        print(json.dumps(measure_scene(sys.argv[1])))
