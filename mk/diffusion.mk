# Chapter: diffusion (engine/diffusion/, scenes/diffusion/).
# Traces are remade when their chapter's code (or the core, or the trace format)
# changes; the trained weights are cached under renders/cache, keyed by the code
# of the modules they depend on and their config.
DIFFUSION_ENGINE := $(wildcard engine/diffusion/*.py) $(ENGINE_COMMON)
DIFFUSION_SCENE_FILES := $(wildcard scenes/diffusion/*.py)
SCENES += PointsFlow ForwardNoising ReverseDenoising DenoisingField FieldSampling \
  StepsVsSpeed GuidanceScale

$(foreach s,PointsFlow DenoisingField FieldSampling ForwardNoising ReverseDenoising StepsVsSpeed \
  GuidanceScale,$(eval CHAPTER_$(s) := $(DIFFUSION_SCENE_FILES)))
TRACE_PointsFlow := $(TRACES)/points_diffusion.npz
TRACE_DenoisingField := $(TRACES)/points_diffusion.npz
TRACE_FieldSampling := $(TRACES)/points_diffusion.npz
$(foreach s,ForwardNoising ReverseDenoising StepsVsSpeed GuidanceScale,\
  $(eval TRACE_$(s) := $(TRACES)/digits_diffusion.npz))
# StepsVsSpeed's times are measured once, with the GAN's, in generation_speed.
TRACE_StepsVsSpeed += $(TRACES)/generation_speed.npz

$(TRACES)/points_diffusion.npz: $(DIFFUSION_ENGINE) | $(INSTALLED)
	@echo "make: recording $@"
	@$(PY) -m engine record points_diffusion --out $@

$(TRACES)/digits_diffusion.npz: $(DIFFUSION_ENGINE) | $(INSTALLED)
	@echo "make: recording $@ (trains for about a minute the first time)"
	@$(PY) -m engine record digits_diffusion --out $@

# Your own points, for the 2D models (here and in mk/gan.mk):
#   make scene S=PointsFlow DATA=my_points.csv   (also DenoisingField,
#                         FieldSampling, ForgerVsInspector, ModeCollapse)
# The CSV (lines of x,y; any path, spaces and quotes too: DATA="my points.csv")
# is checked before anything runs: a bad one stops make with one line. Its
# trace is kept apart, as renders/traces/<kind>-<hash of the file>.npz, so a
# changed file is a new trace (the file itself is no prerequisite: make cannot
# name a path with spaces as one), and the render goes to renders/custom/,
# like TRACE= and SENTENCE=.
DATA_SCENES := PointsFlow DenoisingField FieldSampling ForgerVsInspector ModeCollapse
ifneq ($(strip $(DATA)),)
ifeq ($(filter $(S),$(DATA_SCENES)),)
$(error DATA= trains on your points for make scene S=<one of: $(DATA_SCENES)>)
endif
ifeq ($(origin TRACE),command line)
$(error give DATA= (your points) or TRACE= (your trace), not both)
endif
ifeq ($(wildcard $(PY)),)
$(error DATA needs the set-up first: run make setup, then this again)
endif
DATA_QUOTED := $(call shell_quote,$(DATA))
endif

ifneq ($(strip $(DATA)),)
ifneq ($(filter $(S),PointsFlow DenoisingField FieldSampling),)
POINTS_DATA_TRACE := $(shell $(PY) -m engine.data.points_csv points_diffusion $(DATA_QUOTED))
ifneq ($(words $(POINTS_DATA_TRACE)),1)
$(error $(POINTS_DATA_TRACE))
endif
TRACE_$(S) := $(POINTS_DATA_TRACE)
export TRACE := $(POINTS_DATA_TRACE)

$(POINTS_DATA_TRACE): $(DIFFUSION_ENGINE) | $(INSTALLED)
	@echo 'make: recording $@ from your points in '$(DATA_QUOTED)
	@$(PY) -m engine record points_diffusion --set dataset=$(DATA_QUOTED) --out $@
endif
endif
