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
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    hidden_rgb,
    image,
    labelled_heatmap,
    percent,
    prob_bars,
    signed,
    signed_rgb,
    strip,
    text,
    title_text,
    top_k,
    weights_rgb,
    word_boxes,
    word_row,
    words_of,
)


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
        vocab = [str(w) for w in tr["vocab"]]
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
        head_note = text(
            f"{yours}layer {layer + 1}, head {head + 1} of {tr['attn'].shape[1]}",
            pal.muted,
            style.LABEL_SIZE - 2,
        )
        facts = VGroup(
            head_note,
            text(
                f"held out, {stats['heldout_cases']:,} words that depend on "
                "an earlier one:",
                pal.muted,
                style.LABEL_SIZE - 4,
            ),
            text(
                f"next word right: {percent(stats['heldout_accuracy'])}",
                pal.text,
                style.LABEL_SIZE - 2,
            ),
            text(
                f"this head's largest weight on the deciding word: "
                f"{percent(stats['focus_share'])}",
                pal.text,
                style.LABEL_SIZE - 2,
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        facts.to_corner(DL, buff=0.5).shift(UP * 0.75)
        self.add(title)
        self.play(Fade(row), run_time=0.8)
        self.narrate(
            "A small transformer, trained here, reads a sentence word by word."
        )
        self.play(Fade(boxes), Fade(facts), run_time=0.6)

        # Section: move along the sentence
        marker = Line(LEFT * 0.3, RIGHT * 0.3, color=pal.accent, stroke_width=6)
        arcs, labels, bars = VGroup(), VGroup(), VGroup()
        first_dep = next((p for p in range(1, n) if tr["decider"][p] >= 0), None)
        for p in range(1, n):
            w = attn[p]  # (key,): weights over words 0..p, summing to one
            new_arcs = self.arcs(row, p, w)
            new_labels = VGroup(
                *[
                    text(percent(w[k]), pal.muted, style.LABEL_SIZE - 6).next_to(
                        row[k], DOWN, buff=0.22
                    )
                    for k in range(p + 1)
                    if w[k] >= 0.01
                ]
            )
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
            self.play(
                *fills,
                *dims,
                Fade(arcs, show=False),
                Fade(new_arcs),
                Fade(labels, show=False),
                Fade(new_labels),
                Fade(bars, show=False),
                Fade(new_bars),
                Transform(marker, target) if p > 1 else Fade(target),
                run_time=0.45,
            )
            if p == 1:
                marker = target
                self.narrate(
                    "From the word just read, it weighs every earlier word, "
                    "then guesses the next."
                )
            arcs, labels, bars = new_arcs, new_labels, new_bars
            d = int(tr["decider"][p])
            if d >= 0:
                self.narrate(
                    f"To write \u201c{nxt}\u201d it looks back past "
                    f"\u201c{words[p]}\u201d to \u201c{words[d]}\u201d: "
                    f"{percent(w[d])} of its weight."
                    if nxt is not None
                    else f"What comes next depends on \u201c{words[d]}\u201d: "
                    f"{percent(w[d])} of its weight is there."
                )
                if p == first_dep:
                    self.poster_position = p
                    self.mark_poster()
                self.wait(self.dwell_seconds)
                self.narrate(
                    "Every word gets weights of its own; they always sum to 100%."
                )
            else:
                self.wait(self.step_seconds - 0.45)
        if first_dep is None:
            self.poster_position = n - 1
            self.mark_poster()
        self.narrate(
            f"On {stats['heldout_cases']:,} held-out words that depend on an earlier "
            f"one, it picks the right word {percent(stats['heldout_accuracy'])} "
            "of the time."
        )
        self.wait(2.0)

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
            arc.set_stroke(
                pal.accent if k == best else pal.data,
                width=1.5 + 10 * float(w[k]),
                opacity=0.35 + 0.65 * float(w[k]),
            )
            out.add(arc)
        return out

    def bars(self, probs, vocab: list[str], reading: str, truth: str | None) -> VGroup:
        pal = self.palette
        idx = top_k(probs, 5)
        header = text(
            f"next word after \u201c{reading}\u201d:", pal.text, style.LABEL_SIZE
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


class InsideAttention(ExplainerScene):
    """One head on one sentence, with its real numbers: query-key scores, scaling,
    the causal mask, softmax into weights that sum to one, and the weighted sum
    of values."""

    trace_kind = "attention"
    stage_seconds = 2.6  # hold after each stage
    side = 4.1  # the heatmap's side, scene units
    heat_center = LEFT * 3.7 + DOWN * 0.05
    max_rows = 13  # table rows at most; longer sentences keep their heaviest words

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        words = words_of(tr, tr["tokens"])
        n = len(words)
        layer, head = (int(i) for i in tr["focus"])
        scores, scaled, mask = tr["scores"], tr["scaled"], tr["mask"]
        weights = tr["attn"][layer, head]  # (position, key)
        values, out = tr["values"], tr["weighted"]
        deps = [p for p in range(n) if tr["decider"][p] >= 0]
        q = deps[0] if deps else n - 1  # the row followed in the table
        dim = values.shape[1]
        scale = float(abs(scores).max())

        # Section: the stage
        title = title_text("Inside one attention head, with its real numbers", pal)
        img, labels = labelled_heatmap(
            signed_rgb(pal, scores, scale), words, self.side, pal
        )
        Group(img, labels).shift(self.heat_center - img.get_center())
        cell = self.side / n
        row_box = Rectangle(
            width=self.side, height=cell, color=pal.accent, stroke_width=3
        ).set_z_index(1)  # stays above the heatmaps that replace each other
        row_box.move_to([img.get_center()[0], img.get_top()[1] - (q + 0.5) * cell, 0])
        axis_note = text("row: the word reading   column: the word read", pal.muted, 16)
        axis_note.next_to(img, DOWN, buff=0.2)
        head_note = text(f"layer {layer + 1}, head {head + 1}", pal.muted, 16)
        head_note.next_to(axis_note, DOWN, buff=0.08)
        self.add(title)
        self.play(Fade(img), Fade(labels), Fade(axis_note), Fade(head_note))

        shown = self.rows_shown(weights[q], q, n)
        table = self.table(words, shown, q, scores, scaled, weights, values, out)
        cols = table["columns"]
        self.play(Create(row_box), Fade(table["header"]), Fade(cols["word"]))

        # Section: scores
        self.narrate(
            f"Each word asks a question (query); the score is query \u00b7 key, "
            f"from \u201c{words[q]}\u201d to every word."
        )
        self.play(Fade(cols["score"]), run_time=0.8)
        self.wait(self.stage_seconds)

        # Section: scaling
        root = dim**0.5
        self.narrate(
            f"Divided by \u221a{dim} = {root:g}, so the softmax is not too sharp."
        )
        self.swap(img, new := self.heat(signed_rgb(pal, scaled, scale), img))
        img = new
        self.play(Fade(cols["scaled"]), run_time=0.8)
        self.wait(self.stage_seconds)

        # Section: the causal mask
        self.narrate(
            "The causal mask hides the future: a word may only read earlier words."
        )
        self.swap(
            img,
            new := self.heat(
                hidden_rgb(pal, signed_rgb(pal, scaled, scale), mask), img
            ),
        )
        img = new
        self.play(Fade(cols["mask"]), run_time=0.8)
        self.wait(self.stage_seconds)

        # Section: softmax
        total = float(weights[q].sum())
        self.narrate(
            f"Softmax turns each row into weights that sum to one: here {total:.2f}."
        )
        self.swap(
            img, new := self.heat(hidden_rgb(pal, weights_rgb(pal, weights), mask), img)
        )
        img = new
        self.play(Fade(cols["weight"]), Fade(table["sum"]), run_time=0.8)
        best = int(weights[q].argmax())
        self.wait(self.stage_seconds)

        # Section: the weighted sum of values
        self.narrate(
            f"Each word also offers a value ({dim} numbers, as colours); "
            "the head returns their weighted sum."
        )
        self.play(Fade(cols["value"]), run_time=0.8)
        self.wait(1.0)
        fades = [
            s.animate.set_opacity(max(0.08, float(weights[q][k]) ** 0.5))
            for s, k in zip(cols["value"][1:], shown, strict=True)
        ]
        self.play(*fades, Fade(table["output"]), run_time=1.2)
        self.narrate(
            f"The output is mostly the value of \u201c{words[best]}\u201d "
            f"({percent(weights[q][best])} of the weight)."
        )
        self.heatmap, self.query_row = img, q  # for tests that read pixels
        self.mark_poster()
        self.wait(self.stage_seconds + 0.5)

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

    def table(self, words, shown, q, scores, scaled, weights, values, out) -> dict:
        """The numbers of row ``q``: one line per key word shown, column by column."""
        pal = self.palette
        left, top = -0.7, 2.35
        row_h = min(0.38, 4.7 / (len(shown) + 2))
        size = min(style.LABEL_SIZE, row_h * 55)
        xs = {"word": 0.0, "score": 1.75, "scaled": 2.75, "mask": 3.65, "weight": 4.55}
        value_x, value_w = 5.75, 1.5
        dim = values.shape[1]
        header = VGroup(
            text(f"reading \u201c{words[q]}\u201d:", pal.accent, size).move_to(
                [left, top, 0], aligned_edge=LEFT
            ),
        )
        heads = {
            "score": "q\u00b7k",
            "scaled": f"\u00f7 {dim**0.5:g}",
            "mask": "mask",
            "weight": "weight",
        }
        cols = {name: VGroup() for name in [*xs, "value"]}
        y0 = top - row_h * 1.1
        for name, label in heads.items():
            cols[name].add(
                text(label, pal.muted, size - 2).move_to(
                    [left + xs[name] + 0.45, y0, 0]
                )
            )
        cols["value"].add(
            text("value", pal.muted, size - 2).move_to(
                [left + value_x + value_w / 2, y0, 0]
            )
        )
        vscale = float(abs(values).max())
        for r, k in enumerate(shown):
            y = y0 - (r + 1) * row_h
            future = k > q
            colour = pal.muted if future else pal.text
            cols["word"].add(
                text(words[k], pal.accent if k == q else colour, size).move_to(
                    [left + 1.45, y, 0], aligned_edge=RIGHT
                )
            )
            for name, v in (("score", scores[q, k]), ("scaled", scaled[q, k])):
                cols[name].add(
                    text(signed(v), colour, size).move_to(
                        [left + xs[name] + 0.45, y, 0]
                    )
                )
            cols["mask"].add(
                text(
                    "hidden" if future else "seen",
                    pal.noise if future else pal.muted,
                    size - 3,
                ).move_to([left + xs["mask"] + 0.45, y, 0])
            )
            cols["weight"].add(
                text(
                    percent(weights[q, k]) if not future else "0", colour, size
                ).move_to([left + xs["weight"] + 0.45, y, 0])
            )
        # value strips, one per row (kept apart so they can fade by weight)
        strips = Group()
        for r, k in enumerate(shown):
            y = y0 - (r + 1) * row_h
            s = strip(values[k], vscale, self.palette, value_w, row_h * 0.7)
            strips.add(s.move_to([left + value_x + value_w / 2, y, 0]))
        cols["value"] = Group(cols["value"][0], *strips)
        bottom = y0 - (len(shown) + 1) * row_h
        total = text(f"sum {percent(weights[q].sum())}", pal.text, size).move_to(
            [left + xs["weight"] + 0.45, bottom, 0]
        )
        out_strip = strip(out[q], vscale, self.palette, value_w, row_h * 0.8)
        out_strip.move_to([left + value_x + value_w / 2, bottom - row_h * 1.4, 0])
        out_label = text(
            "output: the weighted sum of values", pal.text, size - 2
        ).next_to(out_strip, LEFT, 0.2)
        return {
            "header": header,
            "columns": cols,
            "sum": total,
            "output": Group(out_label, out_strip),
        }


class AttentionHeads(ExplainerScene):
    """Every head of every layer as a small attention map for the same sentence,
    each labelled with what it reads most on held-out text: heads specialise."""

    trace_kind = "attention"
    side = 2.0  # each map's side
    hold_seconds = 2.6

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

        # Section: the grid
        title = title_text("Every head of every layer, on the same sentence", pal)
        sentence = word_row(words, pal, 24, config.frame_width - 2).move_to(UP * 2.75)
        xs = [(c - (heads - 1) / 2) * (self.side + 1.0) for c in range(heads)]
        ys = [1.1 - r * (self.side + 0.65) for r in range(layers)]
        maps, notes, frames = Group(), VGroup(), {}
        for li in range(layers):
            for hi in range(heads):
                rgb = hidden_rgb(pal, weights_rgb(pal, attn[li, hi]), mask)
                m = image(rgb, self.side).move_to([xs[hi], ys[li], 0])
                maps.add(m)
                name, share = max(
                    ((k, float(v[li, hi])) for k, v in behaviour.items()),
                    key=lambda kv: kv[1],
                )
                note = VGroup(
                    text(f"{name}: {percent(share)}", pal.text, 15),
                    text(
                        f"deciding word: {percent(decider[li, hi])}",
                        pal.accent if (li, hi) == focus else pal.muted,
                        15,
                    ),
                ).arrange(DOWN, buff=0.06)
                notes.add(note.next_to(m, DOWN, buff=0.1))
                frames[li, hi] = SurroundingRectangle(
                    m, color=pal.accent, buff=0.04, stroke_width=4
                )
        col_labels = VGroup(
            *[
                text(f"head {h + 1}", pal.muted, 18).next_to(maps[h], UP, 0.12)
                for h in range(heads)
            ]
        )
        row_labels = VGroup(
            *[
                text(f"layer {r + 1}", pal.muted, 18).next_to(
                    maps[r * heads], LEFT, 0.3
                )
                for r in range(layers)
            ]
        )
        self.add(title)
        self.play(Fade(sentence), run_time=0.6)
        self.narrate(
            f"The model has {layers * heads} heads. Each one weighs "
            "the earlier words in its own way."
        )
        self.play(
            LaggedStart(*[Fade(m) for m in maps], lag_ratio=0.15),
            Fade(col_labels),
            Fade(row_labels),
            run_time=1.6,
        )
        self.play(Fade(notes), run_time=0.8)
        self.narrate(
            "Rows read, columns are read. Under each map: what it reads most "
            "on held-out text."
        )
        self.wait(self.hold_seconds)

        # Section: specialists
        for name, share in behaviour.items():
            li, hi = np.unravel_index(np.argmax(share), share.shape)
            if share[li, hi] < 0.5 or (li, hi) == focus:
                continue
            frame = frames[li, hi]
            self.play(Create(frame), run_time=0.5)
            self.narrate(
                f"Layer {li + 1}, head {hi + 1} mostly reads {name}: "
                f"{percent(share[li, hi])} of words."
            )
            self.wait(self.hold_seconds)
            self.play(Fade(frame, show=False), run_time=0.4)
        frame = frames[focus]
        self.maps, self.focus = maps, focus  # for tests that read pixels
        self.play(Create(frame), run_time=0.5)
        self.narrate(
            f"Layer {focus[0] + 1}, head {focus[1] + 1} finds the word that decides "
            f"the next one: {percent(decider[focus])} of held-out cases."
        )
        self.mark_poster()
        self.wait(self.hold_seconds + 1)
