"""Sound: diffusion and transformers on audio (the ``sound`` chapter).

Shared here: the notes and their tokens (``notes.py``) and the synthesised
instruments every sound of the chapter is made with (``synth.py``). Each model
has its own folder: ``sound_diffusion/`` (a DDPM drawing a note's spectrogram
from instrument and pitch), ``melody/`` (a decoder-only transformer writing
tunes note by note) and ``tune_prompt/`` (a text encoder read by the melody
writer through cross-attention).
"""
