"""A small grammar of tunes in C major, and which notes it decides.

Tokens are those of ``engine/sound/notes.py`` (``VOCAB``): the 15 note names
C4..C6 (token id = scale degree 0..14), the hold ``-`` (the note before sounds
one beat more), ``<s>`` and ``</s>``. Every tune is

    <s>  motif  echo  cadence  </s>

- **motif**: 3 or 4 notes (even odds) filling one bar of ``BAR`` = 6 beats,
  so the motif always takes 6 tokens and the echo always starts at position
  7. The first note is a scale degree in ``FIRST_LOW..FIRST_HIGH``; each next
  note moves by one of ``STEPS`` (1 to 3 scale steps up or down), staying
  inside 0..14. Rhythm: every note but the last lasts 1 or 2 beats (no hold
  or one hold); the last note lasts the rest of the bar (2 to 4 beats). The
  rhythm is drawn evenly from ``RHYTHMS``, the 8 that fit.
- **echo**: the motif again, token for token and with its rhythm, every note
  moved by the same ``shift`` scale steps. ``shift = 0`` is the *repeat*
  (drawn with odds ``REPEAT_ODDS``); otherwise it is the *answer*, the motif
  moved up or down by a shift drawn evenly from ``ANSWER_SHIFTS`` among those
  that keep every note inside 0..14.
- **cadence**: back to the home note C, from the echo's last note ``d``:
  ``home = nearest C to d`` (degree 0, 7 or 14; never a tie, as 7 is odd).
  If ``d`` is not a C, one note a beat stepping toward home, ending on it
  (``E4 -> D4 C4``); if it is, the note a step above (below C6) then home
  (``C5 -> D5 C5``). Home is held for 3 beats (two holds), then ``</s>``.

What the grammar decides. Position ``j`` of a tune is *decided* when the
tokens before it leave one possible token; ``source[j]`` is the earlier
position that decides it (``-1`` for none). ``rule[j]`` says which rule:

- ``FREE`` (0): several tokens are possible (the motif's notes and rhythm,
  the echo's first note, which picks repeat or answer and its shift).
- ``BAR_RULE`` (1): a motif hold that every rhythm with the tokens before it has
  there (e.g. after ``E4 F4 G4 A4`` the bar of 6 beats can only go on with
  holds, as a motif has at most 4 notes and the last fills the bar). Source:
  the note being held.
- ``ECHO`` (2): every echo token after its first: the motif's token at the
  same place, moved by the shift the echo's first note set (a hold copies a
  hold). Source: that motif token, ``j - BAR``.
- ``CADENCE`` (3): each cadence note is one scale step from the note before
  it toward the nearest C. Source: that note before (for the first cadence
  note, the echo's last note).
- ``END`` (4): the two holds on home and ``</s>``. Source: the final home note.

Held-out tunes are drawn with another seed and refused when their token list
is also in training, so none is in both. Numpy only; every draw comes from a
seeded ``numpy.random.Generator``.

    python -m engine.sound.melody.corpus     # print a few tunes with their marks
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sound.notes import BOS, DEGREES, EOS, HOLD, NOTE_NAMES, TOKEN_ID, VOCAB

FIRST_LOW, FIRST_HIGH = 2, 12  # the motif's first note: E4..A5
STEPS = (-3, -2, -1, 1, 2, 3)  # scale steps from one motif note to the next
MOTIF_NOTES = (3, 4)
BAR = 6  # beats of the motif, and so its tokens
REPEAT_ODDS = 1 / 3  # the echo is the plain repeat this often, else an answer
ANSWER_SHIFTS = (-4, -3, -2, -1, 1, 2, 3, 4)  # scale steps the answer moves by
HOME_BEATS = 3  # the home note at the end lasts 3 beats
MAX_TOKENS = 1 + 2 * BAR + 3 + (HOME_BEATS - 1) + 1  # <s>, bars, cadence, </s>

RULES = ("free", "bar", "echo", "cadence", "end")
FREE, BAR_RULE, ECHO, CADENCE, END = range(len(RULES))


def _rhythms() -> tuple[tuple[int, ...], ...]:
    out = []
    for count in MOTIF_NOTES:
        for head in np.ndindex(*(2,) * (count - 1)):
            beats = tuple(int(b) + 1 for b in head)
            if BAR - sum(beats) >= 2:
                out.append((*beats, BAR - sum(beats)))
    return tuple(out)


# Every motif rhythm (beats per note): 3 or 4 notes, the last filling the bar.
RHYTHMS = _rhythms()

PARTS = ("start", "motif", "echo", "cadence", "end")


@dataclass(frozen=True)
class Tune:
    """One tune of the grammar with its marks.

    tokens: the tokens, ``<s>`` first and ``</s>`` last (length T <= MAX_TOKENS).
    rule, source, part: per position (T,) int arrays: the rule that decides
    the token (``FREE`` = none), the earlier position that decides it (-1:
    none), and the part it belongs to (index into ``PARTS``).
    motif: the motif's (scale degree, beats) notes; shift: the echo's move in
    scale steps (0 = the repeat).
    """

    tokens: tuple[str, ...]
    rule: np.ndarray
    source: np.ndarray
    part: np.ndarray
    motif: tuple[tuple[int, int], ...]
    shift: int

    @property
    def ids(self) -> np.ndarray:
        """Token ids (T,) int64."""
        return np.asarray([TOKEN_ID[t] for t in self.tokens], dtype=np.int64)

    @property
    def decided(self) -> np.ndarray:
        """(T,) bool: True where the grammar leaves one possible token."""
        return self.rule != FREE

    @property
    def motif_tokens(self) -> int:
        """How many tokens the motif takes (the echo takes as many)."""
        return sum(beats for _, beats in self.motif)


def _note_tokens(notes) -> list[str]:
    out: list[str] = []
    for degree, beats in notes:
        out += [NOTE_NAMES[degree]] + [HOLD] * (beats - 1)
    return out


def home_of(degree: int) -> int:
    """The C nearest scale degree ``degree`` (0, 7 or 14): where the cadence ends."""
    below = degree - degree % 7
    return below if degree % 7 <= 3 else below + 7


def cadence_notes(last: int) -> list[int]:
    """Scale degrees of the cadence after an echo ending on ``last``: steps
    toward the nearest C, ending on it (a C steps up, or down from C6, first)."""
    home = home_of(last)
    if last == home:
        return [last + 1 if last < DEGREES - 1 else last - 1, home]
    step = 1 if home > last else -1
    return list(range(last + step, home + step, step))


def answer_shifts(motif_degrees) -> list[int]:
    """The shifts of ``ANSWER_SHIFTS`` that keep every motif note inside 0..14."""
    lo, hi = min(motif_degrees), max(motif_degrees)
    return [s for s in ANSWER_SHIFTS if lo + s >= 0 and hi + s < DEGREES]


def _is_held(beats: tuple[int, ...]) -> list[bool]:
    """Per motif token: True for a hold."""
    return [k > 0 for b in beats for k in range(b)]


def _forced_holds(beats: tuple[int, ...]) -> list[bool]:
    """Per motif token: True where every rhythm that agrees on the tokens before
    it has a hold there (the bar decides it)."""
    mine = _is_held(beats)
    patterns = [_is_held(r) for r in RHYTHMS]
    return [
        all(p[k] for p in patterns if p[:k] == mine[:k]) for k in range(BAR)
    ]


def assemble(motif: list[tuple[int, int]], shift: int) -> Tune:
    """The tune of ``motif`` ((scale degree, beats) pairs, its beats one of
    ``RHYTHMS``) echoed ``shift`` scale steps away, with its cadence and
    marks. ValueError if the motif or shift breaks the grammar."""
    degrees = [d for d, _ in motif]
    beats = tuple(b for _, b in motif)
    if beats not in RHYTHMS:
        raise ValueError(f"motif rhythm {beats} does not fill a bar of {BAR} "
                         "beats with 3 or 4 notes")
    if min(degrees) < 0 or max(degrees) >= DEGREES:
        raise ValueError("motif notes must be scale degrees 0..14")
    if shift != 0 and shift not in answer_shifts(degrees):
        raise ValueError(f"shift {shift} is not an answer this motif allows")
    echo = [(d + shift, b) for d, b in motif]
    cad = cadence_notes(echo[-1][0])
    tokens = [BOS, *_note_tokens(motif), *_note_tokens(echo)]
    tokens += _note_tokens([(d, 1) for d in cad[:-1]] + [(cad[-1], HOME_BEATS)])
    tokens.append(EOS)

    n = len(tokens)
    rule = np.full(n, FREE, dtype=np.int64)
    source = np.full(n, -1, dtype=np.int64)
    part = np.zeros(n, dtype=np.int64)
    part[1: 1 + BAR] = 1
    part[1 + BAR: 1 + 2 * BAR] = 2
    part[1 + 2 * BAR: n - 1] = 3
    part[n - 1] = 4
    held_note = 0
    for k, forced in enumerate(_forced_holds(beats)):
        j = 1 + k
        if tokens[j] != HOLD:
            held_note = j
        elif forced:
            rule[j], source[j] = BAR_RULE, held_note
    for j in range(2 + BAR, 1 + 2 * BAR):  # the echo after its first token
        rule[j], source[j] = ECHO, j - BAR
    before = 1 + 2 * BAR - beats[-1]  # the echo's last note token
    for k in range(len(cad)):
        j = 1 + 2 * BAR + k
        rule[j], source[j] = CADENCE, before
        before = j
    rule[before + 1:], source[before + 1:] = END, before  # holds on home, </s>
    return Tune(tuple(tokens), rule, source, part, tuple(motif), shift)


def draw_motif(rng: np.random.Generator) -> list[tuple[int, int]]:
    """One motif of the grammar: (scale degree, beats) pairs."""
    beats = RHYTHMS[int(rng.integers(len(RHYTHMS)))]
    while True:
        degrees = [int(rng.integers(FIRST_LOW, FIRST_HIGH + 1))]
        for _ in range(len(beats) - 1):
            degrees.append(degrees[-1] + int(rng.choice(STEPS)))
        if min(degrees) >= 0 and max(degrees) < DEGREES:
            return list(zip(degrees, beats, strict=True))


def draw_shift(motif: list[tuple[int, int]], rng: np.random.Generator) -> int:
    """The echo's shift: 0 (repeat) with odds REPEAT_ODDS, else an allowed answer."""
    shifts = answer_shifts([d for d, _ in motif])
    if not shifts or rng.random() < REPEAT_ODDS:
        return 0
    return int(rng.choice(shifts))


