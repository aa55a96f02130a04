"""Words to a tune: a transformer encoder reads a short prompt and the melody
writer reads it through cross-attention (the ``tune_prompt`` trace)."""
