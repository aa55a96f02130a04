"""The transformer chapter, writing: generation word by word.

NextWord draws the ``text_generation`` trace (LongContextCost, what long text
costs, is in cost.py).

    manim -pql scenes/transformer/writing.py NextWord
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
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


def joined(items: list[str]) -> str:
    """Items for a caption: “a”, “a and b”, “a, b and c”."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def likely_draw(probs: np.ndarray, drawn: int) -> bool:
    """Whether the word ``drawn`` was a likely one at its step: at least half
    the chance of the step's likeliest word (``probs``: that step's odds)."""
    return bool(probs[drawn] >= 0.5 * probs.max())


def draws_to_show(probs: np.ndarray, tokens: np.ndarray, top: int = 3):
    """Which steps of a word-by-word answer get their odds on screen, so the
    odds are shown as they ran: every likely draw whose word is among the
    ``top`` likeliest (it sits near the top of its list), and one surprise,
    the draw least likely against its step's likeliest word (-1 if every draw
    was likely). ``probs`` (steps, vocab): the odds; ``tokens``: the words
    drawn. Returns (steps shown in order, the surprise's step)."""
    ratio = [float(p[t] / p.max()) for p, t in zip(probs, tokens, strict=True)]
    rank = [int((p > p[t]).sum()) for p, t in zip(probs, tokens, strict=True)]
    calm = [i for i, (p, t) in enumerate(zip(probs, tokens, strict=True))
            if likely_draw(p, int(t)) and rank[i] < top]  # fmt: skip
    surprise = int(np.argmin(ratio)) if min(ratio) < 0.5 else -1
    shown = sorted(set(calm) | ({surprise} if surprise >= 0 else set()))
    if not shown:  # likely draws all low in their lists: the first one, then
        shown = [0]
    return shown, surprise


def takeaway_said(temps, surv) -> str:
    """The closing line, chosen by the curves: whether the share of answers
    still clean at the last word falls as the temperature rises."""
    end = [float(row[-1]) for row in surv]
    order = np.argsort(temps)
    falls = all(end[a] > end[b] for a, b in zip(order, order[1:], strict=False))
    if falls:
        return "So, here: the higher the temperature, the more answers break a rule."
    return "So, here, a higher temperature did not always break more answers."


