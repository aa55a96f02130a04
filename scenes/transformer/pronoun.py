"""The transformer chapter, a pretrained model: does one head know which noun a
pronoun stands for? Looked at by eye on one sentence, then measured.

PronounHead draws the ``pretrained_attention`` trace
(``python -m engine record pretrained_attention``).

    manim -pql scenes/transformer/pronoun.py PronounHead
    make scene S=PronounHead SENTENCE="The cup fell off the tray because it was tilted."
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.pointer import Pointer
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    percent,
    text,
    title_text,
    word_row,
)
from scenes.transformer.pretrained_draw import (
    arcs_from,
    is_special,
    lift_marks,
    shown_pieces,
)

SURE = 0.05  # a result this unlikely by coin tosses is called better than guessing


class PronounHead(ExplainerScene):
    """From the sentence's pronoun, arcs to every token for the head that looks
    best by eye; then the measurement: a head chosen on half of a set of
    Winograd-style sentences, and how often it is right on the other half,
    against always taking the nearer noun and a coin toss."""

    trace_kind = "pretrained_attention"
    row_y = 0.2
    hold_seconds = 2.0

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        st = tr.stats
        tokens = shown_pieces(tr)
        attn = tr["attn"]
        n = len(tokens)
        layers, heads = attn.shape[:2]
        p = int(tr["pronoun"][0])
        words = [t for t in range(n) if not is_special(tr, t)]
        has_pronoun = p >= 0
        if not has_pronoun:  # follow the last word-piece that is not punctuation
            p = max(t for t in words if str(tr["pieces"][t]).isalnum())

        title = title_text(f"Does a head know what {quoted(tokens[p])} stands for?",
                           pal)
        row = word_row(tokens, pal, 30, config.frame_width - 1.0)
        row.move_to(UP * self.row_y)
        lift_marks(row, tokens, 30)
        self.row = row  # tests find the tokens on screen through this
        self.add(title)
        self.play(Fade(row), run_time=0.8)
        it = quoted(tokens[p])
        if has_pronoun:
            self.narrate(f"In this sentence, what does {it} stand for?")
        else:
            self.narrate(f"This sentence has no pronoun; we follow {it}.")

        # Section: the heads, one small square each, a row per layer
        grid = self.heads_grid(layers, heads)
        grid.next_to(row, DOWN, buff=0.3).set_x(-1.6)
        model = text(str(st.get("model", "")) or "a ready-made transformer",
                     pal.muted)  # the code name: small print, never spoken
        model.next_to(grid.tiles, RIGHT, buff=0.4).align_to(grid.tiles, UP)
        self.narrate(f"A ready-made transformer reads it with {layers * heads} "
                     "heads, each picking which words to look at:")  # fmt: skip
        self.play(Fade(grid), Fade(model), run_time=0.8)
        self.narrate(f"{heads} side by side in each of its {layers} layers; each "
                     "layer reads what the one before it made.")  # fmt: skip
        self.play(LaggedStart(*(Indicate(r, color=pal.data, scale_factor=1.0)
                                for r in grid.tiles), lag_ratio=0.5),
                  run_time=2.4)  # fmt: skip
        # a model without a causal mask gives weight to the tokens after each
        # token; one with it gives them exactly 0
        reads_ahead = bool(np.triu(attn, 1).max() > 0)
        fan = self.fan_from(row, p, [t for t in words if t != p], pal.muted)
        if reads_ahead:
            self.narrate("It reads the whole sentence at once, so a head may "
                         f"look from {it} to later words too.")  # fmt: skip
            self.play(Create(fan), run_time=1.2)

        # Section: a head picked by eye on this one sentence
        # a pronoun stands for something said before it; the token just
        # before is left out (a head that reads it is common, and says nothing
        # about meaning)
        targets = [
            t for t in words if t < p - 1 and str(tr["pieces"][t]).isalnum()
        ]
        if not targets:  # nothing that early: any other word
            targets = [t for t in words if t != p]
        w = attn[:, :, p, :]  # (layer, head, key): weights from the followed token
        best = max(((li, hi, t) for li in range(layers) for hi in range(heads)
                    for t in targets), key=lambda x: w[x])
        eye = best[:2]
        arcs = arcs_from(row, p, w[eye], pal)
        share = text(percent(w[best]), pal.accent)
        share.next_to(self.arc_top(row, p, best[2]), UP, buff=0.08)
        # the thin arcs of other words cross here: a patch keeps the figure clear
        share.add_background_rectangle(color=pal.background, opacity=1, buff=0.04)
        tile = grid.tiles[eye[0]][eye[1]]
        note = text(f"layer {eye[0] + 1}, head {eye[1] + 1}: from {it}", pal.accent)
        note.next_to(grid.tiles, RIGHT, buff=0.4).set_y(tile.get_y())
        marker = Line(LEFT * 0.3, RIGHT * 0.3, color=pal.accent, stroke_width=6)
        marker.width = row[p].width + 0.1
        marker.next_to(row[p], DOWN, buff=0.1)
        before = "a word before" if best[2] < p else "one word"
        self.narrate(
            f"Layer {eye[0] + 1}, head {eye[1] + 1} puts the most of all "
            f"{layers * heads} heads on {before} {it}: {percent(w[best])} of its "
            f"attention goes to {quoted(tokens[best[2]])}."
        )
        # the head's arcs and its square come with the line that names it
        self.play(Fade(VGroup(fan, model), show=False), run_time=0.4)
        self.play(Create(marker), Fade(arcs), Fade(share), Fade(note),
                  tile.animate.set_fill(pal.accent, opacity=1), run_time=1.0)
        self.narrate("Each arc is as thick as its share.")
        self.mark_poster()
        self.narrate(
            f"If {quoted(tokens[best[2]])} is what {it} stands for, "
            "the head seems to know. But one sentence, picked by eye, can fool us."
        )

        # Section: the measurement
        half = tr["case_half"]
        report = np.flatnonzero(half == 1)
        layer, head = (int(i) for i in tr["focus"])
        pair = min((report[i:i + 2] for i in range(0, len(report), 2)),
                   key=lambda ab: len(str(tr["case_text"][ab[1]])))
        lines = VGroup(*[self.case_line(tr, c, layer, head) for c in pair])
        lines.arrange(DOWN, buff=0.45, aligned_edge=LEFT).move_to(UP * 1.4)
        total = len(half)
        self.narrate(
            f"So we wrote {total} sentences like these, in pairs: two nouns, a "
            "pronoun, and one word that decides which noun it means."
        )
        # the picture of the one sentence stays through its last line; the
        # new sentences replace it as they are introduced
        self.play(Fade(VGroup(row, arcs, share, note, marker, grid), show=False),
                  run_time=0.5)  # fmt: skip
        self.play(Fade(lines[0][0]), Fade(lines[1][0]), run_time=0.8)
        self.narrate(
            f"We chose the head that was right most often on {st['choose_cases']} "
            f"of them: layer {layer + 1}, head {head + 1}."
        )
        self.narrate(
            "Here it is on two of the others: the noun with more of its attention "
            "from the pronoun is its pick."
        )
        self.play(Fade(lines[0][1]), Fade(lines[1][1]), run_time=0.8)
        self.wait(self.hold_seconds)

        cases, right = st["report_cases"], st["report_right"]
        nearer = st["nearer_noun_accuracy"]
        eye_share = float(tr["report_share"][eye])
        shares = [
            (f"layer {layer + 1}, head {head + 1}", right / cases, pal.accent),
            ("always the nearer noun", nearer, pal.data),
            ("tossing a coin", 0.5, pal.muted),
            (f"picked by eye: layer {eye[0] + 1}, head {eye[1] + 1}", eye_share,
             pal.guess),
        ]  # fmt: skip
        bars = self.bars(shares).move_to(DOWN * 1.25)
        heading = text(f"right, on {cases} sentences not used to choose it:",
                       pal.text).next_to(bars, UP, buff=0.2).align_to(bars, LEFT)
        pointer = Pointer(pal.accent, buff=0.06)
        # each bar, and the box, arrive as the voice gives its figure
        self.narrate(
            f"On the other {cases} sentences, not used to choose it, it is right in "
            f"{right}: {percent(right / cases)}."
        )
        self.play(Fade(heading), Fade(bars[0]), pointer.to(bars[0]), run_time=0.8)
        why = (", as one sentence of each pair means it"
               if abs(nearer - 0.5) < 1e-6 else "")  # how the pairs are built
        self.narrate(f"Always taking the nearer noun: {percent(nearer)}{why}.")
        self.play(Fade(bars[1]), pointer.to(bars[1]), run_time=0.6)
        self.narrate("Tossing a coin: 50%.")
        self.play(Fade(bars[2]), pointer.to(bars[2]), run_time=0.6)
        # each figure the voice gives is written as it is said
        notes = VGroup()

        def note(line: str) -> None:
            t = text(line, pal.muted)
            t.next_to(notes[-1] if len(notes) else bars, DOWN, buff=0.15)
            t.align_to(bars, LEFT)
            notes.add(t)
            self.play(Fade(t), run_time=0.5)

        coin = percent(st["report_p_value"])
        better = st["report_p_value"] < SURE and right / cases > 0.5
        if better:
            self.narrate(
                "Better than guessing: tossing a coin lands this far from 50% "
                f"in only {coin} of tries."
            )
            self.play(pointer.to(bars[0]), run_time=0.5)
            note(f"a coin lands this far from 50% in only {coin} of tries")
        else:
            self.narrate(
                f"No better than guessing: a coin tossed {cases} times lands at "
                f"least this far from 50% in {coin} of tries."
            )
            self.play(pointer.to(bars[0]), run_time=0.5)
            note(f"a coin tossed {cases} times lands this far from 50%: "
                 f"{coin} of the time")  # fmt: skip
            w = tr["case_weight"][:, layer, head]  # (case, 2)
            picks = (w[:, 1] > w[:, 0]).reshape(-1, 2)  # pairs: both sentences
            flips = int((picks[:, 0] != picks[:, 1]).sum())
            self.narrate(
                f"Its pick changes with the deciding word in {flips} of all "
                f"{len(picks)} pairs; a head that knew would change it in all "
                f"{len(picks)}."
            )
            note(f"its pick changes with the deciding word: {flips} of all "
                 f"{len(picks)} pairs")  # fmt: skip
        self.narrate(
            f"And the head picked by eye? Right in {percent(eye_share)} of the same "
            "sentences."
        )
        self.play(Fade(bars[3]), pointer.to(bars[3]), run_time=0.6)
        self.hold_caption()
        self.play(pointer.away(), run_time=0.4)
        # the title's question answered, in words chosen by both heads' figures
        if not better and abs(eye_share - 0.5) <= 0.1:  # both near a coin toss
            self.narrate(f"So neither head reliably knows what {it} stands for.")
        self.wait(self.hold_seconds)

    def heads_grid(self, layers: int, heads: int) -> VGroup:
        """One small square per head: a row per layer, layer 1 on top, its
        number on the left; ``.tiles[layer][head]`` is one head's square."""
        pal = self.palette
        tiles = VGroup(*[
            VGroup(*[Square(0.2, stroke_width=0).set_fill(pal.muted, opacity=0.45)
                     for _ in range(heads)]).arrange(RIGHT, buff=0.07)
            for _ in range(layers)
        ]).arrange(DOWN, buff=0.07)  # fmt: skip
        numbers = VGroup(*[text(str(i + 1), pal.muted).next_to(r, LEFT, buff=0.2)
                           for i, r in enumerate(tiles)])  # fmt: skip
        side = text("layer", pal.muted).next_to(tiles, UP, buff=0.12)
        side.align_to(numbers, RIGHT)
        top = text(f"{heads} heads in each layer", pal.muted)
        top.next_to(tiles, UP, buff=0.12).align_to(tiles, LEFT)
        grid = VGroup(tiles, numbers, side, top)
        grid.tiles = tiles
        return grid

    @staticmethod
    def fan_from(row: VGroup, p: int, ks: list[int], colour: str) -> VGroup:
        """Thin faint arcs from token ``p`` to each token in ``ks``: where a
        head may look, before and after it (no weights drawn)."""
        here = row[p].get_top() + UP * 0.12
        out = VGroup()
        for k in ks:
            there = row[k].get_top() + UP * 0.12
            left, right = (there, here) if k < p else (here, there)
            out.add(ArcBetweenPoints(right, left, angle=1.1)
                    .set_stroke(colour, width=1.5, opacity=0.6))
        return out

    @staticmethod
    def arc_top(row: VGroup, p: int, k: int) -> np.ndarray:
        """The highest point of the arc ``arcs_from`` draws between tokens
        ``p`` and ``k`` of ``row`` (where that arc's share is written)."""
        a, b = row[p].get_top() + UP * 0.12, row[k].get_top() + UP * 0.12
        left, right = (b, a) if k < p else (a, b)
        return ArcBetweenPoints(right, left, angle=1.1).point_from_proportion(0.5)

    def case_line(self, tr, c: int, layer: int, head: int) -> VGroup:
        """One measured sentence, its deciding word in the accent colour, and
        under it the head's weight on each noun and whether its pick is right."""
        pal = self.palette
        sentence = str(tr["case_text"][c])
        decider = str(tr["case_decider"][c])
        before, _, after = sentence.rpartition(decider)
        line = VGroup(*[text(s, colour) for s, colour in
                        ((before.rstrip(), pal.text), (decider, pal.accent),
                         (after, pal.text)) if s])  # fmt: skip
        line.arrange(RIGHT, buff=0.1, aligned_edge=DOWN)
        if after and not after[0].isspace():  # punctuation right after the word
            line[-1].next_to(line[-2], RIGHT, buff=0.03, aligned_edge=DOWN)
        nouns = [str(x) for x in tr["case_nouns"][c]]
        w = tr["case_weight"][c, layer, head]  # (2,)
        pick = int(np.argmax(w))
        ok = pick == int(tr["case_answer"][c])
        meant = nouns[int(tr["case_answer"][c])]
        verdict = text(
            f"{nouns[0]} {percent(w[0])}, {nouns[1]} {percent(w[1])}: picks "
            f"{nouns[pick]}; it means {meant}: " + ("right" if ok else "wrong"),
            pal.data if ok else pal.noise,
        )
        verdict.next_to(line, DOWN, buff=0.12).align_to(line, LEFT)
        return VGroup(line, verdict)

    def bars(self, shares) -> VGroup:
        """One row per (label, share 0..1, colour): label, bar, percentage."""
        rows = VGroup()
        width = 5.0
        for i, (name, share, colour) in enumerate(shares):
            label = text(name, self.palette.text)
            label.move_to([-0.2, -i * 0.5, 0], aligned_edge=RIGHT)
            bar = Rectangle(width=max(0.02, width * float(share)), height=0.3,
                            stroke_width=0).set_fill(colour, opacity=1)
            bar.move_to([0.0, -i * 0.5, 0], aligned_edge=LEFT)
            value = text(percent(share), self.palette.muted, style.LABEL_SIZE)
            value.next_to(bar, RIGHT, buff=0.12)
            rows.add(VGroup(label, bar, value))
        return rows
