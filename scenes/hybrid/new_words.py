"""The hybrid chapter, a frozen pretrained prompt reader: the drawing model asked
in words it never saw in training, beside the small reader trained here.

NewWords draws the ``new_words`` trace (``python -m engine record new_words``):
every picture, tick and figure on screen is read from it.

    make scene S=NewWords
    manim -pql scenes/hybrid/new_words.py NewWords
"""

from __future__ import annotations

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
    "phrasing": "new filler",
}
GUESS_OF = {  # which of the chapter's words a new word of each kind could mean
    "colour": "colour_names",
    "shape": "shape_names",
    "place": "position_names",  # only its first half: top or bottom
}
PART = {"colour": "colour", "shape": "shape", "place": "top or bottom"}
HELPS = 0.15  # the pretrained reader "helps" when it is this much more often right
BEATS = 0.1  # a reader is said to beat guessing by at least this much
EXAMPLES = 2  # example prompts drawn; the chart shows them all


def verdict_mark(right: bool, pal: style.Palette) -> Text:
    """A tick or a cross: the fixed rules' reading of one picture."""
    return text("\u2713 as asked" if right else "\u2717 not as asked",
                pal.data if right else pal.noise, style.LABEL_SIZE)  # fmt: skip


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


def outcome(f: float, s: float, q: float) -> str:
    """What the pretrained reader's score ``f`` on one kind of new word says,
    beside the small reader's ``s`` and guessing's ``q`` (0: nothing to
    guess): "helped" (well above both), "habit" (above guessing, but the small
    reader, blind to the word, is too, or nearly), "guess" (not above
    guessing), "worse" or "same" (no guessing level: beside the small reader)."""
    if q <= 0:
        if f >= s + HELPS:
            return "helped"
        return "worse" if f <= s - HELPS else "same"
    if f < q + HELPS:
        return "guess"
    if f >= s + HELPS:
        return "helped"
    return "habit"


def kind_line(kind: str, f: float, s: float, q: float) -> str:
    """One kind's spoken line: both readers' figures and, where there is a
    guessing level, what the pretrained one's score says beside it."""
    said = KIND_SAID[kind]
    case = outcome(f, s, q)
    if case == "habit":
        return (f"With {said}, the pretrained reader beat guessing, {pct(f)} to "
                f"{pct(q)}, but so did the small reader, {pct(s)}, which cannot "
                "read the word.")  # fmt: skip
    if case == "guess":
        return (f"With {said}, the pretrained reader {pct(f)}, the small one "
                f"{pct(s)}: no better than guessing, {pct(q)}.")  # fmt: skip
    if case == "helped" and q > 0:
        return (f"With {said}, the pretrained reader {pct(f)}, well above the "
                f"small one, {pct(s)}, and guessing, {pct(q)}.")  # fmt: skip
    return f"With {said}, the small reader {pct(s)}, the pretrained one {pct(f)}."


def after_guess(f: float, s: float, q: float) -> str:
    """Said after the first guessing level is worked out: the pretrained
    reader's score beside it."""
    case = outcome(f, s, q)
    if case == "guess":
        return "The pretrained reader did no better than that."
    if case == "habit":
        return "The pretrained reader beat that, but so did the small one."
    return "The pretrained reader beat that, and the small one."


def conclusion(kinds: list[str], frozen, small, guess=None) -> list[str]:
    """The scene's verdict (one or two sentences), chosen by the two readers'
    measured accuracy on prompts in new words, kind by kind (``outcome``):
    where the pretrained reader was well above both the small reader and
    guessing the new word, what it knows of English "carried over"."""

    def listed(names: list[str]) -> str:
        words = [KIND_SHOWN[k].replace("new ", "") for k in names]
        return (
            words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        )

    g = list(guess) if guess is not None else [0.0] * len(kinds)
    cases = {k: outcome(float(f), float(s), float(q))
             for k, f, s, q in zip(kinds, frozen, small, g, strict=True)}  # fmt: skip
    helped = [k for k in kinds if cases[k] == "helped"]
    worse = [k for k in kinds if cases[k] == "worse"]
    if not helped:
        return ["So in this small test, knowing English did not help the drawing "
                "model with new words."]  # fmt: skip
    said = ("What the pretrained reader knows of English carried over to new "
            f"{listed(helped)} words.")  # fmt: skip
    if worse:
        return [said, f"With new {listed(worse)} words it did worse."]
    if len(helped) < len(kinds):
        return [said, "With the others it did no better than guessing or the "
                      "small reader."]  # fmt: skip
    return [said]


