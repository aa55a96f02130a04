"""The hybrid chapter, PromptToImage: a transformer reads the prompt, a diffusion
model draws it.

Draws the ``text_to_image`` trace (``python -m engine record text_to_image``).

    manim -pql scenes/hybrid/reading.py PromptToImage     # Manim's own way
    make scene S=PromptToImage PROMPT="green square bottom left"
"""

from __future__ import annotations

from manim import *

from scenes.hybrid.draw import (
    heat_base,
    heat_rgba,
    label,
    live,
    ms,
    pass_frame,
    pct,
    picture,
    picture_rgb,
    wrapped,
)
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.images import opaque_rgba
from scenes.kit.text import quoted as quote
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter
from scenes.transformer.draw import (
    START_SHOWN,
    Fade,
    descender,
    shown_vocab,
    signed_rgb,
    sit_on_baseline,
    text,
    title_text,
)


def attention_story(colour_share: float, area: float, place_share: float) -> str:
    """What the measured attention shares say, in one caption line: the colour
    word's share on the shape against the shape's share of the picture, and the
    place words' share in their quarter against a quarter's 25%."""
    if colour_share >= 2 * area:
        colour = "The colour word is read where the shape is"
    else:
        colour = "The colour word is read all over the picture"
    if place_share >= 0.4:
        place = "the place words, in their quarter."
    elif place_share <= 0.25 / 1.2:  # under an even spread's quarter
        place = "the place words, mostly outside their quarter."
    else:
        place = "the place words, all over the picture."
    return f"{colour}; {place}"


def spoken_share(who: str, share: float, even: float, where: str) -> str:
    """One word's (or words') measured attention said with at most one number,
    chosen by its ratio to an even spread (``share``, ``even`` 0-1): the
    screen keeps both figures, the voice only what they mean. ``who`` is the
    quoted word(s), ``where`` the place ("on the shape", "in the top left
    quarter")."""
    ratio = share / even if even > 0 else float("inf")
    verb = "are" if " and " in who else "is"
    if ratio >= 1.5:
        return (f"{who} {verb} read mostly {where}: {ratio:.1f}x as much as if "
                "spread evenly.")
    if ratio <= 1 / 1.2:
        return f"{who} {verb} read less {where} than elsewhere."
    return f"{who} {verb} read all over: no more {where} than elsewhere."


def shown_share(who: str, share: float, even: float, where: str) -> str:
    """The on-screen headline of one word's attention: what ``spoken_share``
    says, short, with the same one number (or none)."""
    ratio = share / even if even > 0 else float("inf")
    if ratio >= 1.5:
        return f"{who}: {ratio:.1f}x as much {where} as an even spread"
    if ratio <= 1 / 1.2:
        return f"{who}: less {where} than elsewhere"
    return f"{who}: no more {where} than elsewhere"


# how a picture is read back (engine/data/shape_reader.py), on screen
RULES = "read by rules: colour of the bright pixels, their quarter, their shape"


