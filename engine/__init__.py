"""Small real models that record what they do into traces.

Only ``engine`` imports torch, and only in the model modules: ``engine.core.trace``
and ``engine.core.kinds`` are numpy-only so scenes can load traces without torch.

    python -m engine --help
"""

import os

# Our models are small: one thread per process is as fast as two, and far
# faster when another job (make -j2, a render) shares the two cores, where
# torch's threads otherwise spin against each other (measured: 10 ms vs 84 ms
# per training step). Must be set before torch is first imported; a user's
# own OMP_NUM_THREADS wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")

# Every chapter's trace kinds, recorders and scene needs into the core's tables,
# before any module of the package uses them (numpy-free, torch-free).
from engine import registry  # noqa: E402, F401