def drift_said(temps, surv) -> str:
    """The caption that sums up the survival curves, chosen by them: the
    temperatures whose share of clean answers keeps falling after the first
    quarter of the answer (long answers drift there), and any that stays at 95%
    or more clean to the end."""
    n = surv.shape[1]
    falls = [f"{t:g}" for t, row in zip(temps, surv, strict=True)
             if row[-1] < row[n // 4] - 0.05]  # fmt: skip
    clean = [(t, row[-1]) for t, row in zip(temps, surv, strict=True)
             if f"{t:g}" not in falls and row[-1] >= 0.95]  # fmt: skip
    if falls:
        line = (f"At {joined(falls)}, long answers drift: the longer, the fewer "
                "stay clean.")  # fmt: skip
    else:
        line = "No line keeps falling: here, longer answers did not drift."
    for t, share in clean:
        line += f" At {t:g}, {percent(share)} stay clean all {n} words."
    return line


class NextWord(ExplainerScene):
    """Generation word by word with the top candidates; the same prompt at a low
    and a high temperature, the first broken rule of the corpus marked red; and
    how many answers stay clean as they grow, at three temperatures."""

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
        self.survival_plot(cfg["high_temperature"])

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
        self.add(line[: len(prompt)], examples)  # no empty opening frames
        self.narrate("A small transformer, the kind of model behind chatbots, "
                     "trained here on simple made-up sentences, continues a "
                     "prompt.")  # fmt: skip
        self.hold_caption()
        self.play(Fade(examples, show=False), run_time=0.4)
        bars = VGroup()
        shown, surprise = draws_to_show(tr["step_probs"], tr["step_tokens"])
        steps = zip(tr["step_probs"], tr["step_tokens"], strict=True)
        marks = [likely_draw(p, int(t)) for p, t in steps]
        lines = self.draw_lines(sum(marks), len(chosen), shown, surprise)
        ticks = VGroup()
        for i, word in enumerate(chosen):
            bars = VGroup()
            if i in shown:
                bars = self.step_bars(i, word)
                self.play(Fade(bars), run_time=0.25)
                for said in lines.get(i, []):
                    self.narrate(said)
                # odds are held to be read, and stay while their line is said
                self.wait(self.step_seconds)
                self.hold_caption()
            # the word is written as its odds go: no list outlives its word
            tick = self.draw_mark(line[len(prompt) + i], marks[i])
            ticks.add(tick)
            self.play(FadeIn(line[len(prompt) + i], shift=UP * 0.1),
                      FadeIn(tick), Fade(bars, show=False), run_time=0.35)  # fmt: skip
            if i not in shown:
                self.wait(0.3)  # a word alone goes quickly
        self.hold_caption()
        self.play(Fade(line, show=False), Fade(ticks, show=False), run_time=0.6)

    def draw_mark(self, word: Mobject, likely: bool) -> Text:
        """The mark under a written word: a tick if it was a likely draw
        (likely_draw), a cross if not, so the caption's count can be checked."""
        pal = self.palette
        mark = text("\u2713" if likely else "\u2717",
                    pal.text if likely else pal.muted, style.BODY_SIZE - 4)  # fmt: skip
        return mark.next_to(word, DOWN, 0.12)

    def step_bars(self, i: int, word: str) -> VGroup:
        """The odds of step ``i``: its five likeliest words, and the word drawn
        (in orange) below them if it was not among them."""
        probs = self.tr["step_probs"][i]
        idx = list(top_k(probs, 5))
        if word in self.vocab and self.vocab.index(word) not in idx:
            idx.append(self.vocab.index(word))  # drawn from the long tail
        return prob_bars(
            [self.vocab[j] for j in idx],
            [float(probs[j]) for j in idx],
            self.palette,
            width=4.0,
            highlight=word,
        ).move_to(DOWN * 0.6)

    def draw_lines(self, likely: int, n: int, shown: list[int], surprise: int):
        """The captions of the word-by-word part, keyed by the step whose odds
        are on screen as each is said. ``likely`` of the ``n`` draws took a
        likely word (likely_draw); ``surprise`` is the step told as a long
        shot (-1 for none)."""
        tr, vocab = self.tr, self.vocab
        said = [
            "The model gives every word it knows a probability of coming next.",
            "One word is drawn by those odds, written, and it goes again.",
        ]
        if likely * 2 > n:
            said.append(f"A tick: at least half as likely as the top word. Here "
                        f"{likely} of {n} draws got one.")  # fmt: skip
        else:  # the odds of this one answer said as they are
            said.append(f"A tick: at least half as likely as the top word. Only "
                        f"{likely} of {n} draws got one: a risky answer.")  # fmt: skip
        calm = [i for i in shown if i != surprise] or shown[:1]
        out: dict[int, list[str]] = {}
        for k, line in enumerate(said):  # one line per step shown, the rest last
            at = calm[min(k, len(calm) - 1)]
            out.setdefault(at, []).append(line)
        if surprise >= 0:
            probs = tr["step_probs"][surprise]
            drawn = int(tr["step_tokens"][surprise])
            top = int(np.argmax(probs))
            out.setdefault(surprise, []).append(
                f"But a draw is not a choice: \u201c{vocab[drawn]}\u201d had "
                f"{percent(probs[drawn])}, the likeliest "
                f"\u201c{vocab[top]}\u201d {percent(probs[top])}."
            )
        return out

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
        # which words the odds are for: the prompt, not the answer written above
        header = text(f"next word after \u201c{' '.join(prompt)}\u201d", pal.text,
                      style.BODY_SIZE - 2).move_to(UP * 2.95)  # fmt: skip
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
                row_height=0.33,
                # orange only for the word this side drew, as in the draws before
                highlight=self.vocab[drawn[name]] if name in drawn else None,
            )
            col = Group(head, bars).arrange(DOWN, buff=0.22)
            columns.add(col.next_to(header, DOWN, 0.14).set_x(x))
        sides, writers = Group(), Group()
        for name, t, x in (("low", low, -3.6), ("high", high, 3.6)):
            words = words_of(tr, tr[f"{name}_tokens"])
            colours = [pal.muted] * len(prompt) + [
                pal.noise if r else pal.text for r in tr[f"{name}_rule"]
            ]
            para = flow(prompt + words, colours, 6.2, 22)
            para.move_to([x, -0.45, 0])
            sides.add(para)
            colour = pal.data if name == "low" else pal.accent
            who = text(f"temperature {t:g} writes:", colour).next_to(para, UP, 0.15)
            writers.add(who.align_to(para, LEFT))
        # the columns come in under the line that says what they are
        self.narrate("Temperature is a setting you choose. In the middle, the "
                     "model's own odds for the next word after the "
                     "prompt.")  # fmt: skip
        self.play(Fade(header), run_time=0.4)
        for col in columns:
            self.play(Fade(col), run_time=0.5)
        self.play(Indicate(columns[1][1], color=pal.guess), run_time=1.0)
        self.narrate("Low sharpens them, high flattens them: the same words, "
                     "reshaped.")  # fmt: skip
        self.play(Indicate(columns[0][1], color=pal.data), run_time=1.0)
        self.play(Indicate(columns[2][1], color=pal.accent), run_time=1.0)
        self.hold_caption()
        self.narrate(f"Then temperatures {low:g} and {high:g} each write on from "
                     "the same prompt.")  # fmt: skip
        self.play(Fade(writers), run_time=0.4)
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
            self.narrate("Red marks a broken rule: a break in the training "
                         "sentences' pattern, even if it is fine English.")  # fmt: skip
            self.play(Create(mark), run_time=0.6)
            self.narrate(said)
            self.play(Fade(panel), run_time=0.6)
            self.mark_poster()
            self.hold_caption()
            self.play(Fade(panel, show=False), Fade(mark, show=False), run_time=0.4)
        self.hold_caption()  # no empty frame under a caption still being read
        self.play(Fade(Group(header, columns, writers, sides), show=False),
                  run_time=0.6)  # fmt: skip

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
        said = (f"{where[0].upper() + where[1:]}, they always go on with "
                f"{words_said(ok)}, never with \u201c{words[b]}\u201d.")
        return panel, said

    # Section: how many answers stay clean as they grow
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
            f"share of {runs} answers still clean: no red word yet",
        )
        # the question the plot answers, larger than a tick label
        ask = text(f"share of {runs} answers still clean: no red word yet",
                   pal.text, style.BODY_SIZE - 4)  # fmt: skip
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
        # the empty axes come before their line: no blank frame under it
        self.play(Fade(frame), run_time=0.6)
        self.narrate(f"Then {runs} answers at each temperature, checked word by "
                     "word.")  # fmt: skip
        # the curves draw themselves under the line that says what they are
        self.play(*[Create(g) for g in lines], Fade(labels),
                  run_time=max(2.0, self.caption_left()), rate_func=linear)
        s = tr.stats["survival"]
        hi = s[f"{high:g}"]
        line = (
            f"At {high:g}, half of the answers had a red word by word "
            f"{hi['median_words_kept']}."
            if hi["median_words_kept"] >= 0
            else f"At {high:g}, {percent(hi['share_broken'])} had a red word."
        )
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
                text(f"half have a red word by word {k}", pal.accent)
                .next_to(at, UR, 0.1),
            )  # fmt: skip
            self.play(Create(half), run_time=0.8)
            self.hold_caption()
        if self.poster_frame is None:  # no red word in the two answers: the chart
            self.mark_poster()
        self.narrate(drift_said(temps, surv))
        self.narrate(takeaway_said(temps, surv))
        self.wait(self.hold_seconds + 1)
