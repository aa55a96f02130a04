"""The hybrid chapter, the new words counted: over every prompt in new words,
how often the drawing model drew as asked using the small reader and using the
pretrained reader, group by group, against a random guess and the chance range
(how far apart two bars can be by chance alone); then why knowing a word was
not enough.

NewWordsScore draws the ``new_words`` trace (``python -m engine record
new_words``), as NewWords does: every figure on screen is read from it.

    make scene S=NewWordsScore
"""

from __future__ import annotations

import numpy as np
from manim import *

from scenes.hybrid.new_words import (
    KIND_SHOWN,
    MARK,
    NARROW,
    NewWords,
    alike,
    big_picture,
    close_call,
    conclusion,
    digits,
    listed,
    luck_gap,
    luck_verdict,
    meaning_of,
    new_words_by_kind,
    outcome,
    picked_view,
    readout_words,
    still_wrong,
    vector_of,
    verdict_mark,
    verdict_shown,
    why_not,
)
from scenes.kit import style
from scenes.kit.numbers import pct
from scenes.kit.text import quoted
from scenes.transformer.draw import descender, sit_on_baseline, text, title_text


def points(share: float, fine: bool = False) -> str:
    """A share's worth in percentage points, as said: whole from 10 ("16"),
    under it to one decimal ("0.4"); ``fine``: to three figures ("1.25" for
    one prompt in 80)."""
    v = 100 * share
    if fine:
        return f"{v:.3g}"
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"


def past_by(f: float, s: float, gap: float) -> float:
    """How far a pretrained bar ``f`` ends past the small bar ``s``'s chance
    range (negative inside it)."""
    return f - s - gap


def choices(tr, kind: str) -> int:
    """How many chapter words a new word of ``kind`` could stand for (3
    colours, 3 shapes, top or bottom ...): a blind pick is right 1 time in
    that many. 0 for the extra words, which stand for none."""
    means = meaning_of(tr)
    meant = [means[w] for w in new_words_by_kind(tr).get(kind, []) if w in means]
    if not meant:
        return 0
    for names in ("colour_names", "shape_names"):
        if meant[0] in {str(n) for n in tr[names]}:
            return len(tr[names])
    places = [str(p).split() for p in tr["position_names"]]
    for i in range(len(places[0])):
        if meant[0] in {p[i] for p in places}:
            return len({p[i] for p in places})
    return 0


def extra_example(tr) -> str:
    """The first prompt with new extra words only (the check group)."""
    got = [str(t) for t, k in zip(tr["reworded_text"], tr["reworded_kind"],
                                  strict=True) if str(k) == "phrasing"]  # fmt: skip
    return got[0] if got else ""


def below_pick(kinds, frozen, small, picks, gap) -> list[str]:
    """The groups where the pretrained reader beat the small reader by more
    than chance yet stayed under a random guess of the new word."""
    return [k for k, f, s, n in zip(kinds, frozen, small, picks, strict=True)
            if n and outcome(float(f), float(s), gap) == "above"
            and float(f) < 1 / n]  # fmt: skip


def pick_line(kinds, frozen, small, picks, gap) -> str:
    """Said after the verdict: where a gain still stayed under a blind pick,
    so; else nothing."""
    under = below_pick(kinds, frozen, small, picks, gap)
    if not under:
        return ""
    n = picks[kinds.index(under[0])]
    said = " and ".join(KIND_SHOWN[k].replace("new ", "") for k in under)
    return (f"Yet with new {said} words it stayed under a random guess, right 1 "
            f"time in {n}.")


def band_line(gap: float) -> str:
    """The chance range (an outline) said in one plain sentence, with its
    height."""
    return ("Outlined: with equally good readers, chance alone could lift a "
            f"bar up to {points(gap)} in 100.")


def under_pick(kinds, frozen, picks) -> list[str]:
    """The groups whose pretrained bar ends under a random guess of the new
    word (1 in its ``picks``) by more than ``NARROW`` (a bar within it is
    about at the guess, not under it)."""
    return [k for k, f, n in zip(kinds, frozen, picks, strict=True)
            if n and float(f) < 1 / n - NARROW]  # fmt: skip


def score_shown(kinds, frozen, small, picks, gap, counts=None) -> str:
    """The verdict on screen: ``verdict_shown`` (a gain by less than one of
    the group's ``counts`` prompts said as no clear gain), and only for the
    groups whose pretrained bar stayed under a random guess, that."""
    shown = "in our tiny test, " + verdict_shown(kinds, frozen, small, gap,
                                                 counts)  # fmt: skip
    if "no clear gain" in shown:  # the group's verdict was said at its bar
        shown = "in our tiny test, no clear gain"
    under = under_pick(kinds, frozen, picks)
    if under:
        shown = (shown.replace(", still mostly wrong", "")
                 + f"; new {listed(under)} words still under a random guess")
    return shown


def by_choices(tr, kinds: list[str]) -> dict[int, list[str]]:
    """The groups of ``kinds`` by their number of choices (1 in n), each named
    as a viewer reads it; groups with no count are left out."""
    by: dict[int, list[str]] = {}
    for k in kinds:
        n = choices(tr, k)
        if n:
            by.setdefault(n, []).append(KIND_SHOWN[k].replace("new ", ""))
    return by


