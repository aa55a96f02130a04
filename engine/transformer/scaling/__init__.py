"""How held-out loss falls with model size: the ``transformer_scaling`` trace.

``corpus.py`` generates a richer word language than the chapter's (enough to
learn that bigger models keep doing better), ``fit.py`` fits Kaplan et al.'s
power law, ``record.py`` trains the chapter's transformer at several sizes.
"""
