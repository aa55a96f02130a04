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
  LongContextCost
SCENES += $(TRANSFORMER_SCENES)
$(foreach s,$(TRANSFORMER_SCENES),$(eval CHAPTER_$(s) := \
  $(wildcard scenes/transformer/*.py)))
TRACE_AttentionReads := $(TRACES)/attention.npz
TRACE_InsideAttention := $(TRACES)/attention.npz
TRACE_AttentionHeads := $(TRACES)/attention.npz
TRACE_NextWord := $(TRACES)/text_generation.npz
TRACE_LongContextCost := $(TRACES)/attention_cost.npz

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
