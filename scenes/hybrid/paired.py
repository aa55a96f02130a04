"""The two prompt readers compared prompt by prompt, in words (the hybrid
chapter's verdict on new words).

Both drawing models drew every judged prompt from the same static, so their
results are paired: a group's verdict looks only at the prompts where one
reader's picture was drawn as asked and the other's was not (the
``new_words`` trace's ``paired_split``). Two equally good readers would each
be the only one right about equally often, like coin tosses; the trace's
``paired_p`` is how often chance alone splits them at least as unevenly (the
exact sign test, McNemar's test in its exact form: McNemar 1947,
*Psychometrika* 12:153). Every sentence here that states an outcome is
chosen by those figures; NewWords and NewWordsScore say and show them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scenes.kit.numbers import pct

# A split chance alone gives less often than 1 time in 20 counts as a real
# difference: the usual bar in science.
SURE = 0.05
KIND_SHOWN = {  # under its bars, where there is room for two words
    "colour": "new colour",
    "shape": "new shape",
    "place": "new place",
    "phrasing": "check",
}
# The group of known words with harmless extra words around them, named the
# same on screen and aloud: it checks the test itself.
CHECK = "check prompts"
MARK = {"above": "better", "same": "no clear difference", "below": "worse"}


@dataclass(frozen=True)
class Habit:
    """The pretrained reader's commonest colour over the colour-word prompts
    and what it does to the paired split: a reader that draws one colour for
    most prompts is right on the prompts asking for it without reading the
    word. ``colour``: its name; ``drawn``: pictures drawn in it, of
    ``prompts``; ``wins``: prompts only the pretrained reader got right, of
    which ``wins_in_habit`` asked for that colour; ``rest``: the split
    (only pretrained, only small) over prompts asking for another colour,
    and ``p_rest`` its exact sign test's p-value (0 to 1)."""

    colour: str
    drawn: int
    prompts: int
    wins: int
    wins_in_habit: int
    rest: tuple[int, int]
    p_rest: float
    words: tuple[str, ...] = ()  # the new words the test asked the colour by

    @property
    def asked(self) -> str:
        """The colour as the prompts asked for it: "navy, a blue" (its one
        new word), "blue (navy or azure)", or "blue" when no word is known."""
        if len(self.words) == 1:
            return f"{self.words[0]}, a {self.colour}"
        if self.words:
            return f"{self.colour} ({' or '.join(self.words)})"
        return self.colour

    @property
    def lean(self) -> str:
        """What is left once the prompts asking for the habit's colour are
        set aside: "even" where the pretrained reader is not ahead (or is
        behind), "unsure" where it is ahead but chance alone splits equal
        readers so unevenly at least ``SURE`` of the time, "clear" else."""
        if self.rest[0] <= self.rest[1]:
            return "even"
        return "unsure" if self.p_rest >= SURE else "clear"

    @property
    def explains(self) -> bool:
        """Whether the gain is the habit: most of the pictures drawn in one
        colour, and no clear difference left once the prompts asking for it
        are set aside."""
        return self.drawn > self.prompts / 2 and (
            self.p_rest >= SURE or self.rest[0] <= self.rest[1])


def habit_of(tr) -> Habit | None:
    """The colour group's ``Habit`` from the ``new_words`` trace (its
    ``habit_colour``, ``colour_paired_split``, ``habit_p`` and the judged
    readings); None when the trace does not hold them."""
    if "habit_colour" not in tr.arrays:
        return None
    c = int(tr["habit_colour"][0])
    m = tr["judged_kind"] == "colour"
    drawn = tr["judged_frozen_read"][m, 0]
    split = np.asarray(tr["colour_paired_split"])
    rest = np.delete(split, c, axis=0).sum(0)
    name = str(tr["colour_names"][c])
    words = tuple(str(w) for w, means in zip(tr["synonym_words"],
                                             tr["synonym_meanings"], strict=True)
                  if str(means) == name) if "synonym_words" in tr.arrays else ()
    return Habit(name, int((drawn == c).sum()), int(m.sum()),
                 int(split[:, 1].sum()), int(split[c, 1]),
                 (int(rest[1]), int(rest[2])), float(tr["habit_p"][0]),
                 words)  # fmt: skip