def blind_key(tr, kinds: list[str]) -> str:
    """The blind pick's key: 1 in how many, the most groups' figure first and
    bare, each other group named ("blind pick: 1 in 3, place 1 in 2")."""
    by = by_choices(tr, kinds)
    if not by:
        return "random guess"
    most = max(by, key=lambda n: len(by[n]))
    rest = [f"{' and '.join(ks)} 1 in {n}" for n, ks in by.items() if n != most]
    return ", ".join([f"random guess: 1 in {most}", *rest])


def asked_line(tr) -> str:
    """What "drawn as asked" means, with the first new word's stand-in."""
    means = meaning_of(tr)
    first = next(iter(means), "")
    also = [w for w in means if w != first and means[w] == means.get(first)]
    said = " and ".join([quoted(first), *map(quoted, also)])
    return ("Drawn as asked: colour, shape and place all right"
            + (f", {said} counting as {quoted(means[first])}." if first
               else ", a new word counting as the word it stands for."))


def others_line(names: list[str]) -> str:
    """The groups whose two bars are within chance of each other, said at
    once."""
    said = " and ".join(KIND_SHOWN[k].replace("new ", "") for k in names)
    return (f"New {said} words: about the same for both, inside the chance "
            "range.")


def mark_word(f: float, s: float, gap: float, n: int = 0) -> str:
    """The mark under a pretrained bar: ``MARK`` of its outcome, a bar over
    the chance range by less than one of its ``n`` prompts "too close to
    call"."""
    if close_call(f, s, gap, n):
        return "too close to call"
    return MARK[outcome(f, s, gap)]


def blind_line(tr, kinds: list[str]) -> str:
    """The dashed lines said once: a blind pick, 1 in how many, per group."""
    by = by_choices(tr, kinds)
    if not by:
        return ""
    parts = []
    for n, ks in by.items():
        said = " or ".join(k + "s" for k in ks)
        parts.append(f"1 in {n} for top or bottom" if ks == ["place"]
                     else f"1 in {n} for {said}")
    return ("Dashed: guessing only the new word: "
            + ", ".join(parts) + ".")


def fallback(tr, kind: str = "colour") -> tuple[str, int, int] | None:
    """What the small reader drew most with a ``kind`` word skipped: (the
    colour, in how many pictures, of how many), from the rules' reading of
    every judged picture; None if the trace does not hold it."""
    if "judged_small_read" not in tr.arrays or kind != "colour":
        return None
    got = tr["judged_small_read"][tr["judged_kind"] == kind, 0]
    if not len(got):
        return None
    codes, counts = np.unique(got[got >= 0], return_counts=True)
    if not len(codes):
        return None
    top = int(np.argmax(counts))
    return str(tr["colour_names"][codes[top]]), int(counts[top]), len(got)


def drawn_count(tr, model: str) -> dict[str, int] | None:
    """How many pictures with a new colour word ``model`` ("small" or
    "frozen") drew in each colour, as the rules read them; None if the trace
    does not hold the readings."""
    if f"judged_{model}_read" not in tr.arrays:
        return None
    got = tr[f"judged_{model}_read"][tr["judged_kind"] == "colour", 0]
    return {str(c): int((got == i).sum()) for i, c in enumerate(tr["colour_names"])}


def why_under_line(tr, pick: int, share: float) -> str:
    """Why the pretrained reader stayed under (or got over) a random guess
    with new colour words, from what each reader drew: the colour most asked
    for, how often each drew it; the pretrained reader's commonest colour."""
    small, frozen = drawn_count(tr, "small"), drawn_count(tr, "frozen")
    codes = tr["judged_asked"][tr["judged_kind"] == "colour", 0]
    asked = str(tr["colour_names"][int(np.bincount(codes).argmax())])
    m = int(len(codes))
    most = int(np.bincount(codes).max())
    drew = (f"never drew {asked}" if small[asked] == 0
            else f"drew {asked} {small[asked]} times")
    top = max(frozen, key=frozen.get)
    said = (f"{most} of {m} asked for {asked}; the "
            f"small reader {drew}; the pretrained one drew {top} {frozen[top]} "
            f"times, {asked} only {frozen[asked]}.")
    # the conclusion, chosen by the counts
    missed = ("all missed" if small[asked] == 0 and frozen[asked] == 0 else
              "nearly all missed" if small[asked] + frozen[asked] <= most / 4
              else "")  # fmt: skip
    if missed:
        said += f" So the {asked} prompts were {missed} by both"
        # the pretrained reader's habit only: the small one drew otherwise
        said += (f", and the pretrained one drew most colour words {top}."
                 if frozen[top] > m / 2 else ".")
    return said


def fallback_line(tr, small_share: float) -> str:
    """The small reader's colour with the colour word skipped, said from the
    readings: mostly one colour, or that colour most often."""
    got = fallback(tr)
    if got is None:
        return (f"With the colour word skipped, the small reader drew "
                f"{pct(small_share)} as asked.")
    colour, n, m = got
    how = "mostly" if n > m / 2 else "most often"
    pick = choices(tr, "colour")
    worse = ", worse than guessing at random" if pick and small_share < 1 / pick else ""
    return (f"Without the colour word, the small reader {how} drew "
            f"{colour}, {n} of {m}: only {pct(small_share)} drawn "
            f"as asked{worse}.")


