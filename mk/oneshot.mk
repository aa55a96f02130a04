# Chapter: GANs, the timing shot (scenes/oneshot.py, listed with scenes/gan.py).
# One trace, generation_speed: the trained digits GAN and digits diffusion
# model, each timed making digits in one run on this machine. Both models come
# from renders/cache when their code and config match (else they train first:
# about a minute and half a minute on 2 cores); the timing itself takes seconds.
# Ordered after the digits traces, so a parallel make never trains the
# diffusion model twice at once.
SCENES += OneShotGeneration
CHAPTER_OneShotGeneration := scenes/oneshot.py scenes/gan.py scenes/gan_draw.py
TRACE_OneShotGeneration := $(TRACES)/generation_speed.npz

$(TRACES)/generation_speed.npz: $(addprefix engine/,generation_speed.py \
  digits_diffusion.py digits_sampling.py digits_data.py embeddings.py schedule.py \
  gan_digits.py gan_core.py digit_classifier.py) $(ENGINE_COMMON) \
  | $(INSTALLED) $(TRACES)/digits_diffusion.npz $(TRACES)/gan_digits.npz
	@echo "make: recording $@ (times the GAN and the diffusion model)"
	@$(PY) -m engine record generation_speed --out $@
