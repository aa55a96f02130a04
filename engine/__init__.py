"""Small real models that record what they do into traces.

Only ``engine`` imports torch, and only in the model modules: ``engine.trace``
and ``engine.kinds`` are numpy-only so scenes can load traces without torch.

    python -m engine --help
"""
