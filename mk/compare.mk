# The comparison (engine/compare/): the GAN's one pass against diffusion's many,
# drawn by OneShotGeneration in the GAN chapter (scenes/gan/).
# One trace, generation_speed: the trained digits GAN and digits diffusion
# model, each timed making digits in one run on this machine. Both models come
# from renders/cache when their code and config match (else they train first:
# about a minute and half a minute on 2 cores); the timing itself takes seconds.
# Ordered after the digits traces, so a parallel make never trains the
# diffusion model twice at once.
SCENES += OneShotGeneration $(GAN_TODAY_SCENES)
CHAPTER_OneShotGeneration := $(wildcard scenes/gan/*.py)
TRACE_OneShotGeneration := $(TRACES)/generation_speed.npz

# compare/ imports the diffusion and GAN chapters (docs/architecture.md).
$(TRACES)/generation_speed.npz: $(wildcard engine/compare/*.py engine/diffusion/*.py \
  engine/gan/*.py) $(ENGINE_COMMON) \
  | $(INSTALLED) $(TRACES)/digits_diffusion.npz $(TRACES)/gan_digits.npz
	@echo "make: recording $@ (times the GAN and the diffusion model)"
	@$(PY) -m engine record generation_speed --out $@
