"""The two prompt readers compared prompt by prompt.

Both drawing models (the small reader's and the pretrained reader's) draw
each judged prompt from the same static, so their results are paired: two
bars of right answers are not two independent samples, and a chance band for
independent bars would misjudge them. The paired comparison looks only at the
prompts where the two disagree (one right, the other wrong): if both readers
were equally good, those would split evenly between them, like coin tosses.
The exact two-sided sign test (McNemar's test in its exact, binomial form;
McNemar 1947, *Psychometrika* 12:153) gives how often chance alone would
split them at least as unevenly.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binomtest


def paired_split(asked: np.ndarray, kinds: np.ndarray, frozen_read: np.ndarray,
                 small_read: np.ndarray, names) -> tuple[np.ndarray, np.ndarray]:
    """Per kind of rewording, how the two readers' pictures of the same
    prompts split, and the chance of a split at least that uneven.

    asked, frozen_read, small_read: (n, 3) int codes (colour, shape, place),
    -1 where the rules found none; a picture is right when all three match.
    kinds: (n,) the kind of each judged prompt; names: the kinds, in order.

    Returns ``split`` (kind, 4) int: pictures both right, only the
    pretrained (frozen) reader's right, only the small reader's right,
    neither; and ``p`` (kind,) float: the exact two-sided sign test's
    p-value over the disagreeing pictures (1 where there are none).
    Raises ValueError when the arrays' lengths differ."""
    asked, kinds = np.asarray(asked), np.asarray(kinds)
    if not (len(asked) == len(kinds) == len(frozen_read) == len(small_read)):
        raise ValueError("paired_split: asked, kinds and both readings must "
                         "have one row per judged picture")  # fmt: skip
    f_ok = (np.asarray(frozen_read) == asked).all(1)
    s_ok = (np.asarray(small_read) == asked).all(1)
    split, p = [], []
    for name in names:
        m = kinds == name
        row = [(m & f_ok & s_ok).sum(), (m & f_ok & ~s_ok).sum(),
               (m & ~f_ok & s_ok).sum(), (m & ~f_ok & ~s_ok).sum()]  # fmt: skip
        split.append(row)
        apart = row[1] + row[2]
        p.append(binomtest(int(row[1]), int(apart)).pvalue if apart else 1.0)
    return np.array(split, dtype=np.int32), np.array(p, dtype=np.float32)


def habit_split(asked: np.ndarray, kinds: np.ndarray, frozen_read: np.ndarray,
                small_read: np.ndarray, n_colours: int,
                kind: str = "colour") -> tuple[int, np.ndarray, float]:
    """Whether a gain on new colour words is a habit: a reader that draws one
    colour for most prompts is right on the prompts asking for it without
    reading the word.

    Over the judged pictures of ``kind`` (arrays as in ``paired_split``):
    ``habit``, the colour code the pretrained (frozen) reader drew most;
    ``by_colour`` (n_colours, 4) int, the paired split of the prompts asking
    for each colour; ``p_rest``, the exact sign test's p-value over the
    prompts asking for any other colour (1 where none differ). Raises
    ValueError when the arrays' lengths differ."""
    asked, kinds = np.asarray(asked), np.asarray(kinds)
    m = kinds == kind
    drawn = np.asarray(frozen_read)[m, 0]
    habit = int(np.bincount(drawn[drawn >= 0], minlength=n_colours).argmax())
    colours = [f"c{c}" for c in range(n_colours)]
    tag = np.where(m, np.char.add("c", asked[:, 0].astype(str)), "")
    by_colour, _ = paired_split(asked, tag, frozen_read, small_read, colours)
    rest = m & (asked[:, 0] != habit)
    split, p = paired_split(asked, np.where(rest, "rest", ""), frozen_read,
                            small_read, ["rest"])  # fmt: skip
    return habit, by_colour, float(p[0])