def why_not(new_word: str, chapter_words: int) -> list[str]:
    """Why a reader that knows a word need not help the drawing, said when it
    did not; and what a text reader needs to help."""
    return [f"The pretrained reader knows {quoted(new_word)} from text, but no "
            "training picture came with it, so the drawing model never learned "
            "what to draw for it.",
            "A text reader helps only once the drawing model has learned, from "
            "pictures, what the reader's numbers mean; real tools train on far "
            "more words and pictures."]


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
    pic = 1.75  # scene units, one picture's side in the examples
    prompt_size = 36  # the prompt and what each reader makes of it
    chip_size = 30  # the small reader's words, at the top
    prompt_width = 2.2  # scene units: a wider example prompt wraps
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
        self.add(title_text("Does a reader that knows English help?", pal))
        self.readers(str(tr["example_text"][0]), str(tr["example_small_words"][0]),
                     str(tr["example_pieces"][0]).split())  # fmt: skip
        self.trained_wording()
        self.examples()
        self.by_kind()
        kinds = [str(k) for k in tr["kind_names"]]
        guess = self.guess()
        ending = conclusion(kinds, tr["frozen_by_kind"], tr["small_by_kind"], guess)
        g = guess if guess is not None else [0.0] * len(kinds)
        helped = [k for k, f, s, q in zip(kinds, tr["frozen_by_kind"],
                                          tr["small_by_kind"], g, strict=True)
                  if outcome(float(f), float(s), float(q)) == "helped"]  # fmt: skip
        group = dict(zip(kinds, self.kind_groups, strict=True))
        self.narrate(ending[0])
        if helped:  # the kinds the pretrained reader carried over to, boxed
            self.play(*(Create(SurroundingRectangle(group[k], color=pal.accent,
                                                    buff=0.12)) for k in helped),
                      run_time=0.8)  # fmt: skip
        for line in ending[1:]:
            self.narrate(line)
        self.hold_caption()
        if not helped:
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
        lines = why_not(word, int(self.tr.stats["chapter_words"]))
        chart = Group(*[m for m in self.mobjects if m is not self.title_mob])
        row = VGroup(
            text(quoted(word), pal.sample, self.prompt_size),
            self.box(["pretrained reader:", "has read it in text \u2713"], pal.guess),
            self.box(["drawing model:", "never shown it", "with a picture \u2717"],
                     pal.noise),
        ).arrange(RIGHT, buff=0.9).move_to([0, 0.7, 0])  # fmt: skip
        arrows = VGroup(*[Arrow(row[i].get_right(), row[i + 1].get_left(),
                                buff=0.12, color=pal.muted, stroke_width=3)
                          for i in range(2)])  # fmt: skip
        self.narrate(lines[0])
        self.play(FadeOut(chart), run_time=0.5)
        self.play(FadeIn(row[0]), run_time=0.4)
        self.play(GrowArrow(arrows[0]), FadeIn(row[1]), run_time=0.7)
        self.play(GrowArrow(arrows[1]), FadeIn(row[2]),
                  run_time=max(0.7, self.caption_left() - 0.5))  # fmt: skip
        lesson = VGroup(
            text("a text reader helps only once the drawing model has learned,",
                 pal.text, style.BODY_SIZE),
            text("from pictures, what the reader's numbers mean",
                 pal.text, style.BODY_SIZE),
            text(f"here: pictures came with {self.tr.stats['chapter_words']} words; "
                 "real tools: far more words and pictures", pal.muted,
                 style.LABEL_SIZE),
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
                     f"only {st['chapter_words']} words, and can read no "
                     "others.")  # fmt: skip
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
        head_small = text("it sees:", pal.text, style.LABEL_SIZE)
        head_small.next_to(seen, LEFT, 0.4)
        said = " ".join(w for w in prompt.split() if w in known) or "nothing"
        self.narrate(f"Asked for {quoted(prompt)}, it can look up only "
                     f"{quoted(said)}.")  # fmt: skip
        self.play(FadeIn(words), run_time=0.6)
        self.play(FadeIn(head_small),
                  # a known word is copied down; an unknown one becomes a
                  # "?" without morphing its letters into it
                  *(TransformFromCopy(w, s) if p in known
                    else FadeIn(s, shift=DOWN * 0.3)
                    for p, w, s in zip(prompt.split(), words, seen, strict=True)),
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
            text(f"pretrained reader: a large text model, {pretrained[:cut]};",
                 pal.guess, style.LABEL_SIZE),
            text(pretrained[cut + 2:] + ". " + reads, pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.1).move_to([0, -1.05, 0])  # fmt: skip
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
                     f"model, {pretrained[:cut]}.")  # fmt: skip
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
        pipes = VGroup(
            self.pipeline("small reader, ours", "drawing model", pal.text),
            self.pipeline("pretrained reader, kept fixed",
                          "a copy of the drawing model", pal.guess),
        ).arrange(DOWN, buff=0.3).move_to([0, 1.35, 0])  # fmt: skip
        self.narrate("A copy of our drawing model learned to read its prompts "
                     "through the pretrained reader instead,")  # fmt: skip
        self.play(*map(FadeOut, (words, head_small, seen, head_pre, boxes)),
                  FadeOut(head_vocab), FadeOut(chips), run_time=0.5)  # fmt: skip
        self.play(FadeIn(pipes[0]), run_time=0.6)
        self.play(FadeIn(pipes[1], shift=DOWN * 0.2), run_time=0.8)
        self.narrate(f"on the same pictures, in the same {st['chapter_words']} "
                     "words.")  # fmt: skip
        self.play(FadeIn(head_lines),
                  LaggedStart(*map(FadeIn, lines), lag_ratio=0.4),
                  run_time=2.0)  # fmt: skip
        self.hold_caption()
        self.play(*map(FadeOut, (lines, head_lines, pipes)), run_time=0.4)

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
        rows.append(("pretrained reader, kept fixed", pal.guess, st))
        rows = [r for r in rows if r[2] is not None]
        xs = (-2.2, 2.4)
        heading = text("asked in the words they were trained on: pictures drawn "
                       "as asked", pal.text, style.LABEL_SIZE + 2
                       ).move_to([0, 2.55, 0])  # fmt: skip
        names, seen = VGroup(), VGroup()
        for r, (name, colour, stats) in enumerate(rows):
            y = 1.35 - r * 1.25
            names.add(text(name, colour, style.BODY_SIZE).move_to([xs[0], y, 0]))
            seen.add(VGroup(
                text(pct(stats["seen_accuracy"]), colour, style.BODY_SIZE + 4),
                text(f"of {int(stats['seen_pictures'])} pictures", pal.muted,
                     style.LABEL_SIZE),
            ).arrange(DOWN, buff=0.08).move_to([xs[1], y, 0]))  # fmt: skip
        well = all(float(r[2]["seen_accuracy"]) >= 0.8 for r in rows)
        self.play(FadeIn(heading), FadeIn(names), run_time=0.6)
        opening = "Asked in those words, both draw well" if well else \
            "Asked in those words"
        if small is not None:
            self.narrate(f"{opening}: the small reader "
                         f"{pct(small.stats['seen_accuracy'])} as asked, the "
                         f"pretrained one {pct(st['seen_accuracy'])}.")  # fmt: skip
        else:
            self.narrate(f"Asked in those words, the pretrained reader's model "
                         f"drew {pct(st['seen_accuracy'])} as asked.")  # fmt: skip
        self.play(LaggedStart(*map(FadeIn, seen), lag_ratio=0.6),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        n = int(st["chapter_words"])
        note = VGroup(
            text("a small test: every training picture came with a prompt",
                 pal.accent, style.BODY_SIZE),
            text(f"in these {n} words", pal.accent, style.BODY_SIZE),
        ).arrange(DOWN, buff=0.12).move_to([0, -1.55, 0])  # fmt: skip
        self.narrate(f"A small test: every picture these drawing models trained on "
                     f"came with a prompt in those {n} words.")  # fmt: skip
        self.play(FadeIn(note), run_time=max(0.8, min(2.0, self.caption_left())))
        self.hold_caption()
        self.play(*map(FadeOut, (heading, names, seen, note)), run_time=0.4)

    def examples(self):
        """Two example prompts in new words, the small reader's picture and
        the pretrained reader's, from the same static, with the fixed rules'
        verdicts."""
        pal, tr = self.palette, self.tr
        texts = [str(t) for t in tr["example_text"]][:EXAMPLES]
        cell = 7.0  # scene units between one example's column and the next
        xs = (-5.75, -3.55, -1.35)  # in the first cell: prompt, small, pretrained
        y = 0.35
        heads = VGroup()
        for c in range(len(texts)):  # over each column of pictures, on two lines
            for x, name, ink in ((xs[1], "small", pal.text),
                                 (xs[2], "pretrained", pal.guess)):  # fmt: skip
                heads.add(VGroup(text(name, ink, style.LABEL_SIZE),
                                 text("reader", ink, style.LABEL_SIZE))
                          .arrange(DOWN, buff=0.06)
                          .move_to([x + c * cell, y + self.pic / 2 + 0.45, 0]))
        rows = Group()
        for k, prompt in enumerate(texts):
            dx = k * cell
            # the words the small reader cannot read in the new-words colour,
            # as the prompt at the top showed them; wrapped, never shrunk
            known = set(str(tr["example_small_words"][k]).split())
            words = quoted(prompt).split()
            inks = [pal.text if w in known else pal.sample for w in prompt.split()]
            said = flow(words, inks, self.prompt_width, style.BODY_SIZE,
                        space=0.12)  # fmt: skip
            said.move_to([xs[0] + dx, y, 0])
            row = Group(said)
            for x, pics, marks in ((xs[1], "example_small", "example_small_right"),
                                   (xs[2], "example_frozen",
                                    "example_frozen_right")):  # fmt: skip
                img = picture(tr[pics][k], self.pic).move_to([x + dx, y, 0])
                # a frame: the dark picture reads as a picture, not as the page
                frame = SurroundingRectangle(img, buff=0.02, color=pal.muted,
                                             stroke_width=2)  # fmt: skip
                mark = verdict_mark(bool(tr[marks][k]), pal)
                row.add(Group(img, frame), mark.next_to(frame, DOWN, 0.12))
            rows.add(row)
        rules = text("the rules: colour of the bright pixels \u00b7 the quarter "
                     "they sit in \u00b7 the shape of their spread", pal.muted,
                     style.LABEL_SIZE).move_to([0, -2.05, 0])  # fmt: skip
        self.example_rows = rows  # tests read the pictures here
        self.narrate("Then both were asked in words no training prompt held, "
                     "each picture drawn from the same static;")  # fmt: skip
        self.play(FadeIn(heads), run_time=0.4)
        for row in rows:
            self.play(*(FadeIn(row[i]) for i in (0, 1, 3)), run_time=0.6)
        self.narrate("fixed rules, not a learned model, read each picture back.")
        self.play(FadeIn(rules),
                  LaggedStart(*(FadeIn(row[i], scale=1.3) for row in rows
                                for i in (2, 4)), lag_ratio=0.3),
                  run_time=max(1.0, self.caption_left()))  # fmt: skip
        # a small-reader picture judged right though some of its prompt's words
        # were unreadable to it is luck: said, with the words it could not read
        trained = {w for p in tr["train_phrasings"] for w in str(p).split()}
        lucky = []
        for k, prompt in enumerate(texts):
            known = set(str(tr["example_small_words"][k]).split())
            blind = [w for w in prompt.split() if w not in known and w not in trained]
            if bool(tr["example_small_right"][k]) and blind:
                lucky.append((k, blind))
        total = int(tr["prompts_by_kind"].sum())
        if lucky:
            k, blind = lucky[0]
            self.narrate("Two pictures prove little: the small reader, blind to "
                         f"{' and '.join(quoted(w) for w in blind)}, was right "
                         "here by luck.")  # fmt: skip
            mark = SurroundingRectangle(Group(rows[k][1], rows[k][2]), buff=0.08,
                                        color=pal.accent)  # fmt: skip
            self.play(Create(mark), run_time=0.8)
            self.hold_caption()
            self.play(FadeOut(mark), run_time=0.3)
        else:
            self.narrate(f"Two pictures prove little; all {total} follow.")
            self.hold_caption()
        self.play(FadeOut(heads), FadeOut(rows), FadeOut(rules), run_time=0.4)

    def guess(self):
        """What guessing the new word would score, per kind (0 where no word
        was replaced), when the trace holds it; else None."""
        tr = self.tr
        return tr["frozen_guess_by_kind"] if "frozen_guess_by_kind" in tr.arrays \
            else None

    def options(self, kind: str) -> int:
        """How many of the chapter's words a new word of ``kind`` could mean
        (0 when the chapter's own trace is not there to count them)."""
        if self.small_tr is None or kind not in GUESS_OF:
            return 0
        names = [str(n) for n in self.small_tr[GUESS_OF[kind]]]
        if kind == "place":  # the new place words replace "top" or "bottom"
            names = {n.split()[0] for n in names}
        return len(names)

    def by_kind(self):
        """Both readers' accuracy on every prompt in new words, by kind of
        change, each group naming its new words; bars grow while each kind is
        said, each with the level guessing the new word would reach, worked
        out under its group and said for the first; they stay."""
        pal, tr = self.palette, self.tr
        kinds = [str(k) for k in tr["kind_names"]]
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        count = tr["prompts_by_kind"]
        guess = self.guess()
        fresh = new_words_by_kind(tr)
        top, base, width, step = 3.0, -1.45, 0.75, 3.2
        left = -step * (len(kinds) - 1) / 2
        axis = Line([left - 1.4, base, 0], [-left + 1.4, base, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        legend = VGroup(
            text("\u25a0 small reader", pal.text, style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
        )
        if guess is not None:
            legend.add(text("- - guessing the new word", pal.accent,
                            style.LABEL_SIZE))  # fmt: skip
        legend.arrange(RIGHT, buff=0.5).move_to([0, 2.3, 0])
        heading = text(
            f"all {int(count.sum())} prompts in new words: pictures drawn as asked",
            pal.text,
            style.LABEL_SIZE + 2,
        ).move_to([0, 2.8, 0])
        groups, sums = [], {}
        for k, kind in enumerate(kinds):
            x = left + k * step
            shown = fresh.get(kind, [])
            name = VGroup(text(KIND_SHOWN[kind], pal.text, style.LABEL_SIZE),
                          text(", ".join(shown[:3]) + (", ..." if len(shown) > 3
                                                       else ""),
                               pal.sample, style.LABEL_SIZE),
                          text(f"{int(count[k])} pictures", pal.muted,
                               style.LABEL_SIZE))  # fmt: skip
            bars = VGroup()
            for dx, value, colour in ((-0.5, small[k], pal.text),
                                      (0.5, frozen[k], pal.guess)):  # fmt: skip
                h = max(0.03, top * float(value))
                bar = Rectangle(width=width, height=h, stroke_width=0)
                bar.set_fill(colour, opacity=1).move_to([x + dx, base + h / 2, 0])
                figure = text(pct(float(value)), colour, style.LABEL_SIZE)
                # over the dashed guess line, which it cuts rather than crosses
                figure.add_background_rectangle(color=pal.background, opacity=1,
                                                buff=0.04)  # fmt: skip
                figure.set_z_index(3)
                figure.background_rectangle.set_z_index(2)
                bars.add(VGroup(bar, figure.next_to(bar, UP, 0.08)))
            q = float(guess[k]) if guess is not None else 0.0
            if q > 0:  # guessing, dashed, its value beside the line's end
                n = self.options(kind)
                if n:  # the sum under its group: 1/n of the pictures right
                    # apart from the new word
                    sums[kind] = (n, q * n)
                    name.add(text(f"guess: 1/{n} \u00d7 {pct(q * n)}", pal.accent,
                                  style.LABEL_SIZE))  # fmt: skip
                y = base + top * q
                line = DashedLine([x - 0.95, y, 0], [x + 0.95, y, 0],
                                  color=pal.accent, stroke_width=5,
                                  dash_length=0.1)  # fmt: skip
                value = text(f"= {pct(q)}" if n else pct(q), pal.accent,
                             style.LABEL_SIZE)  # fmt: skip
                value.next_to(line, RIGHT, 0.08)
                # clear of the pretrained bar's own figure, which sits just
                # above its bar: when the two are close, under the line
                if abs(float(frozen[k]) - q) * top < 0.45:
                    value.next_to(line.get_end(), DOWN + RIGHT, 0.05)
                value.add_background_rectangle(color=pal.background, opacity=1,
                                               buff=0.03)  # fmt: skip
                bars.add(VGroup(line, value))
            # every group's lines on the same baselines, descenders or not
            drop, cap = descender(style.LABEL_SIZE), text("H", pal.text,
                                                          style.LABEL_SIZE).height
            for i, line in enumerate(name):
                sit_on_baseline(line, base - 0.14 - cap - i * (cap + 0.14), drop)
                line.set_x(x)
            groups.append((name, bars))
        self.narrate(f"Over all {int(count.sum())} prompts in new words, pictures "
                     "drawn as asked:")  # fmt: skip
        self.play(Create(axis), FadeIn(heading), FadeIn(legend), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(name) for name, _ in groups), lag_ratio=0.3),
                  run_time=max(1.2, min(3.0, self.caption_left())))  # fmt: skip
        explained = False
        for k, (name, bars) in enumerate(groups):
            f, s = float(frozen[k]), float(small[k])
            q = float(guess[k]) if guess is not None else 0.0
            first = q > 0 and not explained and kinds[k] in sums
            if first:  # the figures first, the guessing level worked out next
                self.narrate(f"With {KIND_SAID[kinds[k]]}, like "
                             f"{quoted(fresh[kinds[k]][0])}, the small reader "
                             f"{pct(s)}, the pretrained one {pct(f)}.")  # fmt: skip
            else:
                self.narrate(kind_line(kinds[k], f, s, q))
            self.play(*(GrowFromEdge(b[0], DOWN) for b in bars[:2]),
                      *(FadeIn(b[1]) for b in bars[:2]), run_time=0.8)
            if len(bars) > 2:
                self.play(Create(bars[2][0]), FadeIn(bars[2][1]), run_time=0.5)
            if first:
                explained = True
                n, rest = sums[kinds[k]]
                self.narrate("Dashed: what the pretrained reader would score if it "
                             "guessed the new word at random and drew the rest "
                             "as it did.")  # fmt: skip
                self.play(Indicate(bars[2][0], color=pal.accent), run_time=1.0)
                self.hold_caption()
                self.narrate(f"For a {PART[kinds[k]]}, 1 chance in {n}, times the "
                             f"{pct(rest)} of its pictures right apart from the "
                             f"{PART[kinds[k]]}: {pct(q)}. "
                             f"{after_guess(f, s, q)}")  # fmt: skip
                self.play(Indicate(name[-1], color=pal.accent, scale_factor=1.2),
                          run_time=1.2)  # fmt: skip
                self.play(Indicate(bars[2][1], color=pal.accent, scale_factor=1.2),
                          run_time=max(0.8, min(2.0, self.caption_left())))
            self.hold_caption()
        self.kind_groups = [VGroup(name, bars) for name, bars in groups]
        self.mark_poster()
