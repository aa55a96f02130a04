"""One scene's GIF and render-speed figures, as JSON on stdout.

python -m bench.scene_worker PointsFlow
"""

from __future__ import annotations

import json
import sys

from bench.gif_fidelity import measure_scene

if __name__ == "__main__":
    print(json.dumps(measure_scene(sys.argv[1])))
