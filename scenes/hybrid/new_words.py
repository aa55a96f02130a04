"""The hybrid chapter, a frozen pretrained prompt reader: the drawing model asked
in words it never saw in training, beside the small reader trained here.

NewWords draws the ``new_words`` trace (``python -m engine record new_words``):
every picture, tick and figure on screen is read from it.

    make scene S=NewWords
    manim -pql scenes/hybrid/new_words.py NewWords
"""

from __future__ import annotations

from manim import *

from scenes.hybrid.draw import picture
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.numbers import millions, pct
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
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
    "phrasing": "a longer wording (the same words, and new ones around them)",
}
KIND_SHOWN = {  # under its bars, where there is room for two words
    "colour": "new colour",
    "shape": "new shape",
    "place": "new place",
    "phrasing": "longer wording",
}
HELPS = 0.15  # the pretrained reader "helps" when it is this much more often right


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
            # each said for what it is
            better = [k for k, f, s in zip(kinds, frozen, small, strict=True)
                      if k in guessed and f >= s + HELPS]  # fmt: skip
            same = [k for k in guessed if k not in better]
            lines = ["Here the pretrained reader did not help with new words "
                     "beyond guessing:"]
            if better:
                lines.append(f"it beat the small reader with new {listed(better)} "
                             "words, but only as far as guessing the word would.")
            if same:
                lines.append(f"With new {listed(same)} words it did no better "
                             "than guessing the word.")
            return lines
        return ["Here the pretrained reader did not help with new words:",
                "what it knows of English did not reach the drawing."]  # fmt: skip
    said = ("What the pretrained reader learned of English carried over to "
            f"new {listed(helped)} words.")  # fmt: skip
    if worse:
        return [said, f"With {listed(worse)} words it did worse."]
    if len(helped) < len(kinds):
        return [said, "With the others it did about as well as the small reader."]
    return [said]


