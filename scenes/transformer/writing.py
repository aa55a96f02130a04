"""The transformer chapter, writing: generation and what long context costs.

NextWord draws the ``text_generation`` trace and LongContextCost the
``attention_cost`` trace.

    manim -pql scenes/transformer/writing.py NextWord
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.bars import compare_bars
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    descender,
    flow,
    nice_ticks,
    percent,
    plot_axes,
    prob_bars,
    reveal,
    shown_vocab,
    shown_word,
    text,
    title_text,
    top_k,
    words_of,
)

END = "."  # the full stop between sentences, as the corpus writes it


def sentence_before(words: list[str], b: int) -> list[str]:
    """The words of ``b``'s sentence before it (from the last full stop)."""
    start = b
    while start > 0 and words[start - 1] != END:
        start -= 1
    return words[start:b]


def words_said(words: list[str], most: int = 6) -> str:
    """A short list of words for a caption: “tom”, or one of 6
    (cat, dog, …)."""
    shown = [shown_word(w) for w in words]
    if len(shown) == 1:
        return f"“{shown[0]}”"
    listed = ", ".join(shown[:most]) + (", …" if len(shown) > most else "")
    return f"one of {len(shown)} words ({listed})"



def headings(pairs: list[tuple[str, Mobject]], pal) -> VGroup:
    """A heading just above each chart of ``pairs`` (words, chart), aligned
    with the chart's left edge."""
    out = VGroup()
    for words, chart in pairs:
        h = text(words, pal.text, style.BODY_SIZE - 2).next_to(chart, UP, 0.2)
        out.add(h.align_to(chart, LEFT))
    return out