class PromptToImage(ExplainerScene):
    """A prompt split into tokens; the encoded words handed to the denoiser;
    the picture denoised from static; a heat map of where its squares look up
    the colour word (the shape outlined on it, one square tied to the word),
    beside the drawing replayed, and that word's measured share on the shape;
    more prompts, one held out of training; every combination read back from
    the pixels, a score under each; then, on a panel of its own, a run of the
    model per step, the measured time of a step and of a picture, against a
    one-go generator's single run."""

    trace_kind = "text_to_image"
    denoise_seconds = 6.0
    others_seconds = 4.0
    panel_side = 2.5  # the drawing and the word's heat map, side by side
    picture_center = RIGHT * 0.5 + UP * 0.35  # room right of the key
    map_side = 1.2
    hold_seconds = 1.6  # still time after each point is made
    pace = 1.0  # scales every transition's length (tests render faster)

    def construct(self):
        tr = load_trace(self.trace_kind)
        self.tr = tr
        self.vocab = shown_vocab(tr)
        self.title = title_text(
            "A transformer reads the prompt, a diffusion model draws it", self.palette
        )
        self.add(self.title)
        self.read_prompt(0)
        self.draw_prompt(0)
        self.spotlights(0)
        if len(tr["prompt_text"]) > 1:
            self.other_prompts()
        self.summary()

    # Section: the transformer reads the prompt
    def read_prompt(self, p: int):
        pal, tr = self.palette, self.tr
        words = [self.vocab[int(i)] for i in tr["tokens"][p]]
        prompt = text(quote(str(tr["prompt_text"][p])), pal.text, style.BODY_SIZE + 4)
        if prompt.width > 5.4:
            prompt.scale_to_fit_width(5.4)
        prompt.move_to([-4.0, 2.7, 0])
        chips = VGroup()
        for w in words:
            # the start word is drawn as the transformer chapter draws it
            chip_text = text(START_SHOWN if w.startswith("<") else w,
                             pal.muted if w.startswith("<") else pal.text,
                             style.LABEL_SIZE)  # fmt: skip
            box = RoundedRectangle(
                width=chip_text.width + 0.2, height=0.48, corner_radius=0.08,
                stroke_width=2, color=pal.muted,
            )  # fmt: skip
            chip_text.move_to(box)
            # on a shared baseline: "top" and "left" sit level, descender or not
            cap = text("H", pal.text, style.LABEL_SIZE).height
            sit_on_baseline(
                chip_text, box.get_y() - cap / 2, descender(style.LABEL_SIZE)
            )
            chips.add(VGroup(box, chip_text))
        chips.arrange(RIGHT, buff=0.1).move_to([-4.0, 1.85, 0])
        if chips.width > 6.1:  # the longest prompts fit; text is never shrunk
            raise ValueError(
                f"PromptToImage: the prompt's tokens are "
                f"{chips.width:.1f} units wide, over 6.1"
            )
        self.chips = chips
        self.play(Fade(prompt), run_time=self.pace * 0.6)
        unseen = ", a combination never in training" if tr["held_out"][p] else ""
        self.narrate(f"A prompt goes in: {quote(str(tr['prompt_text'][p]))}{unseen}.")
        # each reveal starts with the sentence that tells it
        self.narrate("A small transformer splits it into tokens: here, words, "
                     "after a start mark that opens every prompt.")  # fmt: skip
        self.play(Fade(chips), run_time=self.pace * 0.9)
        # the encoded words: one column of numbers per token
        enc = tr["encoded"][p]  # (token, d_text)
        scale = float(np.abs(enc).max()) or 1.0
        strips = Group()
        for k, chip in enumerate(chips):
            rgb = signed_rgb(pal, enc[k][:, None], scale)  # (d_text, 1, 3)
            strip = Group(ImageMobject(opaque_rgba(rgb)))
            strip[0].set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
            strip[0].stretch_to_fit_height(1.5).stretch_to_fit_width(0.26)
            strip.move_to([chip.get_x(), 0.45, 0])
            strips.add(strip)
        # each strip named by its word, so the columns read without the chips
        strip_words = VGroup(*[
            label(START_SHOWN if w.startswith("<") else w, pal.muted).next_to(
                strip, DOWN, buff=0.08)
            for w, strip in zip(words, strips, strict=True)
        ])  # fmt: skip
        # what a stripe is: one number, its colour its sign and size
        swatches = VGroup()
        for colour, words_ in ((pal.data, "above 0"), (pal.noise, "below 0")):
            chip_ = Square(0.2, stroke_width=0).set_fill(colour, 1)
            key = VGroup(chip_, label(words_, pal.muted))
            swatches.add(key.arrange(RIGHT, buff=0.08))
        swatches.arrange(RIGHT, buff=0.3)
        strips_note = VGroup(
            label(f"{enc.shape[1]} numbers per word, one stripe each,", pal.muted),
            label("summing up the word in this prompt:", pal.muted),
            swatches,
        ).arrange(DOWN, buff=0.1).next_to(strip_words, DOWN, buff=0.12)
        strips.add(*strip_words)
        self.narrate(
            f"It turns each word into {enc.shape[1]} numbers that sum up the "
            "word in this prompt,"
        )
        self.play(Fade(strips), Fade(strips_note), run_time=self.pace * 0.8)
        self.left_panel = Group(prompt, chips, strips, strips_note)
        self.strips = strips

    # Section: the diffusion model draws, reading the words by cross-attention
    def draw_prompt(self, p: int):
        pal, tr = self.palette, self.tr
        frames = tr["frames"][:, p]  # (frame, h, w, 3)
        cross = tr["cross_attn"][:, p].mean((1, 2))  # (step, token, gy, gx)
        ink = np.asarray(tr["ink"][p], bool)  # the finished shape's pixels
        steps = len(tr["step_t"])
        words = [self.vocab[int(i)] for i in tr["tokens"][p]]
        shown = [k for k, w in enumerate(words) if not w.startswith("<")]
        colours = set(map(str, tr["colour_names"]))
        # the one word whose reading is shown: the colour word (else the first)
        word = next((k for k in shown if words[k] in colours), shown[0])
        self.words, self.word = words, word
        s = ValueTracker(0)

        def step_at() -> int:
            return min(int(s.get_value()), steps - 1)

        def draw() -> np.ndarray:
            return opaque_rgba(picture_rgb(pass_frame(frames, s.get_value())))

        def heat() -> np.ndarray:  # where the word is read, at the step shown
            return heat_rgba(cross[step_at(), word], ink, pal)

        side = self.panel_side
        pic = live(draw, side)
        pic.move_to(self.picture_center)
        border = SurroundingRectangle(pic, buff=0.03, color=pal.muted, stroke_width=2)
        self.picture = pic
        # the word's reading, a panel of its own beside the drawing
        hmap = live(heat, side)
        hmap.move_to(self.picture_center + RIGHT * (side + 0.6))
        hborder = SurroundingRectangle(hmap, buff=0.03, color=pal.muted,
                                       stroke_width=2)  # fmt: skip
        self.heat = hmap
        who = quote(words[word])
        pic_head = label("the drawing", pal.text).next_to(border, UP, buff=0.12)
        heat_head = label(f"where {who} is looked up", pal.accent)
        heat_head.next_to(hborder, UP, buff=0.12)

        def done() -> int:  # steps finished: counts up to the finished picture
            return int(np.clip(np.floor(s.get_value()), 0, steps))

        step_label = counter(f"step {{}} of {steps}", done, pal, style.LABEL_SIZE)
        widest = label(f"step {steps} of {steps}", pal.text)
        step_label.move_to(
            pic.get_bottom() + DOWN * 0.3 + LEFT * widest.width / 2, aligned_edge=LEFT
        )
        passes = label("each step removes some noise", pal.muted).next_to(
            step_label, DOWN, buff=0.1
        )
        passes.set_x(pic.get_x())
        tag = label("held out: never in training", pal.accent)
        tag.next_to(pic_head, UP, buff=0.08)
        tags = [FadeIn(tag)] if tr["held_out"][p] else []
        # the heat map's key under it: its two ends and the shape's outline
        ends = VGroup()
        for colour, said in ((heat_base(pal), "least"), (pal.accent, "most")):
            sw = Square(0.2, stroke_width=0).set_fill(colour, 1)
            ends.add(VGroup(sw, label(said, pal.muted)).arrange(RIGHT, buff=0.08))
        outline = Square(0.2, stroke_width=2, color=pal.text).set_fill(opacity=0)
        ends.add(VGroup(outline, label("the shape", pal.muted))
                 .arrange(RIGHT, buff=0.08))  # fmt: skip
        ends.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        ends.next_to(hborder, RIGHT, buff=0.2).align_to(hborder, UP)
        chosen = self.chips[word][0].copy().set_stroke(pal.accent, width=4)
        # the replay's tag takes the place of the note on what a step does
        replay = label("again, from static", pal.accent).move_to(passes)
        patch = self.one_patch(cross[-1, word], pic, hmap, chosen)

        arrow = Arrow(self.strips.get_right() + RIGHT * 0.1,
                      border.get_left() + LEFT * 0.05, buff=0.05, color=pal.muted,
                      stroke_width=3)  # fmt: skip
        self.narrate("and hands them to the diffusion model.")
        self.play(GrowArrow(arrow), run_time=self.pace * 0.5)
        self.narrate(
            f"The diffusion model starts from static and removes noise "
            f"in {steps} steps."
        )
        self.play(FadeIn(border), FadeIn(pic), Fade(pic_head), *tags,
                  run_time=self.pace * 0.6)  # fmt: skip
        self.play(Fade(step_label), Fade(passes), run_time=self.pace * 0.4)
        self.paint_once(border, passes, pic_head, *([tag] if tags else []))
        # the whole drawing runs under the line that tells it
        self.play(s.animate.set_value(steps),
                  run_time=max(self.denoise_seconds / 2, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        # the word's reading beside the finished drawing: the cross-attention
        # was there at every step, now it is shown
        self.narrate(
            f"At every step it reads the words by cross-attention: "
            f"{plain('cross-attention')}."
        )
        self.play(FadeIn(hborder), FadeIn(hmap), Fade(heat_head), Fade(ends),
                  Create(chosen), run_time=self.pace * 0.8)  # fmt: skip
        self.paint_once(hborder, heat_head, ends)
        # one patch singled out, tied to the word, when the patch is named
        self.wait_frames(self.next_caption_in())
        self.play(Create(patch), run_time=self.pace * 0.8)
        self.narrate(f"Again from static: on the right, where the squares look "
                     f"up {who}; the white line marks the shape.")  # fmt: skip
        self.play(Fade(passes, show=False), Fade(patch, show=False),
                  run_time=self.pace * 0.3)  # fmt: skip
        self.play(Fade(replay), s.animate.set_value(0), run_time=self.pace * 0.6)
        self.play(s.animate.set_value(steps),
                  run_time=max(self.denoise_seconds / 2, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        for m in (pic, hmap, step_label):
            m.clear_updaters()
        self.play(Fade(replay, show=False), run_time=self.pace * 0.3)
        self.heat_key = ends
        self.arrow = arrow

    def one_patch(self, weights: np.ndarray, pic, hmap, chip) -> VGroup:
        """The patch that reads the word most (``weights`` (gy, gx), one per
        patch) outlined on the drawing and on the heat map, and a line from
        it on the drawing up to the word's token ``chip``: one square's look-up
        made visible."""
        pal = self.palette
        gy, gx = np.unravel_index(int(np.argmax(weights)), weights.shape)
        cell = pic.width / weights.shape[1]
        boxes = VGroup()
        for panel in (pic, hmap):
            corner = panel.get_corner(UL)
            box = Square(cell, color=pal.text, stroke_width=3)
            boxes.add(box.move_to(corner + RIGHT * (gx + 0.5) * cell
                                  + DOWN * (gy + 0.5) * cell))  # fmt: skip
        # up from the token, over the other tokens (under the prompt), down
        # left of the drawing and in to the patch: it crosses nothing drawn
        top = self.chips.get_top()[1] + 0.22
        turn = pic.get_left()[0] - 0.2
        patch = boxes[0]
        link = VMobject(color=pal.text, stroke_width=3).set_points_as_corners([
            chip.get_top(), [chip.get_x(), top, 0], [turn, top, 0],
            [turn, patch.get_y(), 0], patch.get_left(),
        ])  # fmt: skip
        return VGroup(link, *boxes)

    # Section: how much the word is read on the shape, under its heat map
    def spotlights(self, p: int):
        pal, tr = self.palette, self.tr
        word, words = self.word, self.words
        share = float(tr["word_share"][p][word])
        area = float(tr["ink"][p].mean())
        who = quote(words[word])
        width = config.frame_width / 2 - 0.2 - self.heat.get_left()[0]
        note = VGroup(
            wrapped(shown_share(who, share, area, "on the shape"), pal.text,
                    style.LABEL_SIZE + 2, width),
            wrapped(f"{pct(share)} of its attention on the shape; the shape is "
                    f"{pct(area)} of the picture", pal.muted, style.LABEL_SIZE + 1,
                    width),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        note.next_to(self.heat, DOWN, buff=0.25).align_to(self.heat, LEFT)
        self.play(Fade(note), run_time=self.pace * 0.6)
        self.mark_poster()
        self.narrate(spoken_share(who, share, area, "on the shape"))
        self.hold_caption()  # what it says stays up while it is read
        self.wait(self.hold_seconds)

    # Section: more prompts, one never seen in training
    def other_prompts(self):
        pal, tr = self.palette, self.tr
        self.clear_stage()
        rest = range(1, len(tr["prompt_text"]))
        s = ValueTracker(0)
        frames = tr["frames"]
        height = 2.7
        slots = Group()
        for p in rest:
            pic = live(
                lambda p=p: opaque_rgba(
                    picture_rgb(pass_frame(frames[:, p], s.get_value()))
                ),
                height,
            )
            border = SurroundingRectangle(pic, buff=0.03, stroke_width=2,
                                          color=pal.accent if tr["held_out"][p]
                                          else pal.muted)  # fmt: skip
            caption = label(quote(str(tr["prompt_text"][p])), pal.text)
            slots.add(Group(pic, border, caption.next_to(pic, DOWN, buff=0.2)))
        slots.arrange(RIGHT, buff=0.8).move_to(UP * 0.2)
        if slots.width > config.frame_width - 1:
            slots.scale_to_fit_width(config.frame_width - 1)
        tags = VGroup()
        for slot, p in zip(slots, rest, strict=True):
            if tr["held_out"][p]:
                tags.add(
                    label("held out: never in training", pal.accent).next_to(
                        slot[0], UP, 0.12
                    )
                )
        self.play(FadeIn(slots), Fade(tags), run_time=self.pace * 0.6)
        unseen = [p for p in rest if tr["held_out"][p]]
        self.narrate(
            f"{len(rest)} more prompts"
            + ("; the last combination was never in training." if unseen else ".")
        )
        self.paint_once(tags, *[part for slot in slots for part in slot[1:]])
        self.play(s.animate.set_value(len(frames) - 1), run_time=self.others_seconds,
                  rate_func=linear)  # fmt: skip
        for slot in slots:
            slot[0].clear_updaters()
        readings = VGroup()
        right = 0
        for slot, p in zip(slots, rest, strict=True):
            read = self.reading(p)
            ok = self.agrees(p)
            right += ok
            readings.add(
                label(f"read: {read}", pal.text if ok else pal.noise).next_to(
                    slot[2], DOWN, 0.12
                )
            )
        rules = label(RULES, pal.text).next_to(readings, DOWN, buff=0.3)
        rules.set_x(0)
        self.narrate(
            "Fixed rules, not a learned model, read each picture back: the "
            "colour of its bright pixels, the quarter they sit in, the shape "
            "of their spread."
        )
        self.play(Fade(rules), run_time=self.pace * 0.5)
        # what the rules read comes up with the count it adds up to
        self.narrate(f"{right} of {len(rest)} as asked.")
        self.play(Fade(readings), run_time=self.pace * 0.5)
        self.wait(self.hold_seconds)
        self.clear_stage()

    def combo_grid(self, examples, combos, held, places: int):
        """One picture per combination: a column per colour and shape, a row per
        place; held-out combinations outlined in the accent colour; right of a
        picture, where not every drawing of it came out as asked, how many did."""
        pal = self.palette
        cell = 0.67
        self.rows = sorted({(int(c), int(s)) for c, s, _ in combos})  # columns
        right = np.asarray(self.tr["eval_correct"], float)
        per = int(self.tr.stats.get("eval_per_combo", 0))
        grid = Group()
        self.held_boxes = VGroup()  # pointed at when the held-out figure is said
        order = []
        for place in range(places):
            for cc, sc in self.rows:
                k = next(
                    i
                    for i, (c, s, q) in enumerate(combos)
                    if (c, s, q) == (cc, sc, place)
                )
                order.append(k)
                pic = picture(examples[k], cell)
                box = SurroundingRectangle(
                    pic, buff=0.025, stroke_width=3 if held[k] else 1,
                    color=pal.accent if held[k] else pal.muted,
                )  # fmt: skip
                grid.add(Group(pic, box))
                if held[k]:
                    self.held_boxes.add(box)
        # rows apart enough for a score under each picture
        grid.arrange_in_grid(rows=places, cols=len(self.rows), buff=(0.45, 0.32))
        # every picture's score under it, "got/per": the failures behind the
        # percentages in the text colour, the full scores muted, both apart
        # from the outlines' accent
        self.misses = VGroup()
        self.scores = VGroup()
        if per:
            for n, k in enumerate(order):
                got = int(round(right[k] * per))
                score = label(f"{got}/{per}", pal.text if got < per else pal.muted)
                self.scores.add(score.next_to(grid[n], DOWN, buff=0.03))
                if got < per:
                    self.misses.add(score)
        return grid, VGroup()

    def clear_stage(self):
        """Fade out everything but the title (and the trackers, not drawn),
        once the caption on screen has been read and spoken."""
        self.hold_caption()
        shown = [
            m
            for m in self.mobjects
            if m is not self.title and not isinstance(m, ValueTracker)
        ]
        self.play(Fade(Group(*shown), show=False), run_time=self.pace * 0.6)
        self._caption = None

    def agrees(self, p: int) -> bool:
        tr = self.tr
        got = (tr["read_colour"][p], tr["read_shape"][p], tr["read_position"][p])
        return tuple(int(g) for g in got) == tuple(int(a) for a in tr["asked"][p])

    def reading(self, p: int) -> str:
        tr = self.tr
        parts = []
        for names, code in (
            (tr["colour_names"], tr["read_colour"][p]),
            (tr["shape_names"], tr["read_shape"][p]),
            (tr["position_names"], tr["read_position"][p]),
        ):
            parts.append(str(names[int(code)]) if code >= 0 else "?")
        return " ".join(parts) if any(c != "?" for c in parts) else "nothing drawn"

    # Section: every combination, read back
    def summary(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        if len(tr["prompt_text"]) == 1:  # a user's prompt: clear its stage first
            self.clear_stage()
        examples, held = tr["eval_examples"], tr["combo_held_out"]
        combos = tr["combo"]
        colours, shapes = tr["colour_names"], tr["shape_names"]
        places = [str(n) for n in tr["position_names"]]
        grid, row_labels = self.combo_grid(examples, combos, held, len(places))
        cols = len(self.rows)
        # each column headed by its colour and shape, on two short lines
        # every header's two lines on two shared baselines, whatever their
        # letters reach above or below
        col_labels = VGroup()
        drop = descender(style.LABEL_SIZE)
        line = label("Hg", pal.muted).height + 0.04
        low = grid[0].get_top()[1] + 0.1 + drop
        for c, (cc, sc) in enumerate(self.rows):
            words = VGroup(label(str(colours[cc]), pal.muted),
                           label(str(shapes[sc]), pal.muted))  # fmt: skip
            sit_on_baseline(words[1], low, drop)
            sit_on_baseline(words[0], low + line, drop)
            words.set_x(grid[c].get_x())
            col_labels.add(words)
        for r, n in enumerate(places):
            row_labels.add(
                label(n, pal.muted).next_to(grid[r * cols], LEFT, buff=0.2)
            )
        if len(tr["prompt_text"]) == 1:  # a user's prompt: its combination marked
            k = next(
                i
                for i, row in enumerate(self.rows)
                if row == tuple(int(v) for v in tr["asked"][0][:2])
            )
            cell_mob = grid[int(tr["asked"][0][2]) * cols + k]
            mark = SurroundingRectangle(
                cell_mob, buff=0.05, color=pal.text, stroke_width=3
            )
            yours = label("yours", pal.text)
            yours.next_to(grid, RIGHT, buff=0.35).set_y(cell_mob.get_y())
            grid.add(mark, yours)
        self.grid = grid
        grid_all = Group(grid, row_labels, col_labels, self.scores)
        grid_all.move_to(ORIGIN).to_edge(UP, buff=0.85)
        per = int(st["eval_per_combo"])
        key = VGroup(
            label("outlined: never in training", pal.accent),
            label(f"each picture: 1 of its {per} drawings; under it, how many "
                  f"of the {per} came out as asked", pal.text),
        ).arrange(DOWN, buff=0.08)
        key.next_to(grid_all, DOWN, buff=0.1).set_x(0)
        trained = int(tr["train_count"].sum())
        showing = int(tr["train_count"][held].sum())
        shown_in = (
            "no training picture shows these"
            if showing == 0
            else f"{showing:,} of the {trained:,} training pictures show these"
        )

        def figure(big: str, colour: str, small: str) -> VGroup:
            return VGroup(
                label(big, colour, style.BODY_SIZE), label(small, pal.text)
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)

        seen_vs_unseen = VGroup(
            figure(
                f"combinations seen in training: {pct(st['seen_accuracy'])}",
                pal.text,
                f"{of(st['seen_accuracy'], st['seen_pictures'])} new "
                "pictures as asked",
            ),
            figure(
                f"never seen: {pct(st['heldout_accuracy'])}",
                pal.accent,
                f"{of(st['heldout_accuracy'], st['heldout_pictures'])}; "
                f"{shown_in}",
            ),
        ).arrange(RIGHT, aligned_edge=UP, buff=0.6)
        seen_vs_unseen.next_to(key, DOWN, buff=0.12).set_x(0)
        if seen_vs_unseen.width > config.frame_width - 0.5:
            raise ValueError("PromptToImage: a summary figure is too wide")
        self.figures = seen_vs_unseen
        self.play(Fade(grid_all), Fade(key), run_time=self.pace * 0.8)
        self.narrate(
            f"All {len(combos)} combinations, each drawn {per} times and "
            "read back from the pixels."
        )
        self.play(Fade(seen_vs_unseen), run_time=self.pace * 0.8)
        seen, unseen = pct(st["seen_accuracy"]), pct(st["heldout_accuracy"])
        self.narrate(
            f"Combinations seen in training: {seen} as asked; never seen, "
            + ("the same," if seen == unseen else f"{unseen},")
        )
        self.narrate("put together from words it had only met apart.")
        # the never-seen combinations pointed at while that is said
        self.play(*(Indicate(b, color=pal.accent, scale_factor=1.3)
                    for b in self.held_boxes), run_time=self.pace * 1.2)  # fmt: skip
        self.clear_stage()  # the grid goes before the time comes in
        self.timing()

    # Section: the time of a picture, one run of the model per step
    def timing(self):
        """A panel of its own: one picture drawn again step by step beside a
        block per run of the model, lit as its step is done; the measured time
        of a step and of a picture; a one-go generator's single run below."""
        pal, tr = self.palette, self.tr
        st = tr.stats
        steps = int(st["sample_steps"])
        total = float(st["ms_per_image"])
        per_step = total / steps
        side = int(tr.extents.get("side", 24))
        frames = tr["frames"][:, 0]
        s = ValueTracker(0)

        def done() -> int:  # steps finished so far
            return int(np.clip(np.floor(s.get_value()), 0, steps))

        pic = live(lambda: opaque_rgba(picture_rgb(pass_frame(frames, s.get_value()))),
                   2.2)  # fmt: skip
        pic.move_to([-4.7, 0.3, 0])
        border = SurroundingRectangle(pic, buff=0.03, color=pal.muted, stroke_width=2)
        count = counter(f"step {{}} of {steps}", done, pal, style.LABEL_SIZE)
        widest = label(f"step {steps} of {steps}", pal.text)
        count.move_to(pic.get_bottom() + DOWN * 0.3 + LEFT * widest.width / 2,
                      aligned_edge=LEFT)  # fmt: skip
        # a block per run of the model, as wide as the room right of the picture
        room = config.frame_width / 2 - 0.4 - (border.get_right()[0] + 0.6)
        gap = 0.05
        width = (room - gap * (steps - 1)) / steps
        blocks = VGroup(*[
            Rectangle(width=width, height=0.55, color=pal.muted, stroke_width=1.5)
            for _ in range(steps)
        ]).arrange(RIGHT, buff=gap)  # fmt: skip
        blocks.next_to(border, RIGHT, buff=0.6).align_to(border, UP).shift(DOWN * 0.5)

        def light(group: VGroup) -> None:
            for k, block in enumerate(group):
                block.set_fill(pal.accent, 1.0 if k < done() else 0.0)

        blocks.add_updater(light)
        head = label(f"diffusion: the model runs once a step, {steps} times",
                     pal.text, style.LABEL_SIZE + 2)  # fmt: skip
        head.next_to(blocks, UP, buff=0.15).align_to(blocks, LEFT)
        times = VGroup(
            label(f"{steps} runs x {ms(per_step)} = {ms(total)} a picture",
                  pal.accent, style.BODY_SIZE),
            label(f"timed on {threads(st)}, {int(st['timed_batch'])} pictures at "
                  f"a time, each {side} x {side} pixels", pal.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        times.next_to(blocks, DOWN, buff=0.2).align_to(blocks, LEFT)
        one = Rectangle(width=width, height=0.55, color=pal.muted, stroke_width=1.5)
        one.set_fill(pal.data, 1.0)
        gan_head = label("a GAN draws in one go: its model runs once", pal.text,
                         style.LABEL_SIZE + 2)  # fmt: skip
        gan_head.next_to(times, DOWN, buff=0.45).align_to(blocks, LEFT)
        one.next_to(gan_head, DOWN, buff=0.15).align_to(blocks, LEFT)
        gan = VGroup(gan_head, one)
        if gan.get_bottom()[1] < -2.75:
            raise ValueError("PromptToImage: the timing panel reaches the captions")

        self.narrate(f"The model runs once a step: {steps} times a picture.")
        self.play(FadeIn(border), FadeIn(pic), Fade(count), Fade(head),
                  FadeIn(blocks), run_time=self.pace * 0.6)  # fmt: skip
        self.paint_once(border, head)
        self.play(s.animate.set_value(steps),
                  run_time=max(self.pace * 2.0, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        for m in (pic, count, blocks):
            m.clear_updaters()
        self.narrate(f"{steps} times the {ms(per_step)} of one step: {ms(total)} "
                     "a picture.")  # fmt: skip
        self.play(Fade(times), run_time=self.pace * 0.5)
        self.narrate("A GAN draws in one go: its model runs once.")
        self.play(Fade(gan), run_time=self.pace * 0.5)
        self.narrate(slowness(steps))
        self.hold_caption()
        self.wait(self.hold_seconds)


def slowness(steps: int) -> str:
    """What the number of steps says about diffusion's speed: a run of the
    model per step, against a one-go generator's single run."""
    if steps > 1:
        return f"{steps} runs, not one: this is why diffusion is slow."
    return "One run, as a GAN: here diffusion is not slower."


def threads(stats) -> str:
    """The CPU the times were measured on: "1 CPU thread", "4 CPU threads"."""
    n = int(stats.get("torch_threads", 1))
    return f"{n} CPU thread" + ("" if n == 1 else "s")

def of(share: float, count: int) -> str:
    """ "350 of 360": a measured share as the count it was measured on."""
    return f"{round(float(share) * int(count)):,} of {int(count):,}"

