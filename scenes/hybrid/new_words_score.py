"""The hybrid chapter, the new words counted: over every prompt in new words,
how often the drawing model drew as asked using the small reader and using the
pretrained reader, group by group, against a random guess, and the two compared
prompt by prompt (both drew the same prompts from the same static); then why
knowing a word was not enough.

NewWordsScore draws the ``new_words`` trace (``python -m engine record
new_words``), as NewWords does: every figure on screen is read from it.

    make scene S=NewWordsScore
"""

from __future__ import annotations

import numpy as np
from manim import *

from scenes.hybrid.new_words import (
    NewWords,
    alike,
    big_picture,
    digits,
    fallback,
    meaning_of,
    new_words_by_kind,
    picked_view,
    readout_words,
    vector_of,
    verdict_mark,
    why_not,
)
from scenes.hybrid.paired import (
    KIND_SHOWN,
    check_line,
    groups,
    habit_figures,
    mark_word,
    odds,
    others_line,
    pairing_line,
    score_shown,
    share_line,
    side_habit,
    side_line,
    split_line,
    still_wrong,
    tally,
    verdict_line,
)
from scenes.kit import style
from scenes.kit.numbers import pct
from scenes.kit.text import quoted
from scenes.transformer.draw import descender, sit_on_baseline, text, title_text


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
    return ("Dashed: a reader that got all else right and just guessed the "
            "new word: " + ", ".join(parts) + ".")


def drawn_count(tr, model: str) -> dict[str, int] | None:
    """How many pictures with a new colour word ``model`` ("small" or
    "frozen") drew in each colour, as the rules read them; None if the trace
    does not hold the readings."""
    if f"judged_{model}_read" not in tr.arrays:
        return None
    got = tr[f"judged_{model}_read"][tr["judged_kind"] == "colour", 0]
    return {str(c): int((got == i).sum()) for i, c in enumerate(tr["colour_names"])}


def red_line(tr) -> tuple[str, str] | None:
    """The colour most asked for with a new colour word (red, as crimson or
    scarlet) and how often each reader drew it, from the rules' readings:
    the spoken line and the line shown; None without the readings."""
    small, frozen = drawn_count(tr, "small"), drawn_count(tr, "frozen")
    if not small or not frozen:
        return None
    codes = tr["judged_asked"][tr["judged_kind"] == "colour", 0]
    asked = str(tr["colour_names"][int(np.bincount(codes).argmax())])
    n = int(np.bincount(codes).max())
    words = [str(w) for w, m in zip(tr["synonym_words"], tr["synonym_meanings"],
                                    strict=True) if str(m) == asked] \
        if "synonym_words" in tr.arrays else []  # fmt: skip
    how = f" ({', '.join(words)})" if words else ""
    return (f"{asked.capitalize()}, asked {n} times{how}: drawn "
            f"{small[asked]} times by the small reader, {frozen[asked]} by the "
            "pretrained.",
            f"{n} asked for {asked}{how}: drawn {asked} by small "
            f"{small[asked]}, by pretrained {frozen[asked]}")


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


