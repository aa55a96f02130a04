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
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    flow,
    fmt_bytes,
    fmt_seconds,
    nice_ticks,
    percent,
    plot_axes,
    prob_bars,
    reveal,
    shown_vocab,
    stepped_text,
    text,
    title_text,
    top_k,
    words_of,
)

# Each rule of the training text (engine/transformer/corpus.py RULES) in plain
# words, for a viewer who has not read the grammar.
RULE_IN_WORDS = {
    "subject-verb agreement": "the verb must match its subject: one thing "
    "\u201cis\u201d, several \u201care\u201d",
    "repeated name": "after \u201cX gave Y\u201d, the names come back in order: "
    "Y, then X",
    "closing word": "a word like \u201ceither\u201d must be closed by its partner, "
    "\u201cor\u201d",
    "word order": "words come only in orders the training text uses",
}


def rule_said(rule: str, words: list[str], b: int, most: int = 5) -> str:
    """The rule the word at ``b`` of ``words`` breaks, in plain words; for
    plain word order, made concrete with the sentence so far: no training
    sentence that starts as this one did goes on with this word (what the
    template check, engine/transformer/corpus_rules.py, found)."""
    if rule != "word order":
        return RULE_IN_WORDS.get(rule, rule)
    start = b
    while start > 0 and words[start - 1] != ".":
        start -= 1
    before = words[start:b]
    if not before:
        return (f"no training sentence starts with \u201c{words[b]}\u201d")
    shown = " ".join(before[-most:])
    lead = "\u2026" if len(before) > most else ""
    return (f"no training sentence that starts \u201c{lead}{shown}\u201d goes "
            f"on with \u201c{words[b]}\u201d")


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
        self.play(Fade(line[: len(prompt)]), run_time=0.6)
        self.narrate("A small model, trained here on simple made-up sentences, "
                     "continues a prompt.")  # fmt: skip
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

    # Section: low and high temperature, side by side
    def temperatures(self, prompt: list[str], low: float, high: float):
        pal, tr = self.palette, self.tr
        sides = Group()
        odds = []  # the mean odds of the words each temperature drew
        for k, (name, t, x) in enumerate((("low", low, -3.6), ("high", high, 3.6))):
            probs, tokens = tr[f"{name}_probs"], tr[f"{name}_tokens"]
            head = text(
                f"temperature {t:g}", pal.accent if k else pal.data, style.BODY_SIZE
            )
            idx = top_k(probs[0], 4)
            bars = prob_bars(
                [self.vocab[j] for j in idx],
                [float(probs[0][j]) for j in idx],
                pal,
                width=2.6,
                row_height=0.36,
                colour=pal.accent if k else pal.data,
            )
            words = words_of(tr, tokens)
            colours = [pal.muted] * len(prompt) + [
                pal.noise if r else pal.text for r in tr[f"{name}_rule"]
            ]
            para = flow(prompt + words, colours, 6.2, 22)
            mean = float(probs[np.arange(len(tokens)), tokens].mean())
            odds.append(mean)  # said after the writing, low then high
            note = text(f"average odds of the words drawn: {percent(mean)}", pal.muted)
            group = Group(head, bars, para, note).arrange(DOWN, buff=0.3)
            group.move_to([x, 0.2, 0])
            bars.align_to(group, LEFT).shift(RIGHT * 1.6)
            sides.add(group)
        for g in sides:
            self.play(Fade(g[0]), Fade(g[1]), run_time=0.6)
        self.narrate("Temperature is a setting you choose: it reshapes the same "
                     "odds.")  # fmt: skip
        self.narrate("Low sharpens them, high flattens them.")
        self.wait(self.hold_seconds)
        self.narrate("Then each writes on from the same prompt.")
        writing = ValueTracker(0)
        for g in sides:
            reveal(g[2], writing)
            self.add(g[2])
        longest = max(len(g[2]) for g in sides)
        self.play(writing.animate.set_value(longest), run_time=3.5, rate_func=linear)
        # red is said once red words are on screen, and only if there are any
        broken = [(n, i, int(r)) for n in ("low", "high")
                  for i, r in enumerate(tr[f"{n}_rule"]) if r]  # fmt: skip
        if broken:  # the first broken rule named, as the word is seen red
            n, i, r = broken[0]
            rule = str(tr["rule_names"][r])
            said = rule_said(rule, prompt + words_of(tr, tr[f"{n}_tokens"]),
                             len(prompt) + i)  # fmt: skip
            self.narrate("Red marks a word that breaks a rule the training "
                         f"sentences always follow; here: {said}.")  # fmt: skip
            self.hold_caption()
        self.play(*[Fade(g[3]) for g in sides], run_time=0.5)
        self.narrate(
            f"Low plays safe: the words it drew had {percent(odds[0])} odds on "
            f"average; high drew less likely ones, {percent(odds[1])}, and takes "
            "more risks."
            if odds[1] < odds[0] else
            "Here high did not draw less likely words than low."
        )
        self.wait(self.hold_seconds)
        self.hold_caption()  # no empty frame under a caption still being read
        self.play(Fade(sides, show=False), run_time=0.6)

    # Section: a long generation at high temperature drifts
    def drift(self, prompt: list[str], high: float):
        pal, tr = self.palette, self.tr
        words = words_of(tr, tr["drift_tokens"])
        rules = tr["drift_rule"]
        breaks = np.flatnonzero(rules)
        colours = [pal.muted] * len(prompt) + [
            pal.noise if r else pal.text for r in rules
        ]
        para = flow(prompt + words, colours, config.frame_width - 1.0, 22, line_gap=1.5)
        para.move_to(DOWN * 0.1)
        self.narrate(f"A long answer at temperature {high:g}: {len(words)} words.")
        writing = ValueTracker(0)
        reveal(para, writing)
        self.add(para)
        self.play(writing.animate.set_value(len(para)), run_time=6.0, rate_func=linear)
        marked = VGroup()
        if len(breaks):
            b = int(breaks[0])
            word = para[len(prompt) + b]
            rule = str(tr["rule_names"][rules[b]])
            mark = SurroundingRectangle(word, color=pal.noise, buff=0.05)
            marked.add(mark)
            d = int(tr["drift_decider"][b]) - 1  # stream position -> shown word
            # each mark comes with the line that names it
            self.narrate(
                f"Word {b + 1}, \u201c{words[b]}\u201d, is the first to break a rule "
                f"the training text always follows:"
            )
            self.play(Create(mark), run_time=0.8)
            said = rule_said(rule, prompt + words, len(prompt) + b)
            self.narrate(said[0].upper() + said[1:] + ".")
            if d >= 0:
                back = len(prompt) + b - d  # words between the two marks
                self.narrate(
                    f"The rule was set by \u201c{(prompt + words)[d]}\u201d, "
                    f"{back} words earlier."
                )
                self.play(para[d].animate.set_color(pal.accent), run_time=0.8)
            if len(breaks) > 1:
                self.narrate(f"Every word that breaks a rule is red: {len(breaks)} "
                             "here; the first is boxed.")  # fmt: skip
            self.mark_poster()
            self.wait(self.hold_seconds)
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
        labels.arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(axes, RIGHT, 0.3)
        self.play(Fade(frame), run_time=0.6)
        self.narrate(f"Then {runs} answers at each temperature, followed word by "
                     "word.")  # fmt: skip
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


