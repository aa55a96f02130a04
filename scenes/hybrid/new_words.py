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
    "phrasing": "the chapter's words with new filler words around them, which "
                "the small reader skips",
}
KIND_SHOWN = {  # under its bars, where there is room for two words
    "colour": "new colour",
    "shape": "new shape",
    "place": "new place",
    "phrasing": "longer wording",
}
GUESS_OF = {  # which of the chapter's words a new word of each kind could mean
    "colour": "colour_names",
    "shape": "shape_names",
    "place": "position_names",  # only its first half: top or bottom
}
HELPS = 0.15  # the pretrained reader "helps" when it is this much more often right
BEATS = 0.1  # the small reader, blind to the new word, is said to beat guessing


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


def conclusion(kinds: list[str], frozen, small, guess=None) -> list[str]:
    """The scene's last lines (one or two sentences), chosen by the two
    readers' measured accuracy on prompts in new words, kind by kind: where
    the pretrained reader was right at least HELPS more often than the small
    reader and, when the trace holds it, than guessing the new word
    (``guess``, 0 where no word was replaced), it "carried over"; elsewhere
    it did about as well (or worse, said so), and a score near guessing is
    called that."""

    def listed(names: list[str]) -> str:
        words = [KIND_SHOWN[k].replace("new ", "") for k in names]
        return (
            words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        )

    g = list(guess) if guess is not None else [0.0] * len(kinds)
    helped = [k for k, f, s, q in zip(kinds, frozen, small, g, strict=True)
              if f >= s + HELPS and f >= q + HELPS]  # fmt: skip
    worse = [k for k, f, s in zip(kinds, frozen, small, strict=True) if f <= s - HELPS]
    guessed = [k for k, f, q in zip(kinds, frozen, g, strict=True)
               if q > 0 and f < q + HELPS]  # fmt: skip
    if not helped:
        if guessed:
            # better than the small reader is not yet better than guessing:
            # each said for what it is, in the plainest words the figures allow
            better = [k for k, f, s, q in zip(kinds, frozen, small, g, strict=True)
                      if k in guessed and f >= s + HELPS]  # fmt: skip
            same = [k for k in guessed if k not in better]
            lines = ["So the pretrained reader did not help with new words "
                     "beyond guessing."]
            if better:
                lines.append(f"With a new {listed(better)} word it beat the small "
                             "reader, but was right only as often as a random "
                             "guess of the word.")
            if same:
                lines.append(f"With a new {listed(same)} word it did no better "
                             "than guessing the word.")
            return lines
        return ["So the pretrained reader did not help with new words:",
                "what it knows of English did not reach the drawing."]  # fmt: skip
    said = ("What the pretrained reader learned of English carried over to "
            f"new {listed(helped)} words.")  # fmt: skip
    if worse:
        return [said, f"With {listed(worse)} words it did worse."]
    if len(helped) < len(kinds):
        return [said, "With the others it did about as well as the small reader."]
    return [said]



def why_not(new_word: str, chapter_words: int) -> list[str]:
    """Why a reader that knows a word need not help the drawing, said when it
    did not: the drawing model only learned what the chapter's words look
    like; and how small this test is."""
    return [f"Knowing the word {quoted(new_word)} from text did not tell the "
            "drawing model what to draw: no training picture came with it.",
            f"A small test: a drawing model trained on prompts in {chapter_words} "
            "words. Real tools train theirs on far more words and pictures."]

