# Chapter: hybrid (engine/hybrid/, scenes/hybrid/).
# One text-to-image model in miniature, a transformer encoder and a diffusion
# model reading it through cross-attention, trained together (a few minutes on
# one core the first time; cached under renders/cache, keyed by its code and
# config), records the text_to_image trace. ThreeArchitectures reads its figures
# from that trace and from the other chapters' traces.
#
# Your own prompt, for PromptToImage:
#   make scene S=PromptToImage PROMPT="green square bottom left"
# It is checked before anything runs (numpy only): an unknown word, an empty or
# an over-long prompt stops make with one line. Its trace is kept apart, as
# renders/traces/prompt-<hash of the words>.npz, and the render goes to
# renders/custom/.
HYBRID_SCENES := PromptToImage NewWords NewWordsScore TableDiffusionGAN \
  TableTransformers ThreeArchitectures
SCENES += $(HYBRID_SCENES)
# The hybrid's scenes draw with the transformer chapter's helpers too.
HYBRID_SCENE_FILES := $(wildcard scenes/hybrid/*.py scenes/transformer/*.py)
$(foreach s,$(HYBRID_SCENES),$(eval CHAPTER_$(s) := $(HYBRID_SCENE_FILES)))
TRACE_PromptToImage := $(TRACES)/text_to_image.npz
TRACE_NewWords := $(TRACES)/new_words.npz
TRACE_NewWordsScore := $(TRACES)/new_words.npz
# The table's scenes read their figures from every chapter's traces.
TABLE_TRACES := $(addprefix $(TRACES)/,text_to_image.npz \
  digits_diffusion.npz generation_speed.npz gan_points.npz gan_digits.npz \
  gan_faces.npz image_to_image.npz attention_cost.npz text_generation.npz \
  transformer_scaling.npz long_range.npz attention.npz sound_diffusion.npz \
  melody.npz)
$(foreach s,TableDiffusionGAN TableTransformers ThreeArchitectures,\
  $(eval TRACE_$(s) := $(TABLE_TRACES)))

# The code the text_to_image trace depends on (the model cache has its own key):
# its chapter and the diffusion parts it composes (docs/architecture.md).
HYBRID_MODEL := $(wildcard engine/hybrid/*.py engine/diffusion/*.py) \
  engine/transformer/multihead.py $(ENGINE_COMMON)

$(TRACES)/text_to_image.npz: $(HYBRID_MODEL) | $(INSTALLED)
	@echo "make: recording $@ (trains for a few minutes the first time)"
	@$(PY) -m engine record text_to_image --out $@

# The same drawing model with a frozen pretrained prompt reader (the
# transformer chapter's all-MiniLM-L6-v2), asked in words it never saw, beside
# the model above: it reuses that model's cached weights, so it comes after.
$(TRACES)/new_words.npz: $(HYBRID_MODEL) $(wildcard engine/transformer/pretrained/*.py) \
  | $(INSTALLED) $(TRACES)/text_to_image.npz
	@echo "make: recording $@ (trains for a few minutes the first time)"
	@$(PY) -m engine record new_words --out $@

# Your own prompt (make scene S=PromptToImage PROMPT="..."): the Makefile's
# PROMPT block checks it with this module and records it with this kind.
PROMPT_CHECK_PromptToImage := engine.hybrid.prompt
PROMPT_KIND_PromptToImage := text_to_image
PROMPT_MODEL_PromptToImage := $(HYBRID_MODEL)
PROMPT_EXAMPLE_PromptToImage := four words, e.g. PROMPT="red circle top left"
