"""Work every test process of a run shares: each tiny trace trained once.

``make test`` runs the tests in two processes at once (pytest-xdist), and a
``functools.cache`` or session fixture lives in one process: each would train
its tiny model once per process. ``once`` builds into a folder all processes
of the run see, under a file lock: the first to ask builds it, the others wait
for it and reuse it. This is pytest-xdist's own recipe ("Making session-scoped
fixtures execute only once", https://pytest-xdist.readthedocs.io/en/stable/how-to.html).

Run without xdist, the folder is this session's own temporary folder, as before.
Either way pytest removes it with its old runs' folders.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

_root: Path | None = None


def set_root(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Called once per process by tests/conftest.py, before any test runs.

    Under xdist each process's base folder (``.../pytest-N/popen-gw0``) sits in
    the run's own (``.../pytest-N``), which its processes share; without xdist,
    the base folder's parent holds earlier runs too, so this run's own is used.
    """
    global _root
    base = tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    _root = (base.parent if worker else base) / "shared"
    _root.mkdir(parents=True, exist_ok=True)


def once(name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``name`` of this run, filled by ``build(folder)`` exactly once.

    Raises whatever ``build`` raises; a later caller then builds afresh (and
    fails the same way), so a failure is reported by every test that needs it.
    """
    if _root is None:
        raise RuntimeError("tests.support.shared.once used before the session began")
    folder, done = _root / name, _root / f"{name}.done"
    with FileLock(str(_root / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a failed build's remains
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def taking_turns(name: str) -> FileLock:
    """A lock all processes of the run share, held (``with taking_turns(...):``)
    by tests that would otherwise see each other's work: e.g. a ``make`` in the
    checkout that writes renders/light/.voice, and a test that checks a refused
    ``make`` leaves nothing new under renders/."""
    if _root is None:
        raise RuntimeError("tests.support.shared used before the session began")
    return FileLock(str(_root / f"{name}.turn.lock"))
