"""Run one make job and log its wall time, CPU time and peak memory.

``make bench`` runs make with ``PY="<python> -m bench.job LOG --"``, so every
trace and render job goes through here:

    python -m bench.job LOG -- -m engine record points_diffusion --out ...
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    log, sep, *args = sys.argv[1:]
    if sep != "--":
        print("bench.job: usage: python -m bench.job LOG -- ARGS...", file=sys.stderr)
        return 2
    start = time.perf_counter()
    code = subprocess.call([sys.executable, *args])
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is in kB on Linux: the largest process this job ran.
    # CPU seconds (user + system) say what a job costs whatever else shares
    # the cores; its wall time does not.
    entry = {"args": args, "seconds": seconds, "peak_bytes": used.ru_maxrss * 1024,
             "cpu_seconds": round(used.ru_utime + used.ru_stime, 2)}
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