def habit_figures(h: Habit, who: str = "it", of: str = " colour words") -> str:
    """The habit's figures said: "But 13 of those 18 asked for navy, a blue,
    the colour it drew for 63 of 80 colour words; leaving blue out, 5 vs 5"
    (``who``: the pretrained reader as named in the sentence; ``of``: what
    the 80 are, "" where just said)."""
    drew = "the colour it drew" if who == "it" else f"which {who} drew"
    return (f"But {h.wins_in_habit} of those {h.wins} asked for {h.asked}, "
            f"{drew} for {h.drawn} of {h.prompts}{of}; "
            f"leaving {h.colour} out, {h.rest[0]} vs {h.rest[1]}")


def habit_verdict(h: Habit, said: bool = False) -> str:
    """What the habit's figures mean, chosen by the split left without the
    habit's colour (``Habit.lean``) and ``Habit.explains``: "a habit of
    drawing blue, not reading the words" where nothing is left; "mostly a
    habit of drawing blue: without blue, 9 vs 5 could be chance" where a
    lead is left that chance could give (``said``: the prompts left just
    said, so only how often luck gives that gap, ``luck_gloss``);
    "still ahead without it" else."""
    if not h.explains:
        return "still ahead without it"
    if h.lean == "even":
        return f"a habit of drawing {h.colour}, not reading the words"
    left = f"{h.rest[0]} vs {h.rest[1]} could be chance"
    return (f"mostly a habit of drawing {h.colour}: "
            + (luck_gloss(h) if said else f"without {h.colour}, {left}"))


# Chance alone splits equal readers this unevenly at least this often: "often".
OFTEN = 0.2


def luck_gloss(h: Habit) -> str:
    """Why the split left without the habit's colour could be chance, chosen
    by its sign test: "luck alone often gives a gap like 9 vs 5" or, where
    rarer, "luck alone gives a gap like 9 vs 5 about 1 time in 10"."""
    gap = f"a gap like {h.rest[0]} vs {h.rest[1]}"
    if h.p_rest >= OFTEN:
        return f"luck alone often gives {gap}"
    return f"luck alone gives {gap} {odds(h.p_rest)}"


def habit_shown(h: Habit) -> str:
    """The habit's verdict on screen, short: "a habit of drawing blue, not
    reading"; "mostly a habit of drawing blue" (the split left and its
    doubt are on the line over it); "still ahead without it"."""
    return habit_verdict(h, said=True).split(":")[0].removesuffix(" the words")


def habit_left(h: Habit) -> str:
    """The split left without the habit's colour, on screen: "leaving blue
    out: 9 vs 5", with "(could be chance)" where a lead left is not clear."""
    return (f"leaving {h.colour} out: {h.rest[0]} vs {h.rest[1]}"
            + (" (could be chance)" if h.explains and h.lean == "unsure" else ""))


@dataclass(frozen=True)
class Group:
    """One group of prompts in new words, both readers on the same prompts.

    ``pretrained`` and ``small``: the share of each reader's pictures drawn
    as asked (0 to 1); ``prompts``: pictures per reader; ``both``,
    ``only_pretrained``, ``only_small``, ``neither``: the paired split
    (pictures); ``p``: the exact sign test's p-value over the split (0 to
    1); ``picks``: a random guess of the new word is right 1 time in this
    many (0 for the check group, whose new words stand for nothing)."""

    kind: str
    pretrained: float
    small: float
    prompts: int
    both: int
    only_pretrained: int
    only_small: int
    neither: int
    p: float
    picks: int = 0
    habit: Habit | None = None

    @property
    def apart(self) -> int:
        """Prompts where exactly one reader's picture was drawn as asked."""
        return self.only_pretrained + self.only_small

    @property
    def outcome(self) -> str:
        """"above" where the pretrained reader was the only one right more
        often than chance alone gives (p under ``SURE``), "below" for the
        reverse, else "same" (no clear difference); "habit" where it was
        above only by drawing one colour for most prompts (``Habit.explains``)."""
        if self.p >= SURE or self.only_pretrained == self.only_small:
            return "same"
        if self.only_pretrained < self.only_small:
            return "below"
        return "habit" if self.habit is not None and self.habit.explains else "above"

    @property
    def under_guess(self) -> bool:
        """Whether the pretrained reader's share is under a random guess of
        the new word (1 in ``picks``)."""
        return bool(self.picks) and self.pretrained < 1 / self.picks

    @property
    def name(self) -> str:
        """The group as said: "new colour", ... ("check" for the check)."""
        return KIND_SHOWN[self.kind]


