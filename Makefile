# The front door.
#   make                  set up, train, record traces, render every scene
#   make test             set up, run the tests
#   make scene S=Name     (re)render one scene (TRACE=file.npz: from your own trace)
# Options: QUALITY=draft|article|lecture (default article), PYTHON=python3.11
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
QUALITY ?= article
TRACES := renders/traces
# Trainings and renders each use one core: run as many at once as there are
# cores (make JOBS=1 for one at a time). Every job writes through its own
# temporary names, so parallel jobs never share a file.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += -j$(JOBS)

# Code every trace / every render depends on.
ENGINE_COMMON := $(addprefix engine/,__init__.py __main__.py trace.py kinds.py \
  recorder.py recorders.py provenance.py checkpoints.py paths.py config_args.py \
  training.py)
SCENE_COMMON := $(addprefix scenes/,__init__.py base.py style.py widgets.py \
  raster.py tracefile.py render.py catalog.py) manim.cfg

# Each chapter's mk/<chapter>.mk adds its scenes to SCENES, names each scene's
# chapter file (CHAPTER_<Scene>) and trace (TRACE_<Scene>), and has the rules
# that record its traces.
SCENES :=
# A trace or sentence of the user's own (make scene ... TRACE=... or SENTENCE=...)
# renders into renders/custom/, so the default renders always show the defaults.
OWN_TRACE := $(TRACE)
SCENE_OUT := $(if $(strip $(OWN_TRACE)$(SENTENCE)),renders/custom,renders)
include $(sort $(wildcard mk/*.mk))

.DEFAULT_GOAL := all
.PHONY: all setup test lint scene clean help

all: $(foreach s,$(SCENES),renders/$(s).mp4)
	@echo "make: done. Every scene is in renders/ as .mp4, .gif, .png and .srt."

setup: $(INSTALLED)
$(INSTALLED): pyproject.toml scripts/setup.sh
	@bash scripts/setup.sh $(PYTHON) $(VENV)
	@touch $@

# Renders: one rule per scene, all four files made by one render.
define scene_rule
renders/$(1).mp4 renders/$(1).gif renders/$(1).png renders/$(1).srt &: \
  $(CHAPTER_$(1)) $(TRACE_$(1)) $(SCENE_COMMON) | $(INSTALLED)
	@echo "make: rendering $(1) ($(QUALITY))"
	@$(PY) -m scenes.render $(1) --quality $(QUALITY)
endef
$(foreach s,$(SCENES),$(eval $(call scene_rule,$(s))))

scene: | $(INSTALLED)
	@if [ -z "$(S)" ]; then echo "make scene: name a scene: make scene S=<Name> (scenes: $(SCENES))" >&2; exit 2; fi
	@if [ -z "$(TRACE_$(S))" ]; then echo "make scene: unknown scene '$(S)' (scenes: $(SCENES))" >&2; exit 2; fi
	@if [ -z "$(OWN_TRACE)" ]; then $(MAKE) --no-print-directory $(TRACE_$(S)); fi
	@echo "make: rendering $(S) ($(QUALITY)) into $(SCENE_OUT)/"
	@$(PY) -m scenes.render $(S) --quality $(QUALITY) --out $(SCENE_OUT)

test: $(INSTALLED)
	@$(PY) -m ruff check engine scenes tests
	@$(PY) -m pytest -q

lint: $(INSTALLED)
	@$(PY) -m ruff check engine scenes tests

clean:
	rm -rf renders

help:
	@sed -n '2,6p' Makefile
