# Chapter: sound (engine/sound/, scenes/sound/).
# Every sound is synthesised here (engine/sound/synth.py: no recording is
# downloaded). Small models trained here, each cached under renders/cache,
# keyed by its code and config. Each scene's sounds are in its MP4 and, as
# .wav files, in renders/sounds/.
SOUND_SCENES := NoteFromStatic MelodyWriter TuneFromWords
SCENES += $(SOUND_SCENES)
# The sound scenes draw with the transformer chapter's helpers too.
SOUND_SCENE_FILES := $(wildcard scenes/sound/*.py scenes/transformer/*.py)
$(foreach s,$(SOUND_SCENES),$(eval CHAPTER_$(s) := $(SOUND_SCENE_FILES)))
TRACE_NoteFromStatic := $(TRACES)/sound_diffusion.npz
TRACE_MelodyWriter := $(TRACES)/melody.npz
TRACE_TuneFromWords := $(TRACES)/tune_prompt.npz

# What every sound model depends on: the chapter's notes and instruments.
SOUND_COMMON := $(wildcard engine/sound/*.py) $(ENGINE_COMMON)

# A DDPM draws a note's picture of sound (a log-mel spectrogram) from
# instrument and pitch, turned back into sound by Griffin-Lim; checked by a
# pitch estimator (pYIN) and an instrument classifier trained on real notes
# only. About a minute and a half the first time.
SOUND_DIFFUSION_MODEL := $(wildcard engine/sound/sound_diffusion/*.py \
  engine/diffusion/*.py) $(SOUND_COMMON)
$(TRACES)/sound_diffusion.npz: $(SOUND_DIFFUSION_MODEL) | $(INSTALLED)
	@echo "make: recording $@ (trains for about a minute the first time)"
	@$(PY) -m engine record sound_diffusion --out $@

# Your own prompt: make scene S=NoteFromStatic PROMPT="bell G4"
PROMPT_CHECK_NoteFromStatic := engine.sound.sound_diffusion.prompt
PROMPT_KIND_NoteFromStatic := sound_diffusion
PROMPT_MODEL_NoteFromStatic := $(SOUND_DIFFUSION_MODEL)
PROMPT_EXAMPLE_NoteFromStatic := an instrument and a note, e.g. PROMPT="bell G4"

# A decoder-only transformer (the transformer chapter's network) writes tunes
# of a small grammar; about a minute the first time.
MELODY_MODEL := $(wildcard engine/sound/melody/*.py) engine/transformer/model.py \
  $(SOUND_COMMON)
$(TRACES)/melody.npz: $(MELODY_MODEL) | $(INSTALLED)
	@echo "make: recording $@ (trains for about a minute the first time)"
	@$(PY) -m engine record melody --out $@

# Words to a tune: a transformer encoder reads the prompt, a tune writer reads
# it through cross-attention while it writes; about a minute the first time.
TUNE_PROMPT_MODEL := $(wildcard engine/sound/tune_prompt/*.py) \
  engine/transformer/multihead.py $(SOUND_COMMON)
$(TRACES)/tune_prompt.npz: $(TUNE_PROMPT_MODEL) | $(INSTALLED)
	@echo "make: recording $@ (trains for about a minute the first time)"
	@$(PY) -m engine record tune_prompt --out $@

# Your own prompt: make scene S=TuneFromWords PROMPT="fast falling tune ending low"
PROMPT_CHECK_TuneFromWords := engine.sound.tune_prompt.prompt
PROMPT_KIND_TuneFromWords := tune_prompt
PROMPT_MODEL_TuneFromWords := $(TUNE_PROMPT_MODEL)
PROMPT_EXAMPLE_TuneFromWords := a few words, e.g. PROMPT="slow rising tune ending high"
