"""The transformer chapter: does a transformer handle long context? Several
name=colour pairs given hundreds of words back, one name asked for at the end;
a transformer against a recurrent network of the same size, trained the same
way.

FarBack draws the ``long_range`` trace (``python -m engine record long_range``).

    manim -pql scenes/transformer/long_range.py FarBack
"""

from __future__ import annotations

import numpy as np
from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import Fade, percent, text, title_text

GOOD = 0.9  # an accuracy this high is called "gets it right"
POOR_MARGIN = 0.2  # within this of chance, a reader is said to be guessing
FLAT = 0.1  # a drop from shortest to longest distance smaller than this is noise


def verdict(acc: float, chance: float) -> str:
    """How a share of right answers is said: chosen by the measured figure."""
    if acc >= GOOD:
        return "gets the colour right"
    if acc <= chance + POOR_MARGIN:
        return "is guessing"
    return "often misses the colour"


def drops_with_distance(acc, n_test: int) -> bool:
    """Whether a line of accuracies really falls with distance, chosen by the
    figures: the average over the shortest third of the distances must beat the
    average over the longest third by more than the run-to-run spread, taken as
    the larger of two sampling errors of that difference (each point is n_test
    examples) and the biggest climb between neighbouring distances (a line that
    climbs back that much is noise, not a trend)."""
    acc = np.asarray(acc, dtype=float)
    k = max(1, len(acc) // 3)
    near, far = float(acc[:k].mean()), float(acc[-k:].mean())
    p = min(max((near + far) / 2, 0.01), 0.99)
    spread = 2 * np.sqrt(2 * p * (1 - p) / (max(n_test, 1) * k))
    climb = float(np.clip(np.diff(acc), 0, None).max(initial=0.0))
    return near - far > max(spread, climb)


def short_already(short: float, far: float, dropped: bool) -> str:
    """What the recurrent network's shortest-distance figure says about the
    cause, chosen by the figures: '' when it was right there (GOOD or more);
    'further back it drops' only when the line really falls (``dropped``)."""
    if short >= GOOD:
        return ""
    said = (f"Even at the shortest distance it was right only {percent(short)}: "
            "it had not learned to keep all the pairs")
    if dropped:
        return said + f", and further back it drops to {percent(far)}."
    return (said + ". Its score goes up and down with no trend: the distance is "
            "not what beats it.")


def outcome(tf: float, rnn: float, chance: float,
            rnn_short: float | None = None, dropped: bool = True) -> str:
    """The closing sentence, chosen by the two accuracies at the longest distance
    (and the recurrent network's at the shortest, when given)."""
    if tf >= GOOD and rnn >= GOOD:
        return ("Both keep the pairs: here the small memory is big enough. The "
                "difference is in how: the transformer looks back, the recurrent "
                "network must never let go.")
    if (tf >= GOOD and rnn < GOOD and rnn_short is not None and rnn_short < GOOD
            and not dropped):
        return ("The transformer looks straight back at the pair it needs, at any "
                "distance; the recurrent network, same size and training, fails "
                "at every distance: it never learned to keep all the pairs in its "
                "small memory.")
    if tf >= GOOD and rnn < GOOD and rnn_short is not None and rnn_short < GOOD:
        return ("The transformer looks straight back at the pair it needs; the "
                "recurrent network, same size and training, fell short already "
                "over the shortest stretch.")
    if tf >= GOOD and rnn < GOOD:
        return ("The transformer looks straight back at the pair it needs; the "
                "recurrent network has to carry every pair through every word in "
                "its small memory, and loses some.")
    if tf < GOOD <= rnn:
        return "Here the recurrent network did better: the table's claim fails."
    return "Neither reader keeps the pairs that far back, in this training."


class FarBack(ExplainerScene):
    """Name=colour pairs given early, hundreds of filler words, then 'who
    <name>': a transformer and a recurrent network (a GRU) of about the same
    size, trained alike, tested at distances 8 to 512 words on a log axis; then
    the transformer head reaching back across all 512 words to the asked pair,
    and the GRU's answer beside it."""

    trace_kind = "long_range"
    hold_seconds = 1.5

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        self.tr = tr
        st = tr.stats
        vocab = [str(w) for w in tr["vocab"]]
        tokens = [vocab[int(t)] for t in tr["example_tokens"]]
        far = int(st["example_distance"])
        name = str(st["example_answer"])
        chance = float(st["chance_accuracy"])
        n_pairs = int(st["n_pairs"])
        asked = int(st["name_position"])
        back = int(st["asked_distance"])

        title = title_text("Keeping pairs: look back, or carry forward?", pal)
        self.add(title)
        row = self.example_row(tokens, far, n_pairs, asked, pal)
        self.play(Fade(row), run_time=0.8)
        pair_words = ", ".join(quoted(w) for w in tokens[1:n_pairs + 1])
        # each part of the example is marked as it is named
        mark = SurroundingRectangle(VGroup(*row[1:n_pairs + 1]), color=pal.accent,
                                    buff=0.1, stroke_width=3)
        self.play(Create(mark), run_time=0.6)
        self.narrate(
            f"A test of long memory. After the start word {quoted(tokens[0])}, "
            f"{n_pairs} pairs of a name and a colour come first: {pair_words};"
        )
        self.hold_caption()
        fill = VGroup(*row[n_pairs + 1:-2])
        brace = Brace(fill, UP, buff=0.12, color=pal.muted)
        brace_l = text(f"{far - 2} filler words", pal.muted).next_to(brace, UP, 0.1)
        self.play(Fade(mark, show=False), Fade(VGroup(brace, brace_l)),
                  run_time=0.6)
        self.narrate(f"then {far - 2} filler words;")
        self.hold_caption()
        qmark = SurroundingRectangle(VGroup(*row[-2:]), color=pal.data, buff=0.1,
                                     stroke_width=3)
        self.play(Fade(VGroup(brace, brace_l), show=False), Create(qmark),
                  run_time=0.6)
        self.narrate(f"then the question {quoted('who ' + tokens[-1])}.")
        self.hold_caption()
        arrow = CurvedArrow(row[-1].get_bottom() + DOWN * 0.1,
                            row[asked].get_bottom() + DOWN * 0.1, angle=-TAU / 5,
                            color=pal.accent)  # fmt: skip
        gap = text(f"{back} words back", pal.accent).next_to(arrow, DOWN, 0.1)
        self.narrate(
            f"The right answer is {tokens[-1]}'s colour, {quoted(name)}, "
            f"{back} words back. Any pair may be asked, so all {n_pairs} must be "
            f"kept. There are {st['n_colours']} colours: a blind guess is right "
            f"{percent(chance)} of the time."
        )
        self.play(Fade(qmark, show=False), Create(arrow), Fade(gap),
                  run_time=max(1.0, self.caption_left() * 0.4))
        self.hold_caption()
        self.play(Fade(VGroup(arrow, gap), show=False), run_time=0.5)

        self.two_readers(st, row, asked, pal)
        self.curves(tr, chance, pal)
        self.head_strip(tr, tokens, name, pal)
        tf_acc, rnn_acc = (tr[k].astype(float) for k in ("transformer_accuracy",
                                                         "gru_accuracy"))
        tf_far, rnn_far = float(tf_acc[-1]), float(rnn_acc[-1])
        dropped = drops_with_distance(rnn_acc, int(tr["n_test"][0]))
        d = tr["distances"]

        def span(acc):
            lo, hi = percent(float(acc.min())), percent(float(acc.max()))
            return lo if lo == hi else f"{lo} to {hi}"

        if dropped:
            top = f"{int(d[-1])} words back, new examples:"
            tf_s, rnn_s = percent(tf_far), percent(rnn_far)
        else:
            top = f"at every distance, {int(d[0])} to {int(d[-1])} words, new examples:"
            tf_s, rnn_s = span(tf_acc), span(rnn_acc)
        summary = VGroup(
            text(top, pal.text, style.BODY_SIZE),
            text(f"transformer {tf_s} right", pal.data, style.BODY_SIZE),
            text(f"recurrent network {rnn_s} right", pal.sample, style.BODY_SIZE),
        ).arrange(DOWN, buff=0.3).move_to(UP * 0.3)
        self.play(Fade(summary), run_time=0.6)
        self.narrate(outcome(tf_far, rnn_far, chance, float(rnn_acc[0]),
                             dropped=dropped))
        self.wait(self.hold_seconds)

    # -- beats -------------------------------------------------------------

    def example_row(self, tokens: list[str], far: int, n_pairs: int, asked: int,
                    pal) -> VGroup:
        """remember PAIRS w w … (n more) … w who NAME, in one row (every word
        when there are too few to leave any out); the asked pair stands out.
        Indices of the row match the tokens' for 'remember' and the pairs."""
        head = tokens[: n_pairs + 1]
        pair_c = [pal.accent if i == asked else pal.text
                  for i in range(1, n_pairs + 1)]  # fmt: skip
        filler = tokens[n_pairs + 1:-2]
        if len(filler) <= 4:
            shown = [*head, *filler, *tokens[-2:]]
            colours = [pal.muted, *pair_c, *[pal.muted] * (len(filler) + 1),
                       pal.data]  # fmt: skip
        else:
            shown = [*head, *filler[:2], f"… {len(filler) - 3} more …", filler[-1],
                     *tokens[-2:]]  # fmt: skip
            colours = [pal.muted, *pair_c, *[pal.muted] * 2, pal.text, pal.muted,
                       pal.muted, pal.data]  # fmt: skip
        row = VGroup(*(text(w, c, style.BODY_SIZE)
                       for w, c in zip(shown, colours, strict=True)))
        row.arrange(RIGHT, buff=0.22)
        row.scale_to_fit_width(min(row.width, config.frame_width - 1.0))
        return row.move_to(UP * 0.6)

    def two_readers(self, st: dict, row: VGroup, asked: int, pal) -> None:
        """The two ways of reading, as pictures on the example row: a small
        memory box sliding along the words, the pairs squeezed into it and
        fading as the filler goes through; then the question word's arcs
        straight back to any earlier word."""
        n_pairs = int(st["n_pairs"])
        head = text("recurrent network", pal.sample, style.BODY_SIZE).to_edge(
            UP, buff=1.3)
        cursor = SurroundingRectangle(row[1], color=pal.sample, buff=0.08,
                                      stroke_width=4)
        box = RoundedRectangle(width=6.4, height=0.9, corner_radius=0.12,
                               color=pal.sample, stroke_width=3).move_to(DOWN * 1.1)
        box_l = text("its small memory", pal.sample).next_to(box, DOWN, 0.15)
        link = Line(cursor.get_bottom(), box.get_top(), color=pal.sample,
                    stroke_width=3)
        link.add_updater(lambda m: m.put_start_and_end_on(
            cursor.get_bottom(), [cursor.get_x(), box.get_top()[1], 0]))
        self.play(Fade(VGroup(head, cursor, box, box_l)), run_time=0.6)
        self.add(link)
        self.narrate(f"A recurrent network: {plain('recurrent network')}.")
        # the pairs go into the memory, one word at a time
        slots = [box.get_left() + RIGHT * (0.8 + 1.6 * k) for k in range(n_pairs)]
        kept = VGroup()
        steps = n_pairs
        dt = max(0.5, self.caption_left() / steps - 0.05)
        for k in range(n_pairs):
            word = row[1 + k]
            copy = text(word.text, pal.text).move_to(word)
            kept.add(copy)
            self.play(cursor.animate.stretch_to_fit_width(word.width + 0.16)
                      .move_to(word), run_time=dt * 0.4)
            self.play(copy.animate.move_to(slots[k]), run_time=dt * 0.6)
        self.narrate("It cannot know which name will be asked, so every pair must "
                     "stay squeezed in that memory, through every filler word.")
        # the filler goes through: the kept pairs blur
        rest = list(range(n_pairs + 1, len(row)))
        dt = max(0.5, self.caption_left() / len(rest) - 0.05)
        for i in rest:
            fade = 0.45 if "more" in row[i].text else 0.8
            self.play(cursor.animate.stretch_to_fit_width(row[i].width + 0.16).move_to(
                row[i]),
                      *(c.animate.set_opacity(c.get_fill_opacity() * fade)
                        for c in kept),
                      run_time=dt)  # fmt: skip
        self.hold_caption()
        link.clear_updaters()
        self.play(Fade(VGroup(head, cursor, box, box_l, kept, link), show=False),
                  run_time=0.5)
        # the transformer: from the question word straight back to any word
        # under the row: the arcs fill the space above it
        head2 = text("transformer", pal.data, style.BODY_SIZE).move_to(DOWN * 0.2)
        q = row[-1]
        arcs = VGroup(*(ArcBetweenPoints(q.get_top() + UP * 0.08,
                                         row[i].get_top() + UP * 0.08,
                                         angle=TAU / 6, color=pal.muted,
                                         stroke_width=2)
                        for i in range(len(row) - 1) if i != asked))
        best = ArcBetweenPoints(q.get_top() + UP * 0.08,
                                row[asked].get_top() + UP * 0.08, angle=TAU / 6,
                                color=pal.accent, stroke_width=5)
        self.play(Fade(head2), run_time=0.5)
        self.narrate("A transformer: from the question word it can look straight "
                     "back at any earlier word, however far, and pick the one "
                     "it needs.")
        t = self.caption_left()
        self.play(LaggedStart(*(Create(a) for a in arcs), lag_ratio=0.3),
                  run_time=max(1.0, t * 0.5))
        self.play(Create(best), run_time=max(0.8, t * 0.4))
        sizes = VGroup(
            text(f"transformer: {st['transformer_params']:,} numbers learned",
                 pal.data, style.BODY_SIZE),
            text(f"recurrent network: {st['gru_params']:,} numbers learned",
                 pal.sample, style.BODY_SIZE),
        ).arrange(DOWN, buff=0.25).move_to(DOWN * 1.4)
        self.play(Fade(sizes), run_time=0.6)
        self.narrate(
            "Both are the same size (how many numbers each one learns) and "
            "trained the same way, on distances "
            f"from {self.tr.config['min_distance']} to "
            f"{self.tr.config['max_distance']} words."
        )
        self.hold_caption()
        self.play(Fade(VGroup(row, head2, arcs, best, sizes), show=False),
                  run_time=0.6)

    def curves(self, tr, chance: float, pal) -> None:
        d = tr["distances"].astype(float)
        tf_acc, rnn_acc = tr["transformer_accuracy"], tr["gru_accuracy"]
        lo, hi = np.log2(d[0]), np.log2(d[-1])
        axes = Axes(x_range=[lo, hi, 1], y_range=[0, 1, 0.5], x_length=8.0,
                    y_length=3.6, tips=False,
                    axis_config={"color": pal.muted, "include_ticks": False})
        axes.move_to(DOWN * 0.2)
        labels = VGroup()
        for x in d:
            labels.add(text(f"{int(x)}", pal.muted).next_to(
                axes.c2p(np.log2(x), 0), DOWN, 0.12))
        for y in (0.0, 0.5, 1.0):
            labels.add(text(f"{round(y * 100)}%", pal.muted).next_to(
                axes.c2p(lo, y), LEFT, 0.12))
        xl = text("words between the pairs and the question (each step doubles)",
                  pal.muted).next_to(labels, DOWN, 0.2)
        yl = text("right answers", pal.text).next_to(axes.c2p(lo, 1), UP, 0.25)
        yl.align_to(axes, LEFT)
        base = DashedLine(axes.c2p(lo, chance), axes.c2p(hi, chance), color=pal.muted,
                          stroke_width=2)
        base_l = text("blind guess", pal.muted).next_to(base, UP, 0.06).align_to(
            base, RIGHT)

        def line(acc, colour, name, dashed=False):
            pts = [axes.c2p(np.log2(x), float(a)) for x, a in zip(d, acc, strict=True)]
            path = VMobject(color=colour, stroke_width=4).set_points_as_corners(pts)
            if dashed:  # drawn over the first line: where they agree, both show
                path = DashedVMobject(path, num_dashes=40)
            dots = VGroup(*(Dot(p, radius=0.06, color=colour) for p in pts))
            tag = text(name, colour).next_to(pts[-1], RIGHT, 0.12)
            side = DOWN if dashed else UP  # the figures said, at both ends
            vals = VGroup(*(text(percent(float(acc[i])), colour).next_to(
                pts[i], side, 0.12) for i in (0, len(pts) - 1)))
            vals[0].align_to(pts[0], LEFT).shift(RIGHT * 0.1)  # clear of the ticks
            return VGroup(path, dots, tag, vals)

        tf_line = line(tf_acc, pal.data, "transformer")
        rnn_line = line(rnn_acc, pal.sample, "recurrent", dashed=True)
        # the two tags must not sit on each other when the lines end together
        if abs(tf_line[2].get_y() - rnn_line[2].get_y()) < 0.35:
            rnn_line[2].shift(DOWN * 0.35)
        chart = VGroup(axes, labels, xl, yl, base, base_l)
        self.play(Fade(chart), run_time=0.8)
        n = int(tr["n_test"][0])
        self.narrate(
            f"Each point: {n} new examples, not seen in training, from "
            f"{int(d[0])} to {int(d[-1])} words back. The distance "
            "doubles at each step along the bottom: a log scale."
        )
        self.play(Create(VGroup(*tf_line[:3])), run_time=1.2)
        far = int(d[-1])
        self.narrate(
            f"At {far} words back the transformer {verdict(float(tf_acc[-1]), chance)}"
            f": {percent(float(tf_acc[-1]))} of answers."
        )
        self.play(Fade(tf_line[3]), run_time=0.4)
        self.play(Create(VGroup(*rnn_line[:3])), run_time=1.2)
        self.play(Fade(rnn_line[3]), run_time=0.4)
        self.narrate(
            f"The recurrent network {verdict(float(rnn_acc[-1]), chance)} at {far}"
            f": {percent(float(rnn_acc[-1]))}."
            + (" " + short_already(float(rnn_acc[0]), float(rnn_acc[-1]),
                                   drops_with_distance(rnn_acc, n))
               if float(rnn_acc[0]) < GOOD else self.where_it_drops(d, rnn_acc))
            + (" The two lines lie on top of each other."
               if np.abs(tf_acc - rnn_acc).max() < 0.02 else "")
        )
        self.hold_caption()
        self.play(Fade(VGroup(chart, tf_line, rnn_line), show=False), run_time=0.6)

    @staticmethod
    def where_it_drops(d: np.ndarray, acc: np.ndarray) -> str:
        """' It first falls below 90% at N words.' if it does, else ''."""
        below = np.flatnonzero(acc < GOOD)
        if not len(below):
            return ""
        return f" It first falls below {percent(GOOD)} at {int(d[below[0]])} words."

    def head_strip(self, tr, tokens: list[str], name: str, pal) -> None:
        """The focus head's attention from the question word, as bars over the
        example row: one bar per word shown, the skipped filler's together in
        one bar; the weight on the asked pair and on everything else as two
        big figures, and the arc from the question back to the pair."""
        st = tr.stats
        layer, head = (int(v) for v in tr["focus"])
        q = int(st["question_position"])
        w = tr["example_attn"][layer, head][: q + 1]
        name_at = int(st["name_position"])
        n_pairs = int(st["n_pairs"])
        far = int(st["example_distance"])
        row = self.example_row(tokens, far, n_pairs, name_at, pal)
        row.move_to(DOWN * 0.9)
        # which token positions each shown word stands for
        filler = list(range(n_pairs + 1, q - 1))
        if len(filler) <= 4:
            spans = [[i] for i in range(q + 1)]
        else:
            spans = ([[i] for i in range(n_pairs + 1)] + [[filler[0]], [filler[1]],
                     filler[2:-1], [filler[-1]], [q - 1], [q]])  # fmt: skip
        top, height = float(w.max()), 2.2
        bars = VGroup()
        for m, span in zip(row, spans, strict=True):
            v = float(w[span].sum())
            h = max(v / top * height, 0.03)
            colour = pal.accent if span == [name_at] else pal.data
            bars.add(Rectangle(width=max(m.width, 0.3), height=h, stroke_width=0,
                               fill_color=colour, fill_opacity=1).next_to(
                m, UP, 0.12))
        head_note = text(f"one attention head, reading from {quoted(tokens[q])}: "
                         "how much it looks at each word", pal.text).to_edge(
            UP, buff=1.2)
        on_name = float(w[name_at])
        peak = int(np.argmax(w))
        where = ("its tallest bar is the asked pair" if peak == name_at
                 else f"its tallest bar is {quoted(tokens[peak])}, "
                 "not the asked pair")
        figs = VGroup(
            VGroup(text(percent(on_name), pal.accent, style.TITLE_SIZE),
                   text(f"on {quoted(tokens[name_at])}", pal.accent)
                   ).arrange(DOWN, buff=0.1),
            VGroup(text(percent(max(1.0 - on_name, 0.0)), pal.muted,
                        style.TITLE_SIZE),
                   text("on all other words together", pal.muted)
                   ).arrange(DOWN, buff=0.1),
        ).arrange(RIGHT, buff=1.6).move_to(DOWN * 2.2)
        strip_g = VGroup(row, head_note)
        self.play(Fade(strip_g), run_time=0.8)
        self.narrate(f"Inside the transformer, on one new example: an attention "
                     f"head, {plain('attention head')}.")
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars),
                              lag_ratio=0.15),
                  run_time=max(1.0, self.caption_left() * 0.8))
        self.narrate(
            f"From {quoted(tokens[q])}, {where}, {quoted(tokens[name_at])}, "
            f"{q - name_at} words back, with {percent(on_name)} of its attention; "
            f"everything else together gets {percent(max(1.0 - on_name, 0.0))}."
        )
        arc = ArcBetweenPoints(row[-1].get_top() + UP * 0.1,
                               bars[name_at].get_top() + UP * 0.1, angle=TAU / 6,
                               color=pal.accent, stroke_width=5)
        self.play(Create(arc), run_time=max(1.0, self.caption_left() * 0.5))
        self.play(Fade(figs), run_time=0.6)
        rnn_p, tf_p = tr["gru_probs"], tr["transformer_probs"]
        vocab = [str(v) for v in tr["vocab"]]
        ans = vocab[int(np.argmax(rnn_p))]
        gave = (f"also answers {quoted(name)}" if ans == name
                else f"answers {quoted(ans)}")
        self.narrate(
            f"On this example the transformer gives {quoted(name)} "
            f"{percent(float(st['transformer_prob_of_name']))}; the recurrent "
            f"network {gave}, giving {quoted(name)} "
            f"{percent(float(rnn_p[vocab.index(name)]))}."
        )
        self.play(Fade(VGroup(strip_g, bars, arc, figs), show=False), run_time=0.5)
        answers = self.answer_bars(tf_p, rnn_p, vocab, name, pal)
        self.play(Fade(answers), run_time=max(0.6, self.caption_left() * 0.3))
        self.hold_caption()
        self.play(Fade(answers, show=False), run_time=0.6)

    def answer_bars(self, tf_p, rnn_p, vocab: list[str], name: str, pal) -> VGroup:
        """Each model's answer on the example: a bar for its top word and, when
        that is not the right colour, one for the right colour too."""
        full = 5.0  # bar length for 100%
        rows = VGroup()
        for who, p, colour in (("transformer", tf_p, pal.data),
                               ("recurrent network", rnn_p, pal.sample)):
            top = vocab[int(np.argmax(p))]
            words = [top] if top == name else [top, name]
            block = VGroup(text(f"{who} answers:", colour, style.BODY_SIZE))
            for w in words:
                v = float(p[vocab.index(w)])
                c = pal.accent if w == name else pal.muted
                bar = Rectangle(width=max(v * full, 0.04), height=0.32,
                                stroke_width=0, fill_color=c, fill_opacity=1)
                word = text(quoted(w), c)
                word.next_to(bar, LEFT, 0.15)
                val = text(percent(v), c).next_to(bar, RIGHT, 0.15)
                line = VGroup(word, bar, val)
                block.add(line)
            block.arrange(DOWN, buff=0.18, aligned_edge=LEFT)
            for line in block[1:]:  # the bars start at one edge
                line.shift(RIGHT * (1.2 - line[1].get_left()[0] + block.get_left()[0]))
            rows.add(block)
        return rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT).move_to(DOWN * 0.2)

