"""The transformer chapter, a pretrained model: all 72 heads on one sentence.

PretrainedHeads draws the ``pretrained_attention`` trace
(``python -m engine record pretrained_attention``).

    manim -pql scenes/transformer/pretrained_heads.py PretrainedHeads
    make scene S=PretrainedHeads SENTENCE="The cat sat on the mat because it was warm."
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    axis_corner,
    blend,
    image,
    labelled_heatmap,
    text,
    title_text,
    weights_rgb,
)
from scenes.transformer.pretrained_draw import (
    BIG_SIDE,
    HIGH_MARKS,
    SPECIAL_KEY,
    row_share,
    shown_pieces,
)

# Marks written halfway up a letter (the rest sit on the line, or at the top)
MID_MARKS = set("-\u2013\u2014+=*~")


class PretrainedHeads(ExplainerScene):
    """Every head of every layer as a small map for the same sentence, one
    drawn large with the tokens along its edges; then the heads that, on this
    sentence, mostly read the token after, the token before, the end mark or
    the token itself, each drawn large with how many tokens do so."""

    trace_kind = "pretrained_attention"
    big_center = LEFT * 3.4 + DOWN * 0.5
    small = 0.52  # each small map's side
    pitch = (0.62, 0.6)  # small maps' spacing: across, down
    grid_left, grid_top = -0.75, 2.3
    hold_seconds = 1.0

    @staticmethod
    def ahead_tinted(pal, w: np.ndarray) -> np.ndarray:
        """A map's RGB (n, n, 3) for weights ``w``: squares on or left of the
        diagonal (itself and the tokens before) in the data colour, squares
        right of it (the tokens after the one reading, which this model may
        read: it takes in the whole sentence at once) in the accent colour
        over a faint accent tint, so which side a bright
        square sits on shows in its colour, not only its place."""
        lift = np.sqrt(np.clip(w, 0, 1))
        before = blend(pal, pal.data, lift)
        after = blend(pal, pal.accent, 0.2 + 0.8 * lift)
        ahead = np.triu(np.ones(w.shape, bool), k=1)
        return np.where(ahead[..., None], after, before)

    @staticmethod
    def ahead_outline(img, n: int, colour: str) -> Polygon:
        """An outline around the squares right of the diagonal of the map
        ``img`` (n x n): the tokens after each reading token, traced as a
        staircase so the region the voice names is seen at once."""
        cell = img.width / n
        left, top = img.get_left()[0], img.get_top()[1]
        corners = [(1, 0), (n, 0), (n, n - 1)]  # (column, row) edges
        for k in range(n - 1, 0, -1):
            corners += [(k, k), (k, k - 1)]
        points = [[left + c * cell, top - r * cell, 0] for c, r in corners[:-1]]
        return Polygon(*points, color=colour, stroke_width=3)

    @staticmethod
    def row_outlines(img, n: int, rows: list[int], colour: str) -> VGroup:
        """A thin outline around each of ``rows`` (tokens reading) of the map
        ``img`` (n x n), to show the rows the voice counts."""
        cell = img.width / n
        out = VGroup()
        for r in rows:
            box = Rectangle(width=img.width, height=cell, color=colour,
                            stroke_width=2)  # fmt: skip
            box.move_to([img.get_x(), img.get_top()[1] - (r + 0.5) * cell, 0])
            out.add(box)
        return out

    def layers_told(self, maps, row_labels, heads: int, layers: int) -> None:
        """While the line on layers is said: an outline around the first
        layer's row of small maps, its number lit, then the outline moved to
        the next layer down as the voice says each layer reads the one before;
        the layer numbers pulse with the word "layers"."""
        pal = self.palette
        row = lambda li: Group(*maps[li * heads:(li + 1) * heads])  # noqa: E731
        box = SurroundingRectangle(row(0), color=pal.accent, buff=0.04,
                                   stroke_width=3)  # fmt: skip
        self.play(Create(box), row_labels[0].animate.set_color(pal.accent),
                  run_time=0.6)  # fmt: skip
        numbers = VGroup(*row_labels[:layers])
        self.play(Indicate(numbers, color=pal.accent, scale_factor=1.3),
                  run_time=1.0)  # fmt: skip
        row_labels[0].set_color(pal.accent)
        self.wait_frames(self.next_caption_in())  # with "each layer reads..."
        if layers > 1:
            below = SurroundingRectangle(row(1), color=pal.accent, buff=0.04,
                                         stroke_width=3)  # fmt: skip
            self.play(box.animate.become(below),
                      row_labels[0].animate.set_color(pal.muted),
                      row_labels[1].animate.set_color(pal.accent), run_time=0.8)
        self.hold_caption()
        lit = row_labels[1 if layers > 1 else 0]
        self.play(FadeOut(box), lit.animate.set_color(pal.muted), run_time=0.3)

    def marks_enlarged(self, labels: VGroup, tokens: list[str]) -> VGroup:
        """The map's labels with every lone punctuation mark (an apostrophe, a
        full stop) redrawn larger and upright in its place, high or low on its
        line as it is written: at label size they are specks, and turned on
        their side an apostrophe reads as a dash."""
        pal = self.palette
        cap = text("H", pal.text, style.LABEL_SIZE).height  # a letter's height
        out = list(labels)
        for i, tok in enumerate(tokens):
            if not tok or any(ch.isalnum() for ch in tok) or i in (0, len(tokens) - 1):
                continue  # words, and the start and end marks, stay as drawn
            high = set(tok) <= HIGH_MARKS
            size = style.BODY_SIZE if high else style.TITLE_SIZE
            row, col = labels[2 * i], labels[2 * i + 1]
            base = col.get_bottom()[1]  # where the column labels start
            for j, y in ((2 * i, row.get_y() - cap / 2), (2 * i + 1, base)):
                mark = text(tok, pal.text, size)
                if high:  # at the top of a letter's height above the line
                    mark.align_to([0, y + cap, 0], UP)
                elif set(tok) <= MID_MARKS:  # a dash sits halfway up
                    mark.set_y(y + cap / 2)
                else:  # on the line, as a full stop
                    mark.align_to([0, y, 0], DOWN)
                old = labels[j]
                if j % 2 == 0:  # a row label ends at the map's left edge
                    mark.align_to(old, RIGHT)
                else:
                    mark.match_x(old)
                out[j] = mark
        return VGroup(*out)

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        tokens = shown_pieces(tr)
        attn = tr["attn"]  # (layer, head, position, key)
        layers, heads, n = attn.shape[:3]
        end = n - 1  # the end mark the model adds

        title = title_text("Every head of a ready-made model, on one sentence", pal)
        maps, frames = Group(), {}
        for li in range(layers):
            for hi in range(heads):
                m = image(weights_rgb(pal, attn[li, hi]), self.small)
                m.move_to([self.grid_left + (hi + 0.5) * self.pitch[0],
                           self.grid_top - (li + 0.5) * self.pitch[1], 0])
                maps.add(m)
                frames[li, hi] = SurroundingRectangle(
                    m, color=pal.accent, buff=0.03, stroke_width=3)
        row_labels = VGroup(*[
            text(f"{li + 1}", pal.muted).next_to(maps[li * heads], LEFT, 0.1)
            for li in range(layers)
        ])  # fmt: skip
        row_labels.add(text("layer", pal.muted).next_to(row_labels, UP, 0.5))
        col_note = text(f"heads 1 to {heads} \u2192", pal.muted)
        col_note.next_to(maps[heads - 1], UP, 0.12).align_to(maps[heads - 1], RIGHT)
        st = tr.stats
        model = str(st.get("model", ""))
        # the model's name on screen only: spoken, it is noise to a newcomer
        named = text(f"the model: {model}" if model else "a ready-made model",
                     pal.muted)  # fmt: skip
        key = VGroup(text("brighter: more attention", pal.muted),
                     text(SPECIAL_KEY, pal.muted)).arrange(DOWN, buff=0.08)
        key.next_to(maps, DOWN, buff=0.2)
        # level with "layer", halfway between it and the heads' note
        named.move_to([(row_labels[-1].get_right()[0] + col_note.get_left()[0]) / 2,
                       row_labels[-1].get_y(), 0])  # fmt: skip

        def big(li, hi, tinted=True):
            rgb = (self.ahead_tinted(pal, attn[li, hi]) if tinted
                   else weights_rgb(pal, attn[li, hi]))  # fmt: skip
            img, labels = labelled_heatmap(rgb, tokens, BIG_SIDE, pal)
            labels = self.marks_enlarged(labels, tokens)
            Group(img, labels).shift(self.big_center - img.get_center())
            name = text(f"layer {li + 1}, head {hi + 1}", pal.accent)
            name.next_to(img, DOWN, buff=0.15)
            if not tinted:
                return Group(img, labels, name)
            return Group(img, labels, name, self.ahead_outline(img, n, pal.accent))

        self.add(title)
        self.narrate(
            "A small ready-made transformer, trained by others on a great deal "
            "of text, reads one sentence,"
        )
        self.play(Fade(named), run_time=0.5)
        # the first head drawn large: the one that most often reads the token
        # after, so the squares a next-word model may not read are seen in
        # use; its tokens, along the map's edges, come first, with the line
        # about tokens
        after = np.array([[row_share(attn[li, hi], lambda t: t + 1 if t + 1 < n
                                     else None)[0]
                           for hi in range(heads)] for li in range(layers)])
        first = tuple(int(i) for i in np.unravel_index(np.argmax(after),
                                                      after.shape))  # fmt: skip
        # its frame and labels come with its map, never around a blank square
        shown, ring = big(*first, tinted=False), frames[first].copy()
        corner = axis_corner(shown[0], "looked at \u2192", "\u2193 reading", pal)
        self.narrate("cut into tokens: words, and pieces of words such as "
                     "\u201cdidn\u201d, \u201c'\u201d and \u201ct\u201d.")
        self.play(LaggedStart(*[Fade(m) for m in maps], lag_ratio=0.03),
                  Fade(row_labels), Fade(col_note), run_time=1.8)
        self.narrate(
            f"Inside it are {layers * heads} heads: separate readers, each "
            "picking which tokens to look at."
        )
        self.narrate(
            f"{heads} work side by side in each of its {layers} layers; each "
            "layer reads what the one before it made."
        )
        self.layers_told(maps, row_labels, heads, layers)
        self.narrate("Each small map is one head; a few are drawn large.")
        self.play(Fade(shown[0]), Fade(shown[1]), Fade(shown[2]), Fade(corner),
                  Create(ring), Fade(key), run_time=0.8)  # fmt: skip
        self.narrate("One head, drawn large: each row is a token reading; the "
                     "brighter squares in it, the tokens it looks at.")
        self.hold_caption()
        # what a next-word model may not read: the squares right of the
        # diagonal, in their own colour from here on (so each head is seen
        # against them), brought in with the line that tells it
        tinted = big(*first)
        ahead, outline = tinted[0], tinted[3]
        ahead_key = text("orange: tokens after the one reading", pal.accent)
        ahead_key.next_to(key, DOWN, buff=0.08)
        self.narrate(
            "This model does not write text: it reads the whole sentence at "
            "once, so a head may look at later tokens too: the squares in orange."
        )
        self.play(Fade(ahead), Create(outline), Fade(ahead_key), run_time=0.8)
        self.remove(shown[0])
        shown.remove(shown[0])
        shown.submobjects.insert(0, ahead)
        shown.add(outline)
        # whether this head reads any token after, measured on its map
        reads_ahead = any(int(np.argmax(attn[first][t])) > t for t in range(n))
        self.narrate("This head does." if reads_ahead else
                     "This head does not.")  # fmt: skip

        current = first

        def show(li, hi):
            nonlocal shown, ring, current
            if (li, hi) == current:
                return
            current = (li, hi)
            self.hold_caption()  # the line about the last map ends on it
            new, new_ring = big(li, hi), frames[li, hi].copy()
            self.play(Fade(shown, show=False), FadeOut(ring), run_time=0.4)
            self.play(Fade(new), Create(new_ring), run_time=0.6)
            shown, ring = new, new_ring

        # What heads do on this sentence: the share of tokens whose largest
        # weight is on each target, measured here from the maps themselves.
        habits = {
            "the token after it": lambda t: t + 1 if t + 1 < n else None,
            "the token before it": lambda t: t - 1 if t > 0 else None,
            "the end mark": lambda t: end,
            "itself": lambda t: t,
        }
        told = 0
        for habit, target in habits.items():
            share = np.array([[row_share(attn[li, hi], target)[0]
                               for hi in range(heads)] for li in range(layers)])
            li, hi = (int(i) for i in np.unravel_index(np.argmax(share), share.shape))
            if share[li, hi] < 0.5:
                continue
            show(li, hi)
            counted = row_share(attn[li, hi], target)[1]
            k = int(round(share[li, hi] * counted))
            has = {"the token after it": " that have a token after them",
                   "the token before it": " that have a token before them"}
            self.narrate(
                f"Layer {li + 1}, head {hi + 1}: most tokens read {habit}: "
                f"{k} of the {counted} tokens"
                + (has.get(habit, " that have one") if counted < n else "") + "."
            )
            # the figure said, written under the map it describes
            figure = text(f"reads {habit} most: {k} of {counted} tokens", pal.accent)
            figure.next_to(shown[2], RIGHT, buff=0.3)  # clear of the caption
            self.play(Fade(figure), run_time=0.4)
            shown.add(figure)
            if habit == "the token after it":
                marks = sum(int(np.argmax(attn[li, hi][t])) in (0, end)
                            for t in range(n - 1)
                            if int(np.argmax(attn[li, hi][t])) != t + 1)
                others = counted - k
                if marks:
                    who = (f"The other {others}" if marks == others
                           else f"{marks} of the other {others}")  # fmt: skip
                    self.narrate(
                        f"{who} read the start or end mark most: heads rest "
                        "there when nothing else fits."
                    )
                    resting = [t for t in range(n - 1)
                               if int(np.argmax(attn[li, hi][t])) in (0, end)
                               and int(np.argmax(attn[li, hi][t])) != t + 1]
                    rows = self.row_outlines(shown[0], n, resting, pal.text)
                    self.play(Create(rows), run_time=0.5)
                    shown.add(rows)
            told += 1
            self.hold_caption()
            self.wait(self.hold_seconds)
        if told == 0:
            self.narrate("On this sentence no head has one habit for most tokens.")
        else:
            self.narrate("Nobody wrote these habits in: each head found its own "
                         "while the model was trained.")  # fmt: skip
        self.maps = maps  # for tests that read pixels
        self.mark_poster()
        self.wait(self.hold_seconds)
