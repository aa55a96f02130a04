"""Chapter 4, the hybrid: a transformer reads the prompt, a diffusion model draws
it; and the three architectures side by side.

    manim -pql scenes/hybrid.py PromptToImage         # Manim's own way
    make scene S=PromptToImage                        # mp4, gif, png and srt
    make scene S=PromptToImage PROMPT="green square bottom left"

PromptToImage draws the ``text_to_image`` trace (``python -m engine record
text_to_image``): a small transformer encoder and a diffusion model that reads
it through cross-attention, trained together here. ThreeArchitectures reads its
figures from every chapter's traces.
"""

from __future__ import annotations

from scenes import hybrid_reading as reading
from scenes import hybrid_table as table

# The shots are written in scenes/hybrid_reading.py and _table.py and declared
# here, in this module, because `manim scenes/hybrid.py <Scene>` only offers
# scenes whose class is defined in the file it is given.


class PromptToImage(reading.PromptToImage):
    __doc__ = reading.PromptToImage.__doc__


class ThreeArchitectures(table.ThreeArchitectures):
    __doc__ = table.ThreeArchitectures.__doc__