class NextWord(ExplainerScene):
    """Generation word by word with the top candidates; the same prompt at a low
    and a high temperature; and a long generation at high temperature that
    breaks a rule of the corpus, marked where it first does."""

    trace_kind = "text_generation"
    step_seconds = 1.4
    hold_seconds = 2.6

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        self.tr = tr
        self.vocab = shown_vocab(tr)
        prompt = words_of(tr, tr["prompt"])[1:]  # without the leading "."
        cfg = tr.config
        title = title_text("Writing: one word at a time, drawn from probabilities", pal)
        self.add(title)
        self.step_by_step(prompt)
        self.temperatures(prompt, cfg["low_temperature"], cfg["high_temperature"])
        self.drift(prompt, cfg["high_temperature"])

    # Section: word by word
    def step_by_step(self, prompt: list[str]):
        pal, tr = self.palette, self.tr
        chosen = words_of(tr, tr["step_tokens"])
        line = flow(
            prompt + chosen,
            [pal.muted] * len(prompt) + [pal.text] * len(chosen),
            config.frame_width - 1.5,
            30,
        )
        line.move_to(UP * 2.2)
        # what "simple made-up sentences" are: one of each kind the training
        # text is made of, drawn by the same generator (engine/transformer/corpus.py)
        examples = VGroup(
            text("training sentences look like:", pal.muted),
            *[text(str(s), pal.text, style.BODY_SIZE - 4)
              for s in tr["example_sentences"]],
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)  # fmt: skip
        examples.move_to(DOWN * 0.4)
        self.play(Fade(line[: len(prompt)]), Fade(examples), run_time=0.6)
        self.narrate("A small transformer, the kind of model behind chatbots, "
                     "trained here on simple made-up sentences, continues a "
                     "prompt.")  # fmt: skip
        self.hold_caption()
        self.play(Fade(examples, show=False), run_time=0.4)
        self.narrate(
            "The model gives every word it knows a probability of coming next."
        )
        bars = VGroup()
        # the draw is told at the word that shows it best: the least likely
        # word drawn against the likeliest at its step
        def against_top(i: int) -> float:
            probs = tr["step_probs"][i]
            w = chosen[i]
            if i == 0 or w not in self.vocab:
                return np.inf
            ratio = float(probs[self.vocab.index(w)] / probs.max())
            return ratio if ratio < 1 else np.inf

        ratios = [against_top(i) for i in range(len(chosen))]
        tell_at = int(np.argmin(ratios)) if np.isfinite(min(ratios)) else -1
        for i, word in enumerate(chosen):
            probs = tr["step_probs"][i]
            idx = list(top_k(probs, 5))
            if word in self.vocab and self.vocab.index(word) not in idx:
                idx.append(self.vocab.index(word))  # drawn from the long tail
            new = prob_bars(
                [self.vocab[j] for j in idx],
                [float(probs[j]) for j in idx],
                pal,
                width=4.0,
                highlight=word,
            ).move_to(DOWN * 0.6)
            # the old odds go before the new come: never two lists at once
            self.play(Fade(bars, show=False), run_time=0.2)
            self.play(Fade(new), run_time=0.25)
            bars = new
            if i == 0:
                self.narrate(
                    "One word is drawn by those odds, written, and it goes again."
                )
            elif i == 1 and tell_at > 2:  # a line for the draws in between
                self.narrate("Each word drawn joins the text, and the odds are "
                             "worked out again for the next.")  # fmt: skip
            likeliest = self.vocab[int(idx[0])]
            if i == tell_at:  # the odds, not the top word, decide
                self.narrate(
                    f"A draw, not a choice: \u201c{word}\u201d had "
                    f"{percent(probs[self.vocab.index(word)])}, the likeliest "
                    f"\u201c{likeliest}\u201d {percent(probs[idx[0]])}."
                )
                self.hold_caption()  # its odds stay on screen until it is read
                # the writing goes on under a line of its own, not under the
                # draw's line, which is about one word
                self.narrate("And so on, word by word.")
            self.play(FadeIn(line[len(prompt) + i], shift=UP * 0.1), run_time=0.35)
            self.wait(self.step_seconds - 0.75)
        self.wait(1.0)
        self.play(Fade(line, show=False), Fade(bars, show=False), run_time=0.6)

    # Section: the model's own odds, and low and high temperature beside them
    def temperatures(self, prompt: list[str], low: float, high: float):
        pal, tr = self.palette, self.tr
        own = tr["step_probs"][0]  # temperature 1: the same prompt, odds unchanged
        # the same words in every column (tempering keeps their order), so the
        # eye follows one word's bar from column to column
        idx = list(top_k(own, 4))
        drawn = {n: int(tr[f"{n}_tokens"][0]) for n in ("low", "high")}
        for j in drawn.values():
            if j not in idx:
                idx.append(j)
        columns = Group()
        for name, t, x, colour in (("low", low, -4.75, pal.data),
                                   ("own", 1.0, 0.0, pal.guess),
                                   ("high", high, 4.75, pal.accent)):  # fmt: skip
            probs = own if name == "own" else tr[f"{name}_probs"][0]
            head = text(
                f"temperature {t:g}" + (" (unchanged)" if name == "own" else ""),
                colour, style.BODY_SIZE - 2,
            )  # fmt: skip
            bars = prob_bars(
                [self.vocab[j] for j in idx],
                [float(probs[j]) for j in idx],
                pal,
                width=1.9,
                row_height=0.36,
                # orange only for the word this side drew, as in the draws before
                highlight=self.vocab[drawn[name]] if name in drawn else None,
            )
            col = Group(head, bars).arrange(DOWN, buff=0.22)
            col.move_to([x, 2.0, 0])
            columns.add(col)
        sides = Group()
        odds = []  # the model's own odds of the words each temperature drew
        for name, t, x in (("low", low, -3.6), ("high", high, 3.6)):
            probs, tokens = tr[f"{name}_probs"], tr[f"{name}_tokens"]
            # the tempered odds back to the model's own: p is p_t ** t, renormed
            mine = probs.astype(float) ** t
            mine /= mine.sum(1, keepdims=True)
            odds.append(float(mine[np.arange(len(tokens)), tokens].mean()))
            words = words_of(tr, tokens)
            colours = [pal.muted] * len(prompt) + [
                pal.noise if r else pal.text for r in tr[f"{name}_rule"]
            ]
            para = flow(prompt + words, colours, 6.2, 22)
            para.move_to([x, -0.35, 0])
            sides.add(para)
        for col in columns:
            self.play(Fade(col), run_time=0.5)
        self.narrate("Temperature is a setting you choose. In the middle, the "
                     "model's own odds: temperature 1.")  # fmt: skip
        self.play(Indicate(columns[1][1], color=pal.guess), run_time=1.0)
        self.narrate("Low sharpens them, high flattens them: the same words, "
                     "reshaped.")  # fmt: skip
        self.play(Indicate(columns[0][1], color=pal.data), run_time=1.0)
        self.play(Indicate(columns[2][1], color=pal.accent), run_time=1.0)
        self.hold_caption()
        self.narrate(f"Then temperatures {low:g} and {high:g} each write on from "
                     "the same prompt.")  # fmt: skip
        writing = ValueTracker(0)
        for g in sides:
            reveal(g, writing)
            self.add(g)
        longest = max(len(g) for g in sides)
        self.play(writing.animate.set_value(longest), run_time=3.5, rate_func=linear)
        # red is said once red words are on screen, and only if there are any
        broken = [(n, i) for n in ("low", "high")
                  for i, r in enumerate(tr[f"{n}_rule"]) if r]  # fmt: skip
        if broken:  # the first broken rule told, with what training does there
            n, i = broken[0]
            side = 0 if n == "low" else 1
            words = prompt + words_of(tr, tr[f"{n}_tokens"])
            at = len(prompt) + i
            panel, said = self.rule_panel(words, at, tr[f"{n}_allowed"][i])
            panel.next_to(sides[side], DOWN, 0.3)
            panel.set_x(sides[side].get_x())
            # kept inside the frame, whichever side it is under
            room = config.frame_width / 2 - 0.3 - panel.width / 2
            panel.set_x(float(np.clip(panel.get_x(), -room, room)))
            mark = SurroundingRectangle(sides[side][at], color=pal.noise, buff=0.08)
            self.narrate("Red marks a word that no training sentence ever has at "
                         "that point.")  # fmt: skip
            self.play(Create(mark), run_time=0.6)
            self.narrate(said)
            self.play(Fade(panel), run_time=0.6)
            self.hold_caption()
            self.play(Fade(panel, show=False), Fade(mark, show=False), run_time=0.4)
        notes = Group()
        for g, o, colour in zip(sides, odds, (pal.data, pal.accent), strict=True):
            note = VGroup(
                text("the words it drew, by the model's own odds:", colour),
                text(f"{percent(o)} on average", colour, style.BODY_SIZE),
            ).arrange(DOWN, buff=0.12)
            notes.add(note.next_to(g, DOWN, 0.35).set_x(g.get_x()))
        self.play(*[Fade(n) for n in notes], run_time=0.5)
        self.narrate(
            f"Low plays safe: by the model's own odds, the words it drew had "
            f"{percent(odds[0])} on average; high drew less likely ones, "
            f"{percent(odds[1])}, and takes more risks."
            if odds[1] < odds[0] else
            "Here high did not draw less likely words than low."
        )
        self.wait(self.hold_seconds)
        self.hold_caption()  # no empty frame under a caption still being read
        self.play(Fade(Group(columns, sides, notes), show=False), run_time=0.6)

    def rule_panel(self, words: list[str], b: int, allowed, most: int = 8):
        """Why the word at ``b`` of ``words`` is red: the start of its sentence,
        the words training sentences go on with there, and the word drawn.
        ``allowed``: the trace's ``*_allowed`` row for that word (a bool per
        vocabulary word), recorded by the checker that marked it red.
        Returns the panel and the line that says it."""
        pal = self.palette
        before = sentence_before(words, b)
        vocab = [str(w) for w in self.tr["vocab"]]
        ok = [w for w, a in zip(vocab, allowed, strict=True) if a]
        shown = " ".join(before[-5:]) if before else ""
        lead = "\u2026" if len(before) > 5 else ""
        where = (f"after \u201c{lead}{shown}\u201d" if before
                 else "at the start of a sentence")  # fmt: skip
        listed = ", ".join(shown_word(w) for w in ok[:most])
        listed += ", \u2026" if len(ok) > most else ""
        panel = VGroup(
            text(where + ",", pal.text),
            text("training sentences go on with:", pal.text),
            text(listed, pal.guess, style.BODY_SIZE - 2),
            text(f"never with \u201c{shown_word(words[b])}\u201d", pal.noise),
        ).arrange(DOWN, buff=0.14)
        said = (f"{where[0].upper() + where[1:]}, training sentences always go on "
                f"with {words_said(ok)}; never with \u201c{words[b]}\u201d.")
        return panel, said

    # Section: a long generation at high temperature drifts
    def drift(self, prompt: list[str], high: float):
        pal, tr = self.palette, self.tr
        every = words_of(tr, tr["drift_tokens"])
        rules = tr["drift_rule"]
        # its start only, ended at a full stop: up to the red words among the
        # first 80 (at least 40 words), so a viewer can read every one of them
        early = [int(x) for x in np.flatnonzero(rules) if x < 80]
        stop = max([40] + [x + 1 for x in early])
        ends = [i + 1 for i, w in enumerate(every) if w == END and i + 1 >= stop]
        shown_n = min(ends[0] if ends else stop, len(every))
        words, rules = every[:shown_n], rules[:shown_n]
        breaks = np.flatnonzero(rules)
        skipped = [bool(k) for k in tr["drift_unchecked"][:shown_n]]
        colours = [pal.muted] * len(prompt) + [
            pal.noise if r else (pal.muted if k else pal.text)
            for r, k in zip(rules, skipped, strict=True)
        ]
        para = flow(prompt + words, colours, config.frame_width - 1.0, 22, line_gap=1.5)
        para.move_to(UP * 2.55, aligned_edge=UP)
        cut = "" if shown_n == len(every) else f"its first {shown_n} of "
        self.narrate(f"A long answer at temperature {high:g}: {cut}{len(every)} "
                     "words.")  # fmt: skip
        writing = ValueTracker(0)
        reveal(para, writing)
        self.add(para)
        self.play(writing.animate.set_value(len(para)),
                  run_time=max(4.0, self.caption_left()), rate_func=linear)  # fmt: skip
        marked = Group()
        if len(breaks):
            full = prompt + words
            b = int(breaks[0])
            mark = SurroundingRectangle(para[len(prompt) + b], color=pal.noise,
                                        buff=0.08)  # fmt: skip
            panel, said = self.rule_panel(full, len(prompt) + b,
                                          tr["drift_allowed"][b])
            panel.next_to(para, DOWN, 0.45)
            marked.add(mark, panel)
            d = int(tr["drift_decider"][b]) - 1  # stream position -> shown word
            # each mark comes with the line that names it
            self.narrate(f"Word {b + 1}, \u201c{words[b]}\u201d, is the first red "
                         "word.")  # fmt: skip
            self.play(Create(mark), run_time=0.8)
            self.narrate(said)
            self.play(Fade(panel), run_time=0.6)
            self.mark_poster()
            if d >= 0:
                back = len(prompt) + b - d  # words between the two marks
                self.narrate(
                    f"The rule was set by \u201c{full[d]}\u201d, "
                    f"{back} words earlier."
                )
                self.play(para[d].animate.set_color(pal.accent), run_time=0.8)
            self.hold_caption()
            if len(breaks) > 1:  # every other red word told the same way
                self.narrate(f"Every red word is like it: {len(breaks)} in these "
                             f"{shown_n} words.")  # fmt: skip
                for x in breaks[1:]:
                    at = len(prompt) + int(x)
                    nxt, _ = self.rule_panel(full, at, tr["drift_allowed"][int(x)])
                    nxt.move_to(panel)
                    box = SurroundingRectangle(para[at], color=pal.noise, buff=0.08)
                    self.play(Fade(marked, show=False), run_time=0.3)
                    self.play(Create(box), Fade(nxt), run_time=0.5)
                    marked = Group(box, nxt)
                    panel = nxt
                    self.wait(2.6)
            if any(skipped):  # why odd words after a red one are not red
                key = text("grey: the rest of a sentence after a red word, not "
                           "checked", pal.muted)  # fmt: skip
                key.move_to(panel)
                self.hold_caption()
                self.narrate("After a red word, the checker skips to the next full "
                             "stop: those words stay grey.")  # fmt: skip
                self.play(Fade(marked, show=False), run_time=0.3)
                self.play(Fade(key), run_time=0.4)
                marked = Group(key)
            self.wait(self.hold_seconds)
            self.hold_caption()  # the words stay while their line is read
        else:
            self.mark_poster()
        self.play(Fade(para, show=False), Fade(marked, show=False), run_time=0.6)
        self.survival_plot(high)

    def survival_plot(self, high: float):
        pal, tr = self.palette, self.tr
        surv, temps = tr["survival"], tr["survival_temperatures"]
        n = surv.shape[1]
        runs = tr.config["survival_runs"]
        axes, frame = plot_axes(
            pal,
            n,
            1.0,
            8.0,
            3.9,
            [(x, f"{x:g}") for x in nice_ticks(n)],
            [(0, "0%"), (0.5, "50%"), (1.0, "100%")],
            "words written",
            f"share of {runs} answers still following every rule",
        )
        # the question the plot answers, larger than a tick label
        ask = text(f"share of {runs} answers still following every rule", pal.text,
                   style.BODY_SIZE - 4)  # fmt: skip
        ask.move_to(frame[-1], aligned_edge=LEFT)
        frame.remove(frame[-1]).add(ask)
        frame.move_to(LEFT * 1.2 + DOWN * 0.1)
        lines, labels = VGroup(), VGroup()
        colours = [pal.data, pal.guess, pal.accent]
        for row, t, c in zip(surv, temps, colours, strict=False):
            xs = np.arange(1, n + 1)
            line = axes.plot_line_graph(
                xs, row, line_color=c, add_vertex_dots=False, stroke_width=4
            )
            lines.add(line)
            # two short lines: one ran past the frame's right edge
            label = VGroup(text(f"temperature {t:g}:", c),
                           text(f"{percent(row[-1])} still clean", c))
            label.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
            labels.add(label.next_to(axes.c2p(n, float(row[-1])), RIGHT, 0.2))
        labels.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        # the end figures are at the last word: said above them
        labels = VGroup(text(f"at {n} words:", pal.text), labels)
        labels.arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(axes, RIGHT, 0.3)
        # the line comes with the plot: the last one is not left over an empty frame
        self.narrate(f"Then {runs} answers at each temperature, followed word by "
                     "word.")  # fmt: skip
        self.play(Fade(frame), run_time=0.6)
        # the curves draw themselves under the line that says what they are
        self.play(*[Create(g) for g in lines], Fade(labels),
                  run_time=max(2.0, self.caption_left()), rate_func=linear)
        s = tr.stats["survival"]
        hi = s[f"{high:g}"]
        line = (
            f"At {high:g}, half of the answers broke a rule within "
            f"{hi['median_words_kept']} words."
            if hi["median_words_kept"] >= 0
            else f"At {high:g}, {percent(hi['share_broken'])} broke a rule."
        )
        middle = [f"{t:g}" for t in temps[1:-1]]
        if middle:  # a line the scene has not named yet: said before the result
            self.narrate(f"The middle line is temperature {', '.join(middle)}, "
                         "the model's odds unchanged.")  # fmt: skip
        self.narrate(line)
        if hi["median_words_kept"] >= 0:  # the half-way point marked on its curve
            k = int(hi["median_words_kept"])
            at = axes.c2p(k, 0.5)
            half = VGroup(
                DashedLine(axes.c2p(0, 0.5), at, color=pal.accent, stroke_width=2,
                           dash_length=0.08),
                DashedLine(at, axes.c2p(k, 0), color=pal.accent, stroke_width=2,
                           dash_length=0.08),
                Dot(at, radius=0.07, color=pal.accent),
                text(f"half broken by word {k}", pal.accent).next_to(at, UR, 0.1),
            )  # fmt: skip
            self.play(Create(half), run_time=0.8)
            self.hold_caption()
        self.narrate(
            "The longer the answer, the more chances to slip: long answers drift."
        )
        self.wait(self.hold_seconds + 1)


