"""Where outputs go. Everything generated lives under renders/ (git-ignored)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # engine/core/paths.py -> the checkout
RENDERS_DIR = ROOT / "renders"
TRACES_DIR = RENDERS_DIR / "traces"
CACHE_DIR = RENDERS_DIR / "cache"
