# Chapter: GANs (scenes/gan.py, drawing helpers in scenes/gan_draw.py).
# Two traces: gan_points (two GANs on a ring of 8 blobs, about a minute of
# training on 2 cores) and gan_digits (a GAN on the real 8x8 digits, about
# half a minute). Each run's recorded history is cached under renders/cache,
# keyed by its code and config.
GAN_SCENE_FILES := scenes/gan.py scenes/gan_draw.py scenes/images.py
SCENES += ForgerVsInspector ModeCollapse DigitForger
$(foreach s,ForgerVsInspector ModeCollapse DigitForger,\
  $(eval CHAPTER_$(s) := $(GAN_SCENE_FILES)))
TRACE_ForgerVsInspector := $(TRACES)/gan_points.npz
TRACE_ModeCollapse := $(TRACES)/gan_points.npz
TRACE_DigitForger := $(TRACES)/gan_digits.npz

$(TRACES)/gan_points.npz: $(addprefix engine/,gan_points.py gan_core.py) \
  $(ENGINE_COMMON) | $(INSTALLED)
	@echo "make: recording $@ (trains two GANs, about a minute the first time)"
	@$(PY) -m engine record gan_points --out $@

$(TRACES)/gan_digits.npz: $(addprefix engine/,gan_digits.py gan_core.py digits_data.py \
  digit_classifier.py) $(ENGINE_COMMON) | $(INSTALLED)
	@echo "make: recording $@ (trains for about half a minute the first time)"
	@$(PY) -m engine record gan_digits --out $@