def ms(seconds: float) -> str:
    """A time in ms, thousandths of a second (the unit the scene explains),
    with two figures below one: 0.54 ms, 36.6 ms."""
    v = float(seconds) * 1e3
    return f"{v:.2g} ms" if v < 1 else f"{v:,.1f} ms"


def mb(n_bytes: float) -> str:
    """Bytes in MB, millions of bytes (the unit the scene explains), with two
    figures below one: 0.016 MB, 51.4 MB."""
    v = float(n_bytes) / 1e6
    return f"{v:.2g} MB" if v < 1 else f"{v:,.1f} MB"


class LongContextCost(ExplainerScene):
    """Measured on this machine: attention memory and time against sequence
    length (memory grows as length squared; time's growth per doubling is shown
    as measured), then writing with a key/value cache, compared like for like
    (one layer's memory, the whole model's time)."""

    trace_kind = "attention_cost"
    sweep_seconds = 5.0
    hold_seconds = 2.8
    plot_w, plot_h = 3.3, 3.2
    plot_y = -0.45
    # the tick labels left of each plot stay in frame; the third slot holds
    # the table of factors, from its left edge
    plot_xs = (-4.65, 0.2, 2.45)
    # an example sentence for the small table of scores (words, not figures)
    example = ("the", "cat", "sat", "on", "the", "mat")

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        lengths = tr["lengths"].astype(float)
        mem, secs = tr["attn_bytes"], tr["attn_seconds"]
        cache = tr["cache_bytes"]
        stats = tr.stats
        heads = tr.config["heads"]
        layers = tr.config["layers"]
        top_len = float(lengths[-1])

        title = title_text("Long context costs: attention memory grows as length "
                           "squared", pal)  # fmt: skip
        self.add(title)

        # Section: the table of scores, small enough to see every pair of words
        table = self.score_table(pal)
        table["all"].move_to(LEFT * 3.2 + DOWN * 0.3)
        self.play(Fade(table["words"]), run_time=0.6)
        self.narrate("Attention gives every pair of words a score: how much "
                     "this word should look at that one. A length \u00d7 length "
                     "table.")  # fmt: skip
        rows = table["cells"]
        per = max(0.25, (self.caption_left() - 0.3) / len(rows))
        for row in rows:
            self.play(Fade(row), run_time=per)
        self.hold_caption()
        n = len(self.example)
        sums = VGroup(
            text(f"{n} words: {n} \u00d7 {n} = {n * n} scores", pal.text,
                 style.BODY_SIZE - 2),
            text(f"{2 * n} words: {2 * n} \u00d7 {2 * n} = {4 * n * n} scores "
                 "(\u00d74)", pal.text, style.BODY_SIZE - 2),
            text(f"{int(top_len):,} words: {top_len ** 2 / 1e6:.1f} million scores",
                 pal.data, style.BODY_SIZE - 2),
            text(f"in each of the {heads} heads: {heads} tables", pal.data,
                 style.BODY_SIZE - 2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        sums.next_to(rows, RIGHT, 1.0)
        self.narrate("Twice the words, four times the scores.")
        self.play(Fade(sums[0]), run_time=0.6)
        self.play(Fade(sums[1]), run_time=max(0.6, self.caption_left()))
        # the heads: one table each, stacked behind the first (drawn, not only said)
        # one sheet per further head, stacked behind: only the edges that
        # show past the sheet in front (right and bottom), so nothing is
        # drawn over the front table's squares
        box = rows.get_corner(UL) + np.array([-0.05, 0.05, 0])
        far = rows.get_corner(DR) + np.array([0.05, -0.05, 0])
        stack = VGroup(*[
            VMobject(stroke_color=pal.data, stroke_width=2,
                     stroke_opacity=0.9 - 0.2 * i)
            .set_points_as_corners([[far[0] + d, box[1] - d, 0],
                                    [far[0] + d, far[1] - d, 0],
                                    [box[0] + d, far[1] - d, 0]])
            for i in range(1, heads) for d in [0.14 * i]
        ])  # fmt: skip
        stack_in = Fade(stack)  # built before any fade-out of the stack
        self.narrate(f"At {int(top_len):,} words: {top_len ** 2 / 1e6:.1f} million "
                     f"scores, in each of the {heads} heads ("
                     f"{plain('attention head')}).")  # fmt: skip
        self.play(Fade(sums[2]), run_time=0.6)
        self.play(stack_in, Fade(sums[3]),
                  run_time=max(0.8, self.caption_left() * 0.4))  # fmt: skip
        self.hold_caption()

        # Section: the two attention plots, filled length by length, beside
        # what each doubling multiplied
        x_label = "sequence length (words)"
        mem_axes, mem_plot = self.plot(
            top_len, mem.max() / 1e6, x_label, "attention memory, MB", 0
        )
        t_axes, t_plot = self.plot(
            top_len, secs.max() * 1e3, x_label, "attention time, ms", 1
        )
        self.mem_axes = mem_axes  # for tests that read pixels
        k = ValueTracker(0)
        index = lambda: int(round(k.get_value()))  # noqa: E731
        mem_dots = self.dots(mem_axes, lengths, mem / 1e6, pal.data, index)
        t_dots = self.dots(t_axes, lengths, secs * 1e3, pal.accent, index)
        m_steps = mem[1:] / mem[:-1]
        t_steps = secs[1:] / secs[:-1]
        factors = self.factor_table(lengths, m_steps, t_steps, pal, index)
        self.factors = factors  # for tests that read what it shows
        self.narrate(f"This model has {layers} layers ({plain('layer')}); "
                     "each layer builds its own tables.")  # fmt: skip
        per_layer = text(f"and in each of the {layers} layers: "
                         f"{heads * layers} tables in all", pal.data,
                         style.BODY_SIZE - 2)  # fmt: skip
        per_layer.next_to(sums, DOWN, 0.3).align_to(sums, LEFT)
        self.play(Fade(per_layer), run_time=0.6)
        self.play(Indicate(per_layer, color=pal.data, scale_factor=1.08),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        self.narrate("Measured here, one layer's attention at each length: memory "
                     "in MB, millions of bytes; time in ms, thousandths of a "
                     "second.")  # fmt: skip
        self.play(Fade(VGroup(table["all"], sums, stack, per_layer), show=False),
                  run_time=0.4)  # fmt: skip
        self.play(Fade(mem_plot), Fade(t_plot), Fade(factors["head"]),
                  run_time=0.6)  # fmt: skip
        self.add(mem_dots, t_dots, factors["rows"])
        self.play(
            k.animate.set_value(len(lengths) - 1),
            run_time=max(self.sweep_seconds, self.caption_left()),
            rate_func=linear,
        )
        for m in (*mem_dots, *t_dots, *factors["rows"]):
            m.clear_updaters()

        # memory: the factor, every doubling, and the length-squared curve
        lo, hi = float(m_steps.min()), float(m_steps.max())
        even = f"{lo:.1f}" == f"{hi:.1f}"
        self.narrate(
            (f"Each doubling multiplied memory by {lo:.1f}, every time: "
             if even else
             f"Each doubling multiplied memory by {lo:.1f} to {hi:.1f}: ")
            + ("like the table, it grows as length squared."
               if 3.8 <= lo and hi <= 4.2 else
               "not quite the table's 4.")
        )  # fmt: skip
        curve = self.fit_curve(mem_axes, tr["bytes_fit"], 1e-6, top_len, pal.guess)
        mem_dots.set_z_index(2)
        note = self.inside_note(mem_axes, "curve: length\u00b2", pal.guess)
        self.play(factors["mem"].animate.set_color(pal.data), run_time=0.5)
        self.play(Create(curve), Fade(note), run_time=max(0.8, self.caption_left()))
        if stats["bytes_fit_r2"] >= 0.999:
            self.narrate("A length-squared curve runs through every memory point.")
            self.hold_caption()

        # time: per doubling as measured (it varies run to run), then the one
        # robust figure, its growth over the longest stretch against memory's
        self.play(factors["time"].animate.set_color(pal.accent), run_time=0.5)
        slow = 0  # the first doublings that did not even double time
        while slow < len(t_steps) - 1 and t_steps[slow] < 2:
            slow += 1
        if slow:
            self.narrate(
                f"At the shortest lengths, doubling the words multiplied time "
                f"by only {t_steps[:slow].min():.1f} to "
                f"{t_steps[:slow].max():.1f}: the table is tiny there, and fixed "
                "setup work, the same at any length, outweighs it."
                if slow > 1 else
                f"At the shortest lengths, doubling the words multiplied time by "
                f"only {t_steps[0]:.1f}: the table is tiny there, and fixed setup "
                "work, the same at any length, outweighs it."
            )  # fmt: skip
            self.play(Indicate(factors["time"][:slow], color=pal.accent,
                               scale_factor=1.2),
                      run_time=max(0.8, self.caption_left() - 0.6))  # fmt: skip
            self.play(factors["rows"][:slow].animate.set_color(pal.muted),
                      run_time=0.5)  # fmt: skip
        rest = t_steps[slow:]
        lo_t, hi_t = int(np.argmin(rest)) + slow, int(np.argmax(rest)) + slow
        self.narrate(
            ("Beyond them, time's factor" if slow else "Time's factor")
            + f" jumps around, anywhere from {t_steps[lo_t]:.1f} to "
            f"{t_steps[hi_t]:.1f} per doubling: single timings vary from run to "
            "run, so compare a long stretch."
        )  # fmt: skip
        self.play(Indicate(VGroup(factors["time"][lo_t], factors["time"][hi_t]),
                           color=pal.accent, scale_factor=1.3),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        span = 3 if len(lengths) > 3 else len(lengths) - 1
        span_m = float(mem[-1] / mem[-1 - span])
        span_t = float(secs[-1] / secs[-1 - span])
        words_x = int(round(lengths[-1] / lengths[-1 - span]))
        self.narrate(
            f"From {int(lengths[-1 - span]):,} to {int(top_len):,} words "
            f"({words_x} times the words), time grew {span_t:,.0f} times, memory "
            f"{span_m:,.0f} times ({words_x} \u00d7 {words_x}): "
            + ("long texts cost time roughly as fast as length squared."
               if span_m / 1.5 <= span_t <= span_m * 1.5 else
               "long texts cost time even faster than length squared."
               if span_t > span_m else
               "time grew less steeply than memory here.")
        )  # fmt: skip
        self.play(Fade(factors["span"]), run_time=0.6)
        self.play(Indicate(factors["span"][1], color=pal.accent, scale_factor=1.2),
                  run_time=max(0.8, self.caption_left() * 0.5))  # fmt: skip
        self.hold_caption()
        self.mark_poster()

        # Section: writing with a key/value cache, in plain words: a new word
        # adds one row of the table; everything before it is kept
        n_words = len(cache)
        at = min(int(np.searchsorted(lengths, n_words)), len(lengths) - 1)
        recent = float(np.median(tr["cache_step_seconds"][-64:]))
        reread = float(tr["model_seconds"][at])
        self.narrate("Now writing, one word at a time.")
        self.play(
            Fade(Group(mem_plot, t_plot, mem_dots, t_dots, curve, note,
                       factors["all"]), show=False),
            run_time=0.4,
        )  # fmt: skip
        # the section's own title: the plots' point is made
        cache_title = title_text("Writing word by word: the cache", pal)
        title_in = Fade(cache_title)  # built before the old title's fade-out
        self.play(Fade(title, show=False), run_time=0.3)
        self.play(title_in, run_time=0.4)
        # the table again, as a writing model fills it: a row per word, each
        # reading every word up to itself; a new word adds one row and one
        # kept entry (bottom), read by the new row along its column
        first_rows, last_row = 5, 9
        grid = self.word_table(last_row, pal)
        grid["all"].to_edge(LEFT, buff=0.5).set_y(-0.1)
        self.play(*[Fade(r) for r in grid["rows"][:first_rows]],
                  Fade(grid["notes"][0]),
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.narrate("While writing, a word can only look back at the words "
                     "before it, so only the lower half of the table exists.")
        self.play(Indicate(VGroup(*grid["rows"][:first_rows]), color=pal.text,
                           scale_factor=1.05),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        bright = interpolate_color(ManimColor(pal.data), WHITE, 0.55)
        self.narrate("A cache keeps a short summary of each earlier word, "
                     "worked out once,")  # fmt: skip
        self.play(*[Fade(c) for c in grid["kept"][:first_rows]],
                  Fade(grid["notes"][1]), run_time=0.6)  # fmt: skip
        self.play(Indicate(grid["kept"][:first_rows], color=bright),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        self.narrate("so a new word adds one row, reading the cache, not a whole "
                     "new table.")  # fmt: skip
        shown = first_rows
        per = max(1.0, self.caption_left() / 3)
        for r in range(first_rows, last_row - 1):  # the last row is kept for the end
            self.add_word(grid, r, per)
            shown = r + 1
        self.hold_caption()
        done = VGroup(*grid["rows"][:shown])
        kept = VGroup(*grid["kept"][:shown])
        one_layer = float(cache[-1]) / layers  # every layer keeps the same
        # memory: one layer's cache against one layer's table, to one scale
        bars = compare_bars(
            [
                (f"cache, one layer, at {n_words:,} words", one_layer,
                 mb(one_layer), pal.data),
                (f"re-reading instead: one layer's table, {int(lengths[at]):,} "
                 "words", float(mem[at]), mb(mem[at]), pal.muted),
            ],
            pal,
            width=5.0,
        )  # fmt: skip
        bars.move_to(RIGHT * 2.2 + UP * 1.25)
        heads_ = headings([(f"memory, one of the model's {layers} layers", bars)],
                          pal)  # fmt: skip
        self.play(Fade(heads_[0]), GrowFromEdge(bars.bars[0], LEFT),
                  Fade(bars.labels[:2]), run_time=0.7)  # fmt: skip
        self.narrate(
            f"In each of the model's {layers} layers, at {n_words:,} words, the "
            f"cache holds {mb(one_layer)}."
        )
        # each highlight with its own sentence: the kept row and its bar now
        self.play(Indicate(VGroup(kept, bars.bars[0], bars.labels[1]),
                           color=bright, scale_factor=1.1),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        self.narrate("Re-reading every word instead would build that layer's "
                     "table again, stored in full as measured above: "
                     f"{mb(mem[at])}.")  # fmt: skip
        # re-reading: every row worked out again, drawn while it is said
        self.play(GrowFromEdge(bars.bars[1], LEFT), Fade(bars.labels[2:]),
                  done.animate.set_fill(pal.accent, opacity=0.95), run_time=0.9)
        self.play(done.animate.set_fill(pal.muted, opacity=0.45),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        # the cache over the answer, said in the same unit (one layer): a
        # quarter of the words written, then all of them
        first_m = max(1, n_words // 4)
        first_l = float(cache[first_m - 1]) / layers
        small = one_layer < float(mem[at])
        self.narrate(
            ("The cache is small next to a table, but it is kept for the whole "
             if small else "The cache is kept for the whole ")
            + (f"answer and grows with every word: in one layer, {mb(first_l)} "
               f"at {first_m:,} words, {mb(one_layer)} at {n_words:,}."
               if one_layer > first_l else
               "answer.")
        )  # fmt: skip
        grows = VGroup(
            text("the cache, one layer, as the answer grows", pal.text,
                 style.BODY_SIZE - 2),
            text(f"{mb(first_l)} at {first_m:,} words \u2192 {mb(one_layer)} "
                 f"at {n_words:,}", pal.data, style.BODY_SIZE - 2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # fmt: skip
        grows.next_to(bars, DOWN, 0.6).align_to(bars, LEFT)
        self.play(Fade(grows), run_time=0.6)
        self.play(Indicate(grid["kept"][:shown], color=bright, scale_factor=1.1),
                  run_time=max(0.8, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # time: the whole model, one more word against re-reading everything
        times = compare_bars(
            [
                ("one more word, with the cache", recent, ms(recent), pal.data),
                (f"re-reading all {int(lengths[at]):,} words", reread,
                 ms(reread), pal.muted),
            ],
            pal,
            width=5.0,
        )  # fmt: skip
        times.move_to(RIGHT * 2.2 + UP * 1.25).align_to(bars, LEFT)
        # the time a new word takes with the cache, early and late in the
        # answer: the median of the words just before each mark
        w = max(1, n_words // 32)
        steps = tr["cache_step_seconds"]
        per_word = [float(np.median(steps[max(0, m - w):m]))
                    for m in (first_m, n_words)]  # fmt: skip
        t_heads = headings([(f"time, whole model (all {layers} layers)", times)],
                           pal)  # fmt: skip
        self.narrate(
            f"With the cache, a new word took {ms(recent)}; re-reading all "
            f"{int(lengths[at]):,} words through the whole model (all {layers} "
            f"layers, not attention alone) took {ms(reread)}."
        )
        self.play(Fade(VGroup(bars, heads_, grows), show=False), run_time=0.4)
        self.play(Fade(t_heads[0]), *[GrowFromEdge(b, LEFT) for b in times.bars],
                  Fade(times.labels), run_time=max(0.8, self.caption_left()))
        # the conclusion, in words chosen by the two measured times, as shown
        def shown_ms(s: float) -> float:
            return float(ms(s).split()[0].replace(",", ""))

        gain = shown_ms(reread) / shown_ms(recent)
        below = times
        if recent < reread:
            self.narrate(f"So the cache makes each new word about {gain:,.0f}x "
                         "quicker to write.")  # fmt: skip
            gain_t = text(f"about {gain:,.0f}x quicker with the cache",
                          pal.accent, style.BODY_SIZE - 2)  # fmt: skip
            gain_t.next_to(times, DOWN, 0.12).align_to(times, RIGHT)
            below = gain_t
            self.play(Fade(gain_t), run_time=max(0.6, self.caption_left()))
            self.hold_caption()
        # what the cache does not change: a longer text still costs more, as
        # two figures in words (no bars: they would need a scale of their own)
        grew = per_word[-1] / per_word[0] - 1
        late = VGroup(
            text("with the cache, one more word took", pal.text,
                 style.BODY_SIZE - 2),
            text(f"{ms(per_word[0])} at {first_m:,} words \u2192 "
                 f"{ms(per_word[-1])} at {n_words:,}", pal.data,
                 style.BODY_SIZE - 2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # fmt: skip
        late.next_to(below, DOWN, 0.6).align_to(times, LEFT)
        late_in = Fade(late)
        self.narrate(
            "But each new word still reads every earlier word: "
            + (f"with the cache it took {ms(per_word[0])} at {first_m:,} words, "
               f"{ms(per_word[-1])} at {n_words:,}. Longer answers still cost "
               f"more, slowly: {grew:.0%} more time for "
               f"{n_words // first_m} times the words, and the cache keeps "
               "growing."
               if grew >= 0.05 else
               f"its row grows with the length, though here the time per word "
               f"stayed near {ms(per_word[-1])} up to {n_words:,} words.")
        )  # fmt: skip
        self.play(late_in, run_time=0.6)
        self.add_word(grid, last_row - 1, max(1.2, self.caption_left() * 0.6))
        self.hold_caption()
        self.wait(self.hold_seconds + 1)

    def score_table(self, pal) -> dict:
        """The example sentence's table of scores: a row per word, a column per
        word, one square (one score) for every pair; the words label both
        sides. Cells start hidden, row by row in ``cells``."""
        words = self.example
        cell = 0.6
        cells = VGroup(*[
            VGroup(*[
                Square(cell * 0.86, stroke_width=0, fill_color=pal.data,
                       fill_opacity=0.75).move_to([c * cell, -r * cell, 0])
                for c in range(len(words))
            ])
            for r in range(len(words))
        ])  # fmt: skip
        top = VGroup(*[
            text(w, pal.text).next_to([c * cell, cell * 0.5, 0], UP, 0.12)
            for c, w in enumerate(words)
        ])  # fmt: skip
        side = VGroup(*[
            text(w, pal.text).next_to([-cell * 0.5, -r * cell, 0], LEFT, 0.12)
            for r, w in enumerate(words)
        ])  # fmt: skip
        note = text("each square: how much one word looks at another",
                    pal.muted).next_to(cells, DOWN, 0.5)  # fmt: skip
        note.align_to(cells, LEFT)
        labels = VGroup(top, side, note)
        return {"cells": cells, "words": labels, "all": VGroup(cells, labels)}

    def factor_table(self, lengths, m_steps, t_steps, pal, index) -> dict:
        """What each doubling multiplied, a row per doubling, shown once the
        sweep reaches its longer length; under it, the last three together
        (``span``, hidden until faded in)."""
        size = style.LABEL_SIZE
        heading = text("each doubling multiplied", pal.text, style.BODY_SIZE - 2)
        cols = (0.0, 2.2, 3.5)  # left edges: words, memory, time
        drop = descender(size)  # how far g, y reach below the line
        ink = pal.text
        comma = text("H,", ink, size).height - text("H", ink, size).height

        def place(part, x: float, y: float) -> None:
            """``part`` from ``x`` on the baseline ``y`` (Text is centred on its
            ink: letters below the line, or a comma, lower its bottom)."""
            part.move_to([x, y, 0], aligned_edge=LEFT).align_to([0, y, 0], DOWN)
            if any(ch in part.text for ch in "gjpqy"):
                part.shift(DOWN * drop)
            elif "," in part.text:
                part.shift(DOWN * comma)

        header = VGroup(
            text("words", pal.muted, size),
            text("memory", pal.muted, size),
            text("time", pal.muted, size),
        )
        gap = 0.34
        for t, x in zip(header, cols, strict=True):
            place(t, x, 0.0)

        def table_row(a: int, b: int, mem: str, time: str, y: float,
                      colours=(pal.text, pal.text)) -> VGroup:  # fmt: skip
            """One row: lengths a -> b, then the memory and time factors."""
            row = VGroup(text(f"{a:,} \u2192 {b:,}", pal.text, size),
                         text(mem, colours[0], size), text(time, colours[1], size))
            for part, x in zip(row, cols, strict=True):
                place(part, x, y)
            return row

        rows, mem_col, time_col = VGroup(), VGroup(), VGroup()
        for i, (m, t) in enumerate(zip(m_steps, t_steps, strict=True)):
            row = table_row(int(lengths[i]), int(lengths[i + 1]), f"\u00d7{m:.1f}",
                            f"\u00d7{t:.1f}", -(i + 1) * gap)  # fmt: skip
            mem_col.add(row[1])
            time_col.add(row[2])
            row.add_updater(
                lambda mob, i=i: mob.set_opacity(1.0 if i + 1 <= index() else 0)
            )
            rows.add(row)
        span = 3 if len(lengths) > 3 else len(lengths) - 1
        y = -(len(m_steps) + 2) * gap - 0.12
        words_x = int(round(lengths[-1] / lengths[-1 - span]))
        # the long stretch is several doublings at once: named as such
        over = text(f"{words_x}\u00d7 the words, all at once:", pal.text, size)
        place(over, cols[0], y + gap)
        last = table_row(int(lengths[-1 - span]), int(lengths[-1]),
                         f"\u00d7{m_steps[-span:].prod():,.0f}",
                         f"\u00d7{t_steps[-span:].prod():,.0f}", y,
                         (pal.data, pal.accent))  # fmt: skip
        rule = Line([0, y + gap * 1.8, 0], [cols[2] + 0.8, y + gap * 1.8, 0],
                    color=pal.muted, stroke_width=1.5)  # fmt: skip
        span_g = VGroup(rule, last, over)
        heading.next_to(header, UP, 0.22).align_to(header, LEFT)
        head = VGroup(heading, header)
        group = VGroup(head, rows, span_g)
        group.move_to([self.plot_xs[2], self.plot_y, 0], aligned_edge=LEFT)
        return {"head": head, "rows": rows, "mem": mem_col, "time": time_col,
                "span": span_g, "all": group}  # fmt: skip

    def word_table(self, n: int, pal) -> dict:
        """A writing model's attention table for ``n`` words: row r is word r
        reading words 0..r (a triangle: a word reads only what came before it),
        cells dim once worked out; under it the cache, one kept entry per word.
        Every part starts hidden; ``add_word`` brings a row in."""
        cell = 0.4
        rows = VGroup()
        for r in range(n):
            rows.add(VGroup(*[
                Square(cell * 0.84, stroke_width=0, fill_color=pal.muted,
                       fill_opacity=0.45).move_to([c * cell, -r * cell, 0])
                for c in range(r + 1)
            ]))  # fmt: skip
        kept = VGroup(*[
            Square(cell * 0.84, stroke_width=0, fill_color=pal.data,
                   fill_opacity=0.9).move_to([c * cell, -(n + 0.9) * cell, 0])
            for c in range(n)
        ])  # fmt: skip
        top = VGroup(text("a row per word written,", pal.text),
                     text("reading only the words before it", pal.text))
        top.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        top.next_to(rows, UP, 0.2).align_to(rows, LEFT)
        low = text("kept (cache): one entry per word", pal.data)
        low.next_to(kept, DOWN, 0.2).align_to(kept, LEFT)
        group = VGroup(rows, kept, top, low)
        return {"rows": rows, "kept": kept, "notes": VGroup(top, low),
                "all": group}  # fmt: skip

    def add_word(self, grid: dict, r: int, seconds: float) -> None:
        """Word ``r`` written: its row comes in bright and its entry is kept;
        lines run up from the kept entries of the earlier words to the new
        row (it reads them from the cache), then go; the row before it dims
        (worked out once, not again)."""
        pal = self.palette
        row = grid["rows"][r]
        row.set_fill(pal.accent, opacity=0.95)
        links = VGroup(*[
            Line(grid["kept"][c].get_top(), row[c].get_bottom(), color=pal.accent,
                 stroke_width=2.5, stroke_opacity=0.8)
            for c in range(r)
        ])  # fmt: skip
        anims = [Fade(row), Fade(grid["kept"][r])]
        if r > 0:
            anims.append(grid["rows"][r - 1].animate.set_fill(pal.muted, opacity=0.45))
            anims.append(Create(links))
        self.play(*anims, run_time=seconds * 0.7)
        if r > 0:
            self.play(Fade(links, show=False), run_time=seconds * 0.3)
        else:
            self.wait(seconds * 0.3)

    def plot(self, x_max: float, y_max: float, x_label: str, y_label: str, slot: int):
        ticks_y = nice_ticks(y_max, 4)
        top = max(ticks_y[-1], y_max)
        axes, group = plot_axes(
            self.palette,
            x_max,
            top,
            self.plot_w,
            self.plot_h,
            [(x, f"{x:,.0f}") for x in nice_ticks(x_max, 4) if x <= x_max],
            [(y, f"{y:,.0f}" if top >= 10 else f"{y:g}") for y in ticks_y],
            x_label,
            y_label,
        )
        group.shift([self.plot_xs[slot], self.plot_y, 0] - axes.get_center())
        return axes, group

    def dots(self, axes, xs, ys, colour: str, index) -> VGroup:
        """Measured points, each shown once the sweep reaches it."""
        dots = VGroup(
            *[
                Dot(axes.c2p(x, y), radius=0.06, color=colour)
                for x, y in zip(xs, ys, strict=True)
            ]
        )
        for i, d in enumerate(dots):
            d.add_updater(lambda m, i=i: m.set_opacity(1.0 if i <= index() else 0))
        return dots

    def fit_curve(self, axes, coeffs, unit: float, top: float, colour: str):
        xs = np.linspace(0, top, 60)
        ys = np.polyval(np.asarray(coeffs, float), xs) * unit
        return axes.plot_line_graph(
            xs, ys, line_color=colour, add_vertex_dots=False, stroke_width=3
        )

    def inside_note(self, axes, s: str, colour: str) -> Text:
        """A note in the empty upper left of a plot (the curves rise on the right)."""
        note = text(s, colour)
        return note.move_to(axes.c2p(0, 0), aligned_edge=DL).shift(
            UP * axes.height * 0.62 + RIGHT * 0.2
        )
