"""One explanation per term, the same in every scene and in the README."""

from __future__ import annotations

import pytest


def test_readme_lists_the_glossary_as_the_scenes_say_it():
    from pathlib import Path

    from scenes.kit.glossary import TERMS, UnknownTerm, markdown, plain

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert markdown() in readme
    assert plain("DDIM") == TERMS["ddim"].plain
    with pytest.raises(UnknownTerm, match="no plain words for 'flux capacitor'"):
        plain("flux capacitor")
