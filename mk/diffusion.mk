# Chapter: diffusion (scenes/diffusion.py, scenes/diffusion_digits.py).
# Traces are remade when their model's code (or the trace format) changes; the
# trained weights are cached under renders/cache, keyed by code and config.
SCENES += PointsFlow ForwardNoising ReverseDenoising DenoisingField StepsVsSpeed \
  GuidanceScale

CHAPTER_PointsFlow := scenes/diffusion.py
TRACE_PointsFlow := $(TRACES)/points_diffusion.npz
CHAPTER_DenoisingField := scenes/diffusion.py
TRACE_DenoisingField := $(TRACES)/points_diffusion.npz

DIGIT_SCENE_FILES := scenes/diffusion.py scenes/diffusion_digits.py scenes/images.py
$(foreach s,ForwardNoising ReverseDenoising StepsVsSpeed GuidanceScale,\
  $(eval CHAPTER_$(s) := $(DIGIT_SCENE_FILES))\
  $(eval TRACE_$(s) := $(TRACES)/digits_diffusion.npz))

$(TRACES)/points_diffusion.npz: $(addprefix engine/,points_diffusion.py points_data.py \
  embeddings.py schedule.py) $(ENGINE_COMMON) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record points_diffusion --out $@

$(TRACES)/digits_diffusion.npz: $(addprefix engine/,digits_diffusion.py digits_data.py \
  digits_sampling.py digits_record.py digit_classifier.py embeddings.py schedule.py) \
  $(ENGINE_COMMON) | $(INSTALLED)
	@echo "make: recording $@ (trains for about a minute the first time)"
	@$(PY) -m engine record digits_diffusion --out $@
