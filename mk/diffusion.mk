# Chapter: diffusion (scenes/diffusion.py).
# Traces are remade when their model's code (or the trace format) changes; the
# trained weights are cached under renders/cache, keyed by code and config.
SCENES += PointsFlow
CHAPTER_PointsFlow := scenes/diffusion.py
TRACE_PointsFlow := $(TRACES)/points_diffusion.npz

$(TRACES)/points_diffusion.npz: $(addprefix engine/,points_diffusion.py points_data.py \
  schedule.py) $(ENGINE_COMMON) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record points_diffusion --out $@