class LongContextCost(ExplainerScene):
    """Measured on this machine: attention memory and time against sequence
    length (they grow as length squared), beside the key/value cache growing
    linearly while the model writes."""

    trace_kind = "attention_cost"
    sweep_seconds = 5.0
    hold_seconds = 2.8
    plot_w, plot_h = 3.3, 3.2
    plot_y = -0.45
    plot_xs = (-4.35, 0.6, 4.95)  # the tick labels left of each stay in frame

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        lengths = tr["lengths"].astype(float)
        mem, secs = tr["attn_bytes"], tr["attn_seconds"]
        cache = tr["cache_bytes"]
        stats = tr.stats
        heads = tr.config["heads"]
        top_len = float(lengths[-1])

        title = title_text("Long context costs: attention memory grows as length "
                           "squared", pal)  # fmt: skip
        self.add(title)

        # Section: the two attention plots, filled length by length
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
        readout = stepped_text(
            [
                f"{int(n):,} words: {heads} heads \u00d7 {int(n):,} \u00d7 {int(n):,} "
                f"scores: {fmt_bytes(m)}, {fmt_seconds(s)}"
                for n, m, s in zip(lengths, mem, secs, strict=True)
            ],
            index,
            pal.text,
            style.BODY_SIZE - 2,
        )
        readout.move_to(LEFT * 6.6 + UP * 2.5, aligned_edge=LEFT)
        mem_dots = self.dots(mem_axes, lengths, mem / 1e6, pal.data, index)
        t_dots = self.dots(t_axes, lengths, secs * 1e3, pal.accent, index)
        # the table itself, drawn to scale in the third slot: its side grows
        # with the length, so its area (what memory pays for) grows as the square
        side = self.plot_h
        corner = np.array([self.plot_xs[2] - side / 2, self.plot_y - side / 2, 0])
        table = Square(side, color=pal.muted, stroke_width=1.5).move_to(
            corner, aligned_edge=DL
        )

        def grow(m):
            f = float(lengths[index()] / top_len)
            m.become(
                Square(max(side * f, 0.02), color=pal.data, stroke_width=1.5,
                       fill_color=pal.data, fill_opacity=0.35)
                .move_to(corner, aligned_edge=DL)
            )  # fmt: skip

        cells = Square(0.02).move_to(corner, aligned_edge=DL)
        grow(cells)
        cells.add_updater(grow)
        table_note = text("one head's table, to scale", pal.muted).next_to(
            table, UP, 0.15
        )
        self.play(Fade(mem_plot), Fade(t_plot), Fade(readout), Fade(table),
                  Fade(table_note), run_time=0.8)  # fmt: skip
        self.add(mem_dots, t_dots, cells)
        # the lengths sweep under the lines that say what is drawn, a third
        # under each, so the plots fill while the units are told
        lines = ("Each head, one of the model's separate readers, weighs every "
                 "word against every other: a length \u00d7 length table.",
                 "Memory in MB, millions of bytes; time in ms, thousandths of a "
                 "second.")
        for part, line in enumerate(lines, start=1):
            self.narrate(line)
            self.play(
                k.animate.set_value((len(lengths) - 1) * part / len(lines)),
                run_time=max(self.sweep_seconds / len(lines), self.caption_left()),
                rate_func=linear,
            )
        self.narrate(
            f"Doubling the length from {int(lengths[-2]):,} to {int(top_len):,} "
            "words: "
            f"memory \u00d7{mem[-1] / mem[-2]:.1f}, "
            f"time \u00d7{secs[-1] / secs[-2]:.1f}, measured here."
        )
        # the last doubling marked on each plot, beside its last two points
        steps = VGroup(*[
            self.step_note(axes, lengths[-2:], ys[-2:], f"\u00d7{ys[-1] / ys[-2]:.1f}")
            for axes, ys in ((mem_axes, mem / 1e6), (t_axes, secs * 1e3))
        ])  # fmt: skip
        self.play(Fade(steps), run_time=0.6)
        self.wait(self.hold_seconds)
        cells.clear_updaters()

        # Section: quadratic fits
        fits = VGroup(
            self.fit_curve(mem_axes, tr["bytes_fit"], 1e-6, top_len, pal.guess),
            self.fit_curve(t_axes, stats["seconds_fit"], 1e3, top_len, pal.guess),
        )
        notes = VGroup(
            self.inside_note(mem_axes, "curve: length\u00b2", pal.guess),
            # time's curve is fitted (length squared, length and a constant):
            # its shape is what the timings say, not assumed
            self.inside_note(t_axes, "curve: length\u00b2, fitted", pal.guess),
        )
        self.play(*[Create(f) for f in fits], Fade(notes), run_time=1.2)
        # each plot's wording chosen by its own fit: through, or only near
        fit = {"memory": stats["bytes_fit_r2"], "time": stats["seconds_fit_r2"]}
        through = [k for k, r2 in fit.items() if r2 >= 0.999]
        self.narrate(
            "A length-squared curve runs through every point."
            if len(through) == 2
            else "A length-squared curve runs through the "
            + (f"{through[0]} points" if through else "points only roughly")
            + (", and close to the others." if through else ".")
        )
        t_step = float(secs[-1] / secs[-2])
        m_step = float(mem[-1] / mem[-2])
        if t_step < 3.0:  # said only when time did not keep pace with memory
            self.narrate(f"Time grew {t_step:.1f}x at the last doubling here: less "
                         "steeply than memory.")  # fmt: skip
        elif t_step > 1.2 * m_step:  # or when it outran it
            self.narrate(f"Time grew {t_step:.1f}x at the last doubling here: more "
                         f"steeply than memory's {m_step:.1f}x.")  # fmt: skip
        self.wait(self.hold_seconds)

        self.mark_poster()
        self.hold_caption()

        # Section: writing with a key/value cache, in plain words: a new word
        # adds one row of the table; everything before it is kept
        n_words = len(cache)
        at = min(int(np.searchsorted(lengths, n_words)), len(lengths) - 1)
        recent = float(np.median(tr["cache_step_seconds"][-64:]))
        reread = float(tr["model_seconds"][at])
        self.play(
            Fade(Group(mem_plot, t_plot, mem_dots, t_dots, fits, notes, readout,
                       steps, table, cells, table_note), show=False),
            run_time=0.5,
        )  # fmt: skip
        mem_dots.clear_updaters()
        t_dots.clear_updaters()
        # the section's own title: the plots' point is made
        cache_title = title_text("Writing word by word: the cache", pal)
        self.play(Transform(title, cache_title), run_time=0.5)
        rows = self.kept_rows(7, pal)  # what is kept, and what a new word adds
        rows["all"].move_to(LEFT * 4.6 + DOWN * 0.1)
        self.play(Fade(rows["kept"]), Fade(rows["kept_note"]), run_time=0.6)
        self.narrate(
            "Writing goes one word at a time, and the model keeps what it worked "
            "out for every earlier word (a cache),"
        )
        self.hold_caption()
        self.narrate("so a new word adds one row, not a whole new table.")
        self.play(Fade(rows["new"]), Fade(rows["new_note"]), run_time=0.8)
        self.play(Indicate(rows["new"], color=pal.accent), run_time=0.8)
        self.hold_caption()

        bars = compare_bars(
            [
                (f"kept words (cache) at {n_words:,} words", float(cache[-1]),
                 fmt_bytes(cache[-1]), pal.data),
                (f"for comparison: attention tables, {int(lengths[at]):,} words",
                 float(mem[at]),
                 fmt_bytes(mem[at]), pal.muted),
            ],
            pal,
            width=5.0,
        )  # fmt: skip
        bars.move_to(RIGHT * 1.9 + UP * 1.25)
        times = compare_bars(
            [
                ("one more word, with the cache", recent, fmt_seconds(recent),
                 pal.data),
                (f"re-reading all {int(lengths[at]):,} words", reread,
                 fmt_seconds(reread), pal.muted),
            ],
            pal,
            width=5.0,
        )  # fmt: skip
        times.move_to(RIGHT * 1.9 + DOWN * 1.35)
        heads_ = VGroup(
            text("memory", pal.text, style.BODY_SIZE - 2).next_to(bars, UP, 0.2),
            text("time", pal.text, style.BODY_SIZE - 2).next_to(times, UP, 0.2),
        )
        for h, g in zip(heads_, (bars, times), strict=True):
            h.align_to(g, LEFT)
        self.play(Fade(heads_[0]), *[GrowFromEdge(b, LEFT) for b in bars.bars],
                  Fade(bars.labels), run_time=0.9)  # fmt: skip
        self.narrate(
            f"The cache holds {fmt_bytes(cache[-1])} at {n_words:,} words and grows "
            "with every word; re-reading everything instead would build the "
            f"attention tables again: {fmt_bytes(mem[at])} at that length."
        )
        self.hold_caption()
        self.play(Fade(heads_[1]), *[GrowFromEdge(b, LEFT) for b in times.bars],
                  Fade(times.labels), run_time=0.9)  # fmt: skip
        self.narrate(
            f"With the cache, a new word took {fmt_seconds(recent)}"
            + (" (µs: millionths of a second)" if "µs" in fmt_seconds(recent) else "")
            + f"; re-reading all "
            f"{int(lengths[at]):,} words through the whole model (every layer, not "
            f"attention alone) took {fmt_seconds(reread)}."
        )
        # the conclusion, in words chosen by the two measured times
        if recent < reread:
            self.hold_caption()
            self.narrate(
                f"So the cache costs {fmt_bytes(cache[-1])} of memory here, more "
                "with every word written, and makes each new word about "
                f"{reread / recent:,.0f}x quicker to write."
            )
            gain = text(f"about {reread / recent:,.0f}x quicker with the cache",
                        pal.accent, style.BODY_SIZE - 2)  # fmt: skip
            gain.next_to(times, DOWN, 0.3).align_to(times, LEFT)
            self.play(Fade(gain), run_time=0.6)
        self.wait(self.hold_seconds + 1)

    def kept_rows(self, n: int, pal) -> dict:
        """What the cache keeps and what a new word adds: one kept entry per
        earlier word (a row of ``n`` dim cells: it grows with the length, not
        its square), and under it the new word's one row of scores, a cell for
        each kept entry and itself (bright)."""
        cell = 0.4
        kept = VGroup(*[
            Square(cell * 0.86, stroke_width=0, fill_color=pal.muted,
                   fill_opacity=0.45).move_to([j * cell, 0, 0])
            for j in range(n)
        ])  # fmt: skip
        new = VGroup(*[
            Square(cell * 0.86, stroke_width=0, fill_color=pal.accent,
                   fill_opacity=0.95).move_to([j * cell, -1.5 * cell, 0])
            for j in range(n + 1)
        ])  # fmt: skip
        kept_note = text("kept: one entry per earlier word", pal.muted)
        kept_note.next_to(kept, UP, 0.2).align_to(kept, LEFT)
        new_note = text("new word: one row, reading each", pal.accent)
        new_note.next_to(new, DOWN, 0.2).align_to(new, LEFT)
        group = VGroup(kept, new, kept_note, new_note)
        return {"kept": kept, "new": new, "kept_note": kept_note,
                "new_note": new_note, "all": group}  # fmt: skip

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

    def step_note(self, axes, xs, ys, s: str) -> VGroup:
        """The last doubling as a step: dashed across from the second-last
        measured point, up to the last, with ``s`` (the growth factor) right
        of the rise."""
        pal = self.palette
        a = axes.c2p(float(xs[0]), float(ys[0]))
        b = axes.c2p(float(xs[1]), float(ys[1]))
        across = DashedLine(a + RIGHT * 0.1, [b[0], a[1], 0], color=pal.accent,
                            stroke_width=2,
                            dash_length=0.06)  # fmt: skip
        # up to just under the last point: the measured dot stays uncovered
        rise = Line([b[0], a[1], 0], b + DOWN * 0.1, color=pal.accent,
                    stroke_width=2.5)  # fmt: skip
        note = text(s, pal.accent).next_to(rise, RIGHT, 0.08)
        return VGroup(across, rise, note)

    def inside_note(self, axes, s: str, colour: str) -> Text:
        """A note in the empty upper left of a plot (the curves rise on the right)."""
        note = text(s, colour)
        return note.move_to(axes.c2p(0, 0), aligned_edge=DL).shift(
            UP * axes.height * 0.62 + RIGHT * 0.2
        )