def groups(tr, picks: dict[str, int] | None = None) -> list[Group]:
    """Every group of the ``new_words`` trace ``tr``, in its order, with
    ``picks`` (kind -> 1 in how many a random guess is right). Raises
    KeyError when the trace holds no paired split (re-record it)."""
    picks = picks or {}
    kinds = [str(k) for k in tr["kind_names"]]
    split, p = tr["paired_split"], tr["paired_p"]
    habit = habit_of(tr)
    return [Group(k, float(tr["frozen_by_kind"][i]), float(tr["small_by_kind"][i]),
                  int(tr["prompts_by_kind"][i]), *(int(x) for x in split[i]),
                  float(p[i]), int(picks.get(k, 0)),
                  habit if k == "colour" else None)
            for i, k in enumerate(kinds)]  # fmt: skip


def odds(p: float) -> str:
    """How often chance alone gives a result, in words: "about 1 time in
    100" (rounded to 1, 2 or 5 times a power of ten, so no false
    precision); "less than 1 time in 1,000" under that."""
    if p < 0.001:
        return "less than 1 time in 1,000"
    steps = [2, 5, 10, 20, 50, 100, 200, 500, 1000]
    n = min(steps, key=lambda s: abs(math.log(s * p)))  # nearest, by ratio
    return f"about 1 time in {n:,}"


def mark_word(g: Group) -> str:
    """The verdict under the group's bars: better, no clear difference or
    worse, chosen by the paired split's chance (``SURE``); a lead that is a
    habit of drawing one colour, "blue habit"."""
    if g.outcome == "habit":
        return f"{g.habit.colour} habit"
    if check_works(g):
        return "test works"
    return MARK[g.outcome]


def split_line(g: Group) -> str:
    """A group's paired split said, with its verdict chosen by the figures:
    "New colour words: only the pretrained reader right 18 times, only the
    small one 5; equal readers split that unevenly about 1 time in 100: a
    real gain."."""
    said = (f"{g.name.replace('new ', 'New ')} words: only the pretrained "
            f"reader right {g.only_pretrained} times, only the small one "
            f"{g.only_small}")
    if g.apart == 0:
        return said + ": they never differed."
    if g.outcome == "same":
        return said + ": too few or too even to call a difference."
    chance = f"equal readers split that unevenly {odds(g.p)}"
    if g.outcome == "habit":  # what the lead is, ``habit_said`` says
        return said + f"; {chance}."
    return said + f"; {chance}: " + ("a real gain." if g.outcome == "above"
                                     else "a real loss.")


def habit_said(g: Group) -> str:
    """A group whose lead is a habit of drawing one colour, said in one
    sentence, its wording chosen by the split left without that colour
    (``habit_verdict``): "New colour words: the pretrained reader was ahead
    only by its habit of drawing blue." or "New colour words: the pretrained
    reader's lead is mostly a habit of drawing blue: without blue, 9 vs 5
    could be chance."."""
    h = g.habit
    head = f"{g.name.replace('new ', 'New ')} words: the pretrained reader"
    if h.lean == "even":
        return f"{head} was ahead only by its habit of drawing {h.colour}."
    return f"{head}'s lead is {habit_verdict(h)}."


def habit_note(g: Group) -> list[str]:
    """The figures the habit rests on, three short lines for over its bars,
    each count named: "pretrained drew blue 61 of 80", "blue prompts left
    out, only one reader right:", "pretrained 9, small 5"."""
    h = g.habit
    return [f"pretrained drew {h.colour} {h.drawn} of {h.prompts}",
            f"{h.colour} prompts left out, only one reader right:",
            f"pretrained {h.rest[0]}, small {h.rest[1]}"]


def others_line(gs: list[Group]) -> str:
    """The groups with no clear difference, said at once (their marks are
    under their bars): "New shape and place words: no clear difference."."""
    names = " and ".join(g.name.replace("new ", "") for g in gs)
    return f"New {names} words: no clear difference."


