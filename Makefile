# The front door.
#   make                  set up, train, record traces, render every scene + gallery
#   make test             set up, run the tests
#   make scene S=Name     (re)render one scene (TRACE=file.npz: from your own trace)
#   make lecture          every scene at 1080p60, joined into renders/lecture.mp4
#   make slides           every scene as slides, renders/slides/slides.html (offline)
#   make previews         refresh the small GIFs the README shows (docs/previews/)
#   make bench            measure speed, quality, GIF size and memory (~15 min)
# Options: QUALITY=draft|article|lecture (default article), THEME=dark|light,
#          VOICE=heart|none (narration, default heart),
#          PYTHON=python3.11
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
QUALITY ?= article
TRACES := renders/traces
# Dark renders go to renders/, light ones (for white pages) to renders/light/,
# so both sets can live side by side and make knows which is current.
THEME ?= dark
ifeq ($(filter dark light,$(THEME)),)
$(error THEME must be dark or light, not '$(THEME)')
endif
export THEME
# The narrator: heart (hibari's American voice, offline) or none (silent
# videos, the same readable pacing). A change of voice re-renders the scenes.
VOICE ?= heart
ifeq ($(filter heart none,$(VOICE)),)
$(error VOICE must be heart or none, not '$(VOICE)')
endif
export VOICE
OUT := $(if $(filter light,$(THEME)),renders/light,renders)
# A trace or sentence of the user's own (make scene ... TRACE=... or SENTENCE=...)
# renders into renders/custom/, so the default renders always show the defaults.
OWN_TRACE := $(TRACE)
SCENE_OUT := $(if $(strip $(OWN_TRACE)$(SENTENCE)$(DATA)$(PROMPT)),$(OUT)/custom,$(OUT))
# The voice the renders in a folder were made with: a change re-renders them.
# Each folder has its own (a silent render of one's own prompt leaves the
# default renders' voice alone); the stamp is rewritten at the end of this
# file, once every refusal has had its say, and never by a dry run (-n, -q).
VOICE_STAMP := $(SCENE_OUT)/.voice
MAKE_SINGLES := $(firstword -$(MAKEFLAGS))
DRY_RUN := $(findstring n,$(MAKE_SINGLES))$(findstring q,$(MAKE_SINGLES))
# Trainings and renders each use one core: run as many at once as there are
# cores (make JOBS=1 for one at a time). Every job writes through its own
# temporary names, so parallel jobs never share a file.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += -j$(JOBS)

