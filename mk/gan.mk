# Chapter: GANs (engine/gan/, scenes/gan/).
# Two traces: gan_points (two GANs on a ring of 8 blobs, each trained from 8
# random starts side by side, a minute or two on 2 cores) and gan_digits (a GAN on the real 8x8 digits, about
# half a minute). Each run's recorded history is cached under renders/cache,
# keyed by its code and config. GANs today: gan_faces (a pretrained face
# generator, set-up installs its pinned weights; seconds) and image_to_image
# (pix2pix super-resolution of striped shapes and its L1-alone twin, about
# three minutes the first time).
GAN_ENGINE := $(wildcard engine/gan/*.py) $(ENGINE_COMMON)
GAN_SCENE_FILES := $(wildcard scenes/gan/*.py)
SCENES += ForgerVsInspector ModeCollapse DigitForger
$(foreach s,ForgerVsInspector ModeCollapse DigitForger,\
  $(eval CHAPTER_$(s) := $(GAN_SCENE_FILES)))
TRACE_ForgerVsInspector := $(TRACES)/gan_points.npz
TRACE_ModeCollapse := $(TRACES)/gan_points.npz
TRACE_DigitForger := $(TRACES)/gan_digits.npz
# GANs today: mk/compare.mk adds them to SCENES after OneShotGeneration, the
# viewing order of scenes/output/catalog.py.
GAN_TODAY_SCENES := FaceGenerator FaceWalk ImageToImage
$(foreach s,$(GAN_TODAY_SCENES),\
  $(eval CHAPTER_$(s) := $(GAN_SCENE_FILES)))
TRACE_FaceGenerator := $(TRACES)/gan_faces.npz
TRACE_FaceWalk := $(TRACES)/gan_faces.npz
TRACE_ImageToImage := $(TRACES)/image_to_image.npz

$(TRACES)/gan_points.npz: $(GAN_ENGINE) | $(INSTALLED)
	@echo "make: recording $@ (trains two GANs from 8 starts, a minute or two the first time)"
	@$(PY) -m engine record gan_points --out $@

$(TRACES)/gan_digits.npz: $(GAN_ENGINE) | $(INSTALLED)
	@echo "make: recording $@ (trains for about half a minute the first time)"
	@$(PY) -m engine record gan_digits --out $@

$(TRACES)/gan_faces.npz: $(GAN_ENGINE) | $(INSTALLED)
	@echo "make: recording $@ (a pretrained face generator, timed here: seconds)"
	@$(PY) -m engine record gan_faces --out $@

$(TRACES)/image_to_image.npz: $(GAN_ENGINE) | $(INSTALLED)
	@echo "make: recording $@ (trains pix2pix and its L1 twin, about three minutes the first time)"
	@$(PY) -m engine record image_to_image --out $@

# Your own points (make scene S=ForgerVsInspector DATA=my_points.csv, also
# ModeCollapse): checked in mk/diffusion.mk's DATA rules, recorded here to
# renders/traces/gan_points-<hash of the file>.npz.
ifneq ($(strip $(DATA)),)
ifneq ($(filter $(S),ForgerVsInspector ModeCollapse),)
GAN_DATA_TRACE := $(shell $(PY) -m engine.data.points_csv gan_points $(DATA_QUOTED))
ifneq ($(words $(GAN_DATA_TRACE)),1)
$(error $(GAN_DATA_TRACE))
endif
TRACE_$(S) := $(GAN_DATA_TRACE)
export TRACE := $(GAN_DATA_TRACE)

$(GAN_DATA_TRACE): $(GAN_ENGINE) | $(INSTALLED)
	@echo 'make: recording $@ from your points in '$(DATA_QUOTED)' (trains two GANs)'
	@$(PY) -m engine record gan_points --set data=$(DATA_QUOTED) --out $@
endif
endif