class NewWords(ExplainerScene):
    """The small reader's words; one prompt in new words as each reader sees
    it; both models asked in their training words; their pictures for a few
    prompts in new words, read back by fixed rules; then both models' accuracy
    by kind of new word against guessing, and what that says."""

    trace_kind = "new_words"
    pic = 1.45  # scene units, one picture's side in the examples
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
        g = guess if guess is not None else [0.0] * len(kinds)
        first, *rest = conclusion(kinds, tr["frozen_by_kind"], tr["small_by_kind"],
                                  guess)  # fmt: skip
        helped = [k for k, f, s, q in zip(kinds, tr["frozen_by_kind"],
                                          tr["small_by_kind"], g, strict=True)
                  if f >= s + HELPS and f >= q + HELPS]  # fmt: skip
        guessed = [k for k, f, q in zip(kinds, tr["frozen_by_kind"], g, strict=True)
                   if q > 0 and f < q + HELPS]  # fmt: skip
        group = dict(zip(kinds, self.kind_groups, strict=True))
        self.narrate(first)
        if helped:  # the kinds the pretrained reader carried over to, boxed
            self.play(*(Create(SurroundingRectangle(group[k], color=pal.accent,
                                                    buff=0.12)) for k in helped),
                      run_time=0.8)  # fmt: skip
        else:  # the others dimmed; where it only reached guessing, said so big
            spoken = set(guessed) | set(helped)
            marks = VGroup(*[
                text("\u2248 guessing", pal.accent, style.BODY_SIZE).next_to(
                    group[k], UP, 0.15) for k in guessed])  # fmt: skip
            self.play(*(group[k].animate.set_opacity(0.3) for k in kinds
                        if k not in spoken),
                      LaggedStart(*map(FadeIn, marks), lag_ratio=0.4),
                      run_time=max(1.0, min(2.0, self.caption_left())))  # fmt: skip
        for line in rest:
            self.narrate(line)
            self.hold_caption()
        if not helped:
            self.why(rest)
        self.wait(self.hold_seconds)

    def new_word(self) -> str:
        """The first word of the first example the small reader cannot read."""
        known = set(str(self.tr["example_small_words"][0]).split())
        return next(w for w in str(self.tr["example_text"][0]).split()
                    if w not in known)  # fmt: skip

    def why(self, said: list[str]):
        """Why knowing the word did not help, as a row: the new word, the
        reader that has read it, the drawing model that never drew it."""
        pal = self.palette
        word = self.new_word()
        lines = why_not(word, int(self.tr.stats["chapter_words"]))
        chart = Group(*[m for m in self.mobjects if m is not self.title_mob])
        row = VGroup(
            text(quoted(word), pal.sample, self.prompt_size),
            self.box(["pretrained reader:", "has read it in text \u2713"], pal.guess),
            self.box(["drawing model:", "never shown it", "with a picture \u2717"],
                     pal.noise),
        ).arrange(RIGHT, buff=0.9).move_to([0, 0.4, 0])  # fmt: skip
        arrows = VGroup(*[Arrow(row[i].get_right(), row[i + 1].get_left(),
                                buff=0.12, color=pal.muted, stroke_width=3)
                          for i in range(2)])  # fmt: skip
        self.narrate(lines[0])
        self.play(FadeOut(chart), run_time=0.5)
        self.play(FadeIn(row[0]), run_time=0.4)
        self.play(GrowArrow(arrows[0]), FadeIn(row[1]), run_time=0.7)
        self.play(GrowArrow(arrows[1]), FadeIn(row[2]),
                  run_time=max(0.7, self.caption_left() - 0.5))  # fmt: skip
        small = text(f"trained on prompts in {self.tr.stats['chapter_words']} words",
                     pal.muted, style.BODY_SIZE).next_to(row[2], DOWN, 0.3)
        self.narrate(lines[1])
        self.play(FadeIn(small), run_time=0.6)
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
        head_vocab = text(f"the small reader, trained here, knows {len(vocab)} "
                          "words:", pal.text, style.BODY_SIZE)  # fmt: skip
        head_vocab.move_to([0, 2.8, 0])
        chips = word_boxes(vocab, pal.muted, pal.text, self.chip_size, 0.12)
        chips.scale_to_fit_width(min(chips.width, config.frame_width - 0.6))
        chips.move_to([0, 2.15, 0])
        self.narrate("The small prompt reader trained here learned its "
                     f"{st['chapter_words']} words from scratch, and can read no "
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
                     f"model: {pretrained}.")  # fmt: skip
        self.play(FadeIn(head_pre), run_time=0.8)
        first_new = self.new_word()
        self.narrate(f"It knows every piece of our prompt, {quoted(first_new)} too, "
                     "from its own text." if split else
                     f"It has met every word of our prompt before, "
                     f"{quoted(first_new)} too, in its own text.")  # fmt: skip
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
            self.pipeline("small reader, trained here", "drawing model", pal.text),
            self.pipeline("pretrained reader, kept fixed",
                          "a copy of the drawing model", pal.guess),
        ).arrange(DOWN, buff=0.3).move_to([0, 1.35, 0])  # fmt: skip
        self.narrate("A copy of the drawing model learned to take its prompts from "
                     "the pretrained reader instead of the small one,")  # fmt: skip
        self.play(*map(FadeOut, (words, head_small, seen, head_pre, boxes)),
                  FadeOut(head_vocab), FadeOut(chips), run_time=0.5)  # fmt: skip
        self.play(FadeIn(pipes[0]), run_time=0.6)
        self.play(FadeIn(pipes[1], shift=DOWN * 0.2), run_time=0.8)
        self.narrate("on the same pictures, each prompt worded in "
                     f"{len(phrasings)} ways with the same colour, shape and place "
                     "words:")  # fmt: skip
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
        """Both models asked in the words they were trained on: combinations
        seen in training and mixes no training picture showed, a row per
        reader, each figure with the reader it belongs to."""
        pal, st, small = self.palette, self.tr.stats, self.small_tr
        rows = [("small reader, trained here", pal.text,
                 None if small is None else small.stats)]
        rows.append(("pretrained reader, kept fixed", pal.guess, st))
        rows = [r for r in rows if r[2] is not None]
        xs = (-3.6, 1.2, 4.6)
        heads = VGroup(
            text("combinations", pal.text, style.LABEL_SIZE),
            text("seen in training", pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.06).move_to([xs[1], 1.55, 0])  # fmt: skip
        heads_new = VGroup(
            text("mixes no training", pal.text, style.LABEL_SIZE),
            text("picture showed", pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.06).move_to([xs[2], 1.55, 0])  # fmt: skip
        heading = text("asked in the words they were trained on: pictures drawn "
                       "as asked", pal.text, style.LABEL_SIZE + 2
                       ).move_to([0, 2.55, 0])  # fmt: skip
        names, seen, held = VGroup(), VGroup(), VGroup()
        for r, (name, colour, stats) in enumerate(rows):
            y = 0.45 - r * 1.35
            names.add(text(name, colour, style.BODY_SIZE).move_to([xs[0], y, 0]))
            for x, key, out in ((xs[1], "seen", seen), (xs[2], "heldout", held)):
                out.add(VGroup(
                    text(pct(stats[f"{key}_accuracy"]), colour, style.BODY_SIZE + 4),
                    text(f"of {int(stats[f'{key}_pictures'])} pictures", pal.muted,
                         style.LABEL_SIZE),
                ).arrange(DOWN, buff=0.08).move_to([x, y, 0]))  # fmt: skip
        self.play(FadeIn(heading), FadeIn(names), run_time=0.6)
        if small is not None:
            self.narrate("Asked in the words they were trained on, both draw well: "
                         f"the small reader {pct(small.stats['seen_accuracy'])} as "
                         f"asked, the pretrained one {pct(st['seen_accuracy'])},")
        else:
            self.narrate("Asked in the words it was trained on, the pretrained "
                         f"reader's model drew {pct(st['seen_accuracy'])} as "
                         "asked,")  # fmt: skip
        self.play(FadeIn(heads), LaggedStart(*map(FadeIn, seen), lag_ratio=0.6),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        if small is not None:
            held_small = pct(small.stats["heldout_accuracy"])
            self.narrate("and of the mixes of colour, shape and place that no "
                         f"training picture showed, {held_small} and "
                         f"{pct(st['heldout_accuracy'])}.")  # fmt: skip
        else:
            self.narrate(f"and {pct(st['heldout_accuracy'])} of the mixes of "
                         "colour, shape and place that no training picture "
                         "showed.")  # fmt: skip
        self.play(FadeIn(heads_new), LaggedStart(*map(FadeIn, held), lag_ratio=0.6),
                  run_time=max(1.0, min(2.5, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.play(*map(FadeOut, (heading, names, heads, heads_new, seen, held)),
                  run_time=0.4)  # fmt: skip

    def examples(self):
        """Each example prompt, the small reader's picture and the pretrained
        reader's, from the same static, with the fixed rules' verdicts: two
        examples a row, so the pictures are big enough to judge."""
        pal, tr = self.palette, self.tr
        cols, ys = 2, (1.55, -1.0)  # picture centres, a row of examples each
        # two rows of two fill the frame: further examples are not drawn
        texts = [str(t) for t in tr["example_text"]][: cols * len(ys)]
        cell = 7.0  # scene units between one example's column and the next
        xs = (-5.8, -3.5, -1.3)  # in the first cell: prompt, small, pretrained
        heads = VGroup()
        for c in range(cols):  # over each column of pictures, on two lines
            for x, name, ink in ((xs[1], "small", pal.text),
                                 (xs[2], "pretrained", pal.guess)):  # fmt: skip
                heads.add(VGroup(text(name, ink, style.LABEL_SIZE),
                                 text("reader", ink, style.LABEL_SIZE))
                          .arrange(DOWN, buff=0.06)
                          .move_to([x + c * cell, 2.68, 0]))  # fmt: skip
        rows = Group()
        for k, prompt in enumerate(texts):
            r, c = divmod(k, cols)
            y, dx = ys[r], c * cell
            # the words the small reader cannot read in the new-words colour,
            # as the prompt at the top showed them; wrapped, never shrunk
            known = set(str(tr["example_small_words"][k]).split())
            words = quoted(prompt).split()
            bare = prompt.split()
            inks = [pal.text if w in known else pal.sample for w in bare]
            said = flow(words, inks, self.prompt_width, style.LABEL_SIZE + 2,
                        space=0.12)
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
                row.add(Group(img, frame), mark.next_to(frame, DOWN, 0.1))
            rows.add(row)
        rules = text("the rules: colour of the bright pixels \u00b7 the quarter "
                     "they sit in \u00b7 the shape of their spread", pal.muted,
                     style.LABEL_SIZE).move_to([0, -2.7, 0])  # fmt: skip
        self.example_rows = rows  # tests read the pictures here
        self.narrate("Then both were asked in words no training prompt held.")
        self.play(FadeIn(heads), run_time=0.4)
        # prompts and pictures first; each verdict comes with the line that
        # says how pictures are judged
        for row in rows:
            self.play(*(FadeIn(row[i]) for i in (0, 1, 3)), run_time=0.6)
        self.narrate("Fixed rules, not a learned model, read each picture back: "
                     "the colour of its bright pixels, the quarter they sit in, "
                     "and the shape of how they spread.")  # fmt: skip
        self.play(FadeIn(rules),
                  LaggedStart(*(FadeIn(row[i], scale=1.3) for row in rows
                                for i in (2, 4)), lag_ratio=0.3),
                  run_time=max(1.5, self.caption_left()))  # fmt: skip
        # a small-reader picture judged right though some of its prompt's words
        # were unreadable to it (colour, shape and two place words: 4) is luck
        lucky = [bool(tr["example_small_right"][k])
                 and len(str(tr["example_small_words"][k]).split()) < 4
                 for k in range(len(texts))]  # fmt: skip
        if any(lucky):
            self.hold_caption()
            self.narrate("Where the small reader is right, it drew without the "
                         "words it could not read, and its habit happened to "
                         "match. A few examples prove little; every prompt in new "
                         "words follows.")  # fmt: skip
            marks = [SurroundingRectangle(Group(row[1], row[2]), buff=0.08,
                                          color=pal.accent)
                     for row, luck in zip(rows, lucky, strict=True)
                     if luck]  # fmt: skip
            self.play(*map(Create, marks), run_time=0.8)
            self.hold_caption()
            self.play(*map(FadeOut, marks), run_time=0.3)
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
        change, as bars growing while each kind is said, each with the level
        a random guess of the new word would reach; they stay."""
        pal, tr = self.palette, self.tr
        kinds = [str(k) for k in tr["kind_names"]]
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        count = tr["prompts_by_kind"]
        guess = self.guess()
        top, base, width, step = 3.2, -1.85, 0.75, 3.2
        left = -step * (len(kinds) - 1) / 2
        axis = Line([left - 1.4, base, 0], [-left + 1.4, base, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        legend = VGroup(
            text("\u25a0 small reader", pal.text, style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
        )
        if guess is not None:
            legend.add(text("- - a random guess of the new word", pal.accent,
                            style.LABEL_SIZE))  # fmt: skip
        legend.arrange(RIGHT, buff=0.5).move_to([0, 2.3, 0])
        heading = text(
            "prompts in new words: pictures drawn as asked",
            pal.text,
            style.LABEL_SIZE + 2,
        ).move_to([0, 2.8, 0])
        groups = []
        for k, kind in enumerate(kinds):
            x = left + k * step
            name = VGroup(text(KIND_SHOWN[kind], pal.text, style.LABEL_SIZE),
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
            if guess is not None and float(guess[k]) > 0:  # guessing, dashed
                n = self.options(kind)
                if n:  # how many words the guess picks from, under its group
                    name.add(text(f"guess: 1 in {n}", pal.accent, style.LABEL_SIZE))
                y = base + top * float(guess[k])
                line = DashedLine([x - 0.95, y, 0], [x + 0.95, y, 0],
                                  color=pal.accent, stroke_width=5,
                                  dash_length=0.1)  # fmt: skip
                value = text(pct(float(guess[k])), pal.accent, style.LABEL_SIZE)
                bars.add(VGroup(line, value.next_to(line, RIGHT, 0.08)))
            elif kind == "phrasing":  # no word replaced: nothing to guess
                name.add(text("filler words added", pal.muted, style.LABEL_SIZE))
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
                  run_time=1.2)  # fmt: skip
        said_guess = False
        for k, (_, bars) in enumerate(groups):
            self.narrate(f"With {KIND_SAID[kinds[k]]}, the small reader "
                         f"{pct(float(small[k]))}, the pretrained one "
                         f"{pct(float(frozen[k]))}.")  # fmt: skip
            # each bar rises as its figure is said: the small reader's first,
            # the pretrained one's with the part of the line that names it
            for i, b in enumerate(bars[:2]):
                if i:  # the second figure waits for its part of the line
                    self.wait_frames(self.next_caption_in())
                self.play(GrowFromEdge(b[0], DOWN), FadeIn(b[1]), run_time=0.8)
            if len(bars) > 2:  # the guessing level, said once, at its first
                if not said_guess:
                    self.narrate(self.guess_line())
                    said_guess = True
                    self.play(Create(bars[2][0]), FadeIn(bars[2][1]), run_time=0.5)
                    # each group's "1 in ..." pointed at while the picks are said
                    picks = [name[2] for name, _ in groups
                             if len(name) > 2 and "1 in" in name[2].text]
                    if picks:
                        self.play(LaggedStart(*(Indicate(t, color=pal.accent,
                                                         scale_factor=1.3)
                                                for t in picks), lag_ratio=0.6),
                                  run_time=max(1.0, self.caption_left()))
                else:
                    self.play(Create(bars[2][0]), FadeIn(bars[2][1]),
                              run_time=0.5)  # fmt: skip
                if float(small[k]) >= float(guess[k]) + BEATS:
                    # blind to the new word, yet above guessing: said why
                    self.narrate(f"Blind to the new {KIND_SHOWN[kinds[k]][4:]} "
                                 "word, the small reader still beat guessing: its "
                                 "habits, learned from the other words, happened "
                                 "to match.")  # fmt: skip
                    self.play(Indicate(bars[0], color=pal.accent), run_time=1.0)
        self.kind_groups = [VGroup(name, bars) for name, bars in groups]
        self.mark_poster()

    def guess_line(self) -> str:
        """What the dashed level is, said once: a random pick among the words
        the new one could mean, the rest drawn as the pretrained reader's
        model drew it."""
        n = {k: self.options(k) for k in GUESS_OF}
        if all(n.values()):
            picks = (f"1 in {n['colour']} for a colour, 1 in {n['shape']} for a "
                     f"shape, 1 in {n['place']} for top or bottom")
            return ("Dashed: picking the new word's meaning at random, "
                    f"{picks}, with the rest of the picture as the pretrained "
                    "reader's model drew it.")  # fmt: skip
        return ("Dashed: picking the new word's meaning at random among the "
                "chapter's words it could mean, with the rest of the picture as "
                "the pretrained reader's model drew it.")  # fmt: skip