def result_line(kind: str, f: float, s: float, n: int, gap: float,
                count: int = 0) -> str:  # fmt: skip
    """One group's result in one sentence, chosen by the figures: small to
    pretrained, how it stands to the chance range (a gain by less than one of
    its ``count`` prompts too close to call), and to a random guess (1 in
    ``n``)."""
    luck = luck_verdict(f, s, gap, count)
    if close_call(f, s, gap, count):  # one plain sentence, no arithmetic
        # over the band's top by less than one prompt: at its edge, not inside
        luck = "at the edge of what chance could give: not a gain we can claim"
    elif outcome(f, s, gap) == "above":  # the range's top said: the chart's rule
        luck = luck.replace("the chance range", "the chance range's top, "
                            f"{pct(s + gap)}", 1)  # fmt: skip
    name = KIND_SHOWN[kind].replace("new ", "New ")
    said = f"{name} words: {pct(s)} to {pct(f)}, {luck}"
    if n:
        side_ = "still under" if f < 1 / n else "over"
        said += f"; {side_} a random guess, 1 in {n}"
    return said + "."


def check_line(f: float, s: float, gap: float) -> str:
    """The check group said in plain words: known words with harmless extra
    words; where both readers drew most of them as asked and within chance of
    each other, that the test itself works."""
    said = ("A check, known words plus harmless extra words: "
            + (f"both readers {pct(f)}" if pct(f) == pct(s) else
               f"the pretrained reader {pct(f)}, the small reader {pct(s)}"))
    if min(f, s) >= 0.8 and outcome(f, s, gap) == "same":
        return said + ", so the test itself works."
    return said + "."


def place_share(tr, model: str) -> float | None:
    """The share of pictures with a new place word whose place was read right,
    for ``model`` ("small" or "frozen"); None if the trace does not hold it."""
    if f"judged_{model}_read" not in tr.arrays:
        return None
    m = tr["judged_kind"] == "place"
    if not m.any():
        return None
    return float((tr[f"judged_{model}_read"][m, 2] == tr["judged_asked"][m, 2]).mean())


def coin_flip_line(tr, gap: float) -> str:
    """Said when both readers drew about half the pictures with a new place
    word as asked (the bars' own figures, within chance of 1 in 2); else
    nothing."""
    kinds = [str(k) for k in tr["kind_names"]]
    if "place" not in kinds:
        return ""
    k = kinds.index("place")
    got = [float(tr["small_by_kind"][k]), float(tr["frozen_by_kind"][k])]
    if any(abs(g - 0.5) >= gap for g in got):
        return ""
    figs = (pct(got[0]) if pct(got[0]) == pct(got[1])
            else f"{pct(got[0])} and {pct(got[1])}")
    return f"place words {figs}, about a coin flip."


def verdict_line(kinds, frozen, small, picks, gap, counts=None) -> str:
    """The spoken verdict, one sentence, chosen by the figures."""
    helped = [k for k, f, s in zip(kinds, frozen, small, strict=True)
              if outcome(float(f), float(s), gap) == "above"]  # fmt: skip
    n = list(counts) if counts is not None else [0] * len(kinds)
    close = all(close_call(float(f), float(s), gap, int(c))
                for k, f, s, c in zip(kinds, frozen, small, n, strict=True)
                if k in helped)  # fmt: skip
    if helped and close:  # the group's verdict was said at its bar: short
        return "So in this small test, knowing English gave no clear gain."
    if not helped:
        return conclusion(kinds, frozen, small, gap, counts)[0]
    if below_pick(kinds, frozen, small, picks, gap) or still_wrong(
            kinds, frozen, small, gap):
        return ("So in our tiny test, knowing English helped only a little, "
                f"and only with new {listed(helped)} words.")
    return conclusion(kinds, frozen, small, gap)[0]