class NewWordsScore(NewWords):
    """Every prompt in new words counted: per group, the small reader's bar,
    a random guess of the new word (dashed, from the number of words it could
    stand for), the pretrained reader's bar, and the two compared prompt by
    prompt (the paired split: prompts only one reader got right, and how
    often chance alone splits equal readers that unevenly); the verdict,
    chosen by those figures; then why knowing a word was not enough. Reads
    ``frozen_by_kind``, ``small_by_kind``, ``prompts_by_kind``,
    ``paired_split``, ``paired_p``, ``kind_names``, ``reworded_*``,
    ``synonym_*`` and the code names."""

    show_picked = False  # every prompt counted, the trace as recorded
    hold_seconds = 0.4  # the closing lesson ends the scene

    def construct(self):
        pal, tr = self.palette, self.tr
        self.title_mob = title_text("Did knowing English help? The new words, "
                                    "counted", pal)  # fmt: skip
        self.add(self.title_mob)
        self.narrate(f"Our small {self.tr.stats['chapter_words']}-word "
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
        gs = self.groups()
        self.narrate(verdict_line(gs))
        # the closing line wrapped to at most 60% of the width
        words, lines = score_shown(gs).split(), [""]
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
        if still_wrong(gs):
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
        red = getattr(self, "red_said", None)
        if red and means and red[0].startswith(means.capitalize() + ","):
            lines[0] = f"Why so little {means}? " + lines[0]
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
        close = self.similarity_bar(sim).next_to(rows_[1], DOWN, 0.2)
        self.similarity_shown = close  # tests read it here
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
        row = VGroup(head, rows_, drawer, arrows, seen_)
        row.move_to([0, 0.7, 0])
        if row.width > config.frame_width - 0.4:
            row.scale_to_fit_width(config.frame_width - 0.4)
        # the similarity under both rows, never scaled with them
        close.next_to(rows_, DOWN, 0.3).set_x(0)
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
        # under the similarity bar and its end labels, never over them
        lesson.next_to(close, DOWN, 0.3).set_x(0)
        self.lesson_shown = lesson  # tests read it here
        self.narrate(lines[1])
        self.play(FadeIn(lesson), run_time=max(0.8, self.caption_left() / 2))
        self.hold_caption()

    def similarity_bar(self, sim: float | None) -> VGroup:
        """How alike two words' numbers are, big: "similarity" and a bar from
        0 (unrelated) to 1 (the same) filled to ``sim``, with its figure and
        the word for it; "close, not the same" when no figure is recorded."""
        pal = self.palette
        if sim is None:
            return VGroup(text("close, not the same", pal.accent, style.BODY_SIZE))
        long = 4.2
        track = Rectangle(width=long, height=0.26, stroke_width=1.5,
                          color=pal.muted)  # fmt: skip
        fill = Rectangle(width=max(0.03, long * min(max(sim, 0.0), 1.0)),
                         height=0.26, stroke_width=0).set_fill(pal.accent, 1)
        fill.align_to(track, LEFT)
        ends = VGroup(text("0: unrelated", pal.muted, style.LABEL_SIZE)
                      .next_to(track, DOWN, 0.08).align_to(track, LEFT),
                      text("1: the same", pal.muted, style.LABEL_SIZE)
                      .next_to(track, DOWN, 0.08).align_to(track, RIGHT))
        bar = VGroup(track, fill, ends)
        name = text("similarity", pal.accent, style.BODY_SIZE)
        said = text(f"{sim:.2f}: " + {"close to": "close, not the same",
                                      "somewhat like": "somewhat alike",
                                      "unlike": "not alike"}[alike(sim)],
                    pal.accent, style.BODY_SIZE)  # fmt: skip
        row = VGroup(name, bar, said).arrange(RIGHT, buff=0.25)
        name.align_to(track, DOWN).shift(DOWN * 0.02)
        said.align_to(track, DOWN).shift(DOWN * 0.02)
        return row

    def box(self, lines: list[str], colour: str) -> VGroup:
        """Lines of text in a rounded box of ``colour``."""
        t = VGroup(*[text(s, colour, style.BODY_SIZE) for s in lines]).arrange(
            DOWN, buff=0.12)
        return VGroup(RoundedRectangle(width=t.width + 0.4, height=t.height + 0.35,
                                       corner_radius=0.1, color=colour,
                                       stroke_width=2).move_to(t), t)  # fmt: skip

    def why_under(self, bars, pick: int, share: float, x: float, y: float,
                  others=(), habit=None):  # fmt: skip
        """Why even the pretrained reader stayed under a random guess with new
        colour words: what each reader drew, colour by colour, one row each
        (the rules' reading of every such picture), said as read: the colour
        the small reader never drew, the one the pretrained reader drew
        most. Its top left at (``x``, ``y``); the ``others`` bars it would
        cover step aside while it is up. With a ``habit``
        (``scenes.hybrid.paired.Habit`` that explains the lead), the habit
        is said instead, its figures under the rows."""
        got = [fallback(self.tr), self.top_drawn("frozen")]
        if any(g is None for g in got):
            return
        pal, tr = self.palette, self.tr
        rows = VGroup(self.drawn_colours(0, 0, "asked", 4.0),
                      self.drawn_colours(0, 0, "small", 4.0),
                      self.drawn_colours(0, 0, "frozen", 4.0)).arrange(
            DOWN, buff=0.3, aligned_edge=LEFT)  # fmt: skip
        # on a panel of their own, the chart cleared: no % line runs through
        head = text(f"the {len(tr['judged_kind'][tr['judged_kind'] == 'colour'])}"
                    " new-colour prompts, colour by colour:", pal.text,
                    style.BODY_SIZE)  # fmt: skip
        notes = VGroup()
        if habit is not None:  # the lead's figures, where the rows show it
            notes = VGroup(
                text(f"of the {habit.wins} only the pretrained reader got right, "
                     f"{habit.wins_in_habit} asked for {habit.colour}",
                     pal.guess, style.BODY_SIZE),
                text(f"leaving {habit.colour} out: {habit.rest[0]} vs "
                     f"{habit.rest[1]}", pal.accent, style.BODY_SIZE + 2),
            ).arrange(DOWN, buff=0.2)  # fmt: skip
        self.habit_shown = notes  # tests read it here
        red = red_line(tr) if habit is not None else None
        self.red_said = red  # tests read it here; why() refers back to it
        red_note = (text(red[1], pal.accent, style.BODY_SIZE) if red
                    else VGroup())  # fmt: skip
        panel = VGroup(head, rows, *([notes] if len(notes) else []),
                       *([red_note] if red else [])).arrange(
            DOWN, buff=0.3).move_to([0, 0.5, 0])  # fmt: skip
        if panel.width > config.frame_width - 0.4:
            panel.scale_to_fit_width(config.frame_width - 0.4)
        self.drawn_shown = rows  # tests read it here
        chart = [m for m in self.mobjects
                 if m is not self.title_mob and m is not self._caption]
        self.narrate(why_under_line(tr, pick, share) if habit is None
                     # its figures only: the verdict line says the habit
                     else habit_figures(habit, of="") + ".")  # fmt: skip
        self.play(*(FadeOut(m) for m in chart), run_time=0.4)
        self.play(FadeIn(head), FadeIn(rows[0]), run_time=0.6)
        self.play(FadeIn(rows[1]), run_time=0.6)
        self.play(FadeIn(rows[2]),
                  run_time=max(0.8, min(2.0, self.caption_left() / 3)))
        for note in notes:  # each figure as the voice reaches it
            self.play(FadeIn(note),
                      run_time=max(0.6, min(2.0, self.caption_left() / 2)))
        self.hold_caption()
        if red:  # the colour most asked for, as its new words: the reason
            # line at the close refers back to it
            self.narrate(red[0])
            self.play(FadeIn(red_note), run_time=0.6)
            self.play(Indicate(red_note, color=pal.accent, scale_factor=1.0),
                      run_time=max(0.6, min(1.2, self.caption_left())))
            self.hold_caption()
        self.play(FadeOut(panel), run_time=0.3)
        self.play(*(FadeIn(m) for m in chart), run_time=0.4)

    def tally_mob(self, g) -> VGroup:
        """The paired split under a group's bars (``tally``): the small
        reader's number in its bar's white, the pretrained reader's in its
        purple, in the bars' order."""
        pal = self.palette
        small, pre = tally(g).split(" | ")
        shown = VGroup(text(small, pal.text, style.LABEL_SIZE),
                       text("|", pal.muted, style.LABEL_SIZE),
                       text(pre, pal.guess, style.LABEL_SIZE)).arrange(
            RIGHT, buff=0.1, aligned_edge=DOWN)
        shown[1].set_y(shown[0].get_y())  # the bar centred on the digits
        return shown

    def lit(self, groups_, on=()) -> list:
        """Animations that dim every group but those at indexes ``on`` (all
        lit when empty), only the parts already on screen."""
        anims = []
        for k, (name, bars) in enumerate(groups_):
            on_screen = set(self.mobjects)

            def tops(m, on_screen=on_screen):  # the parts the scene holds
                return [m] if m in on_screen else [
                    t for c in m.submobjects for t in tops(c)]

            shown = [m for part in (name, *bars) for m in tops(part)]
            if on and k in on:  # lit at once: its parts are about to be marked
                for m in shown:
                    m.set_opacity(1.0)
            else:
                anims += [m.animate.set_opacity(1.0 if not on else 0.25)
                          for m in shown]
        return anims

    def favourite_callout(self, at) -> VGroup:
        """Each reader's commonest colour with a new colour word, big, each
        with its chip and count (``drawn_count``), its left edge at ``at``,
        on the page's colour."""
        pal, tr = self.palette, self.tr
        lines = VGroup(text("each reader's favourite colour:", pal.text,
                            style.BODY_SIZE))  # fmt: skip
        names = [str(c) for c in tr["colour_names"]]
        m = int((tr["judged_kind"] == "colour").sum())  # pictures per reader
        for model, who, ink in (("small", "small reader", pal.text),
                                ("frozen", "pretrained", pal.guess)):
            got = drawn_count(tr, model)
            top = max(got, key=got.get)
            chip = Square(0.34, stroke_width=0).set_fill(rgb_to_color(
                np.asarray(tr["colour_rgb"][names.index(top)], dtype=float)), 1)
            lines.add(VGroup(chip, text(f"{who}: {top}, {got[top]} of "
                                        f"{m}", ink,
                                        style.BODY_SIZE + 2)).arrange(
                RIGHT, buff=0.15))  # fmt: skip
        lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
        lines.move_to(at).align_to([at[0], 0, 0], LEFT)
        lines.add_to_back(BackgroundRectangle(lines, color=pal.background,
                                              fill_opacity=0.95, buff=0.12))
        return lines.set_z_index(6)  # over the bars' figures and dashes

    def split_callout(self, g, at) -> VGroup:
        """A group's paired split, big, in plain words and the bars' colours:
        "18 vs 5", whose, and how often equal readers split that unevenly
        (``odds``); its left edge at ``at``, on the page's colour."""
        pal = self.palette
        big = VGroup(text(str(g.only_pretrained), pal.guess, style.BODY_SIZE + 14),
                     text("vs", pal.muted, style.BODY_SIZE + 2),
                     text(str(g.only_small), pal.text, style.BODY_SIZE + 14)
                     ).arrange(RIGHT, buff=0.25)  # fmt: skip
        big[1].align_to(big[0], DOWN)
        who = text("prompts only the pretrained vs only the small reader got "
                   "right", pal.text, style.LABEL_SIZE + 2)
        lines = VGroup(big, who)
        if g.outcome != "same":
            lines.add(text(f"equal readers split this unevenly {odds(g.p)}",
                           pal.accent, style.BODY_SIZE))
        lines.arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        lines.move_to(at).align_to([at[0], 0, 0], LEFT)
        lines.add_to_back(BackgroundRectangle(lines, color=pal.background,
                                              fill_opacity=0.95, buff=0.12))
        return lines.set_z_index(6)  # over the bars' figures and dashes

    def favourites(self) -> tuple[str, str] | None:
        """The colour each reader drew most with a new colour word (small
        reader's first), from the rules' readings; None without them."""
        small, pre = drawn_count(self.tr, "small"), drawn_count(self.tr, "frozen")
        if not small or not pre:
            return None
        return max(small, key=small.get), max(pre, key=pre.get)

    def top_drawn(self, model: str):
        return drawn_count(self.tr, model)

    def groups(self):
        """Every group of prompts in new words with its paired split and
        random-guess odds (``scenes.hybrid.paired.Group``): every verdict
        the scene says is chosen by these."""
        return groups(self.tr, {str(k): choices(self.tr, str(k))
                                for k in self.tr["kind_names"]})

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
        line at a random guess of the new word, the pretrained reader's bar,
        and under them the paired split (prompts only the pretrained reader
        drew as asked vs only the small one) with one mark chosen by it:
        better, no clear difference or worse. Every figure sits over its bar;
        0% is labelled."""
        pal, tr = self.palette, self.tr
        gs = self.groups()
        kinds = [g.kind for g in gs]
        total = sum(g.prompts for g in gs)
        top, base, width, step = 2.3, -0.6, 0.92, 3.3
        off = 0.5  # each bar's centre off its group's
        # the axis labels' left edge inside the frame: "100%" whole
        left = -step * (len(kinds) - 1) / 2 + 0.15
        x0, x1 = left - 1.1, -left + 1.75
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
            text("\u25a0 small reader (skips new words)", pal.text,
                 style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
            VGroup(dash, text(blind_key(tr, kinds), pal.noise,
                              style.LABEL_SIZE)).arrange(RIGHT, buff=0.1),
        ).arrange(RIGHT, buff=0.35).move_to([0, 2.45, 0])  # fmt: skip
        # the paired split's key, its two numbers in the bars' order and
        # colours, with the first group's own split
        # in plain words, the first group's numbers each named by who alone
        # got those prompts right, in the bars' colours
        first = self.tally_mob(gs[0])
        split_key = VGroup(
            text("under the bars:", pal.muted, style.LABEL_SIZE),
            first[0],
            text("= only the small reader right,", pal.text, style.LABEL_SIZE),
            first[2],
            text("= only the pretrained right", pal.guess, style.LABEL_SIZE),
        ).arrange(RIGHT, buff=0.12).move_to([0, 2.05, 0])  # fmt: skip
        base_y = split_key[1].get_bottom()[1]  # every piece on one baseline
        for piece in split_key[::2]:
            sit_on_baseline(piece, base_y, descender(style.LABEL_SIZE))
        heading = text(
            f"all {total} test prompts: pictures drawn as asked",
            pal.text, style.LABEL_SIZE + 2).move_to([0, 2.85, 0])  # fmt: skip
        drop = descender(style.LABEL_SIZE)
        cap = text("H", pal.text, style.LABEL_SIZE).height

        def row(i):  # every group's lines on the same baselines
            return base - 0.14 - cap - i * (cap + 0.14)

        groups_ = []
        for k, g in enumerate(gs):
            x = left + k * step
            name = VGroup(text(g.name + " words"
                               + (", a check" if g.kind == "phrasing" else ""),
                               pal.text, style.LABEL_SIZE),
                          text(f"{g.prompts} prompts", pal.muted,
                               style.LABEL_SIZE),
                          *(text(m, pal.sample, style.LABEL_SIZE)
                            for m in self.meanings(g.kind)))  # fmt: skip
            for i, line in enumerate(name):  # under the split's two rows
                sit_on_baseline(line, row(i + 2) - 0.14, drop).set_x(x)

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

            s_bar = bar(g.small, -off, pal.text)
            f_bar = bar(g.pretrained, off, pal.guess)
            # a random guess of the new word, dashed across both bars
            guess = VGroup()
            if g.picks:
                gy = base + top / g.picks
                # in front of the bars, past both
                guess.add(DashedLine([x - 1.2, gy, 0], [x + 1.2, gy, 0],
                                     color=pal.noise, stroke_width=3)
                          .set_z_index(5))  # fmt: skip
            if g.picks:  # a figure the dashed line would cross sits over its bar
                for bar_, ink in ((s_bar, pal.text), (f_bar, pal.guess)):
                    fig = bar_[1]
                    if abs(fig.get_y() - gy) < fig.height / 2 + 0.1:
                        fig.set_color(ink).next_to(bar_[0], UP, 0.06)
                        if abs(fig.get_y() - gy) < fig.height / 2 + 0.06:
                            fig.shift(UP * (gy + fig.height / 2 + 0.08
                                            - fig.get_y()))
            a, b = s_bar[1], f_bar[1]
            if (abs(a.get_y() - b.get_y()) < a.height + 0.04
                    and a.get_right()[0] > b.get_left()[0] - 0.1):
                a.shift(RIGHT * (x - 0.06 - a.get_right()[0]))
                b.shift(RIGHT * (x + 0.06 - b.get_left()[0]))
            split = self.tally_mob(g)  # its digits on the row's baseline
            split.shift(UP * (row(0) - split[0].get_bottom()[1])).set_x(x)
            mark = sit_on_baseline(text(mark_word(g), pal.guess, style.LABEL_SIZE),
                                   row(1), drop).set_x(x)  # fmt: skip
            groups_.append((name, VGroup(s_bar, f_bar, split, mark, guess)))
        check = [g for g in gs if g.kind == "phrasing"]
        self.narrate(f"{total} test prompts: {total - sum(g.prompts for g in check)} "
                     "with one new word"
                     + (f", {check[0].prompts} a check with harmless extra words."
                        if check else "."))  # fmt: skip
        self.play(FadeIn(heading), Create(grid), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(name) for name, _ in groups_),
                              lag_ratio=0.5),
                  run_time=max(1.2, self.caption_left() - 0.2))  # fmt: skip
        self.narrate(asked_line(tr))
        self.play(*(Indicate(line, color=pal.sample, scale_factor=1.0)
                    for name, _ in groups_ for line in name[2:]),
                  FadeIn(legend[0]),
                  *(GrowFromEdge(bars[0][0], DOWN) for _, bars in groups_),
                  *(FadeIn(bars[0][1]) for _, bars in groups_),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        if any(g.picks for g in gs):
            # the key names the small reader (word skipped): the voice
            # says only the random guess
            self.narrate(blind_line(tr, kinds))
            self.play(FadeIn(legend[2]),
                      *(Create(bars[4]) for _, bars in groups_),
                      run_time=max(0.8, min(2.0, self.caption_left())))  # fmt: skip
            self.hold_caption()
        self.narrate("Beside it, the pretrained reader.")
        self.play(FadeIn(legend[1]),
                  *(GrowFromEdge(bars[1][0], DOWN) for _, bars in groups_),
                  *(FadeIn(bars[1][1]) for _, bars in groups_),
                  run_time=max(1.0, min(2.0, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.narrate(pairing_line())
        self.play(FadeIn(split_key), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(bars[2]) for _, bars in groups_),
                              lag_ratio=0.4),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        # one group per beat where it differs; the groups with no clear
        # difference said at once; the check last
        same = [g for g in gs if g.kind != "phrasing" and g.outcome == "same"]
        self.callouts = (VGroup(), VGroup())  # the colour group's, when said
        for g in gs:
            if g.kind == "phrasing" or g in same:
                continue
            k = kinds.index(g.kind)
            bars = groups_[k][1]
            favs = self.favourites() if g.kind == "colour" else None
            self.narrate(share_line(g, favs))
            # beside the group, big, as said: each reader's favourite colour
            at = [left + k * step + 1.35, 0.75, 0]
            fav = (self.favourite_callout(at) if favs and g.picks
                   and g.under_guess else VGroup())  # fmt: skip
            self.play(*self.lit(groups_, [k]),
                      Indicate(bars[0][1], color=pal.accent, scale_factor=1.05),
                      Indicate(bars[1][1], color=pal.accent, scale_factor=1.05),
                      run_time=max(0.8, min(1.6, self.caption_left())))  # fmt: skip
            if len(fav):
                self.play(FadeIn(fav), run_time=0.6)
            self.hold_caption()
            self.narrate(split_line(g))
            # then the split, big, in place of the favourites
            odd = self.split_callout(g, at) if g.apart else VGroup()
            self.play(Indicate(bars[2], color=pal.accent, scale_factor=1.1),
                      *([FadeOut(fav)] if len(fav) else []), run_time=0.8)
            if len(odd):  # the big numbers first (odd[0]: its backing)
                self.play(FadeIn(odd[0]), FadeIn(odd[1]), run_time=0.5)
                self.play(*(FadeIn(m) for m in odd[2:]),
                          run_time=max(0.5, min(1.5, self.caption_left() / 2)))
                self.remove(*odd.submobjects)
                self.add(odd)  # one piece, to clear as one
            if g.outcome != "habit":  # a habit's mark comes with its figures
                self.play(FadeIn(bars[3]),
                          run_time=max(0.5, min(1.2, self.caption_left())))
            self.hold_caption()
            self.callouts = (fav, odd)  # tests read them here
            gone = [m for m in (fav, odd) if m in self.mobjects]
            if gone:
                self.play(*(FadeOut(m) for m in gone), run_time=0.3)
                self.remove(*gone)
            if g.kind == "colour" and (g.under_guess or g.outcome == "habit"):
                self.why_under(bars, g.picks, g.pretrained,
                               left + k * step - 0.9, 1.8,
                               [b for _, b in groups_[k + 1:]],
                               g.habit if g.outcome == "habit" else None)
            if g.outcome == "habit":
                self.play(FadeIn(bars[3]), run_time=0.6)
        beats = ([same] if same else []) + [[g] for g in gs if g.kind == "phrasing"]
        for beat in beats:
            if beat[0].kind == "phrasing":
                line = check_line(beat[0])
            else:
                line = others_line(beat)
                sides = side_line(tr) if any(g.kind == "place" for g in beat) else ""
                if sides:  # both place bars near a half by a side habit, said
                    line = line[:-1] + f"; with place words, {sides}."
            self.narrate(line)
            grown = [groups_[kinds.index(g.kind)][1] for g in beat]
            self.play(*self.lit(groups_, [kinds.index(g.kind) for g in beat]),
                      *(Indicate(b[2], color=pal.accent, scale_factor=1.1)
                        for b in grown), run_time=0.8)
            self.play(*(FadeIn(b[3]) for b in grown),
                      run_time=max(0.5, min(1.2, self.caption_left())))
            note = VGroup()
            if beat[0].kind != "phrasing" and sides:
                # the side habit written over the place group's bars
                got = side_habit(tr, "frozen"), side_habit(tr, "small")
                note = VGroup(*(text(f"{who}: {side} {n} of {m}", ink,
                                     style.LABEL_SIZE)
                                for who, ink, (side, n, m) in zip(
                                    ("small", "pretrained"), (pal.text, pal.guess),
                                    got[::-1], strict=True))
                              ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)  # fmt: skip
                place = groups_[kinds.index("place")][1]
                note.next_to(VGroup(place[0], place[1]), UP, 0.25)
                note.add_to_back(BackgroundRectangle(note, color=pal.background,
                                                     fill_opacity=1, buff=0.05))
                self.side_shown = note  # tests read it here
                self.play(FadeIn(note), run_time=0.6)
            self.hold_caption()
            if len(note):
                self.play(FadeOut(note), run_time=0.3)
        self.play(*self.lit(groups_), run_time=0.3)
        self.marks_bottom = min(bars[3].get_bottom()[1] for _, bars in groups_)
        self.kind_groups = [VGroup(name, bars) for name, bars in groups_]
        self.chart_heading = heading
        # all the chart, to clear it as one (never the captions)
        self.chart = VGroup(heading, grid, legend, split_key, *self.kind_groups)
        self.chart_key = legend
        self.split_key = split_key