def draw_tune(rng: np.random.Generator) -> Tune:
    """One tune of the grammar, drawn with ``rng``."""
    motif = draw_motif(rng)
    return assemble(motif, draw_shift(motif, rng))


def make_tunes(n: int, rng: np.random.Generator,
               exclude: set[tuple[str, ...]] | None = None) -> list[Tune]:
    """``n`` tunes drawn with ``rng`` (repeats allowed), none whose token list is
    in ``exclude``. ValueError if n < 0."""
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    out: list[Tune] = []
    while len(out) < n:
        tune = draw_tune(rng)
        if exclude is None or tune.tokens not in exclude:
            out.append(tune)
    return out


def split(n_train: int, n_heldout: int, seed: int) -> tuple[list[Tune], list[Tune]]:
    """Training tunes (seed ``seed``) and held-out tunes (seed ``seed + 1``),
    no held-out token list also in training."""
    train = make_tunes(n_train, np.random.default_rng(seed))
    seen = {t.tokens for t in train}
    return train, make_tunes(n_heldout, np.random.default_rng(seed + 1), seen)


def padded(
    tunes: list[Tune], length: int = MAX_TOKENS
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of ``tunes`` padded after ``</s>`` with ``</s>`` to ``length``:
    (ids (N, length) int64, real (N, length) bool, False on padding)."""
    ids = np.full((len(tunes), length), TOKEN_ID[EOS], dtype=np.int64)
    real = np.zeros((len(tunes), length), dtype=bool)
    for i, tune in enumerate(tunes):
        ids[i, : len(tune.tokens)] = tune.ids
        real[i, : len(tune.tokens)] = True
    return ids, real


def follows_grammar(tokens) -> bool:
    """True when ``tokens`` (``<s>`` ... ``</s>``) is a tune of the grammar: it
    parses into a motif, an echo and a cadence exactly as ``assemble`` builds."""
    tokens = tuple(tokens)
    if len(tokens) < 2 * BAR + 3 or tokens[0] != BOS:
        return False
    bar = tokens[1: 1 + BAR]
    if bar[0] not in NOTE_NAMES or any(t not in NOTE_NAMES + (HOLD,) for t in bar):
        return False
    motif = _notes(bar)
    first = tokens[1 + BAR]
    degrees = [d for d, _ in motif]
    if first not in NOTE_NAMES or not FIRST_LOW <= degrees[0] <= FIRST_HIGH:
        return False
    if any(b - a not in STEPS for a, b in zip(degrees, degrees[1:], strict=False)):
        return False
    try:
        return assemble(motif, TOKEN_ID[first] - degrees[0]).tokens == tokens
    except ValueError:
        return False


def _notes(tokens) -> list[tuple[int, int]]:
    """(scale degree, beats) of note tokens and holds; the first must be a note."""
    notes: list[tuple[int, int]] = []
    for t in tokens:
        if t == HOLD:
            notes[-1] = (notes[-1][0], notes[-1][1] + 1)
        else:
            notes.append((TOKEN_ID[t], 1))
    return notes


assert len(VOCAB) == DEGREES + 3  # the token scheme this grammar is written for


if __name__ == "__main__":
    for tune in make_tunes(5, np.random.default_rng(0)):
        print(" ".join(tune.tokens), f"(shift {tune.shift})")
        print(" ".join(RULES[r][0] for r in tune.rule))