class NewWordsScore(NewWords):
    """Every prompt in new words counted: per group, the small reader's bar,
    a blind pick of the new word (dashed, from the number of words it could
    stand for), the gap luck alone can make (a band with its top labelled),
    the pretrained reader's bar; the verdict, chosen by the figures; then why
    knowing a word was not enough. Reads ``frozen_by_kind``,
    ``small_by_kind``, ``prompts_by_kind``, ``kind_names``, ``reworded_*``,
    ``synonym_*`` and the code names."""

    show_picked = False  # every prompt counted, the trace as recorded

    def construct(self):
        pal, tr = self.palette, self.tr
        self.add(title_text("Did knowing English help? The new words, counted",
                            pal))  # fmt: skip
        self.narrate(f"Last scene, our small {self.tr.stats['chapter_words']}-word "
                     "prompt reader was swapped for an English-knowing one; "
                     "fixed rules check each picture.")
        # what a prompt reader is, as a row: words in, numbers out, drawn from
        job = text("prompt reader: turns the prompt's words into numbers the "
                   "drawing model draws from", pal.accent,
                   style.LABEL_SIZE + 2).move_to([0, 1.9, 0])  # fmt: skip
        vec = vector_of(tr, "pretrained", "crimson")
        cells = (VGroup(text("\u201ccrimson\u201d \u2192", pal.sample,
                             style.LABEL_SIZE),
                        text(digits(vec, 2), pal.guess, style.LABEL_SIZE)
                        ).arrange(DOWN, buff=0.08) if vec is not None else
                 VGroup(*(Square(0.24, color=pal.guess, stroke_width=1.5)
                          for _ in range(5))).arrange(RIGHT, buff=0.05))  # fmt: skip
        recap = VGroup(
            self.box([f"small reader: {tr.stats['chapter_words']} words"], pal.text),
            self.box(["pretrained reader: knows English"], pal.guess),
        ).arrange(DOWN, buff=0.35)  # fmt: skip
        drawer = self.box(["drawing model,", "retrained for it"], pal.text)
        flow_row = VGroup(recap, cells, drawer).arrange(RIGHT, buff=0.5)
        flow_row.move_to([0, 0.4, 0])
        cross = Line(recap[0].get_corner(DL), recap[0].get_corner(UR),
                     color=pal.noise, stroke_width=3)  # fmt: skip
        into = VGroup(Arrow(recap[1].get_right(), cells.get_left(), buff=0.08,
                            color=pal.muted, stroke_width=3),
                      Arrow(cells.get_right(), drawer.get_left(), buff=0.08,
                            color=pal.muted, stroke_width=3))  # fmt: skip
        test = self.test_example()
        self.test_shown = test  # tests read it here
        test.next_to(flow_row, DOWN, 0.35)
        recap = VGroup(job, flow_row, cross, into)
        self.play(FadeIn(job), FadeIn(flow_row[0][0]), run_time=0.6)
        self.play(FadeIn(flow_row[0][1]), Create(cross), run_time=1.0)
        self.play(GrowArrow(into[0]), FadeIn(cells), GrowArrow(into[1]),
                  FadeIn(drawer), run_time=0.8)
        # one test as it was judged: its prompt, the picture, the rules' check
        self.play(FadeIn(test), run_time=max(0.6, self.caption_left() - 0.3))
        self.hold_caption()
        self.play(FadeOut(recap), FadeOut(test), run_time=0.4)
        self.by_kind()
        kinds = [str(k) for k in tr["kind_names"]]
        gap = self.luck_gap()
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        picks = [choices(tr, k) for k in kinds]
        counts = tr["prompts_by_kind"]
        self.narrate(verdict_line(kinds, frozen, small, picks, gap, counts))
        # the closing line wrapped to at most 60% of the width
        words, lines = score_shown(kinds, frozen, small, picks, gap,
                                   counts).split(), [""]  # fmt: skip
        for w in words:
            trial = (lines[-1] + " " + w).strip()
            if lines[-1] and text(trial, pal.accent, style.LABEL_SIZE + 2).width \
                    > 0.9 * config.frame_width:
                lines.append(w)
            else:
                lines[-1] = trial
        verdict = VGroup(*(text(line, pal.accent, style.LABEL_SIZE + 2)
                           for line in lines)).arrange(DOWN, buff=0.08)
        # under the chart, in place of the groups' other lines: their names
        # stay, so the final chart reads on its own
        names = VGroup(*(line for g in self.kind_groups for line in g[0][1:]))
        kept = VGroup(*(g[0][0] for g in self.kind_groups))
        verdict.next_to(kept, DOWN, 0.15).set_x(0)
        # on the page's own colour: the 100% grid line stays under it
        verdict.add_to_back(BackgroundRectangle(verdict, color=pal.background,
                                                fill_opacity=1, buff=0.06))
        self.verdict_shown = verdict  # tests read it here
        self.play(FadeOut(names), run_time=0.3)
        self.chart.remove(*self.kind_groups)
        self.chart.add(*(g[1] for g in self.kind_groups), kept)
        self.play(FadeIn(verdict), run_time=0.5)
        self.chart.add(verdict)
        self.mark_poster()  # the chart with its takeaway line
        self.hold_caption()
        if still_wrong(kinds, frozen, small, gap):
            self.why()
        self.wait(self.hold_seconds)

    def test_example(self) -> Group:
        """One test as it was judged, from the trace's picked case (else its
        first example): the prompt, the pretrained reader's picture, and the
        fixed rules' reading of it with its tick or cross. Empty without
        pictures."""
        pal, tr = self.palette, picked_view(self.tr)
        if "example_frozen" not in tr.arrays:
            return Group()
        prompt = text(quoted(str(tr["example_text"][0])), pal.sample,
                      style.LABEL_SIZE + 2)
        pic = big_picture(tr["example_frozen"][0], 1.25)
        frame = SurroundingRectangle(pic, buff=0.02, color=pal.muted,
                                     stroke_width=2)
        check = VGroup(
            text("fixed rules read colour, shape, place:", pal.text,
                 style.LABEL_SIZE),
            text(" ".join(readout_words(tr, tr["example_frozen_read"][0])),
                 pal.text, style.LABEL_SIZE),
            verdict_mark(bool(tr["example_frozen_right"][0]), pal),
        ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        arrows = [Arrow(ORIGIN, RIGHT * 0.6, buff=0, color=pal.muted,
                        stroke_width=3) for _ in range(2)]
        return Group(prompt, arrows[0], Group(pic, frame), arrows[1],
                     check).arrange(RIGHT, buff=0.2)

    def why(self):
        """Why knowing the word did not help, as a row: the reader gives the new
        word numbers close to its trained word's, not the same; the drawing
        model learned to answer only the numbers it saw with pictures. Then
        what a text reader needs to help. The trace holds no reader numbers,
        so none are shown."""
        pal = self.palette
        word = self.new_word()
        means = meaning_of(self.tr).get(word, "")
        sim = (float(self.tr["pretrained_similarity"][0])
               if "pretrained_similarity" in self.tr.arrays
               and vector_of(self.tr, "pretrained", means) is not None
               and vector_of(self.tr, "pretrained", word) is not None
               else None)  # fmt: skip
        self.similarity = sim  # tests read it here
        lines = why_not(word, int(self.tr.stats["chapter_words"]), means, sim)
        chart = self.chart
        # the two words' numbers as rows of blank cells (the trace holds no
        # reader numbers, so none are shown), a few cells differing
        def strip(word_: str, ink: str, differ: tuple[int, ...] = ()) -> VGroup:
            vec = vector_of(self.tr, "pretrained", word_)
            if vec is not None:  # the reader's own first numbers, as digits
                cells = text(digits(vec, 4), pal.guess, style.BODY_SIZE)
            else:
                cells = VGroup(*(Square(0.3, color=pal.accent if i in differ
                                        else pal.guess,
                                        stroke_width=3 if i in differ else 1.5)
                                 for i in range(8))).arrange(RIGHT, buff=0.06)
            name = text(f"{word_} \u2192", ink, style.BODY_SIZE)
            return VGroup(name, cells).arrange(RIGHT, buff=0.2)

        rows_ = VGroup(strip(means or "a known word", pal.text),
                       strip(word, pal.sample, (2, 5))).arrange(
            DOWN, buff=0.45, aligned_edge=RIGHT)  # fmt: skip
        head = text("pretrained reader's numbers:", pal.guess,
                    style.LABEL_SIZE + 2).next_to(rows_, UP, 0.25)
        close = text(("close, not the same" if sim is None else
                      f"similarity {sim:.2f} (1 = the same, 0 = unrelated): "
                      + {"close to": "close, not the same",
                         "somewhat like": "somewhat alike, not the same",
                         "unlike": "not alike"}[alike(sim)]),
                     pal.accent, style.LABEL_SIZE).next_to(rows_[1][1], DOWN,
                                                           0.12)  # fmt: skip
        # the drawing model as tall as both rows: each row's arrow level
        label = VGroup(text("drawing", pal.text, style.BODY_SIZE),
                       text("model", pal.text, style.BODY_SIZE)).arrange(DOWN, buff=0.1)
        drawer = VGroup(RoundedRectangle(width=label.width + 0.5,
                                         height=rows_.height + 0.3,
                                         corner_radius=0.1, color=pal.text,
                                         stroke_width=2), label)  # fmt: skip
        label.move_to(drawer[0])
        drawer.next_to(rows_, RIGHT, 3.4)
        arrows = VGroup(*(Arrow([r.get_right()[0], r.get_y(), 0],
                                [drawer.get_left()[0], r.get_y(), 0], buff=0.12,
                                color=pal.muted, stroke_width=3)
                          for r in rows_))  # fmt: skip
        seen_ = VGroup(
            text("seen with pictures \u2713", pal.data, style.LABEL_SIZE),
            text("never seen \u2717", pal.noise, style.LABEL_SIZE))
        for t, arr in zip(seen_, arrows, strict=True):
            t.next_to(arr, UP, 0.08)
        row = VGroup(head, rows_, close, drawer, arrows, seen_)
        row.move_to([0, 0.45, 0])
        if row.width > config.frame_width - 0.4:
            row.scale_to_fit_width(config.frame_width - 0.4)
        # a reason the test does not measure: said as likely, on screen too
        likely = text("a likely reason, not measured here:", pal.muted,
                      style.LABEL_SIZE + 2).next_to(row, UP, 0.3)  # fmt: skip
        self.narrate(lines[0])
        self.play(FadeOut(chart), run_time=0.5)
        self.play(FadeIn(likely), FadeIn(head), FadeIn(rows_), run_time=0.8)
        self.play(FadeIn(close), run_time=0.5)
        self.play(*map(GrowArrow, arrows), FadeIn(drawer), FadeIn(seen_),
                  run_time=max(0.7, self.caption_left() - 0.5))  # fmt: skip
        lesson = VGroup(
            text("Likely: text alone is not enough;",
                 pal.accent, style.BODY_SIZE),
            text("real tools also train the drawing model",
                 pal.accent, style.BODY_SIZE),
            text("on many captioned pictures.", pal.accent, style.BODY_SIZE),
        ).arrange(DOWN, buff=0.14).move_to([0, -1.45, 0])  # fmt: skip
        self.lesson_shown = lesson  # tests read it here
        self.narrate(lines[1])
        self.play(FadeIn(lesson), run_time=max(0.8, self.caption_left() / 2))
        self.hold_caption()

    def box(self, lines: list[str], colour: str) -> VGroup:
        """Lines of text in a rounded box of ``colour``."""
        t = VGroup(*[text(s, colour, style.BODY_SIZE) for s in lines]).arrange(
            DOWN, buff=0.12)
        return VGroup(RoundedRectangle(width=t.width + 0.4, height=t.height + 0.35,
                                       corner_radius=0.1, color=colour,
                                       stroke_width=2).move_to(t), t)  # fmt: skip

    def drawn_colours(self, x: float, y: float, model: str = "small") -> VGroup:
        """A strip of the colours the small reader drew with the colour word
        skipped (the rules' reading of every such picture), each as wide as
        its count, named with the count of the commonest; centred at
        (``x``, ``y``). Empty if the trace does not hold the readings."""
        got = fallback(self.tr)
        if got is None or "colour_rgb" not in self.tr.arrays:
            return VGroup()
        pal, tr = self.palette, self.tr
        codes = (tr["judged_asked"] if model == "asked" else
                 tr[f"judged_{model}_read"])[tr["judged_kind"] == "colour", 0]
        strip = VGroup()
        for i in range(len(tr["colour_names"])):
            n = int((codes == i).sum())
            if n:
                rgb = np.asarray(tr["colour_rgb"][i], dtype=float)
                strip.add(Rectangle(width=2.2 * n / len(codes), height=0.22,
                                    stroke_width=0).set_fill(
                    rgb_to_color(rgb), opacity=1))
        strip.arrange(RIGHT, buff=0)
        colour, n, m = got
        # every colour named with its count, the commonest first
        counts = sorted(((int((codes == i).sum()), str(c))
                         for i, c in enumerate(tr["colour_names"])),
                        reverse=True)  # fmt: skip
        none = int((codes < 0).sum())  # no shape found: no colour read
        said = text(("" if model == "asked" else "drew ")
                    + ", ".join(f"{c} {k}" for k, c in counts)
                    + (f", no clear colour {none}" if none else "") + f" of {m}",
                    pal.text, style.LABEL_SIZE)
        who = {"small": "small reader", "frozen": "pretrained",
               "asked": "asked for"}[model]
        head = text(who + ":", pal.guess if model == "frozen" else
                    pal.sample if model == "asked" else pal.text,
                    style.LABEL_SIZE)
        # the strip first: every row's strip starts level, to compare
        inset = VGroup(strip, head, said).arrange(RIGHT, buff=0.2)
        box = SurroundingRectangle(inset, buff=0.1, color=pal.muted,
                                   stroke_width=1.5).set_fill(pal.background, 1)
        return VGroup(box, inset).move_to([x, y, 0])

    def why_under(self, bars, pick: int, share: float, x: float, y: float,
                  others=()):  # fmt: skip
        """Why even the pretrained reader stayed under a random guess with new
        colour words: what each reader drew, colour by colour, one row each
        (the rules' reading of every such picture), said as read: the colour
        the small reader never drew, the one the pretrained reader drew
        most. Its top left at (``x``, ``y``); the ``others`` bars it would
        cover step aside while it is up."""
        got = [fallback(self.tr), self.top_drawn("frozen")]
        if any(g is None for g in got):
            return
        pal, tr = self.palette, self.tr
        rows = VGroup(self.drawn_colours(0, 0, "asked"),
                      self.drawn_colours(0, 0, "small"),
                      self.drawn_colours(0, 0, "frozen")).arrange(
            DOWN, buff=0.1, aligned_edge=LEFT)  # fmt: skip
        rows.next_to([x, y, 0], RIGHT, 0).align_to([0, y, 0], UP)
        self.drawn_shown = rows  # tests read it here
        # each covered group's bars, band and dashed line (its mark, not yet
        # shown, stays out)
        under = [VGroup(b[0], b[1], b[2], b[4]) for b in others
                 if b.get_left()[0] < rows.get_right()[0]]  # fmt: skip
        self.narrate(why_under_line(tr, pick, share))
        self.play(Indicate(bars[1][0], color=pal.accent), FadeIn(rows[0]),
                  *(FadeOut(b) for b in under), run_time=0.8)
        self.play(FadeIn(rows[1]), run_time=0.6)
        self.play(FadeIn(rows[2]),
                  run_time=max(0.8, min(2.0, self.caption_left() - 0.4)))
        self.hold_caption()
        self.play(FadeOut(rows), *(FadeIn(b) for b in under), run_time=0.4)

    def top_drawn(self, model: str):
        return drawn_count(self.tr, model)

    def luck_gap(self) -> float:
        """How far apart two bars may be by luck alone, at the smallest group:
        twice the spread of a coin-flip share over its prompts. Every
        comparison the scene says uses it."""
        return luck_gap(self.tr)

    def meanings(self, kind: str) -> list[str]:
        """Each new word of ``kind`` with the chapter word it means, grouped by
        meaning ("crimson, scarlet \u2192 red"); for new filler words, the
        words themselves."""
        fresh = new_words_by_kind(self.tr).get(kind, [])
        if kind == "phrasing":  # its example prompt, on two lines
            words = quoted(extra_example(self.tr)).split()
            half = (len(words) + 1) // 2
            return [" ".join(words[:half]), " ".join(words[half:])] if words else []
        by: dict[str, list[str]] = {}
        for w in fresh:
            meant = [str(m) for m, s in zip(self.tr["synonym_meanings"],
                                            self.tr["synonym_words"], strict=True)
                     if str(s) == w]  # fmt: skip
            if meant:
                by.setdefault(meant[0], []).append(w)
        return [f"{', '.join(ws)} \u2192 {m}" for m, ws in by.items()]

    def by_kind(self):
        """All prompts in new words, by kind of change: in each group the small
        reader's bar (which gets the prompt with the word left out), a dashed
        line at a blind pick of the new word, a shaded band round the small
        bar's top where luck alone can land (its top labelled), then the
        pretrained reader's bar with one mark under it: better, about the same
        or worse than the small reader, by that band. Every figure sits over
        its bar; 0% is labelled."""
        pal, tr = self.palette, self.tr
        kinds = [str(k) for k in tr["kind_names"]]
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        count = tr["prompts_by_kind"]
        gap = self.luck_gap()
        top, base, width, step = 2.3, -0.8, 0.92, 3.4
        off = 0.5  # each bar's centre off its group's
        left = -step * (len(kinds) - 1) / 2
        x0, x1 = left - 1.2, -left + 1.55
        grid = VGroup()
        for v in (0.0, 0.5, 1.0):
            y = base + top * v
            grid.add(Line([x0, y, 0], [x1, y, 0], color=pal.muted,
                          stroke_width=1.5 if v == 0 else 1,
                          stroke_opacity=1 if v == 0 else 0.5))  # fmt: skip
            # each axis label at the left end of its own line, 0% too
            grid.add(text(pct(v), pal.muted, style.LABEL_SIZE)
                     .next_to([x0, y, 0], LEFT, 0.08))  # fmt: skip
        dash = DashedLine(ORIGIN, RIGHT * 0.45, color=pal.noise, stroke_width=3)
        legend = VGroup(
            text("\u25a0 small reader (word skipped)", pal.text, style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
            VGroup(dash, text(blind_key(tr, kinds), pal.noise,
                              style.LABEL_SIZE)).arrange(RIGHT, buff=0.1),
        ).arrange(RIGHT, buff=0.45).move_to([0, 2.45, 0])  # fmt: skip
        luck_key = VGroup(
            DashedVMobject(Rectangle(width=0.4, height=0.22),
                           num_dashes=10).set_stroke(pal.text, width=2),
            text(f"outlined: chance alone could lift a bar up to {points(gap)} "
                 "in 100", pal.text, style.LABEL_SIZE),
        ).arrange(RIGHT, buff=0.12)  # fmt: skip
        means_key = text("new word \u2192 the word it means",
                         pal.sample, style.LABEL_SIZE)
        VGroup(luck_key, means_key).arrange(RIGHT, buff=0.6).move_to([0, 2.05, 0])
        heading = text(
            f"all {int(count.sum())} prompts in new words: pictures drawn as asked",
            pal.text, style.LABEL_SIZE + 2).move_to([0, 2.85, 0])  # fmt: skip
        drop = descender(style.LABEL_SIZE)
        cap = text("H", pal.text, style.LABEL_SIZE).height

        def row(i):  # every group's lines on the same baselines
            return base - 0.14 - cap - i * (cap + 0.14)

        groups = []
        for k, kind in enumerate(kinds):
            x = left + k * step
            n = choices(tr, kind)
            name = VGroup(text(KIND_SHOWN[kind] + " words"
                               + (", a check" if kind == "phrasing" else ""),
                               pal.text, style.LABEL_SIZE),
                          text(f"{int(count[k])} prompts", pal.muted,
                               style.LABEL_SIZE),
                          *(text(m, pal.sample, style.LABEL_SIZE)
                            for m in self.meanings(kind)))  # fmt: skip
            for i, line in enumerate(name):  # under the marks' row, a gap
                sit_on_baseline(line, row(i + 1) - 0.14, drop).set_x(x)

            def bar(value, dx, colour, x=x):
                h = max(0.03, top * float(value))
                b = Rectangle(width=width, height=h, stroke_width=0)
                b.set_fill(colour, opacity=1).move_to([x + dx, base + h / 2, 0])
                figure = text(pct(float(value)), colour, style.LABEL_SIZE)
                if figure.width < width - 0.04 and h > figure.height + 0.2:
                    # inside its bar's top, in the page's colour: the lines
                    # over the bars stay clear of it
                    figure = text(pct(float(value)), pal.background,
                                  style.LABEL_SIZE)
                    figure.move_to(b.get_top() + DOWN * (figure.height / 2 + 0.08))
                else:
                    figure.next_to(b, UP, 0.06)
                return VGroup(b, figure.set_z_index(4))

            s_bar = bar(small[k], -off, pal.text)
            f_bar = bar(frozen[k], off, pal.guess)
            s = float(small[k])
            # up from the small reader's bar: what chance alone can add to it
            lo, hi = base + top * s, base + top * min(1.0, s + gap)
            # an outline, no fill: the small bar reads at its own height
            band = DashedVMobject(
                Rectangle(width=width + 0.16, height=max(hi - lo, 0.02)),
                num_dashes=24).set_stroke(pal.text, width=2, opacity=0.9)
            band.move_to([x - off, (lo + hi) / 2, 0])
            # its top across both bars: where the pretrained bar must reach
            edge = Line([x - off - width / 2 - 0.08, hi, 0],
                        [x + off + width / 2 + 0.15, hi, 0],
                        color=pal.text, stroke_width=3)
            band = VGroup(band, edge).set_z_index(-1)  # behind the bars
            # the blind pick, dashed across both bars
            guess = VGroup()
            if n:
                gy = base + top / n
                # in front of the bars, past both
                guess.add(DashedLine([x - 1.2, gy, 0], [x + 1.2, gy, 0],
                                     color=pal.noise, stroke_width=3)
                          .set_z_index(5))  # fmt: skip
            a, b = s_bar[1], f_bar[1]
            if (abs(a.get_y() - b.get_y()) < a.height + 0.04
                    and a.get_right()[0] > b.get_left()[0] - 0.1):
                a.shift(RIGHT * (x - 0.06 - a.get_right()[0]))
                b.shift(RIGHT * (x + 0.06 - b.get_left()[0]))
            mark = sit_on_baseline(text(mark_word(float(frozen[k]), s, gap,
                                                  int(count[k])),
                                        pal.guess, style.LABEL_SIZE),
                                   row(0), drop).set_x(x + off)  # fmt: skip
            groups.append((name, VGroup(s_bar, f_bar, band, mark, guess)))
        self.narrate(f"{int(count.sum())} test prompts, each with "
                     "one new word.")
        self.play(FadeIn(heading), Create(grid), FadeIn(means_key), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(name) for name, _ in groups),
                              lag_ratio=0.5),
                  run_time=max(1.2, self.caption_left() - 0.2))  # fmt: skip
        self.narrate(asked_line(tr))
        self.play(*(Indicate(line, color=pal.sample, scale_factor=1.0)
                    for name, _ in groups for line in name[1:]),
                  FadeIn(legend[0]),
                  *(GrowFromEdge(bars[0][0], DOWN) for _, bars in groups),
                  *(FadeIn(bars[0][1]) for _, bars in groups),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        picks = [choices(tr, kd) for kd in kinds]
        if any(picks):
            # the key names the small reader (word skipped): the voice
            # says only the blind pick
            self.narrate(blind_line(tr, kinds))
            self.play(FadeIn(legend[2]),
                      *(Create(bars[4]) for _, bars in groups),
                      run_time=max(0.8, min(2.0, self.caption_left())))  # fmt: skip
            self.hold_caption()
        self.narrate(band_line(gap))
        self.play(FadeIn(legend[1]),
                  *(GrowFromEdge(bars[1][0], DOWN) for _, bars in groups),
                  *(FadeIn(bars[1][1]) for _, bars in groups), run_time=1.0)
        self.play(FadeIn(luck_key), run_time=0.5)
        self.play(*(FadeIn(bars[2]) for _, bars in groups),
                  run_time=max(0.8, min(2.0, self.caption_left())))  # fmt: skip
        self.hold_caption()
        # one figure said per beat: the first group, then the groups within
        # luck of the small reader at once, then the check
        same = [kd for kd, f, s in zip(kinds, frozen, small, strict=True)
                if kd not in (kinds[0], "phrasing")
                and outcome(float(f), float(s), gap) == "same"]  # fmt: skip
        beats = [[kinds[0]]]
        beats += [[kd] for kd in kinds[1:] if kd not in same and kd != "phrasing"]
        if same:
            beats.append(same)
        if "phrasing" in kinds:
            beats.append(["phrasing"])
        for beat in beats:
            k = kinds.index(beat[0])
            if len(beat) > 1 or beat[0] in same:
                line = others_line(beat)
                if "place" in beat:
                    flip = coin_flip_line(tr, gap)
                    if flip:
                        line = line[:-1] + "; " + flip
            elif beat[0] == "phrasing":
                line = check_line(float(frozen[k]), float(small[k]), gap)
            else:
                line = result_line(beat[0], float(frozen[k]), float(small[k]),
                                   picks[k], gap, int(count[k]))
            self.narrate(line)
            grown = [groups[kinds.index(kd)][1] for kd in beat]
            # a gain at the very edge of luck: both numbers, large, by it
            edge = VGroup()
            if len(beat) == 1 and beat[0] != "phrasing":
                f_, s_ = float(frozen[k]), float(small[k])
                if close_call(f_, s_, gap, int(count[k])):
                    edge = VGroup(
                        text(f"{pct(f_)}: at the edge of what chance could give,",
                             pal.accent, style.LABEL_SIZE + 4),
                        text("not a gain we can claim", pal.accent,
                             style.LABEL_SIZE + 4),
                    ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
                    # just under the 100% line, clear of every band and bar
                    # under it, no box over them
                    edge.next_to([left + k * step - 0.9, 0, 0], RIGHT, 0)
                    edge.align_to([0, base + 0.94 * top, 0], UP)
            self.edge_shown = edge if len(edge) or not hasattr(
                self, "edge_shown") else self.edge_shown  # tests read it here
            self.play(*(Indicate(b[1], color=pal.accent, scale_factor=1.05)
                        for b in grown), FadeIn(edge), run_time=0.8)
            self.play(*(FadeIn(b[3]) for b in grown),
                      run_time=max(0.5, min(1.2, self.caption_left())))
            self.hold_caption()
            if len(edge):
                self.play(FadeOut(edge), run_time=0.3)
            if beat == ["colour"] and picks[k] and float(frozen[k]) < 1 / picks[k]:
                self.why_under(groups[k][1], picks[k], float(frozen[k]),
                               left + k * step - 0.9, 1.8,
                               [bars for _, bars in groups[k + 1:]])
        self.marks_bottom = min(bars[3].get_bottom()[1] for _, bars in groups)
        self.kind_groups = [VGroup(name, bars) for name, bars in groups]
        self.chart_heading = heading
        # all the chart, to clear it as one (never the captions)
        self.chart = VGroup(heading, grid, legend, luck_key, means_key,
                            *self.kind_groups)
        self.chart_key = legend
