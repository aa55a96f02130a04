"""A DDPM that draws one note's spectrogram from instrument and pitch, turned
back into sound (the ``sound_diffusion`` trace)."""
