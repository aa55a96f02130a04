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


def short_already(short: float, far: float) -> str:
    """What the recurrent network's shortest-distance figure says about the
    cause, chosen by the figures: '' when it was right there (GOOD or more)."""
    if short >= GOOD:
        return ""
    said = (f"Even at the shortest distance it was right only {percent(short)}: "
            "it had not learned to keep all the pairs")
    if short - far >= FLAT:
        return said + f", and further back it drops to {percent(far)}."
    return said + "; the distance is not what beats it."


def outcome(tf: float, rnn: float, chance: float,
            rnn_short: float | None = None) -> str:
    """The closing sentence, chosen by the two accuracies at the longest distance
    (and the recurrent network's at the shortest, when given)."""
    if tf >= GOOD and rnn >= GOOD:
        return ("Both keep the pairs: here the small memory is big enough. The "
                "difference is in how: the transformer looks back, the recurrent "
                "network must never let go.")
    if tf >= GOOD and rnn < GOOD and rnn_short is not None and rnn_short < GOOD:
        return ("The transformer learned to look straight back at the pair it "
                "needs. The recurrent network, same size, same training, fell "
                "short already over the shortest stretch: in this budget it had "
                "not learned to keep every pair in its small memory.")
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

        title = title_text("Pairs far back: which colour?", pal)
        self.add(title)
        row = self.example_row(tokens, far, n_pairs, asked, pal)
        self.play(Fade(row), run_time=0.8)
        pair_words = ", ".join(quoted(w) for w in tokens[1:n_pairs + 1])
        self.narrate(
            f"A test of long memory. {n_pairs} pairs of a name and a colour come "
            f"first: {pair_words}; then {far - 2} filler words; then the question "
            f"{quoted('who ' + tokens[-1])}."
        )
        arrow = CurvedArrow(row[-1].get_bottom() + DOWN * 0.1,
                            row[asked].get_bottom() + DOWN * 0.1, angle=-TAU / 5,
                            color=pal.accent)  # fmt: skip
        gap = text(f"{back} words back", pal.accent).next_to(arrow, DOWN, 0.1)
        self.play(Create(arrow), Fade(gap), run_time=1.0)
        self.narrate(
            f"The right answer is {tokens[-1]}'s colour, {quoted(name)}, "
            f"{back} words back. Any pair may be asked, so all {n_pairs} must be "
            f"kept. There are {st['n_colours']} colours: a blind guess is right "
            f"{percent(chance)} of the time."
        )
        self.hold_caption()
        self.play(Fade(VGroup(row, arrow, gap), show=False), run_time=0.6)

        self.two_readers(st, pal)
        self.curves(tr, chance, pal)
        self.head_strip(tr, tokens, name, pal)
        tf_far, rnn_far = (float(tr[k][-1]) for k in ("transformer_accuracy",
                                                       "gru_accuracy"))
        summary = VGroup(
            text(f"{far} words back, new examples:", pal.text, style.BODY_SIZE),
            text(f"transformer {percent(tf_far)} right", pal.data, style.BODY_SIZE),
            text(f"recurrent network {percent(rnn_far)} right", pal.sample,
                 style.BODY_SIZE),
        ).arrange(DOWN, buff=0.3).move_to(UP * 0.3)
        self.play(Fade(summary), run_time=0.6)
        self.narrate(outcome(tf_far, rnn_far, chance,
                             float(tr["gru_accuracy"][0])))
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

    def two_readers(self, st: dict, pal) -> None:
        tf = VGroup(
            text("transformer", pal.data, style.BODY_SIZE),
            text("looks back at every earlier word", pal.text),
            text(f"{st['transformer_params']:,} numbers learned", pal.muted),
        ).arrange(DOWN, buff=0.18)
        rnn = VGroup(
            text("recurrent network", pal.sample, style.BODY_SIZE),
            text("one word at a time, a small memory", pal.text),
            text("must keep every pair: it cannot know which is asked", pal.text),
            text(f"{st['gru_params']:,} numbers learned", pal.muted),
        ).arrange(DOWN, buff=0.18)
        pair = VGroup(tf, rnn).arrange(DOWN, buff=0.6).move_to(UP * 0.1)
        self.play(Fade(tf), run_time=0.6)
        self.narrate("Two readers. A transformer: for each word it can look back at "
                     "every earlier word and pick the ones that matter.")
        self.play(Fade(rnn), run_time=0.6)
        self.narrate(f"And a recurrent network: {plain('recurrent network')}.")
        self.narrate("It cannot know which name will be asked, so it has to keep "
                     "every pair in that memory, through every filler word.")
        self.narrate(
            "Both are the same size, and both were trained the same way: the same "
            f"examples, distances mixed from {self.tr.config['min_distance']} to "
            f"{self.tr.config['max_distance']} words, the same number of steps. "
            "Each was tried at the same learning speeds and kept its best."
        )
        self.hold_caption()
        self.play(Fade(pair, show=False), run_time=0.6)

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
            return VGroup(path, dots, tag)

        tf_line = line(tf_acc, pal.data, "transformer")
        rnn_line = line(rnn_acc, pal.sample, "recurrent", dashed=True)
        # the two tags must not sit on each other when the lines end together
        if abs(tf_line[2].get_y() - rnn_line[2].get_y()) < 0.35:
            rnn_line[2].shift(DOWN * 0.35)
        chart = VGroup(axes, labels, xl, yl, base, base_l)
        self.play(Fade(chart), run_time=0.8)
        n = int(tr["n_test"][0])
        self.narrate(
            f"Each point: {n} new examples, not seen in training. The distance "
            "doubles at each step along the bottom: a log scale."
        )
        self.play(Create(tf_line), run_time=1.2)
        far = int(d[-1])
        self.narrate(
            f"At {far} words back the transformer {verdict(float(tf_acc[-1]), chance)}"
            f": {percent(float(tf_acc[-1]))} of answers."
        )
        self.play(Create(rnn_line), run_time=1.2)
        self.narrate(
            f"The recurrent network {verdict(float(rnn_acc[-1]), chance)} at {far}"
            f": {percent(float(rnn_acc[-1]))}."
            + (" " + short_already(float(rnn_acc[0]), float(rnn_acc[-1]))
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
        st = tr.stats
        layer, head = (int(v) for v in tr["focus"])
        w = tr["example_attn"][layer, head]  # (position,)
        q = int(st["question_position"])
        name_at = int(st["name_position"])
        w = w[: q + 1]
        width, height = 11.0, 2.6
        left = np.array([-width / 2, -1.3, 0])
        step = width / len(w)
        top = float(w.max())
        bars = VGroup()
        for i, v in enumerate(w):
            h = max(float(v) / top * height, 0.004)
            colour = pal.accent if i == name_at else pal.data
            bars.add(Rectangle(width=step, height=h, stroke_width=0, fill_color=colour,
                               fill_opacity=1).move_to(
                left + RIGHT * (i + 0.5) * step + UP * h / 2))
        floor = Line(left, left + RIGHT * width, color=pal.muted, stroke_width=2)
        start = text(quoted(tokens[name_at]), pal.accent).next_to(
            left + RIGHT * (name_at + 0.5) * step, DOWN, 0.15)
        end = text(quoted(tokens[q]), pal.data).next_to(
            left + RIGHT * (q + 0.5) * step, DOWN, 0.15).align_to(floor, RIGHT)
        mid = text(f"{q - name_at - 1} words in between", pal.muted)
        mid.next_to(floor, DOWN, 0.15)
        head_note = text(f"layer {layer + 1}, head {head + 1}: its attention from "
                         f"{quoted(tokens[q])} over all {q} earlier words",
                         pal.text).to_edge(UP, buff=1.2)  # fmt: skip
        peak = int(np.argmax(w))
        peak_l = text(percent(float(w[peak])), pal.accent if peak == name_at
                      else pal.data).next_to(bars[peak], UR, 0.08)  # fmt: skip
        strip_g = VGroup(floor, bars, start, end, mid, head_note, peak_l)
        self.play(Fade(strip_g), run_time=1.0)
        on_name = float(w[name_at])
        peak_on_name = peak == name_at
        self.narrate(f"Inside the transformer, on one new example. A head is "
                     f"{plain('attention head')}.")
        self.narrate("This is the head that reaches back furthest, reading from "
                     f"{quoted(tokens[q])}.")
        where = ("its tallest bar is the asked pair" if peak_on_name
                 else f"its tallest bar is {quoted(tokens[peak])}, "
                 "not the asked pair")
        others = float(st["focus_weight_on_other_pairs"])
        rest = 1.0 - on_name - others
        self.narrate(
            f"Each bar is how much it looks at one word: {where}, "
            f"{quoted(tokens[name_at])}, with {percent(on_name)} of its attention, "
            f"{q - name_at} words back. The other pairs get {percent(others)}, "
            f"all the filler together {percent(max(rest, 0.0))}."
        )
        rnn_p = tr["gru_probs"]
        vocab = [str(v) for v in tr["vocab"]]
        ans = vocab[int(np.argmax(rnn_p))]
        gave = (f"also answers {quoted(name)}" if ans == name
                else f"answers {quoted(ans)}")
        self.narrate(
            f"On the same example the transformer gives {quoted(name)} "
            f"{percent(float(st['transformer_prob_of_name']))}; the recurrent "
            f"network {gave}, giving {quoted(name)} "
            f"{percent(float(rnn_p[vocab.index(name)]))}."
        )
        self.hold_caption()
        self.play(Fade(strip_g, show=False), run_time=0.6)
