"""Chapter 3, transformers: attention decides which earlier words matter, and what
that costs.

    manim -pql scenes/transformer.py AttentionReads   # Manim's own way
    make scene S=AttentionReads                       # mp4, gif, png and srt
    make scene S=AttentionReads SENTENCE="the keys to the old box are"

Every word, weight, probability, time and byte count drawn here comes from the
traces recorded by ``python -m engine record attention`` (a small word-level
transformer reading one sentence), ``text_generation`` (the same model writing)
and ``attention_cost`` (its attention measured on this machine).
"""

from __future__ import annotations

from scenes import transformer_reading as reading
from scenes import transformer_writing as writing

# The shots are written in scenes/transformer_reading.py and _writing.py and
# declared here, in this module, because `manim scenes/transformer.py <Scene>`
# only offers scenes whose class is defined in the file it is given.


class AttentionReads(reading.AttentionReads):
    __doc__ = reading.AttentionReads.__doc__


class InsideAttention(reading.InsideAttention):
    __doc__ = reading.InsideAttention.__doc__


class NextWord(writing.NextWord):
    __doc__ = writing.NextWord.__doc__


class AttentionHeads(reading.AttentionHeads):
    __doc__ = reading.AttentionHeads.__doc__


class LongContextCost(writing.LongContextCost):
    __doc__ = writing.LongContextCost.__doc__
