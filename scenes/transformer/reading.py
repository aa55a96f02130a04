"""The transformer chapter, reading: attention on one sentence.

AttentionReads, InsideAttention and AttentionHeads draw the ``attention`` trace
(``python -m engine record attention``).

    manim -pql scenes/transformer/reading.py AttentionReads
    make scene S=AttentionReads SENTENCE="the keys to the old box are"
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.pointer import Pointer
from scenes.kit.text import quoted as quote
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    START_SHOWN,
    Fade,
    axis_corner,
    hidden_rgb,
    image,
    labelled_heatmap,
    percent,
    prob_bars,
    ramp_key,
    shown_vocab,
    shown_word,
    signed,
    signed_key,
    signed_rgb,
    strip,
    text,
    title_text,
    top_k,
    weight_stroke,
    weights_rgb,
    word_boxes,
    word_row,
    words_of,
)

# The word a deciding word rules out, for the grammar's agreement pairs: shown
# beside the word it chose, so the choice can be seen.
RIVALS = {"is": "are", "are": "is", "or": "nor", "nor": "or"}


def why_word(next_word: str, decider: str) -> str | None:
    """The grammar's reason, in plain words, that ``decider`` settles
    ``next_word`` (one of RIVALS), e.g. "“book” is one thing, so “is”, not
    “are”"; None for a word with no rule to tell."""
    q = "\u201c{}\u201d".format
    rival = RIVALS.get(next_word)
    if rival is None:
        return None
    if next_word in ("is", "are"):
        many = "one thing" if next_word == "is" else "more than one"
        return f"{q(decider)} is {many}, so {q(next_word)}, not {q(rival)}"
    return f"after {q(decider)} comes {q(next_word)}, not {q(rival)}"


class AttentionReads(ExplainerScene):
    """A sentence, read word by word: from the word just read, arcs to every
    earlier word weighted by one head's attention, and the next-word
    probabilities as bars."""

    trace_kind = "attention"
    step_seconds = 1.2  # on screen per word read
    dwell_seconds = (
        3.0  # extra time on a word whose next word depends on an earlier one
    )
    row_y = 0.75

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        words = words_of(tr, tr["tokens"])
        n = len(words)
        layer, head = (int(i) for i in tr["focus"])
        attn = tr["attn"][layer, head]  # (position, key)
        vocab = shown_vocab(tr)
        stats = tr.stats

        # Section: the stage
        title = title_text(
            "Attention: which earlier words matter for the next one", pal
        )
        row = word_row(words, pal, 34, config.frame_width - 1.2).move_to(
            UP * self.row_y
        )
        self.row = row  # tests find the words on screen through this
        boxes = word_boxes(row, pal).set_z_index(-1)  # behind the words
        yours = "your sentence; " if stats.get("sentence_source") == "user" else ""
        head_note = (
            text(
                f"{yours}layer {layer + 1}, head {head + 1} of {tr['attn'].shape[1]}",
                pal.muted,
            )
            .next_to(title, DOWN, buff=0.25)
            .to_edge(LEFT, buff=0.5)
        )
        self.add(title)
        self.play(Fade(row), run_time=0.8)
        self.narrate(
            "A small transformer, trained here, reads a sentence word by word, "
            "after a start mark."
        )
        self.play(Fade(boxes), Fade(head_note), run_time=0.6)
        layers, heads = tr["attn"].shape[:2]
        pointer = Pointer(pal.accent, buff=0.06)
        self.play(pointer.to(head_note), run_time=0.5)  # the note these explain
        # heads side by side, layers stacked: the one shown lit, as said
        grid = self.readers(layers, heads, layer, head)
        grid["all"].move_to(DOWN * 1.7)
        # heads and layers in one breath, drawn as they are said: the lesson
        # (which earlier word is read) comes soon after
        self.narrate(
            f"What you see is one of its {heads} heads, separate readers, each "
            "with its own way of picking words;"
        )
        self.play(Fade(grid["row"][layer]), Fade(grid["heads"]), run_time=0.6)
        self.play(Indicate(grid["row"][layer][head], color=pal.accent))
        if layers > 1:
            self.narrate(
                f"in layer {layer + 1} of {layers}: the model reads the sentence "
                f"{layers} times over."
            )
            others = [r for k, r in enumerate(grid["row"]) if k != layer]
            self.play(*map(Fade, others), Fade(grid["layers"]), run_time=0.8)
        self.hold_caption()
        self.play(pointer.away(), Fade(grid["all"], show=False), run_time=0.4)

        # Section: move along the sentence
        marker = Line(LEFT * 0.3, RIGHT * 0.3, color=pal.accent, stroke_width=6)
        arcs, labels, bars = VGroup(), VGroup(), VGroup()
        first_dep = next((p for p in range(1, n) if tr["decider"][p] >= 0), None)
        told_start = False
        for p in range(1, n):
            w = attn[p]  # (key,): weights over words 0..p, summing to one
            new_arcs = self.arcs(row, p, w)
            new_labels = self.weight_labels(row, w[: p + 1])
            nxt = words[p + 1] if p + 1 < n else None
            new_bars = self.bars(tr["next_probs"][p], vocab, words[p], nxt)
            fills = [  # the boxes of words not yet read stay empty
                boxes[k].animate.set_fill(pal.data, opacity=0.6 * float(w[k]) ** 0.5)
                for k in range(p + 1)
            ]
            # Words not yet read are dimmed. Only words whose state changes are
            # animated: every .animate copies its Text, the slowest part of a play.
            dims = (
                [row[k].animate.set_opacity(0.22) for k in range(2, n)]
                if p == 1
                else [row[p].animate.set_opacity(1.0)]
            )
            target = marker.copy()
            target.width = row[p].width + 0.1
            target.next_to(row[p], DOWN, buff=0.1)
            # the old weights and bars go before the new come: never both
            self.play(
                Fade(arcs, show=False),
                Fade(labels, show=False),
                Fade(bars, show=False),
                run_time=0.2,
            )
            self.play(
                *fills,
                *dims,
                Fade(new_arcs),
                Fade(new_labels),
                Fade(new_bars),
                Transform(marker, target) if p > 1 else Fade(target),
                run_time=0.35,
            )
            if p == 1:
                marker = target
                self.narrate("From the word just read, it weighs every earlier word,")
                self.narrate("then gives odds for the word that comes next.")
                self.narrate(
                    "Each word shares out its attention anew, 100% in all; shares "
                    "of 5% or more are labelled."
                )
            if p > 1 and not told_start and w[0] >= 0.5:
                told_start = True
                self.narrate(
                    "When no earlier word matters, it parks its attention on "
                    "the start mark."
                )
                self.hold_caption()  # the sweep waits on this word meanwhile
            arcs, labels, bars = new_arcs, new_labels, new_bars
            d = int(tr["decider"][p])
            if d >= 0:
                self.narrate(
                    f"To write \u201c{nxt}\u201d it looks back past "
                    f"\u201c{words[p]}\u201d to \u201c{words[d]}\u201d: "
                    f"{percent(w[d])} of its attention."
                    if nxt is not None
                    else f"What comes next depends on \u201c{words[d]}\u201d: "
                    f"{percent(w[d])} of its attention is there."
                )
                if p == first_dep:
                    self.poster_position = p
                    self.mark_poster()
                self.wait(self.dwell_seconds)
                why = why_word(nxt or "", words[d]) if p == first_dep else None
                if why:  # the rule, told once, at the first word it decides
                    self.hold_caption()
                    self.narrate(f"Why: {why}.")
                rival = RIVALS.get(nxt or "")
                if rival in vocab:
                    odds = tr["next_probs"][p]
                    self.narrate(
                        f"So \u201c{nxt}\u201d gets {percent(odds[vocab.index(nxt)])} "
                        f"of the odds, \u201c{rival}\u201d only "
                        f"{percent(odds[vocab.index(rival)])}."
                    )
                self.hold_caption()
                if p == first_dep and p + 1 < n:  # the walk goes on: say so,
                    # so the odds line is not left over the next words' odds
                    self.narrate("Then on, word by word, to the end.")
            else:
                self.wait(self.step_seconds - 0.45)
        if first_dep is None:
            self.poster_position = n - 1
            self.mark_poster()
        self.play(Fade(VGroup(arcs, labels, bars), show=False), run_time=0.3)
        result = (
            VGroup(
                text(
                    f"next word right: {percent(stats['heldout_accuracy'])}",
                    pal.text,
                    style.BODY_SIZE,
                ),
                text(
                    f"on {stats['heldout_cases']:,} words that depend on an earlier "
                    "one,",
                    pal.muted,
                ),
                text("in sentences kept out of training", pal.muted),
            )
            .arrange(DOWN, buff=0.15)
            .move_to(DOWN * 1.6)
        )
        # the evidence first, then the score, each with its line
        self.play(Fade(result[1:]), run_time=0.5)
        self.narrate(
            f"On {stats['heldout_cases']:,} words like these, where an earlier word "
            "decides the answer"
            + (f" (as {quote(words[int(tr['decider'][first_dep])])} decides "
               f"{quote(words[first_dep + 1])})"
               if first_dep is not None and first_dep + 1 < n else "")
            + ", in sentences not seen in "
            "training,"
        )
        self.hold_caption()
        self.play(Fade(result[0]), run_time=0.5)
        self.narrate(
            f"the right word is its top pick {percent(stats['heldout_accuracy'])} "
            "of the time."
        )
        self.play(Indicate(result[0], color=pal.accent), run_time=1.0)
        self.wait(1.0)

    def readers(self, layers: int, heads: int, layer: int, head: int) -> dict:
        """The model's heads as boxes, one row per layer (layer 1 at the
        bottom, as each reads what the one below wrote); ``layer``/``head``,
        the one shown, lit in the accent colour."""
        pal = self.palette
        side, gap = 0.5, 0.18
        rows = VGroup()
        for k in range(layers):
            row = VGroup(*[
                RoundedRectangle(corner_radius=0.08, width=side, height=side,
                                 stroke_width=2,
                                 color=pal.accent if (k, h) == (layer, head)
                                 else pal.muted)
                .set_fill(pal.accent if (k, h) == (layer, head) else pal.muted,
                          opacity=0.5 if (k, h) == (layer, head) else 0.15)
                for h in range(heads)
            ]).arrange(RIGHT, buff=gap)  # fmt: skip
            rows.add(row)
        rows.arrange(UP, buff=gap)
        names = VGroup(*[
            text(f"layer {k + 1}", pal.muted).next_to(rows[k], LEFT, 0.3)
            for k in range(layers)
        ])  # fmt: skip
        head_names = text(f"{heads} heads", pal.muted).next_to(rows, RIGHT, 0.3)
        head_names.match_y(rows[layer])
        group = VGroup(rows, names, head_names)
        return {"row": rows, "layers": names, "heads": head_names, "all": group}

    def weight_labels(self, row: VGroup, w) -> VGroup:
        """Each earlier word's share of the attention, under it, where it is
        at least 5% and does not run into the label before it."""
        out, right = VGroup(), -np.inf
        for k, share in enumerate(w):
            if share < 0.05:
                continue
            t = text(percent(share), self.palette.muted).next_to(row[k], DOWN, 0.22)
            if t.get_left()[0] > right + 0.05:
                out.add(t)
                right = t.get_right()[0]
        return out

    def arcs(self, row: VGroup, p: int, w) -> VGroup:
        """Arcs from word ``p`` back to each earlier word, thick where weight is."""
        pal = self.palette
        best = int(w[:p].argmax()) if p > 0 else -1
        out = VGroup()
        start = row[p].get_top() + UP * 0.12
        for k in range(p):
            if w[k] < 0.02:
                continue
            end = row[k].get_top() + UP * 0.12
            arc = ArcBetweenPoints(start, end, angle=1.2)
            out.add(weight_stroke(arc, w[k], k == best, pal))
        return out

    def bars(self, probs, vocab: list[str], reading: str, truth: str | None) -> VGroup:
        pal = self.palette
        idx = list(top_k(probs, 4))
        rival = RIVALS.get(truth or "")
        if rival in vocab and vocab.index(rival) not in idx:
            idx.append(vocab.index(rival))  # the form the earlier word rules out
        header = text(
            f"odds for the word after \u201c{shown_word(reading)}\u201d:",
            pal.text,
            style.LABEL_SIZE,
        )
        rows = prob_bars(
            [vocab[i] for i in idx],
            [float(probs[i]) for i in idx],
            pal,
            width=3.2,
            highlight=truth,
        )
        header.next_to(rows, UP, buff=0.25).align_to(rows, LEFT)
        group = VGroup(header, rows)
        group.move_to(RIGHT * 3.2 + DOWN * 1.75)
        return group


