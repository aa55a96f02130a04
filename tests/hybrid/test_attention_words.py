"""PromptToImage says each measured attention share against an even spread
in words chosen by the figures, so a share below even is never praised."""

import pytest

from scenes.hybrid.reading import against_even, attention_story


@pytest.mark.parametrize(
    "share, even, words",
    [
        (0.705, 0.18, "3.9x what an even spread gives"),
        (0.208, 0.25, "less than the 25% an even spread gives"),
        (0.27, 0.25, "about what an even spread gives (25%)"),
        (0.36, 0.25, "about what an even spread gives (25%)"),
        (0.375, 0.25, "1.5x what an even spread gives"),
    ],
)
def test_a_share_is_said_against_an_even_spread(share, even, words):
    assert against_even(share, even) == words


@pytest.mark.parametrize(
    "colour, area, place, words",
    [
        (0.7, 0.18, 0.5, "The colour word is read where the shape is; "
                         "the place words, in their quarter."),
        (0.2, 0.18, 0.21, "The colour word is read all over the picture; "
                          "the place words, all over the picture."),
        (0.7, 0.18, 0.1, "the place words, mostly outside their quarter."),
    ],
)
def test_the_attention_story_follows_the_shares(colour, area, place, words):
    assert words in attention_story(colour, area, place)
