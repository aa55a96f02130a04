# Chapter: transformer (engine/transformer/, scenes/transformer/).
# One small word-level transformer, trained once and cached under renders/cache
# (keyed by its code and config), records three traces.
#
# Your own sentence, for the scenes that read one:
#   make scene S=AttentionReads SENTENCE="the keys to the old box are"
# (also InsideAttention and AttentionHeads). It is checked before anything runs:
# an unknown word stops make with one line. Its trace is kept apart, as
# renders/traces/attention-<hash of the words>.npz.
TRANSFORMER_SCENES := AttentionReads InsideAttention NextWord AttentionHeads \
  LongContextCost LongContextTime FarBack ScalingUp Subwords PretrainedHeads PronounHead
SCENES += $(TRANSFORMER_SCENES)
$(foreach s,$(TRANSFORMER_SCENES),$(eval CHAPTER_$(s) := \
  $(wildcard scenes/transformer/*.py)))
TRACE_AttentionReads := $(TRACES)/attention.npz
TRACE_InsideAttention := $(TRACES)/attention.npz
TRACE_AttentionHeads := $(TRACES)/attention.npz
TRACE_NextWord := $(TRACES)/text_generation.npz
TRACE_LongContextCost := $(TRACES)/attention_cost.npz
TRACE_LongContextTime := $(TRACES)/attention_cost.npz
TRACE_ScalingUp := $(TRACES)/transformer_scaling.npz
TRACE_FarBack := $(TRACES)/long_range.npz
# A pretrained encoder (all-MiniLM-L6-v2, installed at set-up by hash) reads any
# English sentence: no training, only loading it and reading (seconds).
PRETRAINED_SCENES := Subwords PretrainedHeads PronounHead
$(foreach s,$(PRETRAINED_SCENES),$(eval \
  TRACE_$(s) := $(TRACES)/pretrained_attention.npz))

# The code every transformer trace depends on: the chapter folder as a whole
# (the model cache has its own key).
TRANSFORMER_MODEL := $(wildcard engine/transformer/*.py) $(ENGINE_COMMON)

$(TRACES)/attention.npz: $(TRANSFORMER_MODEL) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record attention --out $@

# These two reuse the model the attention trace trains: ordered after it, so a
# parallel make never trains it twice; the cost trace also waits for the
# generation one, so its timings are not taken beside our own busy process.
$(TRACES)/text_generation.npz: $(TRANSFORMER_MODEL) \
  | $(INSTALLED) $(TRACES)/attention.npz
	@echo "make: recording $@"
	@$(PY) -m engine record text_generation --out $@

$(TRACES)/attention_cost.npz: $(TRANSFORMER_MODEL) \
  | $(INSTALLED) $(TRACES)/attention.npz $(TRACES)/text_generation.npz
	@echo "make: recording $@"
	@$(PY) -m engine record attention_cost --out $@

# The same network at several sizes (engine/transformer/scaling/): the
# chapter's code and its own folder; each size cached under its own name. It
# builds the network from model.py but never reads the chapter's trained model
# (training.py), so it runs beside the recordings above.
SCALING_MODEL := $(TRANSFORMER_MODEL) $(wildcard engine/transformer/scaling/*.py)

$(TRACES)/transformer_scaling.npz: $(SCALING_MODEL) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record transformer_scaling --out $@

# Pairs far back (engine/transformer/long_range/): the chapter's transformer
# class and a GRU of the same size, both trained on the recall task at each
# rate of one learning-rate grid, each cached under its own name: like the
# sizes above, it runs beside every other recording.
LONG_RANGE_MODEL := $(TRANSFORMER_MODEL) \
  $(wildcard engine/transformer/long_range/*.py)

$(TRACES)/long_range.npz: $(LONG_RANGE_MODEL) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record long_range --out $@

# SENTENCE: checked now (numpy only, no torch), recorded to its own trace, and
# handed to the render as TRACE.
ifneq ($(strip $(SENTENCE)),)
ifneq ($(filter $(S),AttentionReads InsideAttention AttentionHeads),)
ifeq ($(wildcard $(PY)),)
$(error SENTENCE needs the set-up first: run make setup, then this again)
endif
SENTENCE_QUOTED := $(call shell_quote,$(SENTENCE))
SENTENCE_TRACE := $(shell $(PY) -m engine.transformer.sentence $(SENTENCE_QUOTED))
ifneq ($(words $(SENTENCE_TRACE)),1)
$(error $(SENTENCE_TRACE))
endif
TRACE_$(S) := $(SENTENCE_TRACE)
export TRACE := $(SENTENCE_TRACE)

$(SENTENCE_TRACE): $(TRANSFORMER_MODEL) | $(INSTALLED)
	@echo 'make: recording $@ for: '$(SENTENCE_QUOTED)
	@$(PY) -m engine record attention --set sentence=$(SENTENCE_QUOTED) --out $@
endif
endif

# The pretrained encoder: its own folder, the chapter's kinds and needs, and the
# model files set-up installed.
PRETRAINED_MODEL := $(wildcard engine/transformer/pretrained/*.py) \
  engine/transformer/kinds.py engine/transformer/needs.py $(ENGINE_COMMON)

$(TRACES)/pretrained_attention.npz: $(PRETRAINED_MODEL) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record pretrained_attention --out $@

# SENTENCE for the pretrained encoder's scenes: any English words; checked now
# (the tokenizer alone, no torch) for length, recorded to its own trace.
ifneq ($(strip $(SENTENCE)),)
ifneq ($(filter $(S),$(PRETRAINED_SCENES)),)
ifeq ($(wildcard $(PY)),)
$(error SENTENCE needs the set-up first: run make setup, then this again)
endif
SENTENCE_QUOTED := $(call shell_quote,$(SENTENCE))
SENTENCE_TRACE := $(shell $(PY) -m engine.transformer.pretrained.sentence \
  $(SENTENCE_QUOTED))
ifneq ($(words $(SENTENCE_TRACE)),1)
$(error $(SENTENCE_TRACE))
endif
TRACE_$(S) := $(SENTENCE_TRACE)
export TRACE := $(SENTENCE_TRACE)

$(SENTENCE_TRACE): $(PRETRAINED_MODEL) | $(INSTALLED)
	@echo 'make: recording $@ for: '$(SENTENCE_QUOTED)
	@$(PY) -m engine record pretrained_attention --set sentence=$(SENTENCE_QUOTED) \
	  --out $@
endif
endif
