# Worked examples of your own model (examples/*.py, docs/your-own-model.md):
#   make example E=own_diffusion   your own 2D diffusion loop  -> PointsFlow
#   make example E=own_gan         your own 2D GAN loop        -> ForgerVsInspector
#   make example E=own_attention   a nanoGPT-style model       -> AttentionReads
# Each trains for seconds, records renders/traces/<E>.npz (again only when the
# example or the engine changed) and renders into renders/custom/. S=<Scene>
# renders another scene of the same trace, e.g. S=DenoisingField.
EXAMPLES := own_diffusion own_gan own_attention
EXAMPLE_SCENE_own_diffusion := PointsFlow
EXAMPLE_SCENE_own_gan := ForgerVsInspector
EXAMPLE_SCENE_own_attention := AttentionReads
EXAMPLE_SCENE := $(or $(S),$(EXAMPLE_SCENE_$(E)))
# The recorder API the examples use: the core, and the capture helpers of the
# GAN and transformer chapters (as whole folders).
EXAMPLE_CODE := $(ENGINE_COMMON) $(wildcard engine/gan/*.py engine/transformer/*.py)
.PHONY: example

ifneq ($(filter example,$(MAKECMDGOALS)),)
ifneq ($(words $(filter $(E),$(EXAMPLES))),1)
$(error make example: name one: make example E=<$(EXAMPLES)>)
endif
endif

example: | $(INSTALLED)
	@$(MAKE) --no-print-directory $(TRACES)/$(E).npz
	@echo "make: rendering $(EXAMPLE_SCENE) ($(QUALITY)) into $(OUT)/custom/"
	@TRACE=$(TRACES)/$(E).npz $(PY) -m scenes.output.render $(EXAMPLE_SCENE) \
	  --quality $(QUALITY) --out $(OUT)/custom

$(EXAMPLES:%=$(TRACES)/%.npz): $(TRACES)/%.npz: examples/%.py $(EXAMPLE_CODE) | $(INSTALLED)
	@echo "make: running examples/$*.py"
	@OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1} $(PY) examples/$*.py --out $@
