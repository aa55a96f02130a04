"""The hybrid chapter, a frozen pretrained prompt reader: the drawing model asked
in words it never saw in training, beside the small reader trained here.

NewWords draws the ``new_words`` trace (``python -m engine record new_words``):
every picture, tick and figure on screen is read from it.

    make scene S=NewWords
    manim -pql scenes/hybrid/new_words.py NewWords
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.core.trace import TraceError
from scenes.hybrid.draw import picture
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.numbers import pct
from scenes.kit.text import quoted
from scenes.kit.tracefile import companion_trace, load_trace
from scenes.transformer.draw import (
    descender,
    flow,
    sit_on_baseline,
    text,
    title_text,
)

# What a viewer reads for each kind of change (engine/hybrid/wording.KINDS).
KIND_SAID = {
    "colour": "a new colour word",
    "shape": "a new shape word",
    "place": "a new place word",
    "phrasing": "new filler words around the same words",
}
KIND_SHOWN = {  # under its bars, where there is room for two words
    "colour": "new colour",
    "shape": "new shape",
    "place": "new place",
    "phrasing": "new extra",
}
HELPS = 0.15  # the pretrained reader "helps" when it is this much more often right
EXAMPLES = 2  # example prompts drawn; the chart shows them all
MARK = {"above": "better", "same": "about the same", "below": "worse"}


def verdict_mark(right: bool, pal: style.Palette) -> Text:
    """A tick or a cross: the fixed rules' reading of one picture."""
    return text("\u2713 as asked" if right else "\u2717 not as asked",
                pal.data if right else pal.noise, style.LABEL_SIZE)  # fmt: skip


def readout_words(tr, codes) -> list[str]:
    """The fixed rules' reading of one picture, from its recorded codes
    (colour, shape, place; -1 where the rules found none) and ``tr``'s names
    for them: its colour and shape, and its quarter ("?" where none)."""
    c, sh, p = (int(x) for x in codes)

    def name(kind: str, code: int) -> str:
        return str(tr[f"{kind}_names"][code]) if code >= 0 else "?"

    return [f"{name('colour', c)} {name('shape', sh)}", name("position", p)]


def readout(tr, codes, pal: style.Palette) -> VGroup:
    """The rules' reading of one picture (``readout_words``) under "the rules
    read:", on three lines, under it."""
    lines = VGroup(text("the rules read:", pal.muted, style.LABEL_SIZE),
                   *(text(s, pal.text, style.LABEL_SIZE)
                     for s in readout_words(tr, codes)))  # fmt: skip
    # every line on its own baseline, descenders or not, so two readings
    # side by side stay level
    drop = descender(style.LABEL_SIZE)
    step = text("H", pal.text, style.LABEL_SIZE).height + 0.14
    for i, line in enumerate(lines):
        sit_on_baseline(line, -i * step, drop).set_x(0)
    return lines


def big_picture(pixels, side: float, k: int = 8):
    """A picture ``side`` scene units tall, each of its pixels first repeated
    ``k`` x ``k`` times (nearest neighbour), so it stays crisp squares at any
    output size."""
    px = np.repeat(np.repeat(np.asarray(pixels), k, 0), k, 1)
    return picture(px, side)


def word_boxes(
    words: list[str], edge: str, ink: str, size: float, buff: float
) -> VGroup:
    """Each word in a box, side by side: every box as tall as the tallest word
    could be, every word on one baseline (so "top" sits level with "left")."""
    drop = descender(size)
    box_h = text("Hg", ink, size).height + 0.16
    row = VGroup()
    for w in words:
        t = sit_on_baseline(text(w, ink, size), 0, drop)
        box = Rectangle(width=t.width + 0.18, height=box_h, color=edge,
                        stroke_width=1.5)  # fmt: skip
        box.move_to([t.get_x(), -drop + box_h / 2 - 0.08, 0])
        row.add(VGroup(box, t))
    return row.arrange(RIGHT, buff=buff, aligned_edge=DOWN)


def side(a: float, b: float, gap: float) -> str:
    """Where ``a`` lands beside ``b``: "above" or "below" only by at least
    ``gap`` (the gap luck alone can make); else "same"."""
    return "above" if a >= b + gap else "below" if a <= b - gap else "same"


def outcome(f: float, s: float, gap: float = HELPS) -> str:
    """The pretrained reader's score ``f`` on one kind of new word beside the
    small reader's ``s``, by the luck rule (``gap``): "above", "same" or
    "below"; its mark under the bar is ``MARK`` of it."""
    return side(f, s, gap)


def kind_line(kind: str, f: float, s: float, example: str = "",
              gap: float = HELPS) -> str:  # fmt: skip
    """One kind's spoken line, said as the pretrained reader's bar grows beside
    the small reader's: better, about the same or worse, by the luck rule
    (``gap``), with both figures. ``example``: one of the new extra words."""
    said = KIND_SHOWN[kind].replace("new ", "New ") + " words"
    if kind == "phrasing":
        said = ("New extra words, a check: words like " + quoted(example)
                + " that change nothing" if example
                else "New extra words, a check: words that change nothing")
    at = {"above": "better than", "same": "about the same as",
          "below": "worse than"}[outcome(f, s, gap)]  # fmt: skip
    if pct(f) == pct(s):
        return f"{said}: both readers {pct(f)}."
    return (f"{said}: the pretrained reader {pct(f)}, {at} the small reader's "
            f"{pct(s)}.")  # fmt: skip