class NewWords(ExplainerScene):
    """One prompt in new words as each reader sees it; the two drawing models'
    pictures for a few such prompts, read back by fixed rules; then both
    models' accuracy by kind of new word, and the pretrained one's on its
    training wording."""

    trace_kind = "new_words"
    pic = 1.15  # scene units, one picture's side in the examples
    prompt_size = 36  # the prompt and what each reader makes of it
    prompt_width = 5.0  # scene units: a wider example prompt takes two lines
    hold_seconds = 1.0

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def construct(self):
        pal, tr = self.palette, self.tr
        self.add(title_text("Does a reader that knows English help?", pal))
        self.readers(str(tr["example_text"][0]), str(tr["example_small_words"][0]),
                     str(tr["example_pieces"][0]).split())  # fmt: skip
        self.examples()
        self.by_kind()
        self.own_wording()
        kinds = [str(k) for k in tr["kind_names"]]
        guess = self.guess()
        first, *rest = conclusion(kinds, tr["frozen_by_kind"], tr["small_by_kind"],
                                  guess)  # fmt: skip
        self.narrate(first)
        g = guess if guess is not None else [0.0] * len(kinds)
        helped = [grp for grp, f, s, q in zip(self.kind_groups, tr["frozen_by_kind"],
                                              tr["small_by_kind"], g, strict=True)
                  if f >= s + HELPS and f >= q + HELPS]  # fmt: skip
        if helped:  # the kinds the pretrained reader carried over to, boxed
            self.play(*(Create(SurroundingRectangle(g, color=self.palette.accent,
                                                    buff=0.12)) for g in helped),
                      run_time=0.8)  # fmt: skip
        named = [grp for grp, kind in zip(self.kind_groups, kinds, strict=True)
                 if any(KIND_SHOWN[kind].replace("new ", "") in line
                        for line in rest)]  # fmt: skip
        others = named or [grp for grp in self.kind_groups if grp not in helped]
        for i, line in enumerate(rest):
            self.narrate(line)
            if others and i == 0:  # the kinds the lines speak of, pointed at
                self.play(*(Create(SurroundingRectangle(grp, color=self.palette.muted,
                                                        buff=0.12))
                            for grp in others), run_time=0.8)  # fmt: skip
        self.wait(self.hold_seconds)

    def readers(self, prompt: str, small_words: str, pieces: list[str]):
        """The small reader's words; the prompt; what the small reader can look
        up of it; the pieces the pretrained reader splits it into. Each part
        comes in with the line that speaks of it; words sit on one baseline."""
        pal, st, tr = self.palette, self.tr.stats, self.tr
        known = set(small_words.split())
        vocab = [str(w) for w in tr["chapter_vocab"]]
        head_vocab = text(f"the small reader, trained here, knows {len(vocab)} "
                          "words:", pal.text, style.LABEL_SIZE)  # fmt: skip
        head_vocab.move_to([0, 2.75, 0])
        chips = word_boxes(vocab, pal.muted, pal.text, style.LABEL_SIZE, 0.12)
        chips.move_to([0, 2.2, 0])
        self.narrate("The small prompt reader trained here learned its "
                     f"{st['chapter_words']} words from scratch, and can read no "
                     "others.")  # fmt: skip
        self.play(FadeIn(head_vocab),
                  LaggedStart(*map(FadeIn, chips), lag_ratio=0.25),
                  run_time=2.0)  # fmt: skip
        words = flow(prompt.split(), [pal.sample] * len(prompt.split()),
                     config.frame_width, self.prompt_size, space=0.35)  # fmt: skip
        baseline = 1.3 - words.get_center()[1]  # flow puts the baseline at 0
        words.move_to([0, 1.3, 0])
        drop = descender(self.prompt_size)
        seen = VGroup()
        for w, shown in zip(prompt.split(), words, strict=True):
            ink = pal.text if w in known else pal.muted
            t = text(w if w in known else "?", ink, self.prompt_size)
            t.set_x(shown.get_x())
            seen.add(sit_on_baseline(t, baseline - 1.05, drop))
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
        # marks a piece that continues a word): here it may know each whole
        split = any(p.startswith("##") for p in shown)
        reads = ("It splits rare words into pieces:" if split
                 else "It reads our prompt as:")  # fmt: skip
        head_pre = VGroup(
            text("pretrained reader: a transformer already trained elsewhere on "
                 "a huge collection of text,", pal.text, style.LABEL_SIZE),
            text(f"not changed here ({millions(st['encoder_parameters'])} numbers). "
                 + reads, pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.1).move_to([0, -1.0, 0])  # fmt: skip
        boxes = word_boxes(shown, pal.guess, pal.guess, style.BODY_SIZE, 0.2)
        boxes.move_to([0, -1.95, 0])
        boxes.scale_to_fit_width(min(boxes.width, config.frame_width - 1))
        self.narrate("Real tools read the prompt with a text model already "
                     "trained elsewhere, pretrained,")  # fmt: skip
        self.play(FadeIn(head_pre[0]), run_time=0.6)
        self.narrate("on a huge collection of text, and they do not change it.")
        self.play(FadeIn(head_pre[1]), run_time=0.6)
        self.narrate("It knows every piece of our prompt: it learned them on text "
                     "far beyond our words." if split else
                     "It knows every word of our prompt whole: it learned them on "
                     "text far beyond our words.")  # fmt: skip
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

    def examples(self):
        """Each example prompt, the small reader's picture and the pretrained
        reader's, from the same static, with the fixed rules' verdicts."""
        pal, tr = self.palette, self.tr
        texts = [str(t) for t in tr["example_text"]]
        xs = (-4.3, 0.9, 4.6)  # centres: prompts, small reader, pretrained
        heads = VGroup(
            text("prompt, in new words", pal.sample, style.LABEL_SIZE),
            text("small reader", pal.text, style.LABEL_SIZE),
            text("pretrained reader", pal.guess, style.LABEL_SIZE),
        )
        for h, x in zip(heads, xs, strict=True):
            h.move_to([x, 2.55, 0])
        rows = Group()
        step = self.pic + 0.15
        for k, prompt in enumerate(texts):
            y = 1.75 - k * step
            # the words the small reader cannot read in the new-words colour,
            # as the prompt at the top showed them; wrapped, never shrunk
            known = set(str(tr["example_small_words"][k]).split())
            words = quoted(prompt).split()
            bare = prompt.split()
            inks = [pal.text if w in known else pal.sample for w in bare]
            said = flow(words, inks, self.prompt_width, style.LABEL_SIZE + 2,
                        space=0.12)
            said.move_to([xs[0], y, 0])
            row = Group(said)
            for x, pics, marks in ((xs[1], "example_small", "example_small_right"),
                                   (xs[2], "example_frozen",
                                    "example_frozen_right")):  # fmt: skip
                img = picture(tr[pics][k], self.pic).move_to([x - 0.8, y, 0])
                mark = verdict_mark(bool(tr[marks][k]), pal)
                row.add(img, mark.next_to(img, RIGHT, 0.15))
            rows.add(row)
        self.example_rows = rows  # tests read the pictures here
        self.narrate("Then both were asked in words no training prompt held.")
        self.play(FadeIn(heads), run_time=0.4)
        # prompts and pictures first; each verdict comes with the line that
        # says how pictures are judged
        for row in rows:
            self.play(*(FadeIn(row[i]) for i in (0, 1, 3)), run_time=0.6)
        self.narrate("Fixed rules read each picture back: colour, shape and "
                     "place, as asked or not.")  # fmt: skip
        self.play(LaggedStart(*(FadeIn(row[i], scale=1.3) for row in rows
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
        self.play(FadeOut(heads), FadeOut(rows), run_time=0.4)

    def guess(self):
        """What guessing the new word would score, per kind (0 where no word
        was replaced), when the trace holds it; else None."""
        tr = self.tr
        return tr["frozen_guess_by_kind"] if "frozen_guess_by_kind" in tr.arrays \
            else None

    def by_kind(self):
        """Both readers' accuracy on every prompt in new words, by kind of
        change, as bars growing while each kind is said; they stay."""
        pal, tr = self.palette, self.tr
        kinds = [str(k) for k in tr["kind_names"]]
        frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
        count = tr["prompts_by_kind"]
        top, base, width = 3.4, -2.0, 0.75
        axis = Line([-6.6, base, 0], [2.6, base, 0], color=pal.muted, stroke_width=1.5)
        legend = VGroup(
            text("\u25a0 small reader", pal.text, style.LABEL_SIZE),
            text("\u25a0 pretrained reader", pal.guess, style.LABEL_SIZE),
        )
        if self.guess() is not None:
            legend.add(text("- - guessing the new word", pal.accent,
                            style.LABEL_SIZE))  # fmt: skip
        legend.arrange(RIGHT, buff=0.5).move_to([-2.0, 2.25, 0])
        heading = text(
            "pictures drawn as asked, by the new word in the prompt",
            pal.text,
            style.LABEL_SIZE + 2,
        ).move_to([-2.0, 2.75, 0])
        groups = []
        for k, kind in enumerate(kinds):
            x = -5.45 + k * 2.35
            name = VGroup(text(KIND_SHOWN[kind], pal.text, style.LABEL_SIZE),
                          text(f"{int(count[k])} pictures", pal.muted,
                               style.LABEL_SIZE))  # fmt: skip
            name.arrange(DOWN, buff=0.08).next_to([x, base, 0], DOWN, 0.12)
            bars = VGroup()
            for dx, value, colour in ((-0.5, small[k], pal.text),
                                      (0.5, frozen[k], pal.guess)):  # fmt: skip
                h = max(0.03, top * float(value))
                bar = Rectangle(width=width, height=h, stroke_width=0)
                bar.set_fill(colour, opacity=1).move_to([x + dx, base + h / 2, 0])
                figure = text(pct(float(value)), colour, style.LABEL_SIZE)
                bars.add(VGroup(bar, figure.next_to(bar, UP, 0.08)))
            guess = self.guess()
            if guess is not None and float(guess[k]) > 0:  # guessing, dashed
                name.add(text(f"guessing: {pct(float(guess[k]))}", pal.accent,
                              style.LABEL_SIZE))  # fmt: skip
                name.arrange(DOWN, buff=0.08).next_to([x, base, 0], DOWN, 0.12)
                y = base + top * float(guess[k])
                line = DashedLine([x - 0.95, y, 0], [x + 0.95, y, 0],
                                  color=pal.accent, stroke_width=3,
                                  dash_length=0.08)  # fmt: skip
                bars.add(line)
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
                    self.narrate("Dashed: what the pretrained reader's model "
                                 "would score if it picked the new word's meaning "
                                 "at random among the chapter's words it could "
                                 "mean, and drew the rest as it did.")
                    said_guess = True
                self.play(Create(bars[2]), run_time=0.5)
        self.kind_groups = [VGroup(name, bars) for name, bars in groups]
        self.mark_poster()

    def own_wording(self):
        """The pretrained-reader model on its training wording: seen and
        held-out combinations, written at the right as each is said."""
        pal, st = self.palette, self.tr.stats

        def figure(share: float, of: int) -> VGroup:
            return VGroup(text(f"{pct(share)} as asked", pal.guess, style.BODY_SIZE),
                          text(f"of {of} pictures", pal.muted, style.LABEL_SIZE)
                          ).arrange(DOWN, buff=0.08)  # fmt: skip

        seen = VGroup(text("its training wording:", pal.text, style.LABEL_SIZE),
                      figure(st["seen_accuracy"], st["seen_pictures"]))  # fmt: skip
        held = VGroup(text("colour, shape and place", pal.text, style.LABEL_SIZE),
                      text("mixed as no training", pal.text, style.LABEL_SIZE),
                      text("picture showed:", pal.text, style.LABEL_SIZE),
                      figure(st["heldout_accuracy"],
                             st["heldout_pictures"]))  # fmt: skip
        for part in (seen, held):
            part.arrange(DOWN, buff=0.12)
        VGroup(seen, held).arrange(DOWN, buff=0.45).move_to([4.9, 0.3, 0])
        self.narrate("With its training wording, the pretrained reader's model "
                     f"drew {pct(st['seen_accuracy'])} as asked,")  # fmt: skip
        self.play(FadeIn(seen), run_time=0.6)
        self.narrate(f"and {pct(st['heldout_accuracy'])} of the mixes of colour, "
                     "shape and place that no training picture showed.")  # fmt: skip
        self.play(FadeIn(held), run_time=0.6)