def said_signed(v: float) -> str:
    """A score as a caption says it aloud: "minus 5.3", "18.5"."""
    return f"minus {abs(v):.1f}" if v < 0 else f"{v:.1f}"


class InsideAttention(ExplainerScene):
    """One head on one sentence, with its real numbers: query-key scores, the
    causal mask, how a lead in score becomes a share (softmax, after the
    1/sqrt(d) scaling), and the weighted sum of values."""

    trace_kind = "attention"
    stage_seconds = 2.6  # hold after each stage
    side = 3.6  # the heatmap's side, scene units
    heat_center = LEFT * 3.7 + UP * 0.2
    max_rows = 11  # table rows at most; longer sentences keep their heaviest words
    big_width = 4.8  # one query and one key drawn large, cells big enough to point at

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        words = words_of(tr, tr["tokens"])
        n = len(words)
        layer, head = (int(i) for i in tr["focus"])
        self.tr = tr  # query_of reads it
        scores, mask = tr["scores"], tr["mask"]
        weights = tr["attn"][layer, head]  # (position, key)
        values, out = tr["values"], tr["weighted"]
        deps = [p for p in range(n) if tr["decider"][p] >= 0]
        q = deps[0] if deps else n - 1  # the row followed in the table
        dim = values.shape[1]
        scale = float(abs(scores).max())

        # Section: the stage
        title = title_text("Inside one attention head, with its real numbers", pal)
        # the words after each one are grey from the start: the brightest
        # squares of a row are then always words it may read
        img, labels = labelled_heatmap(
            hidden_rgb(pal, signed_rgb(pal, scores, scale), mask), words,
            self.side, pal,
        )
        Group(img, labels).shift(self.heat_center - img.get_center())
        corner = axis_corner(img, f"layer {layer + 1},", f"head {head + 1}", pal)
        cell = self.side / n
        row_box = Rectangle(
            width=self.side, height=cell, color=pal.accent, stroke_width=3
        ).set_z_index(1)  # stays above the heatmaps that replace each other
        row_box.move_to([img.get_center()[0], img.get_top()[1] - (q + 0.5) * cell, 0])
        # what the map's edges and colours mean, under it: the colour key is
        # a bar in the same colours as the map, and changes once
        start = words[0] in (".", START_SHOWN)
        axis_note = VGroup(
            text("rows: the word reading" + (f"; {START_SHOWN} = start of text"
                                            if start else ""), pal.muted),
            text("columns: the word being read", pal.muted),
            text("grey: later words, hidden", pal.muted),
        ).arrange(DOWN, buff=0.08).next_to(img, DOWN, buff=0.15)  # fmt: skip
        ramp = np.linspace(-1.0, 1.0, 41)
        head_note = ramp_key(pal, signed_rgb(pal, ramp, 1.0), "scores:", "below 0",
                             "above 0", pal.noise, pal.data)  # fmt: skip
        head_note.next_to(axis_note, DOWN, buff=0.12)
        # the goal, said first: the word after the row followed, and the
        # earlier word that settles it (the trace's measured decider)
        dec = int(tr["decider"][q]) if q + 1 < n else -1
        best = int(weights[q].argmax())
        goal = self.goal(words, q, dec)
        layers, heads = (int(i) for i in tr["attn"].shape[:2])
        grid, chosen = self.readers_grid(layers, heads, layer, head)
        gap = grid.get_top()[1] - (goal.get_bottom()[1] - 0.3)
        if gap > 0:  # a long sentence's goal: the grid goes under it
            grid.shift(DOWN * gap)
            chosen.shift(DOWN * gap)
        self.add(title)
        # the map from the start: the sentence, down the side and along the top
        self.play(Fade(labels), Fade(img), Fade(corner), Fade(goal[:2]),
                  run_time=0.8)  # fmt: skip
        self.narrate(f"The goal: guess the word after {quote(words[q])}.")
        if dec >= 0:
            self.hold_caption()
            why = why_word(words[q + 1], words[dec])
            self.narrate(f"That needs {quote(words[dec])}"
                         + (f": {why}." if why else "."))  # fmt: skip
            self.play(Create(goal[2]), Fade(goal[3]), run_time=0.8)
        self.hold_caption()
        self.narrate(
            "The model reads in rounds (layers), each with several readers "
            "(heads) that pick which words to look at."
        )
        self.play(LaggedStart(*[Fade(r) for r in grid], lag_ratio=0.6),
                  run_time=max(1.0, self.caption_left() - 0.5))  # fmt: skip
        # a promise the end of the scene keeps: the score map does not yet
        # show the pick, the share map does (outlined there)
        finds = ("by the end, it picks " + quote(words[dec])
                 if dec == best and dec >= 0 else "we follow where it looks")
        self.narrate(f"This map is head {head + 1} of layer {layer + 1}; "
                     f"{finds}.")  # fmt: skip
        self.play(Fade(chosen), Indicate(corner, color=pal.accent), run_time=1.2)
        self.hold_caption()
        self.play(Fade(Group(grid, chosen), show=False), run_time=0.5)
        self.narrate("Each row is one word reading; each square, its score "
                     "for the word above that column.")  # fmt: skip
        self.play(Fade(axis_note[:2]), run_time=0.8)
        self.play(Fade(head_note), run_time=0.8)
        if not mask.all():
            self.hold_caption()
            self.narrate("Grey squares are the words after it, hidden from it.")
            self.play(Fade(axis_note[2]), run_time=0.6)
        self.play(Fade(goal, show=False), run_time=0.5)

        shown = self.rows_shown(weights[q], q, n)
        keys = tr["keys"]
        table = self.table(words, shown, q, scores, weights, keys, values, out)
        cols = table["columns"]
        self.play(Create(row_box), Fade(table["header"]), Fade(cols["word"]))

        # Section: query and key, drawn as the strips of numbers they are
        self.narrate(f"Each word sends a query: {dim} numbers saying what it is "
                     "looking for, like a search.")  # fmt: skip
        self.play(Fade(table["query"]), run_time=0.8)
        self.hold_caption()
        self.narrate(f"Each word offers a key: {dim} numbers saying what it can be "
                     "found by, like a label.")  # fmt: skip
        self.play(Fade(cols["key"]), run_time=0.8)
        self.hold_caption()
        self.narrate(f"Each strip draws its {dim} numbers in the map's colours: "
                     "blue above zero, red below.")  # fmt: skip
        self.play(Fade(table["strip_key"]), run_time=0.6)
        self.hold_caption()
        # one pair matched, in the map's place: its biggest number pairs drawn
        # large, each with its product, stepped through one pair at a time
        small_k = cols["key"][shown.index(best) + 1]
        match = self.pair_cells(self.query_of(q), keys[best], words[q],
                                words[best])  # fmt: skip
        beside = Group(img, labels, corner, axis_note, head_note, row_box)
        # built now, while every part has its full opacity: a fade out leaves
        # them at zero, and a fade in built after it would restore zero
        back = Fade(beside, run_time=0.6)
        self.narrate(f"Match the query of {quote(words[q])} to the key of "
                     f"{quote(words[best])}, number by number.")  # fmt: skip
        key_box = SurroundingRectangle(small_k, color=pal.accent, buff=0.04)
        self.play(Fade(beside, show=False), Create(key_box), run_time=0.6)
        self.play(Fade(match["cells"]), run_time=0.8)
        self.hold_caption()
        # one pair of each kind, boxed while its product appears
        steps = [(match["pos"], "Same colour: the product is above 0, the "
                                "score goes up."),
                 (match["neg"], "Different colours: below 0, it goes down.")]
        box = None
        for col, line in steps:
            if col is None:
                continue
            self.narrate(line)
            ring = match["boxes"][col]
            self.play(Create(ring) if box is None else ReplacementTransform(box, ring),
                      run_time=0.5)  # fmt: skip
            self.play(Fade(match["products"][col]), run_time=0.5)
            box = ring
            self.hold_caption()
        rest = [p for i, p in enumerate(match["products"])
                if i not in (match["pos"], match["neg"])]  # fmt: skip
        total = said_signed(scores[q, best])
        self.narrate(f"All {dim} added up, the score: {total}. The higher, the "
                     "better the match.")  # fmt: skip
        self.play(*([FadeOut(box)] if box is not None else []),
                  *[Fade(p) for p in rest], run_time=0.5)  # fmt: skip
        self.play(Fade(match["total"]), run_time=0.8)
        self.hold_caption()
        self.play(Fade(match["all"], show=False), FadeOut(key_box), run_time=0.6)
        self.play(back)
        # the query slides down the keys; each score appears as it passes
        self.narrate("The same for every word,")
        self.play(Fade(cols["score"][0]), run_time=0.3)
        # the query, boxed so it shows over the keys it passes
        probe = table["query"].copy()
        probe = Group(probe, SurroundingRectangle(probe, color=pal.accent, buff=0.04))
        per_row = max(0.25, min(0.6, 3.5 / len(shown)))
        rest = f"a score from \u201c{words[q]}\u201d to each one."
        said = False
        for r in range(len(shown)):
            key_strip = cols["key"][r + 1]
            self.play(
                probe.animate.move_to(key_strip.get_center() + UP * 0.06),
                Fade(cols["score"][r + 1]),
                run_time=per_row,
            )
            if not said and self.caption_left() <= 0:  # the first half is read
                self.narrate(rest)
                said = True
        if not said:
            self.narrate(rest)
        self.play(FadeOut(probe), run_time=0.3)
        self.hold_caption()

        # Section: the causal mask
        self.narrate(
            "A mask hides the words after it: a word reads only itself and "
            "earlier words."
        )
        self.play(Fade(cols["mask"]), run_time=0.8)
        hidden = [r for r, k in enumerate(shown) if not mask[q, k]]
        if hidden:
            self.play(Indicate(VGroup(*[cols["mask"][r + 1] for r in hidden]),
                               color=pal.accent), run_time=1.0)  # fmt: skip
            self.hold_caption()
            # their scores are worked out like any other; the mask strikes
            # them out before the shares are made
            self.narrate("The mask strikes out their scores: their share will "
                         "be 0.")  # fmt: skip
            strikes = VGroup(*[
                Line(cols["score"][r + 1].get_left() + LEFT * 0.06,
                     cols["score"][r + 1].get_right() + RIGHT * 0.06,
                     color=pal.muted, stroke_width=2.5)
                for r in hidden
            ])  # fmt: skip
            self.play(LaggedStart(*[Create(s) for s in strikes], lag_ratio=0.5),
                      run_time=1.2)  # fmt: skip
        self.hold_caption()

        # Section: scores into shares (softmax, after the 1/sqrt(d) scaling),
        # drawn as the row's bars turning from scores into shares, in the
        # map's place; then the map comes back as shares, in their own colour
        new = self.heat(hidden_rgb(pal, weights_rgb(pal, weights, pal.guess), mask),
                        img)  # fmt: skip
        ramp = np.linspace(0.0, 1.0, 41)
        new_key = ramp_key(pal, weights_rgb(pal, ramp, pal.guess), "shares:", "0%",
                           "100%", pal.muted, pal.guess)  # fmt: skip
        new_key.move_to(head_note)
        # the pick promised at the start, outlined as the map returns bright
        # with shares
        pick = Square(cell, color=pal.accent, stroke_width=4).set_z_index(2)
        pick.move_to(new.get_corner(UL) + RIGHT * (best + 0.5) * cell
                     + DOWN * (q + 0.5) * cell)  # fmt: skip
        # built before the fade out (see above): the map returns as shares
        back = Fade(Group(new, labels, corner, axis_note, new_key, row_box, pick),
                    run_time=0.8)  # fmt: skip
        self.scores_to_shares(q, best, words,
                              Group(img, labels, corner, axis_note, head_note,
                                    row_box),
                              [Fade(cols["weight"]), Fade(table["sum"])])  # fmt: skip
        self.play(back)
        self.remove(img, head_note)
        img, head_note = new, new_key
        self.narrate("The map now shows shares, in their own colour: brighter, "
                     "more attention.")  # fmt: skip
        self.hold_caption()
        self.play(FadeOut(pick), run_time=0.3)

        # Section: the weighted sum of values, said once: what a value is, how
        # the head mixes them, and whose value the output mostly is
        top = float(weights[q][best])
        how = ("almost only" if top >= 0.9 else "mostly" if top >= 0.5
               else "a blend led by")  # fmt: skip
        self.narrate(f"Each word also hands over a value, {dim} more numbers. The "
                     "head mixes them by share, so its output is "
                     f"{how} the value of {quote(words[best])}.")  # fmt: skip
        self.play(Fade(cols["value"]), run_time=0.8)
        fades = [
            s.animate.set_opacity(max(0.08, float(weights[q][k]) ** 0.5))
            for s, k in zip(cols["value"][1:], shown, strict=True)
        ]
        self.play(*fades, Fade(table["sum"], show=False), Fade(table["output"]),
                  run_time=1.2)  # fmt: skip
        # that value, brought down over the output: the two strips match
        src = cols["value"][shown.index(best) + 1]
        twin = src.copy().set_opacity(1)
        twin_label = text(f"value of {quote(words[best])}:", pal.text)
        twin_label.move_to(table["twin_at"] + LEFT * (twin.width / 2 + 0.2),
                           aligned_edge=RIGHT)  # fmt: skip
        self.play(twin.animate.move_to(table["twin_at"]), Fade(twin_label),
                  run_time=1.0)  # fmt: skip
        self.heatmap, self.query_row = img, q  # for tests that read pixels
        self.mark_poster()
        self.hold_caption()
        # what the output carries, said only when the measured deciding word
        # of this position is the one the head read most; what the rest of the
        # model makes of it is shown after, as the model's own odds
        if q + 1 < n and int(tr["decider"][q]) == best:
            self.narrate(f"So this head passes on {quote(words[best])}, the word "
                         "that decides the next one.")  # fmt: skip
            # an outline, not a fill: the two strips stay readable
            both = SurroundingRectangle(Group(twin, table["output"][1]),
                                        color=pal.accent, buff=0.06)  # fmt: skip
            self.play(Indicate(cols["word"][shown.index(best)], color=pal.accent),
                      Create(both), run_time=1.0)  # fmt: skip
            self.hold_caption()
            self.play(FadeOut(both), run_time=0.4)
            self.odds(img, labels, corner, axis_note, head_note, row_box, q=q,
                      words=words)  # fmt: skip
        self.wait(self.stage_seconds)

    def pair_cells(self, query: np.ndarray, key: np.ndarray, asker: str,
                   offered: str) -> dict:  # fmt: skip
        """The query of ``asker`` against the key of ``offered``, in the map's
        place: their biggest number pairs (by the size of their product, with
        the biggest of each sign among them) as large cells in the strips'
        colours, each with its number, and under each pair its product.

        Returns cells (labels, heading and the two rows of cells), products
        (one text per pair, not yet shown), boxes (one outline per pair),
        pos and neg (the pair to step through for each sign, or None), total
        (the sum of the others and the score) and all."""
        pal = self.palette
        prods = np.asarray(query) * np.asarray(key)
        order = [int(i) for i in np.argsort(-np.abs(prods), kind="stable")]
        picks = order[:4]
        for sign in (1, -1):  # one pair of each sign, if the vector has one
            first = next((i for i in order if np.sign(prods[i]) == sign), None)
            if first is not None and first not in picks:
                picks.append(first)
        picks.sort(key=lambda i: -abs(float(prods[i])))
        size, pitch = 0.72, 0.84
        label_r = self.heat_center[0] - 1.3  # the row names end here
        xs = [label_r + 0.2 + size / 2 + c * pitch for c in range(len(picks))]
        ys = [1.25, 0.37, -0.45]  # query, key, product: under the table's header

        def cell(v: float, x: float, y: float) -> VGroup:
            sq = Square(size, stroke_width=0, fill_opacity=1,
                        fill_color=pal.data if v >= 0 else pal.noise)  # fmt: skip
            return VGroup(sq, text(signed(v), pal.background).move_to(sq)
                          ).move_to([x, y, 0])  # fmt: skip

        names = VGroup(*[text(s, c).move_to([label_r, y, 0], aligned_edge=RIGHT)
                         for s, c, y in (("query", pal.accent, ys[0]),
                                         ("key", pal.text, ys[1]),
                                         ("product", pal.text, ys[2]))])  # fmt: skip
        # whose query and key, and which of their pairs are drawn
        heading = VGroup(
            text(f"query of {quote(asker)}, key of {quote(offered)}:", pal.text),
            text(f"their {len(picks)} biggest pairs, of {len(prods)}", pal.muted),
        ).arrange(DOWN, buff=0.08)
        heading.next_to([float(np.mean(xs)), ys[0] + size / 2, 0], UP, 0.15)
        rows = VGroup(*[cell(float(v[i]), x, y)
                        for v, y in ((query, ys[0]), (key, ys[1]))
                        for i, x in zip(picks, xs, strict=True)])  # fmt: skip
        products = [text(("+" if prods[i] >= 0 else "") + signed(float(prods[i])),
                         pal.accent if prods[i] >= 0 else pal.muted)
                    .move_to([x, ys[2], 0])
                    for i, x in zip(picks, xs, strict=True)]  # fmt: skip
        boxes = [Rectangle(width=size + 0.1, height=ys[0] - ys[2] + size,
                           color=pal.accent, stroke_width=3)
                 .move_to([x, (ys[0] + ys[2]) / 2, 0]) for x in xs]  # fmt: skip
        score = float(prods.sum())
        others = score - float(sum(prods[i] for i in picks))
        total = VGroup(
            text(f"the other {len(prods) - len(picks)} pairs: {signed(others)}",
                 pal.muted),
            text(f"all added up, the score: {signed(score)}", pal.accent),
        ).arrange(DOWN, buff=0.2).move_to([float(np.mean(xs)), ys[2] - 1.0, 0])
        first = {s: next((c for c, i in enumerate(picks) if np.sign(prods[i]) == s),
                         None) for s in (1, -1)}  # fmt: skip
        cells = VGroup(names, heading, rows)
        return {"cells": cells, "products": products, "boxes": boxes,
                "pos": first[1], "neg": first[-1], "total": total,
                "all": VGroup(cells, *products, total)}  # fmt: skip

    def goal(self, words: list[str], q: int, dec: int) -> VGroup:
        """The sentence up to word ``q`` with a "?" after it, under "goal: the
        word after ...", with the deciding word ``dec`` (if any, else -1)
        boxed and named as the word needed; drawn right of the map."""
        pal = self.palette
        first = 1 if words[0] in (".", START_SHOWN) else 0
        row = VGroup(*[text(w, pal.accent if k == q else pal.text, style.BODY_SIZE)
                       for k, w in enumerate(words[first:q + 1], start=first)],
                     text("?", pal.accent, style.BODY_SIZE))  # fmt: skip
        # a long sentence wraps onto more lines, each within the space right
        # of the map (never shrunk)
        lines, line, width = [], [], 0.0
        for w in row:
            glued = w is row[-1]  # the "?" never starts a line
            if line and not glued and width + 0.28 + w.width > 6.2:
                lines.append(line)
                line, width = [], 0.0
            width += (0.28 if line else 0.0) + w.width
            line.append(w)
        lines.append(line)
        for ws in lines:
            VGroup(*ws).arrange(RIGHT, buff=0.28, aligned_edge=DOWN)
        VGroup(*[VGroup(*ws) for ws in lines]).arrange(DOWN, buff=0.45)
        head = text(f"goal: guess the word after {quote(words[q])}", pal.accent,
                    style.BODY_SIZE)  # fmt: skip
        group = VGroup(head, row).arrange(DOWN, buff=0.5)
        if dec >= 0:
            box = SurroundingRectangle(row[dec - first], color=pal.accent, buff=0.08)
            need = text("the word it needs", pal.accent).next_to(box, DOWN, 0.15)
            group.add(box, need)
        group.move_to([3.3, 1.6, 0])
        if group.get_top()[1] > 2.9:  # a long sentence: from under the title
            group.shift(DOWN * (group.get_top()[1] - 2.9))
        return group

    def readers_grid(self, layers: int, heads: int, layer: int, head: int):
        """The model's readers as squares, a row per layer (round of reading)
        and a square per head, right of the map under the goal; and, apart,
        the chosen one lit with "this map" beside it."""
        pal, side = self.palette, 0.6
        rows = VGroup()
        for r in range(layers):
            squares = VGroup(*[Square(side, color=pal.muted, stroke_width=2)
                               for _ in range(heads)]).arrange(RIGHT, buff=0.25)
            for h, sq in enumerate(squares):  # the head's number inside it
                sq.add(text(f"{h + 1}", pal.muted).move_to(sq))
            name = text(f"layer {r + 1}", pal.text).next_to(squares, LEFT, 0.25)
            rows.add(VGroup(name, squares))
        rows.arrange(DOWN, buff=0.2, aligned_edge=RIGHT).move_to([2.9, -0.9, 0])
        rows.add(text("each square: one reader (head)", pal.muted)
                 .next_to(rows, DOWN, 0.2))  # fmt: skip
        sq = rows[layer][1][head]
        lit = Square(side, color=pal.accent, stroke_width=2).move_to(sq)
        lit.set_fill(pal.accent, 1)
        chosen = VGroup(lit, text(f"{head + 1}", pal.background).move_to(sq),
                        text("this map", pal.accent).next_to(rows[0], RIGHT, 0.3)
                        .set_y(sq.get_y()))  # fmt: skip
        return rows, chosen

    def scores_to_shares(self, q, best, words, old, table) -> None:
        """Row ``q`` as bars in the map's place (``old`` fades out): each
        word it may read, with its score as a bar from a zero line (right above
        0, left below); then each bar turns into that word's share of
        attention, from 0 to 100% across the same width, as the ``table``
        animations (the share column) play beside it."""
        pal, tr = self.palette, self.tr
        scores, mask = tr["scores"], tr["mask"]
        layer, head = (int(i) for i in tr["focus"])
        weights = tr["attn"][layer, head]
        # the words it may read; a long sentence keeps its heaviest, as the
        # table does
        seen = [k for k in self.rows_shown(weights[q], q, len(words)) if mask[q, k]]
        row_h = min(0.45, 3.8 / len(seen))
        x = self.heat_center[0]
        name_r = x - 2.0  # the word names end here
        lo, hi = name_r + 0.25, x + 1.6  # the bars' span
        zero = (lo + hi) / 2
        top_y = 2.2
        bottom = top_y - len(seen) * row_h
        scale = max(abs(float(scores[q, k])) for k in seen) or 1.0
        heads = [text(f"{quote(words[q])}: its score for each word", pal.text),
                 text(f"{quote(words[q])}: its share of attention", pal.guess)]
        for h in heads:
            h.move_to([(name_r + hi) / 2, top_y + 0.35, 0])
        names, s_bars, w_bars, s_vals, w_vals = (VGroup() for _ in range(5))
        for r, k in enumerate(seen):
            y = top_y - (r + 0.5) * row_h
            start = k == 0 and words[0] in (".", START_SHOWN)
            names.add(text(START_SHOWN if start else words[k],
                           pal.muted if start else
                           (pal.accent if k == q else pal.text))
                      .move_to([name_r, y, 0], aligned_edge=RIGHT))  # fmt: skip
            v, share = float(scores[q, k]), float(weights[q, k])
            w = max(0.02, (hi - zero) * abs(v) / scale)
            s_bars.add(Rectangle(width=w, height=row_h * 0.6, stroke_width=0,
                                 fill_color=pal.data if v >= 0 else pal.noise,
                                 fill_opacity=1)
                       .move_to([zero + (w / 2 if v >= 0 else -w / 2), y, 0]))
            ww = max(0.02, (hi - lo) * share)
            w_bars.add(Rectangle(width=ww, height=row_h * 0.6, stroke_width=0,
                                 fill_color=pal.guess, fill_opacity=1)
                       .move_to([lo + ww / 2, y, 0]))  # fmt: skip
            s_vals.add(text(signed(v), pal.text)
                       .move_to([hi + 0.2, y, 0], aligned_edge=LEFT))
            w_vals.add(text(percent(share), pal.guess if k == best else pal.text)
                       .move_to([hi + 0.2, y, 0], aligned_edge=LEFT))  # fmt: skip
        zero_line = Line([zero, top_y, 0], [zero, bottom, 0], color=pal.muted)
        base_line = Line([lo, top_y, 0], [lo, bottom, 0], color=pal.muted)
        s_marks = VGroup(text("below 0", pal.noise).next_to([zero - 0.1, bottom, 0],
                                                            DL, 0.1),
                         text("above 0", pal.data).next_to([zero + 0.1, bottom, 0],
                                                           DR, 0.1))  # fmt: skip
        w_marks = VGroup(text("0%", pal.muted).next_to([lo, bottom, 0], DOWN, 0.1),
                         text("100%", pal.muted).next_to([hi, bottom, 0], DOWN, 0.1))
        # each line said while its picture is drawn: the bars first, then
        # the line about shares as they turn into shares
        self.narrate(f"Here are the scores of {quote(words[q])} as bars, one per "
                     "word.")  # fmt: skip
        self.play(Fade(old, show=False), run_time=0.5)
        self.play(Fade(heads[0]), Fade(names), Fade(zero_line), Fade(s_marks),
                  run_time=0.6)  # fmt: skip
        self.play(LaggedStart(*[GrowFromEdge(b, LEFT if float(scores[q, k]) >= 0
                                             else RIGHT)
                                for b, k in zip(s_bars, seen, strict=True)],
                              lag_ratio=0.3),
                  Fade(s_vals),
                  run_time=max(1.2, self.caption_left() - 0.3))  # fmt: skip
        top = float(weights[q, best])
        how = ("nearly all of it" if top >= 0.9 else
               "most of it" if top >= 0.5 else "the biggest share")  # fmt: skip
        self.hold_caption()
        self.narrate("They become shares of attention that add up to 100%.")
        # old heading and score marks out first, then the shares come in
        self.play(Fade(heads[0], show=False), Fade(s_marks, show=False),
                  Fade(s_vals, show=False), run_time=0.3)  # fmt: skip
        run = max(1.5, self.caption_left() - 0.3)
        self.play(*[Transform(a, b) for a, b in zip(s_bars, w_bars, strict=True)],
                  Transform(zero_line, base_line), Fade(heads[1]), Fade(w_vals),
                  Fade(w_marks), *table, run_time=run)  # fmt: skip
        self.narrate(f"A higher score gets a much bigger share: the top one, "
                     f"{self.name_of(words, best)}, takes {how}, {percent(top)}.")
        if best in seen:
            self.play(Indicate(w_vals[seen.index(best)], color=pal.guess),
                      run_time=1.0)  # fmt: skip
        self.hold_caption()
        self.play(Fade(Group(heads[1], names, s_bars, zero_line, w_vals, w_marks),
                       show=False), run_time=0.6)  # fmt: skip

    def odds(self, *old, q: int, words: list[str]) -> None:
        """In the map's place, the whole model's odds for the word after
        ``q`` (the trace's ``next_probs``): its top four, and the word the
        grammar rules out when it is not among them."""
        pal, tr = self.palette, self.tr
        vocab = shown_vocab(tr)
        probs = np.asarray(tr["next_probs"][q])
        picks = [int(i) for i in top_k(probs, 4)]
        rival = RIVALS.get(words[q + 1])
        if rival in vocab and vocab.index(rival) not in picks:
            picks.append(vocab.index(rival))
        bars = prob_bars([vocab[i] for i in picks], [float(probs[i]) for i in picks],
                         pal, width=3.0, highlight=words[q + 1],
                         colour=pal.muted)  # grey: blue and red mean signs here
        head = text(f"the model's odds for the word after {quote(words[q])}:",
                    pal.text)  # fmt: skip
        # where the output goes: a path down, drawn one step at a time, the
        # rest of the model a box of its own
        rest = text("rest of the model (other heads, layers)", pal.text)
        steps = [text("this head's output", pal.accent),
                 text("\u2193", pal.muted),
                 VGroup(SurroundingRectangle(rest, color=pal.muted, buff=0.12), rest),
                 text("\u2193", pal.muted)]  # fmt: skip
        path = VGroup(*steps).arrange(DOWN, buff=0.12)
        panel = VGroup(path, head, bars).arrange(DOWN, buff=0.3)
        bars.align_to(head, LEFT).shift(RIGHT * 1.2)
        panel.move_to(self.heat_center)
        self.narrate("That is one clue among many: the rest of the model (other "
                     "heads and layers) turns them into odds.")  # fmt: skip
        self.play(Fade(Group(*old), show=False), Fade(steps[0]), run_time=0.6)
        run = max(1.2, self.caption_left() - 0.6)
        self.play(LaggedStart(*[Fade(m) for m in steps[1:]], lag_ratio=0.7),
                  run_time=run)  # fmt: skip
        line = (f"The whole model's odds for the next word: {quote(words[q + 1])} "
                f"{percent(probs[vocab.index(words[q + 1])])}")
        if rival in vocab:
            line += f", {quote(rival)} {percent(probs[vocab.index(rival)])}"
        self.narrate(line + ".")
        self.play(Fade(head), Fade(bars), run_time=0.8)


    @staticmethod
    def name_of(words: list[str], k: int) -> str:
        """Word ``k`` as a sentence says it: the start mark by name."""
        if k == 0 and words[0] in (".", START_SHOWN):
            return "the start mark"
        return quote(words[k])

    def heat(self, rgb, like):
        """A new heatmap image in place of ``like``."""
        return image(rgb, self.side).move_to(like)

    def swap(self, old, new, run_time: float = 0.8):
        self.play(Fade(new), run_time=run_time)
        self.remove(old)

    def rows_shown(self, w, q: int, n: int) -> list[int]:
        if n <= self.max_rows:
            return list(range(n))
        keep = set(np.argsort(-w[: q + 1], kind="stable")[: self.max_rows - 1].tolist())
        keep.add(q)
        return sorted(keep)

    def table(self, words, shown, q, scores, weights, keys, values, out) -> dict:
        """The numbers of row ``q``: one line per key word shown, column by column.

        Columns: the word, its key (a strip of numbers), the score of ``q``'s
        query against it, whether the mask lets ``q`` see it, its share of
        the attention, its value (a strip). ``q``'s query strip sits in the
        header line, above the keys it is matched against."""
        pal = self.palette
        left, top = -0.95, 2.6
        row_h = 0.38
        size = style.LABEL_SIZE
        xs = {"score": 2.75, "mask": 3.8, "weight": 4.85}  # column centres - 0.45
        key_x, key_w = 1.65, 0.95  # the key strips, left edge and width
        value_x, value_w = 5.95, 1.55  # as wide as the frame's right edge allows
        header_text = text(
            f"reading \u201c{words[q]}\u201d; its query:", pal.accent, size
        ).move_to([left, top, 0], aligned_edge=LEFT)
        kscale = float(max(abs(keys).max(), abs(self.query_of(q)).max()))
        query = strip(self.query_of(q), kscale, pal, key_w, row_h * 0.85)
        query.next_to(header_text, RIGHT, 0.25)
        heads = {"score": "score", "mask": "seen?", "weight": "share"}
        cols = {name: VGroup() for name in ["word", *xs]}
        y0 = top - row_h * 1.25
        for name, label in heads.items():
            cols[name].add(
                text(label, pal.muted, size).move_to([left + xs[name] + 0.45, y0, 0])
            )
        key_head = text("key", pal.muted, size).move_to(
            [left + key_x + key_w / 2, y0, 0]
        )
        value_head = text("value", pal.muted, size).move_to(
            [left + value_x + value_w / 2, y0, 0]
        )
        vscale = float(abs(values).max())
        key_strips, value_strips = Group(), Group()
        for r, k in enumerate(shown):
            y = y0 - (r + 1) * row_h
            future = k > q
            colour = pal.muted if future else pal.text
            cols["word"].add(
                text(
                    START_SHOWN if (k == 0 and words[k] == ".") else words[k],
                    pal.accent if k == q else colour,
                    size,
                ).move_to([left + 1.45, y, 0], aligned_edge=RIGHT)
            )
            cols["score"].add(
                text(signed(scores[q, k]), colour, size).move_to(
                    [left + xs["score"] + 0.45, y, 0]
                )
            )
            cols["mask"].add(
                text(
                    "hidden" if future else "yes",
                    pal.muted if future else pal.text,  # red means a low score
                    size,
                ).move_to([left + xs["mask"] + 0.45, y, 0])
            )
            cols["weight"].add(
                text(
                    percent(weights[q, k]) if not future else "0", colour, size
                ).move_to([left + xs["weight"] + 0.45, y, 0])
            )
            # key and value strips, one per row (kept apart so values can fade)
            ks = strip(keys[k], kscale, pal, key_w, row_h * 0.85)
            key_strips.add(ks.move_to([left + key_x + key_w / 2, y, 0]))
            vs = strip(values[k], vscale, pal, value_w, row_h * 0.85)
            value_strips.add(vs.move_to([left + value_x + value_w / 2, y, 0]))
        cols["key"] = Group(key_head, *key_strips)
        cols["value"] = Group(value_head, *value_strips)
        bottom = y0 - (len(shown) + 1) * row_h
        total = text(f"sum {percent(weights[q].sum())}", pal.text, size).move_to(
            [left + xs["weight"] + 0.45, bottom, 0]
        )
        out_strip = strip(out[q], vscale, self.palette, value_w, row_h * 0.95)
        out_strip.move_to([left + value_x + value_w / 2, bottom - row_h * 1.4, 0])
        out_label = text("output: the values, mixed", pal.text, size).next_to(
            out_strip, LEFT, 0.2
        )
        # what a strip's colours mean, beside the first strip shown
        strip_key = signed_key(pal, "blue +", "red \u2212").next_to(query, RIGHT, 0.3)
        return {
            "header": VGroup(header_text),
            "query": query,
            "strip_key": strip_key,
            # where one word's value goes to be seen against the output
            "twin_at": np.array([left + value_x + value_w / 2, bottom, 0]),
            "columns": cols,
            "sum": total,
            "output": Group(out_label, out_strip),
        }

    def query_of(self, q: int) -> np.ndarray:
        """Word ``q``'s query: (dims,), from the trace."""
        return np.asarray(self.tr["queries"][q])