def listed(names: list[str]) -> str:
    """Kinds said in short: "colour", "colour and shape", ..."""
    words = [KIND_SHOWN[k].replace("new ", "") for k in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# A gain this close to the luck gap (2 in 100) is said as "just" past it.
NARROW = 0.02


def conclusion(kinds: list[str], frozen, small, gap: float = HELPS) -> list[str]:
    """The scene's verdict (one or two sentences), chosen by the two readers'
    measured accuracy on prompts in new words, kind by kind, by the luck rule
    (``gap``): where the pretrained reader was better than the small reader;
    said "still mostly wrong" where even there it drew under half as asked."""
    at = {k: outcome(float(f), float(s), gap)
          for k, f, s in zip(kinds, frozen, small, strict=True)}  # fmt: skip
    share = {k: float(f) for k, f in zip(kinds, frozen, strict=True)}
    helped = [k for k in kinds if at[k] == "above"]
    worse = [k for k in kinds if at[k] == "below"]
    if not helped:
        said = ["So in this small test, knowing English did not clearly help the "
                "drawing model with new words: in no group did the pretrained "
                "reader beat the small reader by more than luck."]  # fmt: skip
    elif all(share[k] < 0.5 for k in helped):
        # a margin past the luck gap too small to see on the chart is said so
        gain = {k: float(f) - float(s)
                for k, f, s in zip(kinds, frozen, small, strict=True)}  # fmt: skip
        just = "just " if min(gain[k] for k in helped) - gap < NARROW else ""
        said = [f"So knowing English helped with new {listed(helped)} words, by "
                f"{just}more than luck, yet most of those pictures were still "
                "drawn wrong."]  # fmt: skip
    else:
        said = ["What the pretrained reader knows of English carried over to new "
                f"{listed(helped)} words."]  # fmt: skip
    if worse:
        said.append(f"With new {listed(worse)} words it did worse.")
    elif helped and len(helped) < len(kinds):
        said.append("With the other groups it was about the same as the small "
                    "reader.")  # fmt: skip
    return said


def verdict_shown(kinds: list[str], frozen, small, gap: float = HELPS) -> str:
    """The scene's verdict in short, for the screen, chosen by the same rule
    as ``conclusion``: the groups where the pretrained reader beat the small
    reader by more than luck, or none."""
    helped = [k for k, f, s in zip(kinds, frozen, small, strict=True)
              if outcome(float(f), float(s), gap) == "above"]  # fmt: skip
    if not helped:
        return "pretrained reader: no group clearly better than the small reader"
    mostly = all(float(f) < 0.5 for k, f in zip(kinds, frozen, strict=True)
                 if k in helped)  # fmt: skip
    return (f"pretrained reader better only with new {listed(helped)} words"
            + (", still mostly wrong" if mostly else ""))


def still_wrong(kinds: list[str], frozen, small, gap: float = HELPS) -> bool:
    """Whether the reason knowing a word was not enough is said: no group
    helped, or every group that did was still drawn wrong more often than
    right."""
    helped = [float(f) for f, s in zip(frozen, small, strict=True)
              if outcome(float(f), float(s), gap) == "above"]  # fmt: skip
    return all(f < 0.5 for f in helped)


def why_not(new_word: str, chapter_words: int, means: str = "") -> list[str]:
    """A likely reason a reader that knows a word need not help the drawing
    (the test does not show it), said when it did not; and what a text reader
    needs to help. ``means``: the chapter word ``new_word`` stands for."""
    near = (f"that words of like meaning, like {quoted(new_word)} and "
            f"{quoted(means)}, should draw alike" if means
            else "that words of like meaning should draw alike")
    return [f"A likely reason: the pretrained reader knows {quoted(new_word)} "
            "from text, but no training picture came with it, and with only "
            f"{chapter_words} words in training the drawing model had no chance "
            f"to learn {near}.",
            "Knowing a word from text was not enough here: the drawing model "
            "also needs pictures paired with it, as real tools have, in huge "
            "numbers."]


def fillers(tr) -> list[str]:
    """The words of the training prompts outside the chapter's words (the
    filler the small reader skips), in order of first use."""
    vocab = {str(w) for w in tr["chapter_vocab"]}
    out: list[str] = []
    for p in tr["train_phrasings"]:
        for w in str(p).replace(",", " ").replace(":", " ").split():
            if w not in vocab and w not in out:
                out.append(w)
    return out


def example_line(tr, k: int) -> str:
    """Example ``k`` said as on screen: its prompt, and each reader's picture
    as the rules read it, "as asked" where it was."""
    prompt = str(tr["example_text"][k])
    known = set(str(tr["example_small_words"][k]).split())
    blind = [w for w in prompt.split() if w not in known]
    fresh = [w for w in blind if w in meaning_of(tr)]
    said = []
    for who, pics in (("the small reader", "example_small"),
                      ("the pretrained reader", "example_frozen")):  # fmt: skip
        drawn = " ".join(readout_words(tr, tr[f"{pics}_read"][k]))
        right = bool(tr[f"{pics}_right"][k])
        if who == "the small reader" and fresh:
            lead = f"{who}, without {' or '.join(map(quoted, fresh))},"
            # a right picture without a shape or place word is a lucky guess
            blind_at = [w for w in fresh if meaning_of(tr)[w] in shape_or_place(tr)]
            said.append(f"{who} drew it as asked, by luck: it never saw "
                        f"{' or '.join(map(quoted, blind_at))}"
                        if right and blind_at else
                        f"{lead} drew it as asked anyway" if right
                        else f"{lead} drew what reads as {drawn}")  # fmt: skip
            continue
        missed = [w for w in fresh if meaning_of(tr)[w] not in drawn.split()]
        said.append(f"{who} drew it as asked" if right else
                    f"{who} got {' and '.join(map(quoted, missed))} wrong: drew "
                    f"what reads as {drawn}" if missed else
                    f"{who} drew what reads as {drawn}")  # fmt: skip
    return f"{quoted(prompt)}: {said[0]}; {said[1]}."


def shape_or_place(tr) -> set[str]:
    """The chapter's shape words and place words (each word of a quarter's
    name), from the trace."""
    return {str(w) for w in tr["shape_names"]} | {
        w for p in tr["position_names"] for w in str(p).split()}


def sees(prompt: str, known: str) -> str:
    """What the small reader is given of ``prompt``: the words it knows, "?"
    for each it skips."""
    ok = set(known.split())
    return " ".join(w if w in ok else "?" for w in prompt.split())


def lead_of(tr, k: int) -> str:
    """How example ``k`` is brought in: "One that worked" where the pretrained
    reader drew it as asked but drew under half of its kind of new word as
    asked over all the prompts (not typical; the totals come with the chart,
    so no figure is said here); else nothing."""
    if not bool(tr["example_frozen_right"][k]):
        return ""
    kinds = [str(x) for x in tr["kind_names"]]
    words = str(tr["example_text"][k]).split()
    for kind, fresh in new_words_by_kind(tr).items():
        if kind in kinds and any(w in fresh for w in words):
            share = float(tr["frozen_by_kind"][kinds.index(kind)])
            if share < 0.5:
                return "One that worked; the totals come later: "
    return ""


def meaning_of(tr) -> dict[str, str]:
    """Each new word of the trace with the chapter word it stands for."""
    return {str(w): str(m) for w, m in zip(tr["synonym_words"],
                                          tr["synonym_meanings"], strict=True)}


def trained_line(small: float | None, frozen: float, well: bool) -> str:
    """Both readers' share drawn as asked in their training words: one figure
    when the two round to the same whole percent."""
    if small is None:
        return (f"Asked in those words, the pretrained reader's model drew "
                f"{pct(frozen)} as asked, judged by fixed rules shown "
                "next.")  # fmt: skip
    if round(100 * small) == round(100 * frozen):
        return (f"Asked in those words, both draw about {round(100 * frozen)}% "
                "as asked, judged by fixed rules shown next.")  # fmt: skip
    opening = "Asked in those words, both draw well" if well else \
        "Asked in those words"
    return (f"{opening}: the small reader {pct(small)} as asked, the pretrained "
            f"one {pct(frozen)}, judged by fixed rules shown next.")


def new_words_by_kind(tr) -> dict[str, list[str]]:
    """Each kind's words that no training prompt holds, from the trace's
    prompts in new words, in order of first use."""
    trained = {w for p in tr["train_phrasings"] for w in str(p).replace(
        ",", " ").replace(":", " ").split()} | {str(w) for w in tr["chapter_vocab"]}
    out: dict[str, list[str]] = {}
    for t, k in zip(tr["reworded_text"], tr["reworded_kind"], strict=True):
        got = out.setdefault(str(k), [])
        for w in str(t).split():
            if w not in trained and w not in got:
                got.append(w)
    return out


class NewWords(ExplainerScene):
    """The small reader's words; one prompt in new words as each reader sees
    it; both models asked in their training words; their pictures for a few
    prompts in new words, read back by fixed rules; then both models' accuracy
    by kind of new word against guessing, and what that says."""

    trace_kind = "new_words"
    pic = 2.5  # scene units, one picture's side in the examples
    train_pic = 1.9  # scene units, the training picture's side
    prompt_size = 36  # the prompt and what each reader makes of it
    chip_size = 30  # the small reader's words, at the top
    prompt_width = 6.4  # scene units: a wider example prompt wraps
    hold_seconds = 1.0

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)
        try:  # the small reader's model is the chapter's text_to_image one
            self.small_tr = companion_trace("text_to_image")
        except TraceError:
            self.small_tr = None

    def construct(self):
        pal, tr = self.palette, self.tr
        self.add(title_text("Does a reader that knows English help with words never "
                              "trained on?", pal))
        self.readers(str(tr["example_text"][0]), str(tr["example_small_words"][0]),
                     str(tr["example_pieces"][0]).split())  # fmt: skip
        self.trained_wording()
        self.examples()
        self.by_kind()
        kinds = [str(k) for k in tr["kind_names"]]
        gap = self.luck_gap()
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        ending = conclusion(kinds, frozen, small, gap)
        self.narrate(ending[0])
        # the verdict on screen while it is said, over the chart's heading,
        # chosen by the same rule as the voice's
        verdict = text(verdict_shown(kinds, frozen, small, gap), pal.accent,
                       style.LABEL_SIZE + 2).move_to([0, 2.85, 0])  # fmt: skip
        self.verdict_shown = verdict  # tests read it here
        self.play(FadeOut(self.chart_heading), run_time=0.3)
        self.chart.remove(self.chart_heading)  # gone: never drawn again
        self.play(FadeIn(verdict), run_time=0.5)
        self.chart.add(verdict)
        self.mark_poster()  # the chart with its takeaway line
        for line in ending[1:]:
            self.narrate(line)
        self.hold_caption()
        if still_wrong(kinds, frozen, small, gap):
            self.why()
        self.wait(self.hold_seconds)

    def new_word(self) -> str:
        """The first word of the first example the small reader cannot read."""
        known = set(str(self.tr["example_small_words"][0]).split())
        return next(w for w in str(self.tr["example_text"][0]).split()
                    if w not in known)  # fmt: skip

    def why(self):
        """Why knowing the word did not help, as a row: the new word, the
        reader that has read it, the drawing model that never drew it; then
        what a text reader needs to help."""
        pal = self.palette
        word = self.new_word()
        means = meaning_of(self.tr).get(word, "")
        lines = why_not(word, int(self.tr.stats["chapter_words"]), means)
        # the chart alone: a caption gone before is never drawn again
        chart = self.chart
        row = VGroup(
            text(quoted(word), pal.sample, self.prompt_size),
            self.box(["pretrained reader:", "has read it in text \u2713"]
                     + ([f"{word} \u2248 {means}"] if means else []), pal.guess),
            self.box(["drawing model:"]
                     + ([f"{means}: learned with pictures \u2713"] if means else [])
                     + [f"{word}: never paired", "with a picture \u2717"],
                     pal.noise),
        ).arrange(RIGHT, buff=0.9).move_to([0, 0.7, 0])  # fmt: skip
        # a reason the test does not measure: said as likely, on screen too
        likely = text("a likely reason, not measured here:", pal.muted,
                      style.LABEL_SIZE + 2).next_to(row, UP, 0.45)  # fmt: skip
        arrows = VGroup(*[Arrow(row[i].get_right(), row[i + 1].get_left(),
                                buff=0.12, color=pal.muted, stroke_width=3)
                          for i in range(2)])  # fmt: skip
        self.narrate(lines[0])
        self.play(FadeOut(chart), run_time=0.5)
        self.play(FadeIn(likely), FadeIn(row[0]), run_time=0.4)
        self.play(GrowArrow(arrows[0]), FadeIn(row[1]), run_time=0.7)
        self.play(GrowArrow(arrows[1]), FadeIn(row[2]),
                  run_time=max(0.7, self.caption_left() - 0.5))  # fmt: skip
        lesson = VGroup(
            text("Knowing a word from text was not enough:",
                 pal.text, style.BODY_SIZE),
            text("the drawing model also needs pictures paired with it.",
                 pal.text, style.BODY_SIZE),
            text(f"here: pictures came with {self.tr.stats['chapter_words']} words; "
                 "real tools: huge numbers of pictures with captions", pal.accent,
                 style.LABEL_SIZE + 2),
        ).arrange(DOWN, buff=0.14).move_to([0, -1.55, 0])  # fmt: skip
        self.narrate(lines[1])
        self.play(FadeIn(lesson[:2]), run_time=0.8)
        self.play(FadeIn(lesson[2]), run_time=max(0.6, self.caption_left() / 2))
        self.hold_caption()

    def box(self, lines: list[str], colour: str) -> VGroup:
        """Lines of text in a rounded box of ``colour``."""
        t = VGroup(*[text(s, colour, style.BODY_SIZE) for s in lines]).arrange(
            DOWN, buff=0.12)
        return VGroup(RoundedRectangle(width=t.width + 0.4, height=t.height + 0.35,
                                       corner_radius=0.1, color=colour,
                                       stroke_width=2).move_to(t), t)  # fmt: skip

    def readers(self, prompt: str, small_words: str, pieces: list[str]):
        """The small reader's words; the prompt; what the small reader can look
        up of it; the pieces the pretrained reader splits it into. Each part
        comes in with the line that speaks of it; words sit on one baseline."""
        pal, st, tr = self.palette, self.tr.stats, self.tr
        self.title_mob = self.mobjects[0]
        known = set(small_words.split())
        vocab = [str(w) for w in tr["chapter_vocab"]]
        head_vocab = text(f"the small reader, trained for these videos, knows "
                          f"{len(vocab)} words:", pal.text,
                          style.BODY_SIZE)  # fmt: skip
        head_vocab.move_to([0, 2.8, 0])
        chips = word_boxes(vocab, pal.muted, pal.text, self.chip_size, 0.12)
        chips.scale_to_fit_width(min(chips.width, config.frame_width - 0.6))
        chips.move_to([0, 2.15, 0])
        self.narrate("The small prompt reader we trained for these videos knows "
                     f"only {st['chapter_words']} words; any other word it "
                     "skips.")  # fmt: skip
        self.play(FadeIn(head_vocab),
                  LaggedStart(*map(FadeIn, chips), lag_ratio=0.25),
                  run_time=2.0)  # fmt: skip
        # only the words it cannot read in the new-words colour
        words = flow(prompt.split(),
                     [pal.text if w in known else pal.sample for w in prompt.split()],
                     config.frame_width, self.prompt_size, space=0.35)  # fmt: skip
        baseline = 1.2 - words.get_center()[1]  # flow puts the baseline at 0
        words.move_to([0, 1.2, 0])
        drop = descender(self.prompt_size)
        seen = VGroup()
        for w, shown in zip(prompt.split(), words, strict=True):
            ink = pal.text if w in known else pal.muted
            t = text(w if w in known else "?", ink, self.prompt_size)
            t.set_x(shown.get_x())
            seen.add(sit_on_baseline(t, baseline - 1.0, drop))
        head_small = text("it sees:", pal.text, style.BODY_SIZE)
        head_small.next_to(seen, LEFT, 0.4)
        said = " ".join(w for w in prompt.split() if w in known) or "nothing"
        self.narrate(f"Asked for {quoted(prompt)}, it can look up only "
                     f"{quoted(said)}.")  # fmt: skip
        self.play(FadeIn(words), run_time=0.6)
        self.play(FadeIn(head_small),
                  # each word fades in under its own: nothing slides across
                  # the prompt line
                  *(FadeIn(s, shift=DOWN * 0.2) for s in seen),
                  run_time=1.0)  # fmt: skip
        # the [CLS] and [SEP] marks it adds would only be jargon: not shown
        shown = [p for p in pieces if not (p.startswith("[") and p.endswith("]"))]
        # "pieces" is said only when a word of this prompt was split ("##"
        # marks a piece that continues a word)
        split = any(p.startswith("##") for p in shown)
        reads = ("It splits rare words into pieces:" if split
                 else "It has met every word of the prompt:")  # fmt: skip
        pretrained = plain("pretrained")
        cut = pretrained.index(";")  # two lines: who trained it; what we do
        head_pre = VGroup(
            text("pretrained reader: a Transformer, a large text model like "
                 "those in chatbots,", pal.guess, style.LABEL_SIZE),
            text(f"{pretrained[:cut]};", pal.guess, style.LABEL_SIZE),
            text("we use it as is, unchanged. " + reads, pal.text,
                 style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.1).move_to([0, -0.95, 0])  # fmt: skip
        for line in head_pre:
            if line.width > config.frame_width - 0.4:
                raise ValueError("NewWords: a line on the pretrained reader is "
                                 "too wide")  # fmt: skip
        new = {w for w in prompt.split() if w not in known}
        boxes = word_boxes(shown, pal.guess, pal.guess, style.BODY_SIZE, 0.2)
        for b, piece in zip(boxes, shown, strict=True):
            if piece in new:  # the word the small reader could not read
                b[1].set_color(pal.sample)
        boxes.move_to([0, -2.0, 0])
        boxes.scale_to_fit_width(min(boxes.width, config.frame_width - 1))
        self.narrate("Real tools read the prompt with a large pretrained text "
                     "model, a Transformer like those in chatbots, "
                     f"{pretrained[:cut]}.")  # fmt: skip
        self.play(FadeIn(head_pre), run_time=0.8)
        first_new = self.new_word()
        self.narrate(f"It knows every piece of our prompt, {quoted(first_new)} too."
                     if split else
                     f"It has met every word of our prompt, {quoted(first_new)} "
                     "too.")  # fmt: skip
        self.play(LaggedStart(*map(FadeIn, boxes), lag_ratio=0.3), run_time=1.5)
        self.hold_caption()
        phrasings = [str(p) for p in tr["train_phrasings"]]
        lines = VGroup(*[text(quoted(p), pal.text, style.LABEL_SIZE + 2)
                         for p in phrasings])  # fmt: skip
        lines.arrange(DOWN, buff=0.22).move_to([0, -1.35, 0])
        head_lines = text(f"one training prompt, worded {len(phrasings)} ways:",
                          pal.text, style.LABEL_SIZE)  # fmt: skip
        head_lines.next_to(lines, UP, 0.3)
        # the training picture those wordings came with, when the trace holds it
        shown_pic = Group()
        if "train_picture" in tr.arrays:
            img = big_picture(tr["train_picture"], self.train_pic)
            frame = SurroundingRectangle(img, buff=0.02, color=pal.muted,
                                         stroke_width=2)  # fmt: skip
            shown_pic = Group(img, frame, text("one training picture", pal.text,
                                               style.LABEL_SIZE)
                              .next_to(frame, UP, 0.12))  # fmt: skip
            Group(shown_pic, VGroup(head_lines, lines)).arrange(
                RIGHT, buff=0.6).move_to([0, -1.3, 0])
            shown_pic[2].set_y(head_lines.get_y())  # both heads on one line
        self.train_shown = shown_pic  # tests read the training picture here
        # the swap, as it is said: the drawing model copied, the small
        # reader's box sliding out of the copy and the pretrained one in
        first = self.pipeline("small reader, ours", "drawing model", pal.text)
        copy = self.pipeline("pretrained reader, not changed",
                             "copy of the drawing model", pal.guess)  # fmt: skip
        copy[1].scale(3.0 / copy[1].get_length()).next_to(copy[0], RIGHT, 0.1)
        copy[2].next_to(copy[1], RIGHT, 0.1)
        first.move_to([0, 2.25, 0])
        copy.move_to([0, 0.95, 0])
        out_box = first[0].copy().move_to(copy[0])
        numbers = text("a row of numbers per word", pal.guess,
                       style.LABEL_SIZE).next_to(copy[1], UP, 0.2)  # fmt: skip
        again = text("trained again", pal.accent, style.LABEL_SIZE)
        again = VGroup(SurroundingRectangle(again, buff=0.08, color=pal.accent,
                                            stroke_width=2), again)  # fmt: skip
        again.next_to(copy[2], DOWN, 0.12)
        self.swap_shown = VGroup(first, copy, numbers, again)  # tests read it
        pipes = VGroup(first, copy, numbers, again)
        self.narrate("Our drawing model, the diffusion model that turns static "
                     "into a picture, was copied, and in the copy the small "
                     "reader is swapped for the pretrained one, kept "
                     "unchanged.")  # fmt: skip
        self.play(*map(FadeOut, (words, head_small, seen, head_pre, boxes)),
                  FadeOut(head_vocab), FadeOut(chips), run_time=0.5)  # fmt: skip
        self.play(FadeIn(first), run_time=0.6)
        spare = max(0.0, self.caption_left() - 3.2) / 3
        # the copy fades in under the original (no glyphs morphing, no row
        # drawn twice), then its small reader's box fades out, inside the frame
        self.play(FadeIn(copy[2], shift=DOWN * 0.3), FadeIn(out_box, shift=DOWN * 0.3),
                  FadeIn(copy[1], shift=DOWN * 0.3), run_time=1.0)
        self.wait(spare)
        self.play(out_box.animate.shift(LEFT * 1.2).set_opacity(0), run_time=0.8)
        self.remove(out_box)
        self.wait(spare)
        self.play(FadeIn(copy[0], shift=RIGHT * 1.2), run_time=0.8)
        self.hold_caption()
        self.narrate("So the copy is trained again: it must learn to read the new "
                     "reader's output, a row of numbers per word.")  # fmt: skip
        self.play(FadeIn(again, shift=UP * 0.15), run_time=0.6)
        dots = VGroup(*(Dot(radius=0.05, color=pal.guess) for _ in range(4)))
        dots.arrange(RIGHT, buff=0.1).move_to(copy[1].get_start() + RIGHT * 0.3)
        self.play(FadeIn(numbers), FadeIn(dots), run_time=0.5)
        self.play(dots.animate.move_to(copy[1].get_end() + LEFT * 0.35),
                  run_time=max(0.6, self.caption_left() - 0.6))
        self.play(FadeOut(dots), Indicate(again, color=pal.accent), run_time=0.5)
        self.hold_caption()
        filler = fillers(tr)
        skipped = text("the small reader skips: " + ", ".join(filler), pal.muted,
                       style.LABEL_SIZE + 2).next_to(lines, DOWN, 0.25)  # fmt: skip
        skipped.set_x(lines.get_x())
        self.narrate("Both were trained on the same pictures with the same "
                     "prompts: any difference comes from the reader.")
        self.play(FadeIn(shown_pic), run_time=0.5)
        self.play(FadeIn(head_lines),
                  LaggedStart(*map(FadeIn, lines), lag_ratio=0.4),
                  run_time=1.5)  # fmt: skip
        self.play(FadeIn(skipped), run_time=max(0.5, self.caption_left() - 0.3))
        self.hold_caption()
        self.play(*map(FadeOut, (lines, head_lines, pipes, skipped, shown_pic)),
                  run_time=0.4)  # fmt: skip

    def pipeline(self, reader: str, drawer: str, colour: str) -> VGroup:
        """One model as a row: its prompt reader's box, an arrow, its drawing
        model's box."""
        boxes = []
        for name in (reader, drawer):
            t = text(name, colour, style.LABEL_SIZE)
            boxes.append(VGroup(RoundedRectangle(width=t.width + 0.4, height=0.6,
                                                 corner_radius=0.1, color=colour,
                                                 stroke_width=2), t))  # fmt: skip
        VGroup(boxes[0], boxes[1]).arrange(RIGHT, buff=1.0)
        arrow = Arrow(boxes[0].get_right(), boxes[1].get_left(), buff=0.1,
                      color=colour, stroke_width=3)  # fmt: skip
        return VGroup(boxes[0], arrow, boxes[1])

    def trained_wording(self):
        """Both models asked in the words they were trained on, a row per
        reader, each figure with how many pictures it counts; then how small a
        test this is."""
        pal, st, small = self.palette, self.tr.stats, self.small_tr
        rows = [("small reader, ours", pal.text,
                 None if small is None else small.stats)]
        rows.append(("pretrained reader, not changed", pal.guess, st))
        rows = [r for r in rows if r[2] is not None]
        xs = (-2.2, 2.4)
        heading = text("asked in the words they were trained on: pictures drawn "
                       "as asked", pal.text, style.LABEL_SIZE + 2
                       ).move_to([0, 2.55, 0])  # fmt: skip
        judged = text("judged by fixed rules, shown next", pal.muted,
                      style.LABEL_SIZE).next_to(heading, DOWN, 0.15)  # fmt: skip
        heading = VGroup(heading, judged)
        names, seen = VGroup(), VGroup()
        for r, (name, colour, stats) in enumerate(rows):
            y = 1.35 - r * 1.25
            names.add(text(name, colour, style.BODY_SIZE).move_to([xs[0], y, 0]))
            seen.add(text(pct(stats["seen_accuracy"]), colour,
                          style.BODY_SIZE + 4).move_to([xs[1], y, 0]))  # fmt: skip
        well = all(float(r[2]["seen_accuracy"]) >= 0.8 for r in rows)
        self.play(FadeIn(heading), FadeIn(names), run_time=0.6)
        self.narrate(trained_line(
            None if small is None else float(small.stats["seen_accuracy"]),
            float(st["seen_accuracy"]), well))
        self.play(LaggedStart(*map(FadeIn, seen), lag_ratio=0.6),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.play(*map(FadeOut, (heading, names, seen)), run_time=0.4)

    def examples(self):
        """Two example prompts in new words, each over the small reader's
        picture and the pretrained reader's, from the same static, drawn large,
        with the fixed rules' reading and verdict under each."""
        pal, tr = self.palette, self.tr
        texts = [str(t) for t in tr["example_text"]][:EXAMPLES]
        cell = 7.1  # scene units between one example's centre and the next
        centres = [cell * (k - (len(texts) - 1) / 2) for k in range(len(texts))]
        half = self.pic / 2 + 0.3  # each picture's centre off its example's
        y = 0.4  # the pictures' centre
        heads = VGroup()
        drop = descender(style.LABEL_SIZE)
        step = text("H", pal.text, style.LABEL_SIZE).height + 0.14
        for k, c in enumerate(centres):
            # over each picture, the reader it was drawn using and what that
            # reader is given of the prompt ("?" for each word it skips)
            given = "it sees: " + sees(texts[k], str(tr["example_small_words"][k]))
            for dx, name, ink in ((-half, ("small reader", given), pal.text),
                                  (half, ("pretrained reader", "it sees every word"),
                                   pal.guess)):  # fmt: skip
                for i, line in enumerate(name):
                    heads.add(sit_on_baseline(text(line, ink, style.LABEL_SIZE),
                                              y + self.pic / 2 + 0.14
                                              + (1 - i) * step, drop)
                              .set_x(c + dx))  # fmt: skip
        rows, fresh = Group(), []
        for k, prompt in enumerate(texts):
            # the words the small reader cannot read in the new-words colour,
            # as the prompt at the top showed them; wrapped, never shrunk
            known = set(str(tr["example_small_words"][k]).split())
            words = quoted(prompt).split()
            inks = [pal.text if w in known else pal.sample for w in prompt.split()]
            said = flow(words, inks, self.prompt_width, style.BODY_SIZE,
                        space=0.12)  # fmt: skip
            said.move_to([centres[k], y + self.pic / 2 + 1.15, 0])
            fresh += [g for g, w in zip(said, prompt.split(), strict=True)
                      if w not in known]  # fmt: skip
            row = Group(said)
            for dx, pics, marks in ((-half, "example_small", "example_small_right"),
                                    (half, "example_frozen",
                                     "example_frozen_right")):  # fmt: skip
                img = big_picture(tr[pics][k], self.pic).move_to(
                    [centres[k] + dx, y, 0])
                # a frame: the dark picture reads as a picture, not as the page
                frame = SurroundingRectangle(img, buff=0.02, color=pal.muted,
                                             stroke_width=2)  # fmt: skip
                # the quarters the rules read the place by, drawn over it
                c, r = img.get_center(), self.pic / 2
                quarters = VGroup(
                    DashedLine(c + LEFT * r, c + RIGHT * r),
                    DashedLine(c + UP * r, c + DOWN * r),
                ).set_stroke(pal.muted, width=1.5, opacity=0.8).set_z_index(3)
                frame.add(quarters)
                seen_as = readout(tr, tr[f"{pics}_read"][k], pal)
                seen_as.next_to(frame, DOWN, 0.1)
                mark = verdict_mark(bool(tr[marks][k]), pal)
                row.add(Group(img, frame),
                        VGroup(seen_as, mark.next_to(seen_as, DOWN, 0.08)))
            rows.add(row)
        rules = text("the rules: colour of the bright pixels \u00b7 the quarter "
                     "they sit in \u00b7 the shape of their spread", pal.text,
                     style.LABEL_SIZE).next_to(rows, DOWN, 0.2)  # fmt: skip
        self.example_rows = rows  # tests read the pictures here
        # the prompts and pictures come in before their line: no blank screen
        self.play(FadeIn(heads),
                  *(FadeIn(row[i]) for row in rows for i in (0, 1, 3)),
                  run_time=0.6)  # fmt: skip
        self.narrate("Then both were asked in words no training prompt held, "
                     "each picture drawn from the same static;")  # fmt: skip
        # the words no training prompt held, each in its own colour
        # a colour flash, no size pulse: the words keep their spacing
        self.play(*(Indicate(w, color=pal.sample, scale_factor=1.0)
                    for w in fresh),
                  run_time=max(0.6, min(1.5, self.caption_left())))  # fmt: skip
        self.narrate("fixed rules, not a learned model, read each picture back.")
        self.play(FadeIn(rules),
                  LaggedStart(*(FadeIn(row[i], scale=1.3) for row in rows
                                for i in (2, 4)), lag_ratio=0.3),
                  run_time=max(1.0, self.caption_left()))  # fmt: skip
        # every picture on screen said as the rules read it, example by example
        for k in range(len(texts)):
            self.narrate(lead_of(tr, k) + example_line(tr, k))
            mark = SurroundingRectangle(rows[k][1:], buff=0.04, color=pal.accent,
                                        stroke_width=3)
            # clear of the headings over it and the marks' last line under it
            mark.stretch_to_fit_height(mark.height + 0.06).shift(DOWN * 0.03)
            self.play(Create(mark), run_time=0.6)
            self.hold_caption()
            self.play(FadeOut(mark), run_time=0.3)
        total = int(tr["prompts_by_kind"].sum())
        self.narrate("The rules are rough, a blob can fool them, and any one "
                     f"picture can be luck: the counts over all {total} are what "
                     "count.")
        self.hold_caption()
        self.play(FadeOut(heads), FadeOut(rows), FadeOut(rules), run_time=0.4)

    def luck_gap(self) -> float:
        """How far apart two bars may be by luck alone, at the smallest group:
        twice the spread of a coin-flip share over its prompts. Every
        comparison the scene says uses it."""
        return 2 * (0.25 / float(self.tr["prompts_by_kind"].min())) ** 0.5

    def meanings(self, kind: str) -> list[str]:
        """Each new word of ``kind`` with the chapter word it means, grouped by
        meaning ("crimson, scarlet \u2192 red"); for new filler words, the
        words themselves."""
        fresh = new_words_by_kind(self.tr).get(kind, [])
        if kind == "phrasing":
            return [", ".join(fresh)] if fresh else []
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
        reader's bar (which gets the prompt with the word left out), a shaded
        band round its top where luck alone can land, then the pretrained
        reader's bar with one mark under it: better, about the same or worse
        than the small reader, by that band."""
        pal, tr = self.palette, self.tr
        kinds = [str(k) for k in tr["kind_names"]]
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        count = tr["prompts_by_kind"]
        gap = self.luck_gap()
        luck = round(100 * gap)
        top, base, width, step = 2.05, -0.45, 0.62, 3.4
        left = -step * (len(kinds) - 1) / 2
        x0, x1 = left - 0.95, -left + 1.55
        grid = VGroup()
        for v in (0.0, 0.5, 1.0):  # 0% is the baseline itself, unlabelled
            y = base + top * v
            grid.add(Line([x0, y, 0], [x1, y, 0], color=pal.muted,
                          stroke_width=1.5 if v == 0 else 1,
                          stroke_opacity=1 if v == 0 else 0.5))  # fmt: skip
            # each axis label at the left end of its own line
            if v:
                grid.add(text(pct(v), pal.muted, style.LABEL_SIZE)
                         .next_to([x0, y, 0], LEFT, 0.08))  # fmt: skip
        legend = VGroup(
            text("\u25a0 drawn using the small reader (word left out)", pal.text,
                 style.LABEL_SIZE),
            text("\u25a0 drawn using the pretrained reader", pal.guess,
                 style.LABEL_SIZE),
        ).arrange(RIGHT, buff=0.4).move_to([0, 2.45, 0])  # fmt: skip
        # the band round each small reader's bar top: where luck alone can land
        luck_key = VGroup(
            Rectangle(width=0.4, height=0.22, color=pal.text, stroke_width=1.5,
                      stroke_opacity=0.7).set_fill(pal.text, opacity=0.25),
            text(f"could be luck: a difference of up to {luck} in 100",
                 pal.text, style.LABEL_SIZE),
        ).arrange(RIGHT, buff=0.12)  # fmt: skip
        # the orange lines under each group: what each new word stands for
        means_key = text("new word \u2192 trained word it stands for",
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
            # the extra-words group is there as a check: said so under it
            name = VGroup(text(KIND_SHOWN[kind] + " words"
                               + (", a check" if kind == "phrasing" else ""),
                               pal.text, style.LABEL_SIZE),
                          text(f"{int(count[k])} prompts", pal.muted,
                               style.LABEL_SIZE),
                          *(text(m, pal.sample, style.LABEL_SIZE)
                            for m in self.meanings(kind)))  # fmt: skip
            for i, line in enumerate(name):  # under the marks' row, a gap
                sit_on_baseline(line, row(i + 1) - 0.14, drop).set_x(x)

            def bar(value, dx, colour, where, x=x):
                h = max(0.03, top * float(value))
                b = Rectangle(width=width, height=h, stroke_width=0)
                b.set_fill(colour, opacity=1).move_to([x + dx, base + h / 2, 0])
                figure = text(pct(float(value)), colour, style.LABEL_SIZE)
                figure.next_to(b, where, 0.08)
                if where is LEFT:  # beside the bar's top, off the band
                    figure.align_to(b, UP)
                return VGroup(b, figure)

            # the small reader's figure left of its bar, the pretrained
            # reader's over its own: never on each other or on the band
            s_bar = bar(small[k], -0.4, pal.text, LEFT)
            f_bar = bar(frozen[k], 0.4, pal.guess, UP)
            # the band round the small reader's bar top, the luck gap either
            # side: the pretrained bar ending in it is about the same
            s = float(small[k])
            lo, hi = base + top * max(0.0, s - gap), base + top * min(1.0, s + gap)
            band = Rectangle(width=0.8 + width + 0.3, height=hi - lo,
                             color=pal.text, stroke_width=1.5,
                             stroke_opacity=0.7).set_fill(pal.text, opacity=0.2)
            band.move_to([x - 0.4 - width / 2 + band.width / 2, (lo + hi) / 2, 0])
            # the band's top edge as a clear line: a bar past it is past luck
            edge = Line(band.get_corner(UL), band.get_corner(UR),
                        color=pal.text, stroke_width=3)
            band = VGroup(band, edge).set_z_index(-1)  # behind the bars
            # the pretrained reader's figure never in the band: over it
            fig = f_bar[1]
            if fig.get_bottom()[1] < hi + 0.06:
                fig.shift(UP * (hi + 0.08 - fig.get_bottom()[1]))
            at = outcome(float(frozen[k]), s, gap)
            mark = sit_on_baseline(text(MARK[at], pal.guess, style.LABEL_SIZE),
                                   row(0), drop).set_x(x + 0.4)  # fmt: skip
            groups.append((name, VGroup(s_bar, f_bar, band, mark)))
        self.narrate(f"Over all {int(count.sum())} prompts in new words, pictures "
                     "drawn as asked, by which word was new.")  # fmt: skip
        self.play(FadeIn(heading), Create(grid), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(name) for name, _ in groups),
                              lag_ratio=0.5),
                  run_time=max(1.2, self.caption_left() - 0.2))  # fmt: skip
        self.narrate("The small reader gets each prompt with the new word left "
                     "out: it skips words it does not know, so it draws whatever "
                     "it tends to draw.")  # fmt: skip
        self.play(FadeIn(legend[0]),
                  *(GrowFromEdge(bars[0][0], DOWN) for _, bars in groups),
                  *(FadeIn(bars[0][1]) for _, bars in groups),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.narrate(f"With {int(count.min())} to {int(count.max())} prompts a "
                     f"group, a difference of up to {luck} in 100 could be luck: "
                     "the shaded band round the top of the small reader's "
                     "bar.")  # fmt: skip
        self.play(FadeIn(luck_key), FadeIn(means_key), run_time=0.6)
        self.play(*(FadeIn(bars[2]) for _, bars in groups),
                  run_time=max(0.8, min(2.0, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.play(FadeIn(legend[1]), run_time=0.3)
        for k, (_name, bars) in enumerate(groups):
            extra = new_words_by_kind(tr).get(kinds[k], [""])[0]
            self.narrate(kind_line(kinds[k], float(frozen[k]), float(small[k]),
                                   extra, gap))  # fmt: skip
            self.play(GrowFromEdge(bars[1][0], DOWN), FadeIn(bars[1][1]),
                      run_time=0.8)  # fmt: skip
            self.play(FadeIn(bars[3]),
                      run_time=max(0.5, min(1.2, self.caption_left())))
            self.hold_caption()
        self.kind_groups = [VGroup(name, bars) for name, bars in groups]
        self.chart_heading = heading
        # all the chart, to clear it as one (never the captions)
        self.chart = VGroup(heading, grid, legend, luck_key, means_key,
                            *self.kind_groups)
        self.chart_key = legend
