"""The hybrid chapter, PromptToImage: a transformer reads the prompt, a diffusion
model draws it.

Draws the ``text_to_image`` trace (``python -m engine record text_to_image``).

    manim -pql scenes/hybrid/reading.py PromptToImage     # Manim's own way
    make scene S=PromptToImage PROMPT="green square bottom left"
"""

from __future__ import annotations

from manim import *

from scenes.hybrid.draw import (
    label,
    live,
    map_rgba,
    ms,
    pass_frame,
    pct,
    picture,
    picture_rgb,
    spotlight_rgba,
)
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.images import opaque_rgba
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter
from scenes.transformer.draw import (
    Fade,
    descender,
    signed_rgb,
    sit_on_baseline,
    text,
    title_text,
)


def quote(s: str) -> str:
    return f"\u201c{s}\u201d"


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
    elif place_share <= 0.15:
        place = "the place words, mostly outside their quarter."
    else:
        place = "the place words, all over the picture."
    return f"{colour}; {place}"


class PromptToImage(ExplainerScene):
    """A prompt split into tokens; the encoder's attention linking them; the
    encoded words handed to the denoiser; the picture denoised from static,
    with each word's cross-attention beside it and then over it; more prompts,
    one held out of training; every combination read back from the pixels."""

    trace_kind = "text_to_image"
    denoise_seconds = 6.0
    others_seconds = 4.0
    picture_height = 3.2
    picture_center = RIGHT * 1.05 + DOWN * 0.05
    map_side = 1.2
    hold_seconds = 1.6  # still time after each point is made
    pace = 1.0  # scales every transition's length (tests render faster)

    def construct(self):
        tr = load_trace(self.trace_kind)
        self.tr = tr
        self.vocab = [str(v) for v in tr["vocab"]]
        self.title = title_text("A transformer reads the prompt, a diffusion model "
                                "draws it", self.palette)
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
            chip_text = text(w, pal.muted if w.startswith("<") else pal.text,
                             style.LABEL_SIZE)
            box = RoundedRectangle(
                width=chip_text.width + 0.24, height=0.48, corner_radius=0.08,
                stroke_width=2, color=pal.muted,
            )  # fmt: skip
            chip_text.move_to(box)
            # on a shared baseline: "top" and "left" sit level, descender or not
            cap = text("H", pal.text, style.LABEL_SIZE).height
            sit_on_baseline(chip_text, box.get_y() - cap / 2,
                            descender(style.LABEL_SIZE))
            chips.add(VGroup(box, chip_text))
        chips.arrange(RIGHT, buff=0.14).move_to([-4.0, 1.85, 0])
        if chips.width > 5.6:
            chips.scale_to_fit_width(5.6)
        self.chips = chips
        self.play(Fade(prompt), run_time=self.pace * 0.6)
        unseen = ", a combination never in training" if tr["held_out"][p] else ""
        self.narrate(f"A prompt goes in: {quote(str(tr['prompt_text'][p]))}{unseen}.")
        self.play(Fade(chips), run_time=self.pace * 0.9)
        self.narrate("A small transformer splits it into tokens, and every word "
                     "attends to every other.")

        # the encoder's attention, both layers and heads averaged: links below
        attn = tr["enc_attn"][p].mean((0, 1))  # (token, key)
        link = (attn + attn.T) / 2
        np.fill_diagonal(link, 0)
        top = float(link.max()) or 1.0
        arcs = VGroup()
        n = len(words)
        for i in range(n):
            for j in range(i + 1, n):
                s = float(link[i, j]) / top
                if s < 0.15:
                    continue
                arc = ArcBetweenPoints(
                    chips[i].get_bottom() + DOWN * 0.06,
                    chips[j].get_bottom() + DOWN * 0.06,
                    angle=1.1,
                )
                arc.set_stroke(pal.data, width=1 + 7 * s, opacity=0.25 + 0.75 * s)
                arcs.add(arc)
        i, j = np.unravel_index(np.argmax(link), link.shape)
        strongest = label(
            f"encoder attention; strongest link {words[i]} \u2194 {words[j]}: "
            f"{pct(link[i, j])}", pal.muted, style.LABEL_SIZE - 4,
        )  # fmt: skip
        if strongest.width > 5.4:
            strongest.scale_to_fit_width(5.4)
        strongest.move_to([-4.0, 0.55, 0])
        self.play(Create(arcs), Fade(strongest), run_time=self.pace * 1.2)
        self.wait(self.hold_seconds / 2)

        # the encoded words: one column of numbers per token
        enc = tr["encoded"][p]  # (token, d_text)
        scale = float(np.abs(enc).max()) or 1.0
        strips = Group()
        for k, chip in enumerate(chips):
            rgb = signed_rgb(pal, enc[k][:, None], scale)  # (d_text, 1, 3)
            strip = Group(ImageMobject(opaque_rgba(rgb)))
            strip[0].set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
            strip[0].stretch_to_fit_height(1.5).stretch_to_fit_width(0.26)
            strip.move_to([chip.get_x(), -0.6, 0])
            strips.add(strip)
        strips_note = label(
            f"the encoded words: {enc.shape[1]} numbers per token",
            pal.muted, style.LABEL_SIZE - 4,
        ).next_to(strips, DOWN, buff=0.15)  # fmt: skip
        self.play(Fade(strips), Fade(strips_note),
                  run_time=self.pace * 0.8)
        self.narrate("Its output, one vector per word, is handed to the diffusion "
                     "model.")
        self.left_panel = Group(prompt, chips, arcs, strongest, strips, strips_note)
        self.strips = strips

    # Section: the diffusion model draws, reading the words by cross-attention
    def draw_prompt(self, p: int):
        pal, tr = self.palette, self.tr
        frames = tr["frames"][:, p]  # (frame, h, w, 3)
        cross = tr["cross_attn"][:, p].mean((1, 2))  # (step, token, gy, gx)
        steps = len(tr["step_t"])
        s = ValueTracker(0)
        pic = live(
            lambda: opaque_rgba(picture_rgb(pass_frame(frames, s.get_value()))),
            self.picture_height,
        )
        pic.move_to(self.picture_center)
        border = SurroundingRectangle(pic, buff=0.03, color=pal.muted, stroke_width=2)
        self.picture = pic

        def done() -> int:  # passes finished: counts up to the finished picture
            return int(np.clip(np.floor(s.get_value()), 0, steps))

        step_label = counter(f"pass {{}} of {steps}", done, pal, style.LABEL_SIZE)
        widest = label(f"pass {steps} of {steps}", pal.text)
        step_label.move_to(
            pic.get_bottom() + DOWN * 0.3 + LEFT * widest.width / 2, aligned_edge=LEFT
        )
        passes = label("each pass through the denoiser removes some noise",
                       pal.muted, style.LABEL_SIZE - 4).next_to(step_label, DOWN,
                                                               buff=0.1)
        passes.set_x(pic.get_x())

        # one small live map per word (not <start>), in a 2x2 grid
        words = [self.vocab[int(i)] for i in tr["tokens"][p]]
        shown = [k for k, w in enumerate(words) if not w.startswith("<")]

        def step_at() -> int:
            return min(int(s.get_value()), steps - 1)

        maps, map_labels = Group(), VGroup()
        for slot, k in enumerate(shown[:4]):
            m = live(lambda k=k: map_rgba(cross[step_at(), k], pal), self.map_side)
            row, col = divmod(slot, 2)
            m.move_to([4.45 + col * 1.55, 0.95 - row * 1.75, 0])
            maps.add(Group(m, SurroundingRectangle(m, buff=0.02, color=pal.muted,
                                                    stroke_width=1.5)))
            map_labels.add(label(words[k], pal.text).next_to(m, UP, buff=0.08))
        tag = label("held out: never in training", pal.accent, style.LABEL_SIZE - 4)
        tag.next_to(border, UP, buff=0.1)
        tags = [FadeIn(tag)] if tr["held_out"][p] else []
        maps_note = label("where each word is read", pal.muted,
                          style.LABEL_SIZE - 4).next_to(map_labels, UP, buff=0.15)
        self.maps = maps

        arrow = Arrow(self.strips.get_right() + RIGHT * 0.1,
                      border.get_left() + LEFT * 0.05, buff=0.05, color=pal.muted,
                      stroke_width=3)  # fmt: skip
        handed = self.strips.copy()
        self.play(GrowArrow(arrow), run_time=self.pace * 0.5)
        self.play(handed.animate.scale(0.35).next_to(maps_note, UP, buff=0.12),
                  FadeIn(border), FadeIn(pic), *tags,
                  run_time=self.pace * 1.0)  # fmt: skip
        self.play(Fade(step_label), Fade(passes), FadeIn(maps), Fade(map_labels),
                  Fade(maps_note), run_time=self.pace * 0.5)  # fmt: skip
        self.narrate(f"Diffusion starts from static and removes noise step by step: "
                     f"{steps} steps.")
        still = [border, passes, map_labels, maps_note, handed]
        still += [g[1] for g in maps]  # the maps' frames
        self.paint_once(*still, *([tag] if tags else []))
        self.play(s.animate.set_value(steps / 3), run_time=self.denoise_seconds / 3,
                  rate_func=linear)  # fmt: skip
        self.narrate("Each patch of the picture looks up the words it needs: "
                     "cross-attention.")
        self.play(s.animate.set_value(steps), run_time=2 * self.denoise_seconds / 3,
                  rate_func=linear)  # fmt: skip
        self.wait(0.3)
        for m in (pic, step_label, *[g[0] for g in maps]):
            m.clear_updaters()
        self.right_panel = Group(pic, border, step_label, passes, maps, map_labels,
                                 maps_note, handed)  # fmt: skip
        self.arrow = arrow
        self.shown_tokens = shown
        self.final_cross = cross[-1]  # (token, gy, gx)

    # Section: each word's attention, over the picture it drew
    def spotlights(self, p: int):
        pal, tr = self.palette, self.tr
        final = tr["frames"][-1, p]
        words = [self.vocab[int(i)] for i in tr["tokens"][p]]
        names = {
            "colour": set(map(str, tr["colour_names"])),
            "shape": set(map(str, tr["shape_names"])),
        }
        role = {k: r for k, w in enumerate(words) for r, v in names.items() if w in v}
        place_words = [k for k in self.shown_tokens if k not in role]
        share, place = tr["word_share"][p], tr["place_share"][p]
        area = float(tr["ink"][p].mean())
        quarter = str(tr["position_names"][int(tr["asked"][p][2])])
        lit = picture(final, self.picture_height).move_to(self.picture.get_center())
        self.add(lit)
        note = None
        order = [k for k in self.shown_tokens if k in role] + [tuple(place_words)]
        for item in order:
            ks = item if isinstance(item, tuple) else (item,)
            weights = self.final_cross[list(ks)].sum(0)  # (gy, gx)
            target = picture(final, self.picture_height)
            target.pixel_array = spotlight_rgba(final, weights, pal)
            target.move_to(lit)
            chosen = [self.chips[k][0].copy().set_stroke(pal.accent, width=4)
                      for k in ks]  # fmt: skip
            if isinstance(item, tuple):
                line = (f"{' + '.join(quote(words[k]) for k in ks)}: "
                        f"{pct(place[list(ks)].mean())} of their attention in the "
                        f"{quarter} quarter (a quarter is 25% of the picture)")
            else:
                line = (f"{quote(words[item])}: {pct(share[item])} of its attention "
                        f"on the shape, which is {pct(area)} of the picture")
            new_note = label(line, pal.text, style.LABEL_SIZE - 2)
            new_note.scale_to_fit_width(min(new_note.width, 7.4))
            new_note.move_to([2.9, -2.65, 0])
            anims = [FadeIn(target), *map(Create, chosen), Fade(new_note)]
            if note is not None:
                anims += [Fade(note, show=False), FadeOut(self.chosen)]
            self.play(*anims, run_time=self.pace * 0.6)
            self.remove(lit)
            lit, note, self.chosen = target, new_note, VGroup(*chosen)
            if not isinstance(item, tuple) and role[item] == "colour":
                self.mark_poster()
            self.wait(self.hold_seconds)
        self.play(FadeOut(lit), Fade(note, show=False), FadeOut(self.chosen),
                  run_time=self.pace * 0.4)  # fmt: skip
        self.add(picture(final, self.picture_height).move_to(self.picture))
        self.narrate(attention_story(
            float(share[role_of(role, "colour")]), area,
            float(place[place_words].mean()) if place_words else 0.25,
        ))  # fmt: skip
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
            pic = live(lambda p=p: opaque_rgba(picture_rgb(
                pass_frame(frames[:, p], s.get_value()))), height)
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
                tags.add(label("held out: never in training", pal.accent,
                               style.LABEL_SIZE - 2).next_to(slot[0], UP, 0.12))
        self.play(FadeIn(slots), Fade(tags), run_time=self.pace * 0.6)
        unseen = [p for p in rest if tr["held_out"][p]]
        self.narrate(f"{len(rest)} more prompts"
                     + ("; the last combination was never in training."
                        if unseen else "."))
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
            readings.add(label(f"read: {read}", pal.text if ok else pal.noise,
                               style.LABEL_SIZE - 2).next_to(slot[2], DOWN, 0.12))
        self.play(Fade(readings), run_time=self.pace * 0.5)
        self.narrate(f"Read back from the pixels by a separate check: {right} of "
                     f"{len(rest)} as asked.")
        self.wait(self.hold_seconds)
        self.clear_stage()

    def combo_grid(self, examples, combos, held, cols: int):
        """One picture per combination: a row per colour and shape, a column per
        place; held-out combinations outlined in the accent colour."""
        pal = self.palette
        cell = 0.42
        self.rows = sorted({(int(c), int(s)) for c, s, _ in combos})
        grid = Group()
        for cc, sc in self.rows:
            for place in range(cols):
                k = next(i for i, (c, s, q) in enumerate(combos)
                         if (c, s, q) == (cc, sc, place))
                pic = picture(examples[k], cell)
                box = SurroundingRectangle(
                    pic, buff=0.025, stroke_width=3 if held[k] else 1,
                    color=pal.accent if held[k] else pal.muted,
                )  # fmt: skip
                grid.add(Group(pic, box))
        grid.arrange_in_grid(rows=len(self.rows), cols=cols, buff=0.06)
        return grid, VGroup()

    def clear_stage(self):
        """Fade out everything but the title (and the trackers, not drawn),
        once the caption on screen has been read and spoken."""
        self.hold_caption()
        shown = [m for m in self.mobjects
                 if m is not self.title and not isinstance(m, ValueTracker)]
        self.play(Fade(Group(*shown), show=False), run_time=self.pace * 0.6)
        self._caption = None

    def agrees(self, p: int) -> bool:
        tr = self.tr
        got = (tr["read_colour"][p], tr["read_shape"][p], tr["read_position"][p])
        return tuple(int(g) for g in got) == tuple(int(a) for a in tr["asked"][p])

    def reading(self, p: int) -> str:
        tr = self.tr
        parts = []
        for names, code in ((tr["colour_names"], tr["read_colour"][p]),
                            (tr["shape_names"], tr["read_shape"][p]),
                            (tr["position_names"], tr["read_position"][p])):
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
        # places as two header rows: the vertical word over its pair of columns
        col_labels = VGroup()
        for c, n in enumerate(places):
            vertical, horizontal = n.split()
            low = label(horizontal, pal.muted, style.LABEL_SIZE - 8)
            col_labels.add(low.next_to(grid[c], UP, buff=0.06))
            if c % 2 == 0 and c + 1 < len(places):
                pair = Group(grid[c], grid[c + 1])
                head_word = label(vertical, pal.muted, style.LABEL_SIZE - 6)
                head_word.next_to(pair, UP, buff=0.3)
                head_word.align_to(grid[0].get_top() + UP * 0.52, UP)  # same line
                col_labels.add(head_word)
        for r, (cc, sc) in enumerate(self.rows):
            row_labels.add(
                label(f"{colours[cc]} {shapes[sc]}", pal.muted, style.LABEL_SIZE - 6)
                .next_to(grid[r * len(places)], LEFT, buff=0.12)
            )
        if len(tr["prompt_text"]) == 1:  # a user's prompt: its combination marked
            k = next(i for i, row in enumerate(self.rows)
                     if row == tuple(int(v) for v in tr["asked"][0][:2]))
            cell_mob = grid[k * len(places) + int(tr["asked"][0][2])]
            mark = SurroundingRectangle(cell_mob, buff=0.05, color=pal.text,
                                        stroke_width=3)
            yours = label("yours", pal.text, style.LABEL_SIZE - 8)
            yours.next_to(grid, RIGHT, buff=0.1).set_y(cell_mob.get_y())
            grid.add(mark, yours)
        grid_all = Group(grid, row_labels, col_labels)
        grid_all.move_to([-4.75, -0.1, 0])
        per = int(st["eval_per_combo"])
        head = label(f"one of the {per} pictures of each", pal.muted,
                     style.LABEL_SIZE - 4).next_to(grid_all, UP, buff=0.12)
        key = label("outlined: held out of training", pal.accent,
                    style.LABEL_SIZE - 4).next_to(grid_all, DOWN, buff=0.12)
        trained = int(tr["train_count"].sum())
        showing = int(tr["train_count"][held].sum())
        lines = [
            (f"seen in training: {pct(st['seen_accuracy'])} drawn as asked",
             pal.text, style.BODY_SIZE - 2),
            (f"({st['seen_pictures']:,} pictures, read back from the pixels)",
             pal.muted, style.LABEL_SIZE - 4),
            (f"held out, never seen: {pct(st['heldout_accuracy'])}", pal.accent,
             style.BODY_SIZE - 2),
            (f"({st['heldout_pictures']:,} pictures; {showing:,} of the {trained:,} "
             "training pictures show these combinations)", pal.muted,
             style.LABEL_SIZE - 4),
            (f"the pixel check on real pictures: {pct(st['check_accuracy_on_real'])}",
             pal.text, style.LABEL_SIZE - 2),
        ]
        if "colour_word_share_on_shape" in st:
            lines.append((
                f"attention on the shape: colour word "
                f"{pct(st['colour_word_share_on_shape'])}, shape word "
                f"{pct(st['shape_word_share_on_shape'])}", pal.text,
                style.LABEL_SIZE - 2))
            lines.append((
                f"(the shape is {pct(st['shape_area_share'])} of the picture; "
                f"{st['attention_pictures']:,} pictures drawn right)", pal.muted,
                style.LABEL_SIZE - 4))
        lines.append((
            f"trained {st['train_seconds'] / 60:.1f} min on one CPU thread; "
            f"{ms(st['ms_per_image'])} per picture in a batch of "
            f"{st['timed_batch']}", pal.muted, style.LABEL_SIZE - 4))
        figures = VGroup(*[label(s, c, z) for s, c, z in lines])
        figures.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        for line, (words, _, _) in zip(figures, lines, strict=True):
            if words.startswith("("):  # a note sits close under its figure
                line.shift(UP * 0.08)
        figures.move_to([2.35, 0, 0])
        if figures.width > 8.4:
            figures.scale_to_fit_width(8.4).move_to([2.35, 0, 0])
        self.figures = figures
        self.play(Fade(grid_all), Fade(head), Fade(key), run_time=self.pace * 0.8)
        self.narrate(f"All {len(combos)} combinations, drawn and read back from the "
                     "pixels.")
        self.play(Fade(figures), run_time=self.pace * 0.8)
        self.narrate(
            f"{pct(st['seen_accuracy'])} as asked; {pct(st['heldout_accuracy'])} for "
            "combinations it never saw, put together from words met apart."
        )
        self.wait(1.5 * self.hold_seconds)


def role_of(role: dict[int, str], name: str) -> int:
    """The token position holding the word of ``name`` ("colour" or "shape")."""
    return next(k for k, r in role.items() if r == name)
