"""Small real models that record what they do into traces.

    engine/core/         trace format and validator, recorder API, cache, training
    engine/data/         data several chapters train on, and the digit judge
    engine/diffusion/    engine/gan/    engine/transformer/   one chapter each
    engine/hybrid/       text-to-image: composes diffusion parts
    engine/compare/      the GAN's one pass timed against diffusion's many
    engine/registry.py   collects every chapter's trace kinds into the core

Only the model modules import torch: ``engine.core`` and every chapter's
``kinds.py`` are numpy-only, so scenes load traces without torch. The allowed
imports between these folders are in docs/architecture.md.

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
