"""The folder layout of docs/architecture.md, and the import rules that keep it.

The rules themselves are import-linter contracts in pyproject.toml, run by
`make test` (lint-imports). These tests check that the contracts hold on the
tree as it is, and that they really fail when a forbidden arrow is drawn: each
one copies the packages into a temporary folder, adds one forbidden import and
runs lint-imports there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")
CHAPTERS = ("diffusion", "gan", "transformer", "hybrid")


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=folder, capture_output=True, text=True,
        timeout=120,
    )


def tree_copy(dest: Path) -> Path:
    for name in ("engine", "scenes"):
        shutil.copytree(
            ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def add_import(path: Path, line: str) -> None:
    """Append an import to a module (after its own imports, so it parses)."""
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")


def test_every_import_rule_holds():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # the core imports no chapter
        ("engine/core/trace.py", "from engine.gan import kinds",
         "engine: the core below shared data"),
        # one chapter does not import another
        ("engine/diffusion/schedule.py", "from engine.transformer import corpus",
         "engine: the core below shared data"),
        # the hybrid composes diffusion and transformer parts, not the GAN
        ("engine/hybrid/data.py", "from engine.gan import shared",
         "the hybrid composes diffusion and transformer parts"),
        # scenes never reach torch, even through the engine
        ("scenes/kit/style.py", "import torch", "scenes read traces"),
        ("scenes/gan/draw.py", "from engine.gan import points",
         "scenes read traces"),
        # the scenes' kit imports no chapter
        ("scenes/kit/text.py", "from scenes.gan import draw",
         "scenes: the kit below the chapters"),
        # an import circle inside a chapter folder
        ("engine/gan/shared.py", "from engine.gan import points",
         "no import circles"),
    ],
)
def test_a_forbidden_import_fails_the_rules(tmp_path, module, line, contract):
    tree = tree_copy(tmp_path / "tree")
    add_import(tree / module, line)
    result = lint(tree)
    assert result.returncode != 0, result.stdout
    # the report's last part names each broken contract, then the imports
    assert contract in result.stdout.split("Broken contracts")[-1], result.stdout


def test_engine_and_scenes_keep_three_modules_at_most_at_their_top():
    for package in ("engine", "scenes"):
        top = sorted(p.name for p in (ROOT / package).glob("*.py"))
        assert len(top) <= 3, f"{package}/ holds {top}: modules belong in a folder"


def test_every_chapter_has_its_engine_scene_and_test_folders():
    for chapter in CHAPTERS:
        for base in ("engine", "scenes", "tests"):
            assert (ROOT / base / chapter / "__init__.py").exists(), (base, chapter)
        assert (ROOT / "engine" / chapter / "kinds.py").exists()
        assert (ROOT / "mk" / f"{chapter}.mk").exists()


def test_the_architecture_document_names_every_folder():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    folders = [
        p.relative_to(ROOT).as_posix()
        for base in ("engine", "scenes", "tests")
        for p in (ROOT / base).iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    ]
    missing = [f for f in folders if f"{f}/" not in doc]
    assert not missing, f"docs/architecture.md does not name {missing}"