# Code every trace / every render depends on: the engine's core and shared data
# (engine/core/, engine/data/) and the scenes' kit (scenes/kit/) as whole
# folders, so a module added there needs no edit here. docs/architecture.md
# says what lives where. Each mk/<chapter>.mk adds its chapter's folders.
ENGINE_COMMON := engine/__init__.py engine/__main__.py engine/registry.py \
  $(wildcard engine/core/*.py engine/data/*.py)
SCENE_COMMON := scenes/__init__.py $(wildcard scenes/kit/*.py) \
  $(addprefix scenes/output/,__init__.py render.py catalog.py captions.py gif.py \
  soundtrack.py) \
  manim.cfg $(VOICE_STAMP)

# Each chapter's mk/<chapter>.mk adds its scenes to SCENES, names each scene's
# chapter folder (CHAPTER_<Scene>) and trace (TRACE_<Scene>), and has the rules
# that record its traces.
SCENES :=
# A value as one shell word, whatever it holds (spaces, quotes, a leading
# dash): in single quotes, each ' written as '\'' (close, escaped quote, open).
# Recipes hand every user-given path or text to the shell this way.
shell_quote = '$(subst ','\'',$(1))'
# The chapters in viewing order (so SCENES lists scenes as a viewer meets
# them), then any other fragment (examples).
MK_CHAPTERS := $(addprefix mk/,diffusion.mk gan.mk compare.mk transformer.mk hybrid.mk \
  sound.mk)
include $(MK_CHAPTERS) $(filter-out $(MK_CHAPTERS),$(sort $(wildcard mk/*.mk)))

# Your own prompt: make scene S=<Scene> PROMPT="...", for each scene whose
# chapter names a checker (PROMPT_CHECK_<Scene>, a numpy-only module that
# prints the prompt's own trace path or refuses in one line), the trace kind
# that records it (PROMPT_KIND_<Scene>), the code that trace depends on
# (PROMPT_MODEL_<Scene>) and an example (PROMPT_EXAMPLE_<Scene>). Checked now,
# before anything runs; recorded to its own trace and handed to the render as
# TRACE, which renders into renders/custom/.
PROMPT_SCENES := $(patsubst PROMPT_CHECK_%,%,$(filter PROMPT_CHECK_%,$(.VARIABLES)))
ifeq ($(origin PROMPT),command line)
ifeq ($(strip $(PROMPT)),)
$(error PROMPT is empty: give it $(or $(PROMPT_EXAMPLE_$(S)),words; PROMPT= is for make scene S=<one of: $(sort $(PROMPT_SCENES))>))
endif
endif
ifneq ($(strip $(PROMPT)),)
ifeq ($(PROMPT_CHECK_$(S)),)
$(error PROMPT= is for make scene S=<one of: $(sort $(PROMPT_SCENES))>)
endif
ifeq ($(wildcard $(PY)),)
$(error PROMPT needs the set-up first: run make setup, then this again)
endif
PROMPT_QUOTED := $(call shell_quote,$(PROMPT))
PROMPT_TRACE := $(shell $(PY) -m $(PROMPT_CHECK_$(S)) $(PROMPT_QUOTED))
ifneq ($(words $(PROMPT_TRACE)),1)
$(error $(PROMPT_TRACE))
endif
TRACE_$(S) := $(PROMPT_TRACE)
export TRACE := $(PROMPT_TRACE)

$(PROMPT_TRACE): $(PROMPT_MODEL_$(S)) | $(INSTALLED)
	@echo 'make: recording $@ for: '$(PROMPT_QUOTED)
	@$(PY) -m engine record $(PROMPT_KIND_$(S)) --set prompts=$(PROMPT_QUOTED) --out $@
endif

.DEFAULT_GOAL := all
.PHONY: all setup test lint scene lecture slides previews bench clean help

# The longest recordings are named first, so make starts them first and the
# two cores stay busy to the end, rather than one finishing a long training
# alone after every render (longest job first; seconds from `make bench`'s
# list of jobs: long_range ~140, transformer_scaling ~95, text_to_image ~100,
# sound_diffusion ~90).
LONGEST_FIRST := $(addprefix $(TRACES)/,long_range.npz transformer_scaling.npz \
  text_to_image.npz sound_diffusion.npz attention_cost.npz new_words.npz \
  image_to_image.npz gan_points.npz digits_diffusion.npz)

all: $(LONGEST_FIRST) $(OUT)/index.html
	@echo "make: done. Every scene is in $(OUT)/ as .mp4, .gif, .png, .srt and .vtt;"
	@echo "      open $(OUT)/index.html to see them all."

# The gallery page: every scene by chapter, opened from disk or any web server.
$(OUT)/index.html: $(foreach s,$(SCENES),$(OUT)/$(s).mp4) scenes/output/gallery.py \
  $(SCENE_COMMON)
	@$(PY) -m scenes.output.gallery --out $(OUT)

setup: $(INSTALLED)
$(INSTALLED): pyproject.toml scripts/setup.sh scripts/voice-model.txt \
  scripts/face-model.txt scripts/text-model.txt
	@bash scripts/setup.sh $(PYTHON) $(VENV)
	@touch $@

# Renders: one rule per scene, all four files made by one render.
define scene_rule
$(OUT)/$(1).mp4 $(OUT)/$(1).gif $(OUT)/$(1).png $(OUT)/$(1).srt $(OUT)/$(1).vtt &: \
  $(CHAPTER_$(1)) $(TRACE_$(1)) $(SCENE_COMMON) | $(INSTALLED)
	@echo "make: rendering $(1) ($(QUALITY), $(THEME))"
	@$(PY) -m scenes.output.render $(1) --quality $(QUALITY) --out $(OUT)
endef
$(foreach s,$(SCENES),$(eval $(call scene_rule,$(s))))

# The lecture: every scene at 1080p60 with captions and one video per narrated
# step (for stepping through in class), then all scenes joined in chapter order.
LECTURE := $(OUT)/lecture
define lecture_rule
$(LECTURE)/$(1).mp4 $(LECTURE)/$(1).srt $(LECTURE)/$(1).vtt $(LECTURE)/$(1).png &: \
  $(CHAPTER_$(1)) $(TRACE_$(1)) $(SCENE_COMMON) | $(INSTALLED)
	@echo "make: rendering $(1) (lecture 1080p60, $(THEME))"
	@$(PY) -m scenes.output.render $(1) --quality lecture --no-gif --sections \
	  --out $(LECTURE)
endef
$(foreach s,$(SCENES),$(eval $(call lecture_rule,$(s))))

lecture: $(OUT)/lecture.mp4
$(OUT)/lecture.mp4: $(foreach s,$(SCENES),$(LECTURE)/$(s).mp4) scenes/output/lecture.py \
  scenes/output/catalog.py scenes/output/soundtrack.py
	@$(PY) -m scenes.output.lecture --scenes $(LECTURE) --out $@

# Slides: every scene as manim-slides slides, one per narrated step with the
# narration as presenter notes, joined into $(OUT)/slides/slides.html; it opens
# from disk with no network (reveal.js from the npm registry, scripts/reveal/).
REVEAL_READY := scripts/reveal/node_modules/.installed
$(REVEAL_READY): scripts/reveal/package.json scripts/reveal/package-lock.json
	@command -v npm >/dev/null || { echo "make: npm is missing (reveal.js for the slides); run: sudo apt-get install -y npm" >&2; exit 1; }
	@npm ci --prefix scripts/reveal --no-audit --no-fund --loglevel=error
	@touch $@
SLIDES := $(OUT)/slides
define slides_rule
$(SLIDES)/build/$(1).json: $(CHAPTER_$(1)) $(TRACE_$(1)) $(SCENE_COMMON) \
  scenes/output/slides.py | $(INSTALLED)
	@echo "make: rendering $(1) as slides ($(QUALITY), $(THEME))"
	@$(PY) -m scenes.output.slides render $(1) --quality $(QUALITY) --out $(SLIDES)
endef
$(foreach s,$(SCENES),$(eval $(call slides_rule,$(s))))
slides: $(SLIDES)/slides.html
$(SLIDES)/slides.html: $(foreach s,$(SCENES),$(SLIDES)/build/$(s).json) $(REVEAL_READY)
	@$(PY) -m scenes.output.slides join --out $(SLIDES)
	@echo "make: open $@ (press S for the presenter notes)"

# Small copies of a few GIFs, committed, so the README shows the work.
PREVIEWS := PointsFlow ModeCollapse AttentionReads PromptToImage
previews: $(PREVIEWS:%=docs/previews/%.gif)
docs/previews/%.gif: renders/%.gif
	@mkdir -p $(@D)
	@gifsicle -O3 --no-warnings --resize-width 480 --colors 32 $< -o $@.tmp && mv $@.tmp $@
	@echo "make: $@ ($$(du -k $@ | cut -f1) kB)"

# make scene checks S= before anything runs: one line, and no set-up needed.
ifneq ($(filter scene,$(MAKECMDGOALS)),)
ifeq ($(strip $(S)),)
$(error make scene: name a scene: make scene S=<Name> (scenes: $(SCENES)))
endif
ifeq ($(TRACE_$(S)),)
$(error make scene: unknown scene '$(S)' (scenes: $(SCENES)))
endif
endif
scene: | $(INSTALLED)
	@if [ -z $(call shell_quote,$(OWN_TRACE)) ]; then $(MAKE) --no-print-directory $(TRACE_$(S)); fi
	@echo "make: rendering $(S) ($(QUALITY)) into $(SCENE_OUT)/"
	@$(PY) -m scenes.output.render $(S) --quality $(QUALITY) --out $(SCENE_OUT)

# The tests open the gallery in Debian's Chromium: set-up installs it.
BROWSER_READY := $(VENV)/.browser
$(BROWSER_READY): scripts/setup.sh | $(INSTALLED)
	@bash scripts/setup.sh $(PYTHON) $(VENV) --browser
	@touch $@

# The tests run in a process per core (pytest-xdist), each taking whole files,
# in the order tests/conftest.py gives them (the longest first).
test: $(INSTALLED) $(BROWSER_READY) $(REVEAL_READY)
	@$(PY) -m ruff check engine scenes tests bench examples
	@$(VENV)/bin/lint-imports --no-cache  # the arrows of docs/architecture.md
	@$(PY) -m pytest -q -n $(JOBS) --dist loadfile --no-loadscope-reorder

# Benchmarks: a cold make in a copy of this tree, then per-scene GIF and render
# figures; writes renders/bench.json and the README's Performance table.
bench: $(INSTALLED)
	@$(PY) -m bench

lint: $(INSTALLED)
	@$(PY) -m ruff check engine scenes tests bench examples
	@$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf renders

help:
	@sed -n '2,11p' Makefile

# The voice stamp, last: a make refused above (an unknown scene, theme or
# voice) or a dry run leaves it as it was. A dry run in a fresh folder, with
# no stamp yet, plans it as a file to write.
$(VOICE_STAMP):
	@mkdir -p $(@D) && echo $(VOICE) > $@

ifeq ($(DRY_RUN),)
ifneq ($(shell cat $(VOICE_STAMP) 2>/dev/null),$(VOICE))
$(shell mkdir -p $(SCENE_OUT) && echo $(VOICE) > $(VOICE_STAMP))
endif
endif
