"""The transformer chapter, a pretrained model: any English sentence, cut into
the pieces the model really reads.

Subwords draws the ``pretrained_attention`` trace
(``python -m engine record pretrained_attention``).

    manim -pql scenes/transformer/subwords.py Subwords
    make scene S=Subwords SENTENCE="Unbelievably, the zebra didn't flinch."
"""

from __future__ import annotations

from manim import *

from engine.core.token_text import display_vocab
from scenes.kit.base import ExplainerScene
from scenes.kit.pointer import Pointer
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    descender,
    sit_on_baseline,
    text,
    title_text,
)
from scenes.transformer.pretrained_draw import HIGH_MARKS, shown_pieces

# A piece that goes on from the piece before it, in the same word, is drawn
# with dots in front; said aloud, the dots are named.
DOTS_SAID = "A piece with three dots in front is joined to the piece before it."


class Subwords(ExplainerScene):
    """A sentence as typed, its words cut into a ready-made model's own
    WordPiece tokens, each under the word it came from; rarer words cut into
    more pieces; the start and end marks the model adds."""

    trace_kind = "pretrained_attention"
    word_size = 30
    piece_size = 26
    gap = 0.35  # between one word's column and the next

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        st = tr.stats
        pieces = shown_pieces(tr)
        words = [str(w) for w in tr["words"]]
        owner = tr["word_of"]

        title = title_text("Models read pieces of words", pal)
        columns, marks = self.layout(words, pieces, owner)
        self.columns = columns  # tests find the tokens on screen through this
        self.bottom = None  # the note in the row under the sentence
        self.dots_told = False  # whether the dots before a piece were named
        word_row = VGroup(*[c[0] for c in columns])
        self.add(title)
        self.play(Fade(word_row), run_time=0.8)
        yours = "Your sentence" if st["sentence_source"] == "user" else "A sentence"
        self.narrate(f"{yours}, as anyone would type it.")
        # Section: words into pieces, cut while the voice says it does not
        # read word by word, so the picture moves with the words
        self.narrate("A ready-made model, trained by others on lots of text, "
                     "does not read it word by word.")  # fmt: skip
        links = VGroup(*[c[2] for c in columns])
        piece_rows = VGroup(*[c[1] for c in columns])
        self.play(
            LaggedStart(*[Create(ln) for ln in links], lag_ratio=0.1),
            LaggedStart(*[Fade(r) for r in piece_rows], lag_ratio=0.1),
            run_time=max(1.6, min(4.0, self.caption_left() - 0.5)),
        )
        self.narrate(f"It has a fixed list of {st['vocab_size']:,} pieces, and "
                     "cuts every word into pieces from that list.")  # fmt: skip
        self.to_bottom(text(f"its list: {st['vocab_size']:,} pieces", pal.muted,
                            self.piece_size))  # fmt: skip
        pointer = Pointer(pal.accent, buff=0.08)
        split = [i for i, c in enumerate(columns) if len(c[1]) > 1]
        if split:
            i = split[0]
            parts = ", ".join(quoted(p.lstrip("\u2026")) for p in self.pieces_of(
                i, pieces, owner))
            punct = any(not ch.isalnum() for ch in words[i])
            self.narrate(("Punctuation is split off as a piece of its own: "
                          if punct else "") + f"{quoted(words[i])} becomes {parts}.")
            named = self.punct_split(words, pieces, owner) if punct else [i]
            self.point_at_split(i, named)
            goes_on = next((j for j in split if any(
                p.startswith("\u2026") for p in self.pieces_of(j, pieces, owner))),
                None)
            if goes_on is not None:
                self.play(pointer.to(columns[goes_on][1]), run_time=0.5)
                self.narrate(DOTS_SAID)
                self.pulse_dots(columns[goes_on][1])
                self.dots_told = True
                self.play(pointer.away(), run_time=0.4)
        else:
            self.narrate("Every word of this sentence is a whole piece on its list.")
        if "rare_words" in tr.arrays:  # rarer words, cut by the same list
            self.rare_words(tr)

        # Section: the marks it adds, each named under it
        names = VGroup(*[text(n, pal.muted).next_to(m, DOWN, buff=0.12)
                         for n, m in zip(("start", "end"), marks, strict=True)])
        lower = any(w != w.lower() for w in words)
        self.narrate(
            "It adds a start mark and an end mark of its own"
            + (", and reads every letter in lower case" if lower else "")
            + f": {len(words)} words become {len(pieces)} tokens, the pieces it reads."
        )
        self.play(Fade(marks), Fade(names), run_time=0.6)
        if lower:  # the first word with a capital, boxed with its piece
            i = next(k for k, w in enumerate(words) if w != w.lower())
            self.wait_frames(self.next_caption_in())  # with "lower case"
            self.play(pointer.to(VGroup(columns[i][0], columns[i][1])),
                      run_time=0.5)  # fmt: skip
        self.wait_frames(self.next_caption_in())  # with the count, as it is said
        self.to_bottom(text(f"{len(words)} words \u2192 {len(pieces)} tokens",
                            pal.muted, self.piece_size))  # fmt: skip
        self.mark_poster()
        self.wait(1)

    def rare_words(self, tr) -> None:
        """Rarer words from the trace, each with the pieces the same list cuts
        it into, in a row under the sentence, said as they come."""
        pal = self.palette
        shown = []
        for w, ps in zip(tr["rare_words"], tr["rare_pieces"], strict=True):
            parts = display_vocab(str(ps).split())
            shown.append((str(w), parts))
        row = VGroup(*[
            self.side_by_side([sit_on_baseline(text(f"{w}:", pal.text,
                                                    self.piece_size), 0, 0)]
                              + [self.piece_text(p) for p in parts])
            for w, parts in shown
        ]).arrange(RIGHT, buff=0.9, aligned_edge=DOWN)  # fmt: skip
        if row.width > config.frame_width - 0.6:
            row.scale_to_fit_width(config.frame_width - 0.6)
        self.hold_caption()
        self.narrate(
            "Rarer words come in more pieces: "
            + "; ".join(f"{quoted(word)} is " + ", ".join(
                quoted(p.lstrip("\u2026")) for p in ps) for word, ps in shown)
            + "."
        )
        self.to_bottom(row)
        dotted = any(p.startswith("\u2026") for _, ps in shown for p in ps)
        if dotted and not self.dots_told:
            self.narrate(DOTS_SAID)
            self.pulse_dots(row)

    def punct_split(self, words, pieces, owner) -> list[int]:
        """The words whose punctuation is cut off as a piece of its own (a
        piece with no letter or digit), in sentence order."""
        return [i for i in range(len(words))
                if len(self.pieces_of(i, pieces, owner)) > 1
                and any(not any(ch.isalnum() for ch in p)
                        for p in self.pieces_of(i, pieces, owner))]  # fmt: skip

    def point_at_split(self, first: int, outlined: list[int]) -> None:
        """Outline, in the accent colour, the pieces of each word in
        ``outlined`` while the line naming the split is said (the word said
        first among them), then take the outlines away."""
        targets = [first] + [i for i in outlined if i != first]
        boxes = VGroup(*[
            SurroundingRectangle(self.columns[i][1], color=self.palette.accent,
                                 buff=0.06, stroke_width=3)
            for i in targets
        ])  # fmt: skip
        self.play(Create(boxes), run_time=0.5)
        self.wait_frames(self.next_caption_in())  # on to the line's last part
        out = 0.3  # taken away as that part ends, not after it
        self.wait_frames(max(0.0, self.caption_left() - out))
        self.play(FadeOut(boxes), run_time=out)

    def pulse_dots(self, where: Mobject) -> None:
        """Pulse every set of dots in ``where`` (the dots that join a piece to
        the one before it) twice, while the line about them is said."""
        dots = [m for m in where.get_family()
                if isinstance(m, VGroup) and len(m) == 3
                and all(isinstance(d, Dot) for d in m)]
        if not dots:
            return
        for _ in range(2):  # lit in the text colour, grown a little
            self.play(*[Indicate(d, color=self.palette.text, scale_factor=1.4)
                        for d in dots], run_time=0.9)  # fmt: skip

    def to_bottom(self, mob: Mobject) -> None:
        """Put ``mob`` in the row under the sentence, the note there before it
        faded out first (one note at a time, clear of the caption)."""
        mob.move_to(DOWN * 2.45)
        if self.bottom is not None:
            self.play(Fade(self.bottom, show=False), run_time=0.3)
        self.play(Fade(mob), run_time=0.5)
        self.bottom = mob

    def piece_text(self, p: str) -> Mobject:
        """One piece in the data colour, on the baseline y = 0. A piece that
        goes on from the one before (shown with a leading \u2026) gets its dots
        drawn large, in the accent colour: the font's own dots are too small to
        see."""
        pal = self.palette
        drop = descender(self.piece_size)
        if not p.startswith("\u2026") or len(p) == 1:
            return sit_on_baseline(text(p, pal.data, self.piece_size), 0, drop)
        rest = sit_on_baseline(text(p[1:], pal.data, self.piece_size), 0, drop)
        dots = VGroup(*[Dot(radius=0.05, color=pal.accent) for _ in range(3)])
        dots.arrange(RIGHT, buff=0.05).next_to(rest, LEFT, buff=0.06)
        dots.align_to([0, 0, 0], DOWN)
        return VGroup(dots, rest)

    @staticmethod
    def side_by_side(parts: list[Mobject], buff: float = 0.18) -> VGroup:
        """``parts``, each already on its baseline, put left to right without
        moving them up or down (so letters below the line stay below it)."""
        x = 0.0
        for m in parts:
            m.shift(RIGHT * (x - m.get_left()[0]))
            x = m.get_right()[0] + buff
        return VGroup(*parts)

    @staticmethod
    def pieces_of(i: int, pieces: list[str], owner) -> list[str]:
        return [p for p, o in zip(pieces, owner, strict=True) if int(o) == i]

    def layout(self, words, pieces, owner):
        """One column per word: (word, its pieces in boxes, a link between),
        side by side, shrunk together if wider than the frame; and the start
        and end marks at the ends of the pieces' line."""
        pal = self.palette
        columns = []
        word_drop, piece_drop = descender(self.word_size), descender(self.piece_size)
        # every box as tall as the tallest piece could be, on one baseline
        box_h = text("Hg", pal.text, self.piece_size).height + 0.16
        cap = text("H", pal.text, self.piece_size).height
        for i, w in enumerate(words):
            word = sit_on_baseline(text(w, pal.text, self.word_size), 0, word_drop)
            row = VGroup()
            for p in self.pieces_of(i, pieces, owner):
                t = self.piece_text(p)
                if set(p) <= HIGH_MARKS:  # an apostrophe sits high, not on the line
                    t.align_to([0, cap, 0], UP)
                box = Rectangle(width=max(t.width, 0.22) + 0.16, height=box_h,
                                color=pal.muted, stroke_width=1.5)
                box.move_to([t.get_center()[0], -piece_drop + box_h / 2 - 0.08, 0])
                row.add(VGroup(box, t))
            row.arrange(RIGHT, buff=0.08, aligned_edge=DOWN)
            columns.append([word, row])
        room = config.frame_width - 1.2
        widths = [max(c[0].width, c[1].width) for c in columns]
        total = sum(widths) + self.gap * (len(columns) - 1)
        # one line if it fits; else two, cut near the middle (never shrunk
        # below the sizes set: every label stays legible)
        cut = len(columns)
        if total > room:
            run = np.cumsum([w + self.gap for w in widths])
            cut = int(np.argmin(np.abs(run - total / 2))) + 1
        lines = [columns[:cut], columns[cut:]] if cut < len(columns) else [columns]
        ys = [(1.4, -0.3)] if len(lines) == 1 else [(2.1, 0.95), (-0.35, -1.5)]
        for line, (word_y, piece_y) in zip(lines, ys, strict=True):
            x = 0.0
            for word, row in line:
                width = max(word.width, row.width)
                word.shift([x + width / 2 - word.get_center()[0], word_y, 0])
                row.shift([x + width / 2 - row.get_center()[0], piece_y, 0])
                x += width + self.gap
            VGroup(*[m for c in line for m in c]).set_x(0)
        for c in columns:  # link each word to its pieces
            c.append(Line(c[0].get_bottom() + DOWN * 0.1, c[1].get_top() + UP * 0.1,
                          color=pal.muted, stroke_width=2))
        start = text("\u25b6", pal.muted, self.piece_size)
        end = text("\u25a0", pal.muted, self.piece_size)
        start.next_to(columns[0][1], LEFT, buff=0.2)
        end.next_to(columns[-1][1], RIGHT, buff=0.2)
        end.match_y(columns[-1][1])
        everything = VGroup(*[m for c in columns for m in c], start, end)
        if everything.width > config.frame_width - 0.4:  # only the marks' room
            everything.scale_to_fit_width(config.frame_width - 0.4)
        return columns, VGroup(start, end)
