"""PromptToImage says each measured attention share against an even spread
in words chosen by the figures, so a share below even is never praised, and
with at most one number (the screen keeps both figures)."""

import pytest

from scenes.hybrid.reading import attention_story, spoken_share


@pytest.mark.parametrize(
    "who, share, even, words",
    [
        ("“red”", 0.705, 0.18, "“red” is read mostly on the shape: 3.9x as much "
                               "as if spread evenly."),
        ("“top” and “left”", 0.208, 0.25, "“top” and “left” are read less on the "
                                          "shape than elsewhere."),
        ("“circle”", 0.27, 0.25, "“circle” is read all over: no more on the shape "
                                 "than elsewhere."),
        ("“circle”", 0.36, 0.25, "“circle” is read all over: no more on the shape "
                                 "than elsewhere."),
        ("“red”", 0.375, 0.25, "“red” is read mostly on the shape: 1.5x as much "
                               "as if spread evenly."),
    ],
)
def test_a_share_is_said_against_an_even_spread(who, share, even, words):
    said = spoken_share(who, share, even, "on the shape")
    assert said == words
    assert sum(ch.isdigit() for ch in said) <= 2  # one figure at most


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