# A reader that puts at least this share of its pictures on one side has a
# side habit: its right answers come from that, not from the place word.
ALWAYS = 0.9


def side_habit(tr, model: str) -> tuple[str, int, int] | None:
    """Whether ``model`` ("frozen" or "small") put its pictures with a new
    place word on one side (top or bottom) at least ``ALWAYS`` of the time,
    read from the rules' reading of every such picture: (the side, how many
    pictures, of how many), or None."""
    key = f"judged_{model}_read"
    if key not in tr.arrays:
        return None
    m = tr["judged_kind"] == "place"
    codes = tr[key][m, 2]
    if not len(codes):
        return None
    sides = [str(p).split()[0] for p in tr["position_names"]]
    drawn = [sides[c] for c in codes if c >= 0]
    for side in dict.fromkeys(sides):
        n = drawn.count(side)
        if n >= ALWAYS * len(codes):
            return side, n, len(codes)
    return None


def side_line(tr) -> str:
    """Said with the place words when both readers each kept to one side:
    "each drew one side every time: the pretrained reader top 60 of 60, the
    small one bottom 60 of 60, so each was right only when asked for its
    side"; "" otherwise."""
    got = side_habit(tr, "frozen"), side_habit(tr, "small")
    if any(g is None for g in got):
        return ""
    (fs, fn, fm), (ss, sn, sm) = got
    every = "every time" if fn == fm and sn == sm else "almost every time"
    return (f"each drew one side {every}: the pretrained reader {fs} {fn} of "
            f"{fm}, the small one {ss} {sn} of {sm}, so each was right only when "
            "asked for its side")


def check_works(g: Group) -> bool:
    """Whether the check group shows the test itself works: both readers
    drew most as asked (at least 80%) with no clear difference."""
    return (g.kind == "phrasing" and min(g.pretrained, g.small) >= 0.8
            and g.outcome == "same")


def check_line(g: Group) -> str:
    """The check group said by its name (``CHECK``); where both readers drew
    most as asked with no clear difference, that the test itself works."""
    said = (f"{CHECK.capitalize()}: "
            + (f"both readers {pct(g.pretrained)}" if pct(g.pretrained) == pct(g.small)
               else f"the pretrained reader {pct(g.pretrained)}, the small reader "
                    f"{pct(g.small)}"))  # fmt: skip
    if check_works(g):
        return said + ", so the test itself works."
    return said + "."


def both_under(g: Group) -> bool:
    """Whether both readers' shares are under a random guess of the new word
    (1 in ``picks``)."""
    return bool(g.picks) and max(g.pretrained, g.small) < 1 / g.picks


def beside_line(gs: list[Group]) -> str:
    """Said as the pretrained reader's bars come in, with the groups where
    both bars are under a random guess named: "Beside it, the pretrained
    reader: for colour words, both under a guess."."""
    under = [g for g in _new_word_groups(gs) if both_under(g)]
    if not under:
        return "Beside it, the pretrained reader."
    return (f"Beside it, the pretrained reader: for {listed(under)} words, "
            "both under a guess.")


def listed(gs: list[Group], joiner: str = "and") -> str:
    """Groups said in short: "colour", "colour and shape", "colour, shape or
    place" (``joiner``)..."""
    words = [g.name.replace("new ", "") for g in gs]
    return (words[0] if len(words) == 1
            else ", ".join(words[:-1]) + f" {joiner} " + words[-1])  # fmt: skip


def _new_word_groups(gs: list[Group]) -> list[Group]:
    """The groups with a new word that stands for a chapter word: every
    group but the check, which the verdict across kinds leaves out."""
    return [g for g in gs if g.kind != "phrasing"]


def _by_outcome(gs: list[Group]) -> tuple[list[Group], ...]:
    """The groups of new words (the check left out), then those among them
    the pretrained reader did clearly better on, led only by a habit, and did
    clearly worse on: what both verdicts, spoken and shown, are chosen by."""
    kinds = _new_word_groups(gs)
    return (kinds, *([g for g in kinds if g.outcome == o]
                     for o in ("above", "habit", "below")))