class AttentionHeads(ExplainerScene):
    """Every head of every layer as a small attention map for the same sentence,
    each labelled with what it reads most on held-out text; one head at a time
    drawn large with the words along its edges: heads specialise."""

    trace_kind = "attention"
    side = 1.25  # each small map's side
    # the map drawn large, with its words: 13 rows of labels fit without overlap
    # (engine/transformer/sentence.py SHOWN_WORDS)
    big_side = 3.6
    big_center = LEFT * 3.55 + DOWN * 0.35
    hold_seconds = 2.6
    pitch = 1.7  # the small maps' usual spacing; wider notes widen their gap
    short = {  # what a head reads most, in plain words short enough to fit
        "the word just before": "word before",
        "itself": "own word",
        "the sentence start": f"{START_SHOWN} start",
    }
    decider_note = "deciding word"  # the head that finds it, under its map

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        words = words_of(tr, tr["tokens"])
        attn, mask = tr["attn"], tr["mask"]  # (layer, head, position, key)
        layers, heads = attn.shape[:2]
        focus = tuple(int(i) for i in tr["focus"])
        behaviour = {
            "the word just before": tr["head_previous_share"],
            "itself": tr["head_self_share"],
            "the sentence start": tr["head_start_share"],
        }
        decider = tr["head_decider_share"]

        def rgb_of(li, hi):
            return hidden_rgb(pal, weights_rgb(pal, attn[li, hi], pal.guess), mask)

        # Section: the grid
        title = title_text("Every head of every layer, on the same sentence", pal)
        ys = [1.3 - r * 2.35 for r in range(layers)]
        maps, notes, frames = Group(), VGroup(), {}
        for li in range(layers):
            for hi in range(heads):
                name, share = max(
                    ((k, float(v[li, hi])) for k, v in behaviour.items()),
                    key=lambda kv: kv[1],
                )
                # two short lines: side by side, one-line notes ran together
                lines = [text(self.short[name], pal.text),
                         text(percent(share), pal.text)]
                if (li, hi) == focus:  # its speciality, the scene's point; its
                    # figure counts other things (the deciding-word spots) and
                    # is shown only with its bar, apart from the shares of words
                    lines = [text(w, pal.accent) for w in self.decider_note.split()]
                notes.add(VGroup(*lines).arrange(DOWN, buff=0.06))
        xs = self.columns_for(notes, layers, heads)
        for li in range(layers):
            for hi in range(heads):
                m = image(rgb_of(li, hi), self.side).move_to([xs[hi], ys[li], 0])
                maps.add(m)
                notes[li * heads + hi].next_to(m, DOWN, buff=0.1)
                frames[li, hi] = SurroundingRectangle(  # a full pixel at any size
                    m, color=pal.accent, buff=0.04, stroke_width=5
                )
        col_labels = VGroup(*[
            text(f"head {h + 1}", pal.muted).next_to(maps[h], UP, 0.12)
            for h in range(heads)
        ])  # fmt: skip
        row_labels = VGroup(*[
            text(f"layer {r + 1}", pal.muted).rotate(PI / 2)
            .next_to(maps[r * heads], LEFT, 0.15)
            for r in range(layers)
        ])  # fmt: skip
        key = VGroup(  # two lines: one ran past the frame's right edge
            text("under each: what it reads most, and for", pal.muted),
            text("what share of words (new sentences)", pal.muted),
        ).arrange(DOWN, buff=0.06)
        # layer 2 reads what layer 1 made: an arrow down the row labels
        rounds = Arrow(row_labels[0].get_bottom(), row_labels[-1].get_top(),
                       buff=0.15, color=pal.muted, stroke_width=4,
                       max_tip_length_to_length_ratio=0.2)  # fmt: skip
        at = focus[0] * heads + focus[1]  # the focus's note, told of last
        others = VGroup(*[m for i, m in enumerate(notes) if i != at])
        key.next_to(others, DOWN, buff=0.2).set_x(np.mean(xs))

        def big(li, hi):
            img, labels = labelled_heatmap(rgb_of(li, hi), words, self.big_side, pal)
            Group(img, labels).shift(self.big_center - img.get_center())
            name = text(f"layer {li + 1}, head {hi + 1}", pal.accent)
            name.next_to(img, DOWN, buff=0.15)
            corner = axis_corner(img, "reads \u2192", "\u2193 at word", pal)
            return Group(img, labels, name, corner)

        self.add(title)
        # the sentence first, along the edges of the map drawn large later
        shown, outline = big(0, 0), frames[0, 0].copy()
        self.play(Fade(shown[0]), Fade(shown[1]), run_time=0.6)
        self.narrate("A small transformer, trained here to guess the next word, "
                     "reads this sentence.")  # fmt: skip
        self.play(
            LaggedStart(*[Fade(m) for m in maps], lag_ratio=0.15),
            Fade(col_labels),
            Fade(row_labels),
            run_time=1.6,
        )
        self.narrate(
            f"The model has {layers * heads} heads, separate readers, {heads} in "
            f"each of its {layers} layers, its rounds of reading."
        )
        self.play(GrowArrow(rounds), run_time=0.6)
        self.narrate("Each layer reads what the layer before it made.")
        self.narrate("Each one shares out its attention in its own way.")
        self.play(Fade(shown[2]), Fade(shown[3]), Create(outline),
                  run_time=0.8)  # fmt: skip
        self.narrate(
            "Drawn large: each row is the model at one word, about to guess the "
            "next, reading the words in the columns."
        )
        # one row boxed while rows are told of: the first word whose next word
        # an earlier one decides (else the last)
        deps = [q for q, d in enumerate(tr["decider"]) if d >= 0]
        q_row = deps[0] if deps else len(words) - 1
        cell_h = shown[0].height / len(words)
        row_box = Rectangle(width=shown[0].width, height=cell_h, color=pal.accent,
                            stroke_width=3).set_z_index(2)  # fmt: skip
        row_box.move_to([shown[0].get_x(),
                         shown[0].get_top()[1] - (q_row + 0.5) * cell_h, 0])
        self.play(Create(row_box), run_time=0.5)
        self.hold_caption()
        # the marks on the map in plain words, on screen while it is drawn large
        marks = text(f"{START_SHOWN} start; grey: later words, hidden", pal.muted)
        marks.next_to(shown[2], DOWN, buff=0.12).align_to(shown[0], LEFT)
        self.play(Fade(marks), run_time=0.5)
        self.narrate("Brighter means more attention; the triangle marks the "
                     "start, and grey squares are later words it may not read "
                     "yet.")  # fmt: skip
        self.play(FadeOut(row_box), run_time=0.4)
        self.start_mark_line(attn[0, 0], shown[0], cell_h)
        self.play(Fade(others), Fade(key), run_time=0.8)
        self.narrate(
            "Under each map: what it reads most, and for what share of the words, "
            "on sentences not seen in training."
        )
        def show(li, hi):
            """Head (li, hi) drawn large and framed in the grid, in place of
            the one before."""
            nonlocal shown, outline
            self.hold_caption()  # the head named stays framed while it is named
            new, ring = big(li, hi), frames[li, hi].copy()  # a frame may recur
            self.play(Fade(shown, show=False), FadeOut(outline), run_time=0.4)
            self.play(Fade(new), Create(ring), run_time=0.6)
            shown, outline = new, ring

        # one note read out in full: of the heads whose note is neither the
        # start mark nor the scene's focus, the one with the largest share
        plain_notes = []
        for i, (li, hi) in enumerate((a, b) for a in range(layers)
                                     for b in range(heads)):  # fmt: skip
            name, share = max(((k, float(v[li, hi])) for k, v in behaviour.items()),
                              key=lambda kv: kv[1])  # fmt: skip
            if (li, hi) != focus and name != "the sentence start":
                plain_notes.append((share, i, li, hi, name))
        if plain_notes:
            share, i, li, hi, name = max(plain_notes)
            self.hold_caption()
            show(li, hi)
            self.narrate(f"For example, layer {li + 1}, head {hi + 1} reads {name} "
                         f"most, at {percent(share)} of the words.")  # fmt: skip
            self.play(Indicate(notes[i], color=pal.accent), run_time=1.2)
        self.wait(self.hold_seconds)

        # Section: specialists
        for name, share in behaviour.items():
            li, hi = np.unravel_index(np.argmax(share), share.shape)
            if share[li, hi] < 0.5 or (li, hi) == focus:
                continue
            show(li, hi)
            self.narrate(
                f"Layer {li + 1}, head {hi + 1} mostly reads {name}: "
                f"{percent(share[li, hi])} of words."
            )
            self.wait(self.hold_seconds)
        show(*focus)
        self.maps, self.focus = maps, focus  # for tests that read pixels
        self.notes = notes
        # on this sentence: a ring on each cell from a word to the earlier word
        # that decides what comes next (row = reading word, column = read word)
        img, n = shown[0], len(words)
        cell = img.width / n
        rings = VGroup(*[
            Square(cell * 1.08, color=pal.accent, stroke_width=3).move_to(
                img.get_corner(UL) + RIGHT * (d + 0.5) * cell + DOWN * (q + 0.5) * cell
            )
            for q, d in enumerate(int(x) for x in tr["decider"]) if d >= 0
        ])  # fmt: skip
        # an example from this sentence: an earlier word that decides the next
        pairs = [(q, int(d)) for q, d in enumerate(tr["decider"])
                 if d >= 0 and q + 1 < n]  # fmt: skip
        if pairs:  # the row is the word being read; the next word is decided
            q0, d0 = pairs[0]
            why = why_word(words[q0 + 1], words[d0])
            example = (f": at {quote(words[q0])} it reads {quote(words[d0])}, "
                       f"which decides the next word, {quote(words[q0 + 1])}"
                       + (f" ({why})" if why else ""))  # fmt: skip
        else:
            example = ""
        self.narrate(
            f"Layer {focus[0] + 1}, head {focus[1] + 1} finds the earlier word that "
            f"decides the next one{example}."
        )
        self.play(Fade(notes[at]), run_time=0.6)
        if len(rings):
            self.play(Create(rings), run_time=0.8)
        if pairs:  # the word that row is about to guess, at the row's end
            row_y = img.get_top()[1] - (q0 + 0.5) * cell
            nxt = text(f"\u2192 next: {words[q0 + 1]}", pal.accent)
            nxt.move_to([img.get_right()[0] + 0.15, row_y, 0], aligned_edge=LEFT)
            self.play(Fade(nxt), run_time=0.5)
        self.hold_caption()
        cases = int(tr.stats.get("heldout_cases", 0))
        many = f"{cases:,} spots" if cases else "many spots"
        # where an earlier word decides the next: said just before, and on
        # screen over the bars
        self.narrate(f"Sentences not seen in training held {many} like this one.")
        if len(rings):
            self.play(Indicate(rings, color=pal.accent), run_time=1.0)
        # in the large map's place: what the spots are, and this head's share
        # of them as a bar from 0 to 100%, beside the next best head's in grey
        share = float(decider[focus])
        rest = [(float(decider[a, b]), a, b) for a in range(layers)
                for b in range(heads) if (a, b) != focus]  # fmt: skip
        second = max(rest) if rest else None
        panel = self.share_panel(many, share, focus, second)
        self.play(Fade(Group(shown, marks, *([nxt] if pairs else [])), show=False),
                  *([FadeOut(rings)] if len(rings) else []), run_time=0.5)  # fmt: skip
        self.play(Fade(panel["head"]), Fade(panel["bars"][0][0]), run_time=0.6)
        self.hold_caption()
        self.narrate(f"At {percent(share)} of them, this head read that deciding "
                     "word most of all.")  # fmt: skip
        self.play(GrowFromEdge(panel["bars"][0][1], LEFT), Fade(panel["bars"][0][2]),
                  run_time=max(1.0, self.caption_left() - 0.5))  # fmt: skip
        if second is not None:
            self.hold_caption()
            self.narrate(f"The next best head manages {percent(second[0])}."
                         if second[0] < share else "Another head does as well: "
                         f"{percent(second[0])}.")  # fmt: skip
            # that head framed in the grid, in its bar's grey
            ring = SurroundingRectangle(maps[second[1] * heads + second[2]],
                                        color=pal.muted, buff=0.04, stroke_width=5)
            self.play(Fade(panel["bars"][1][0]),
                      GrowFromEdge(panel["bars"][1][1], LEFT),
                      Fade(panel["bars"][1][2]), Create(ring),
                      run_time=1.0)  # fmt: skip
        self.mark_poster()
        self.hold_caption()
        self.wait(self.hold_seconds / 2)

    def start_mark_line(self, w, img, cell: float) -> None:
        """Says at how many of the sentence's words (after the start mark)
        the head drawn large, with map ``w`` (position, key) shown as
        ``img``, reads the start mark most, with its start column outlined;
        called a parking place only when that is most of its words."""
        n = len(w)
        k = sum(int(np.argmax(w[p, : p + 1])) == 0 for p in range(1, n))
        if k == 0:
            return
        column = Rectangle(width=cell, height=img.height, color=self.palette.accent,
                           stroke_width=3).set_z_index(2)  # fmt: skip
        column.move_to(img.get_left() + RIGHT * cell / 2)
        # drawn as the line starts, and before its caption goes up, so the
        # still frames held under the caption include it
        self.hold_caption()
        self.play(Create(column), run_time=0.6)
        line = f"This head reads the start mark most at {k} of the {n - 1} words"
        self.narrate(line + (": a place to park its attention." if 2 * k > n - 1
                             else "."))  # fmt: skip
        self.hold_caption()
        self.play(FadeOut(column), run_time=0.4)

    def columns_for(self, notes, layers: int, heads: int) -> list[float]:
        """The small maps' column centres: each gap wide enough for the notes
        either side of it in every row (at least ``pitch`` less the room they
        need), from the grid's usual left edge (clear of the large map's
        labels) up to the frame's right edge at most."""
        left = 0.95  # the first column's centre
        right = config.frame_width / 2 - self.side / 2 - 0.2  # the last one's, at most
        gaps = []
        for c in range(heads - 1):
            need = max((notes[r * heads + c].width + notes[r * heads + c + 1].width)
                       / 2 + 0.15 for r in range(layers))  # fmt: skip
            gaps.append(max(self.side + 0.35, need))
        scale = min(1.0, (right - left) / sum(gaps)) if gaps else 1.0
        xs = [left]
        for g in gaps:
            xs.append(xs[-1] + g * scale)
        return xs

    def share_panel(self, many: str, share: float, focus: tuple,
                    second: tuple | None, width: float = 4.2) -> dict:  # fmt: skip
        """In the large map's place: what the spots counted are (``many``,
        e.g. "2,477 spots"), then a bar per head from 0 to 100%: the focus
        head's ``share`` in the accent colour and, if given, ``second``
        (share, layer, head) in grey. Returns head and bars, each bar
        (its frame with the 0 and 100% ends, its fill, its label)."""
        pal = self.palette
        head = VGroup(text(f"{many} in new sentences", pal.text),
                      text("where an earlier word decides the next:", pal.text),
                      text("how often a head reads that word most",
                           pal.muted)).arrange(DOWN, buff=0.1)  # fmt: skip
        head.move_to(self.big_center + UP * 1.6)
        # each bar names what its figure counts: these spots, not words
        spots = many if many[:1].isdigit() else "these spots"
        rows = [(share, focus, pal.accent)]
        if second is not None:
            rows.append((second[0], second[1:], pal.muted))
        bars = []
        for r, (v, (li, hi), colour) in enumerate(rows):
            y = self.big_center[1] + 0.2 - r * 1.2
            frame = Rectangle(width=width, height=0.32, color=pal.muted,
                              stroke_width=2).move_to([self.big_center[0], y, 0])
            ends = VGroup(text("0%", pal.muted).next_to(frame, LEFT, 0.12),
                          text("100%", pal.muted).next_to(frame, RIGHT, 0.12))
            fill = Rectangle(width=max(width * v, 0.01), height=0.32,
                             stroke_width=0, fill_color=colour, fill_opacity=1)
            fill.align_to(frame, LEFT).set_y(y)
            label = text(f"layer {li + 1}, head {hi + 1}: {percent(v)} of {spots}",
                         colour)  # fmt: skip
            label.next_to(frame, UP, 0.1).align_to(frame, LEFT)
            bars.append((VGroup(frame, ends), fill, label))
        return {"head": head, "bars": bars}