def verdict_line(gs: list[Group]) -> str:
    """The spoken verdict across every kind of new word, one or two
    sentences, chosen by the paired splits: where the pretrained reader was
    clearly better, whether it was still mostly wrong or under a random guess
    there; no gain at all where no group was clearly better ("real" where a
    lead was only a habit of drawing one colour, said before); where clearly
    worse, that."""
    kinds, helped, habit, worse = _by_outcome(gs)
    if not helped:
        said = (f"So in this small test, knowing English gave no "
                f"{'real' if habit else 'clear'} gain with new "
                f"{listed(kinds, 'or')} words.")
    elif all(g.under_guess for g in helped):
        said = (f"So knowing English helped, but only with new {listed(helped)} "
                "words, and even there it drew fewer right than a random guess.")
    elif all(g.pretrained < 0.5 for g in helped):
        said = (f"So knowing English helped with new {listed(helped)} words, yet "
                "most of those pictures were still drawn wrong.")
    else:
        said = ("What the pretrained reader knows of English carried over to new "
                f"{listed(helped)} words.")
    if worse:
        said += f" With new {listed(worse)} words it did worse."
    return said


def score_shown(gs: list[Group]) -> str:
    """The verdict on screen, short, chosen by the same rule as
    ``verdict_line``."""
    kinds, helped, habit, worse = _by_outcome(gs)
    if not helped:
        shown = (f"in our tiny test: no {'real' if habit else 'clear'} gain "
                 "from knowing English")
    else:
        shown = f"in our tiny test: better only with new {listed(helped)} words"
        if all(g.under_guess for g in helped):
            shown += ", still under a random guess"
        elif all(g.pretrained < 0.5 for g in helped):
            shown += ", still mostly wrong"
    if worse:
        shown += f"; worse with new {listed(worse)} words"
    return shown


VERDICT = {"above": "a real gain", "below": "a real loss",
           "same": "no clear difference", "habit": "a habit, not reading"}


def overall_parts(g: Group) -> list[tuple[str, list[str]]]:
    """NewWords' close, after its picked case, evidence first and the verdict
    last: each spoken line with the lines shown as it is said. The group's
    paired split over all its prompts; then either the habit's figures or
    the pretrained reader's share against a random guess; then what it
    means, chosen by the figures (a gain, a loss, no clear difference, or a
    habit of drawing one colour)."""
    group = g.name.replace(" ", "-")
    parts = [(f"Over all {g.prompts} {group} prompts: "
              f"{g.only_pretrained} prompts only the pretrained reader got right, "
              f"{g.only_small} only the small one.",
              [f"all {g.prompts} {group} prompts:",
               f"{g.only_pretrained} prompts only the pretrained reader got right,",
               f"{g.only_small} only the small one"])]  # fmt: skip
    if g.outcome == "habit":
        h = g.habit
        parts.append((habit_figures(h, "the pretrained reader", "") + ".",
                      # what it drew, of how many asked for it: NewWords
                      # shows it as colour strips between these two lines
                      [f"{h.wins_in_habit} of those {h.wins} asked for {h.asked}",
                       habit_left(h)]))
        verdict = habit_verdict(h, said=True)
        parts.append((verdict[0].upper() + verdict[1:] + ".", [habit_shown(h)]))
        return parts
    right = g.both + g.only_pretrained
    if g.picks:
        parts.append(((f"Yet it drew just {right} of {g.prompts} as asked, under a "
                       f"random guess, 1 in {g.picks}." if g.under_guess else
                       f"It drew {right} of {g.prompts} as asked, over a random "
                       f"guess, 1 in {g.picks}."),
                      [f"pretrained {right} of {g.prompts} "
                       + ("right: under" if g.under_guess else "right: over")
                       + f" a random guess (1 in {g.picks})"]))  # fmt: skip
    verdict = VERDICT[g.outcome]
    parts.append((f"So: {verdict}.", [verdict]))
    return parts


def overall_line(g: Group) -> str:
    """The close as said, its lines joined (``overall_parts``)."""
    return " ".join(said for said, _ in overall_parts(g))


def overall_shown(g: Group) -> list[str]:
    """The close on screen, big, one line a claim, in the order said: the
    group, the split, the habit's figures or the share against a guess, the
    verdict words last."""
    return [t for _, shown in overall_parts(g) for t in shown]
