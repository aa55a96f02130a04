"""GANs today, image-to-image translation: trained here, judged patch by patch
against real pictures, and sharper than the same network trained on pixel error
alone.

    make scene S=ImageToImage
    manim -pql scenes/gan/translate.py ImageToImage

Every picture, verdict and figure drawn here comes from the ``image_to_image``
trace (``python -m engine record image_to_image``): the pictures followed
over training, and every held-out picture each figure was measured on.
"""

from __future__ import annotations

from manim import *

from scenes.gan.draw import blend, picture_grid
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import screen_name
from scenes.kit.images import crisp_image
from scenes.kit.numbers import pct, times
from scenes.kit.pointer import Pointer
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter

SHARPER = 1.5  # "far sharper" from this ratio up; the bar
SAME = 1.3  # within this factor of the real pictures' sharpness: "about as sharp"


def patch_of(i: int, j: int, side: int, field: int, cells: int,
             clip: bool = True) -> tuple[int, ...]:  # fmt: skip
    """The pixels (top, left, bottom, right; end excluded) the verdict in map
    cell (i, j) depends on: ``field`` pixels a side, a stride of side/cells
    apart, starting (field - stride)/2 before its own block, cut at the edge
    unless ``clip`` is off (then always ``field`` square, past the edge)."""
    stride = side // cells
    lead = (field - stride) // 2
    top, left = i * stride - lead, j * stride - lead
    if not clip:
        return (top, left, top + field, left + field)
    return (max(0, top), max(0, left), min(side, top + field), min(side, left + field))


def sharpness_said(ratio: float, gan: float, real: float) -> tuple[str, str, str]:
    """Three lines on sharpness, chosen by the measured figures: the GAN
    against pixel error alone (ratio of their mean sharpness) and against the
    real pictures, then the scene's conclusion, which claims the inspector's
    effect only when the ratio shows it, and says so when the GAN out-scores
    the real pictures (sharper than real is speckle, not detail)."""
    if ratio >= SHARPER:
        first = f"{times(ratio)} as sharp with the inspector as without"
    elif ratio >= 1.05:
        first = f"only a little sharper with the inspector ({times(ratio)})"
    else:
        first = f"not sharper with the inspector ({times(ratio)})"
    if gan / real > SAME:
        second = f"It is even sharper than the real pictures' {real:.3f}."
    elif gan / real >= 1 / SAME:
        second = (f"That is about {round(100 * gan / real)}% of the real "
                  f"pictures' {real:.3f}.")  # fmt: skip
    else:
        second = (f"That is still only about {round(100 * gan / real)}% of the "
                  f"real pictures' {real:.3f}.")  # fmt: skip
    if ratio < SHARPER:
        last = "Here the inspector made little difference to sharpness."
    elif gan / real > SAME:
        last = ("The inspector makes the forger draw a fine pattern, sharper than "
                "the real pictures': part of it is speckle.")  # fmt: skip
    else:
        last = ("The inspector is what makes a GAN draw the fine pattern instead of "
                "a safe, flat colour.")  # fmt: skip
    return first, second, last


def stripes_from(drawings: np.ndarray) -> int | None:
    """The first round (index into ``drawings``, (rounds, n, h, w, 3)) whose
    drawings are at least halfway from the first round's sharpness to the
    last's (variance of a 4-neighbour Laplacian of the grey picture); None
    when the last round is not SHARPER times the first."""
    grey = np.asarray(drawings, float).mean(-1)  # (rounds, n, h, w)
    lap = (grey[..., 1:-1, :-2] + grey[..., 1:-1, 2:] + grey[..., :-2, 1:-1]
           + grey[..., 2:, 1:-1] - 4 * grey[..., 1:-1, 1:-1])  # fmt: skip
    sharp = lap.var(axis=(-2, -1)).mean(-1)  # (rounds,)
    if sharp[-1] < SHARPER * sharp[0]:
        return None
    half = (sharp[0] + sharp[-1]) / 2
    return int(np.argmax(sharp >= half))


class ImageToImage(ExplainerScene):
    """A shrunken picture in, the full one out: the forger first trained on
    pixel error alone, then its output over adversarial training beside the
    real picture, the inspector shown drawings and real pictures alike, until
    the drawing turns striped; then one held-out picture
    enlarged, drawn by the network before and after the inspector joined,
    with the measured sharpness and reading of 500."""

    trace_kind = "image_to_image"
    title_text = "GANs today: one picture into another"
    cell = 2.8  # scene units, one picture's side
    train_seconds = 9.0
    sweep_seconds = 5.0  # the patch box crossing the last drawing
    hold_seconds = 1.2
    big = 3.0  # scene units, the enlarged held-out picture's side
    xs = (-5.1, -1.7, 1.7, 5.1)  # the four columns' centres
    y = 0.6  # the pictures' centre

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def column(self, img_rgba: np.ndarray, x: float, head: str, colour: str):
        img = crisp_image(img_rgba, self.cell).move_to([x, self.y, 0])
        return img, label(head, colour).next_to(img, UP, 0.15)

    def construct(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        xs = self.xs
        # the followed picture shown: the one whose shape is largest, so its
        # pattern is easiest to see
        shapes = (tr["shown_target"].max(-1) > -0.5).sum((1, 2))
        k = int(np.argmax(shapes))
        steps, gan_out = tr["gan_step"], tr["gan_out"][:, k : k + 1]
        total = int(steps[-1])
        side, small = int(st["side"]), int(st["input_side"])
        p = int(st["patch_pixels"])
        title = label(self.title_text, pal.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))

        # Section: the task. The real picture shrinks, on screen, into the input.
        real, real_head = self.column(picture_grid(tr["shown_target"][k : k + 1], 1,
                                                   pal),
                                      xs[3], "the real picture", pal.data)  # fmt: skip
        inp, inp_head = self.column(picture_grid(tr["shown_input"][k : k + 1], 1, pal),
                                    xs[0], f"in: shrunk to {small} by {small}",
                                    pal.noise)  # fmt: skip
        self.play(FadeIn(real), FadeIn(real_head), run_time=0.6)
        self.narrate("A GAN is a pair of networks: one draws, one judges. GANs also "
                     "turn one picture into another, such as a small, blurry "
                     "picture into a sharp one.")  # fmt: skip
        # the real picture shrinks into the input as "small, blurry" is said
        self.wait_frames(self.next_caption_in())
        # at its true size first (a third of the real one's side), then blown up
        tiny = inp.copy().scale(small / side).move_to(inp)
        self.play(FadeTransform(real.copy(), tiny), FadeIn(inp_head), run_time=1.4)
        self.wait(0.8)
        self.play(ReplacementTransform(tiny, inp), run_time=1.0)
        s = ValueTracker(0)
        out, out_head = self.column(picture_grid(gan_out[0], 1, pal), xs[1],
                                    "out: the forger's drawing",
                                    pal.sample)  # fmt: skip
        out.add_updater(lambda m: setattr(m, "pixel_array", picture_grid(
            blend(gan_out, s.get_value()), 1, pal)))  # fmt: skip
        self.out_img = out  # tests read pixels here
        # what the forger has learnt so far, named from its first showing:
        # the drawing that changes later is this "before"
        stage1 = label(f"stage 1: {screen_name('L1 alone')}", pal.text)
        stage1.next_to(out, DOWN, 0.2)
        self.narrate(f"Here a practice picture, a striped shape made by a program, "
                     f"shrunk to {small} by {small} pixels, goes in, "
                     "and the forger, the network that draws, draws it again at "
                     f"{side} by {side}.")  # fmt: skip
        pointer = Pointer(pal.accent)
        self.play(pointer.to(inp), run_time=0.5)
        self.wait_frames(self.next_caption_in())  # "...the forger draws it again"
        self.play(FadeIn(out), FadeIn(out_head), pointer.to(out),
                  run_time=0.6)  # fmt: skip
        self.narrate("The small one keeps the colour, shape and place, but not "
                     "its fine pattern.")  # fmt: skip
        self.play(pointer.to(inp), run_time=0.5)
        flat = st["sharpness_l1_alone"] < st["sharpness_target"] / SHARPER
        self.narrate("In stage 1 the forger learns only to match the real "
                     "picture, pixel by pixel.")  # fmt: skip
        self.play(pointer.to(real), FadeIn(stage1), run_time=0.6)
        self.hold_caption()
        # why copying pixels gives a flat colour: the input, then the drawing
        self.narrate(
            f"The {small} by {small} picture does not say where each light and dark "
            "square of the pattern falls, so its safest guess is one smooth, "
            "flat colour."
            if flat
            else "It draws most of the pattern."
        )
        # the input's grid laid over the real picture: one small pixel covers
        # a block of the pattern, light and dark squares alike, and keeps only
        # their average; one block marked on both
        grids = VGroup()
        if flat:
            block = side // small
            bright0 = tr["shown_target"][k].max(-1) > -0.5
            by, bx = (np.argwhere(bright0).mean(0) if bright0.any()
                      else (side / 2, side / 2))  # fmt: skip
            bi, bj = int(by) // block, int(bx) // block
            for shown in (real, inp):
                grids.add(self.pixel_grid(shown, small))
            marks = VGroup(*(self.patch_box(m, (bi * block, bj * block,
                                                (bi + 1) * block, (bj + 1) * block))
                             for m in (real, inp))).set_stroke(width=5)  # fmt: skip
            cover = VGroup(label("1 small pixel covers", pal.noise),
                           label(f"{block} by {block} real ones", pal.noise),
                           label("and keeps their average", pal.noise))
            # in the empty third column, clear of the stage-1 name
            cover.arrange(DOWN, buff=0.06).move_to([xs[2], self.y, 0])
            grids.add(marks, cover)
            grids.set_z_index(3)
            self.play(Create(grids[0]), pointer.to(real), run_time=1.0)
            self.play(Create(marks[0]), run_time=0.6)
            self.play(Create(grids[1]), TransformFromCopy(marks[0], marks[1]),
                      pointer.to(inp), FadeIn(cover), run_time=1.2)  # fmt: skip
        else:
            self.play(pointer.to(inp), run_time=0.6)
        self.wait_frames(max(0.0, self.caption_left() - 1.0))
        self.play(pointer.to(out), run_time=0.8)
        self.narrate(f"Stage 2: an inspector joins, a second network. It judges each "
                     f"{p} by {p} patch of the drawing: real-looking or not?")
        # one patch drawn to scale on the output, over the shape, where there
        # is pattern to judge, and the same patch of the input it is judged with
        ph, pw = tr["verdict"].shape[2:]
        bright = tr["shown_target"][k].max(-1) > -0.5  # (h, w)
        ys, xs_ = np.nonzero(bright) if bright.any() else ([side / 2], [side / 2])
        ci = int(np.clip(round(np.mean(ys) / (side / ph) - 0.5), 0, ph - 1))
        cj = int(np.clip(round(np.mean(xs_) / (side / pw) - 0.5), 0, pw - 1))
        patch = self.patch_box(out, patch_of(ci, cj, side, p, ph))
        with_input = self.patch_box(inp, patch_of(ci, cj, side, p, ph))
        stage2 = label("stage 2: with the inspector", pal.text).move_to(stage1)
        judge = self.inspector_box(xs[2], patch, with_input)
        self.inspector = judge  # tests read its place here
        self.play(pointer.away(), FadeOut(stage1), FadeOut(grids), run_time=0.4)
        self.play(FadeIn(stage2), FadeIn(judge[0]), run_time=0.6)
        self.wait_frames(self.next_caption_in())  # "It judges each patch..."
        self.play(FadeIn(patch), GrowArrow(judge[1]), run_time=0.8)
        self.narrate("It also sees the small input, to check that the drawing "
                     "fits it.")  # fmt: skip
        self.play(FadeIn(with_input), Create(judge[2]), run_time=0.8)
        self.hold_caption()
        # how the inspector learns what real looks like: real pictures too
        # from under the real picture, below the row, up into the inspector:
        # the input's path mirrored
        frame = judge[0][0]
        low = self.y - self.cell / 2 - 0.75
        start = real.get_bottom() + 0.05 * DOWN
        corner_b = np.array([frame.get_bottom()[0] + 0.4, low, 0])
        path = VMobject(color=pal.data, stroke_width=4)
        path.set_points_as_corners([start, [start[0], low, 0], corner_b])
        tip = Arrow(corner_b, [corner_b[0], frame.get_bottom()[1] - 0.05, 0], buff=0,
                    color=pal.data, stroke_width=4,
                    max_tip_length_to_length_ratio=0.5)  # fmt: skip
        from_real = VGroup(path, tip)
        self.from_real = from_real  # tests read its place here
        self.narrate("It is also shown real pictures, and learns to tell them "
                     "from drawings.")  # fmt: skip
        self.play(Create(from_real), run_time=0.8)
        self.hold_caption()
        # the inspector stays through training, its verdict going back to
        # the forger
        back = Arrow(judge[0].get_left(), out.get_right(), buff=0.1,
                     color=pal.accent, stroke_width=4)  # fmt: skip
        back_words = label("its verdict goes back", pal.accent)
        back_words.next_to(judge[0], UP, 0.12)
        self.play(FadeOut(patch), FadeOut(with_input), FadeOut(judge[1]),
                  FadeOut(judge[2]), run_time=0.4)  # fmt: skip

        # Section: training, its steps counted under the input
        def at() -> int:
            return int(steps[int(round(s.get_value()))])

        step_counter = counter(f"training step {{:,}} of {total:,}", at, pal,
                               style.LABEL_SIZE + 2)  # fmt: skip
        step_counter.next_to(stage2, DOWN, 0.25).set_x((xs[0] + xs[1]) / 2)
        self.narrate("Each training step, the forger learns to fool it, and the "
                     "inspector learns to catch it.")  # fmt: skip
        self.play(FadeIn(step_counter), GrowArrow(back), FadeIn(back_words),
                  run_time=0.5)  # fmt: skip
        # the round where the drawings turn from flat to striped, measured on
        # the drawing shown: said as it happens, when it does
        turn = stripes_from(gan_out)
        last = len(steps) - 1
        if turn is None:
            self.play(s.animate.set_value(last),
                      run_time=max(self.train_seconds, self.caption_left()),
                      rate_func=linear)  # fmt: skip
        else:
            first_part = max(self.train_seconds * turn / last, self.caption_left())
            self.play(s.animate.set_value(turn), run_time=first_part, rate_func=linear)
            self.narrate("Now the forger draws the pattern.")
            pointer = Pointer(pal.accent)
            self.play(pointer.to(out), run_time=0.5)
            self.play(s.animate.set_value(last),
                      run_time=max(0.5, self.train_seconds - first_part - 0.5),
                      rate_func=linear)  # fmt: skip
            self.play(pointer.away(), run_time=0.3)
        out.clear_updaters()

        self.hold_caption()
        self.play(*map(FadeOut, (inp, inp_head, out, out_head, stage2, judge[0],
                                 real, real_head, from_real, step_counter, back,
                                 back_words)),
                  run_time=0.5)  # fmt: skip
        self.compare_scene(st)

    def pixel_grid(self, shown: Mobject, cells: int) -> VGroup:
        """Thin lines splitting a picture on screen (``shown``) into ``cells``
        by ``cells`` equal blocks: the small input's pixels over it."""
        left, top = shown.get_corner(UL)[:2]
        step = shown.width / cells
        lines = VGroup()
        for c in range(cells + 1):
            lines.add(Line([left + c * step, top, 0],
                           [left + c * step, top - shown.height, 0]),
                      Line([left, top - c * step, 0],
                           [left + shown.width, top - c * step, 0]))  # fmt: skip
        return lines.set_stroke(self.palette.text, 1.5, opacity=0.8)

    def patch_box(self, shown: Mobject, box: tuple[int, ...]) -> Square:
        """A square outlining pixels ``box`` (top, left, bottom, right) of a
        picture on screen (``shown``, one picture of side ``side`` pixels)."""
        top, left, bottom, right = box
        px = shown.width / int(self.tr.stats["side"])
        sq = Rectangle(width=(right - left) * px, height=(bottom - top) * px,
                       color=self.palette.accent, stroke_width=3)  # fmt: skip
        corner = shown.get_corner(UL) + np.array([left * px, -top * px, 0])
        return sq.move_to(corner, aligned_edge=UL)

    def inspector_box(self, x: float, patch: Mobject, with_input: Mobject) -> VGroup:
        """The inspector drawn as a box in the empty column at ``x``, asking
        "real or fake?", with an arrow into it from the output's patch and one
        from the input's same patch (under the output, clear of it). Returns
        (box with its words, arrow from the output, arrow from the input)."""
        pal = self.palette
        words = VGroup(label("inspector", pal.text, style.LABEL_SIZE + 4),
                       label("a second network:", pal.muted),
                       label("real or fake?", pal.accent))  # fmt: skip
        words.arrange(DOWN, buff=0.12)
        frame = RoundedRectangle(corner_radius=0.15, width=words.width + 0.5,
                                 height=words.height + 0.5, color=pal.text,
                                 stroke_width=3)  # fmt: skip
        box = VGroup(frame, words).move_to([x + 0.2, self.y, 0])
        from_out = Arrow(patch.get_right(), frame.get_left(), buff=0.1,
                         color=pal.accent, stroke_width=4)  # fmt: skip
        # from the input's patch down, under the output picture, and up in
        low = self.y - self.cell / 2 - 0.75
        start = with_input.get_bottom()
        corner_a = np.array([start[0], low, 0])
        corner_b = np.array([frame.get_bottom()[0] - 0.4, low, 0])
        end = np.array([corner_b[0], frame.get_bottom()[1] - 0.05, 0])
        path = VMobject(color=pal.noise, stroke_width=4)
        path.set_points_as_corners([start, corner_a, corner_b])
        tip = Arrow(corner_b, end, buff=0, color=pal.noise, stroke_width=4,
                    max_tip_length_to_length_ratio=0.5)  # fmt: skip
        return VGroup(box, from_out, VGroup(path, tip))

    def compare_scene(self, st):
        """One held-out picture enlarged in four columns (input, pixel error
        alone, the GAN, the real picture), then the measured sharpness and
        reading of each method's 500."""
        pal, tr = self.palette, self.tr
        method = [str(m) for m in tr["method"]]
        t, g, l1 = (method.index(m) for m in ("target", "GAN", "L1 alone"))
        i = method.index("input")
        held = tr["held_images"]
        sharp, read, truth = tr["sharpness"], tr["read"], tr["held_code"]
        right = (read == truth[None]).all(-1).mean(1)  # (method,)
        mean = sharp.mean(1)
        n = len(truth)
        heads = ((i, "in", pal.noise),
                 (l1, f"stage 1:\n{screen_name('L1 alone')}", pal.text),
                 (g, "stage 2:\nwith the inspector", pal.sample),
                 (t, "the real picture", pal.data))  # fmt: skip
        cols = []
        for x, (m, head, colour) in zip(self.xs, heads, strict=True):
            big = crisp_image(picture_grid(held[m][:1], 1, pal), self.big)
            big.move_to([x, 0.55, 0])
            name = VGroup(*(label(line, colour) for line in head.split("\n")))
            name.arrange(DOWN, buff=0.06).next_to(big, UP, 0.15)
            cols.append(Group(name, big))
        self.columns = cols  # tests read pixels here
        figs = []
        for col, m in zip(cols[1:], (l1, g, t), strict=True):  # not the input's
            # the real pictures' content is the yardstick, not a result
            kept = "" if m == t else f"content kept {pct(right[m])}"
            fig = VGroup(
                label(f"sharpness {float(mean[m]):.3f}", pal.text),
                label(kept or "(the original)",
                      pal.muted if m == t else pal.text),
            )
            fig.arrange(DOWN, buff=0.1).next_to(col, DOWN, 0.2)
            figs.append(fig)
        inp, flat, gan, real = cols
        self.play(FadeIn(inp), FadeIn(real), run_time=0.6)
        self.narrate("A new picture, not used in training, drawn bigger. In stage "
                     "1, the forger copied pixels only,")  # fmt: skip
        self.play(FadeIn(flat), run_time=1.0)
        if mean[l1] < mean[t] / SHARPER:  # said only when measured flat
            self.narrate("and painted one smooth, flat colour.")
        else:
            self.narrate("and drew most of the pattern.")
        # what this forger drew is pointed at as the line says it
        pointer = Pointer(pal.accent)
        self.play(pointer.to(flat[1]), run_time=0.8)
        self.hold_caption()
        self.play(pointer.away(), run_time=0.3)
        self.narrate("In stage 2, to fool the inspector, the forger draws the "
                     "pattern." if mean[g] >= mean[t] / SAME else
                     "In stage 2, to fool the inspector, the forger draws some of "
                     "the pattern.")  # fmt: skip
        self.play(FadeIn(gan), run_time=1.5)
        ratio = float(mean[g] / mean[l1])
        first, second, last = sharpness_said(ratio, float(mean[g]),
                                             float(mean[t]))  # fmt: skip
        # light to dark along one row, drawn over each picture: a flat line
        # where the colour is flat, steps where stripes cross; a row through
        # the stripes near the middle of the shape
        spread = held[t][0].mean(-1).std(1)  # (h,): how much each row varies
        rows = np.flatnonzero(spread >= 0.8 * spread.max())
        row = int(rows[len(rows) // 2])
        profiles = VGroup(
            *(
                self.profile(held[m][0], row, col[1])
                for m, col in zip((i, l1, g, t), cols, strict=True)
            )
        ).set_z_index(3)  # kept over the pictures while figures fade in
        # what the lines are, said once where the input's column has room
        what = VGroup(label("orange line: brightness", pal.accent),
                      label("along the dashed line", pal.accent))  # fmt: skip
        what.arrange(DOWN, buff=0.06).next_to(inp, DOWN, 0.2)
        scale = label("sharpness: 0 = flat, higher = crisper edges", pal.text)
        averaged = label(f"numbers: averages over {n} test pictures never "
                         "trained on, not this one alone", pal.text)  # fmt: skip
        averaged.next_to(Group(*figs), DOWN, 0.3).set_x(0)
        scale.next_to(averaged, DOWN, 0.1).set_x(0)
        self.narrate("Sharpness is how suddenly light turns to dark along a line, "
                     "like this dashed one:")  # fmt: skip
        self.play(*(Create(p) for p in profiles), FadeIn(what), run_time=2.0)
        self.hold_caption()
        # the traces stay up while their figures are read
        self.narrate("0 for a flat colour, higher for crisper edges.")
        # the traces carried through the fade, drawn last, so the pictures
        # are not redrawn over them while the figures come in
        self.bring_to_front(profiles)
        self.play(*(FadeIn(f[0]) for f in figs), FadeIn(scale), FadeIn(averaged),
                  Animation(profiles), run_time=0.6)  # fmt: skip
        self.hold_caption()
        self.narrate(f"Averaged over {n} pictures never trained on:")
        pointer = Pointer(pal.accent)
        self.play(pointer.to(averaged), run_time=0.6)
        self.mark_poster()
        # the with-inspector figure against the one without, the ratio printed
        # between them for the whole line; then the real pictures'
        between = label(times(ratio), pal.accent, style.LABEL_SIZE + 4)
        between.move_to((figs[0][0].get_right() + figs[1][0].get_left()) / 2)
        self.ratio_label = between  # tests read it here
        self.narrate(first[0].upper() + first[1:] + ".")
        self.play(pointer.to(Group(figs[0][0], figs[1][0])), FadeIn(between),
                  run_time=0.6)  # fmt: skip
        self.hold_caption()
        # the share of the real pictures' figure, printed where it is said,
        # the ratio before it gone so neither reads as the other
        share = label(f"{float(mean[g]):.3f} / {float(mean[t]):.3f} = "
                      f"{round(100 * float(mean[g] / mean[t]))}%", pal.accent)
        share.next_to(Group(figs[1][0], figs[2][0]), DOWN, 0.12)
        self.share_label = share  # tests read it here
        self.narrate(second)
        self.play(FadeOut(between), run_time=0.3)
        self.play(pointer.to(Group(figs[1][0], figs[2][0])), FadeIn(share),
                  run_time=0.6)  # fmt: skip
        self.hold_caption()
        self.play(pointer.away(), FadeOut(profiles), FadeOut(what), FadeOut(share),
                  run_time=0.4)  # fmt: skip
        # one line: was the content kept? A simple program reads each picture
        # back; said whole when both methods keep it alike, else each figure
        kept = (f"A simple program reads each picture's colour, its shape and which "
                f"corner it sits in: right for {pct(right[g])} of both versions, "
                f"so the content is kept."
                if pct(right[g]) == pct(right[l1]) else
                f"A simple program reads each picture's colour, shape and corner: "
                f"right for {pct(right[l1])} without the inspector, "
                f"{pct(right[g])} with it.")  # fmt: skip
        self.narrate(kept)
        self.play(LaggedStart(*(FadeIn(f[1]) for f in figs), lag_ratio=0.6),
                  run_time=2.0)  # fmt: skip
        self.narrate(last)
        # the closing claim, pointed at as it is said: the inspector's
        # texture, then the flat average it replaces
        mark = SurroundingRectangle(gan[1], color=pal.accent, buff=0.08)
        self.play(Create(mark), run_time=0.8)
        self.wait_frames(self.next_caption_in())
        self.play(mark.animate.move_to(flat[1]), run_time=0.8)
        self.wait(self.hold_seconds)

    def profile(self, image: np.ndarray, row: int, shown: Mobject) -> VGroup:
        """Brightness along pixel row ``row`` of ``image`` (h, w, 3, in -1..1),
        as a stepped line drawn over ``shown`` (its picture on screen): high
        for light, low for dark, one flat step per pixel; with a dashed guide
        marking the row it was read along."""
        pal = self.palette
        h, w = image.shape[:2]
        light = (np.clip(image[row].mean(-1), -1, 1) + 1) / 2  # (w,), 0 dark..1
        left, top = shown.get_left()[0], shown.get_top()[1]
        px = shown.width / w
        y_row = top - (row + 0.5) * px
        ends = [left, y_row, 0], [left + shown.width, y_row, 0]
        guide = DashedLine(*ends, color=pal.text, stroke_width=3, dash_length=0.1)
        base, span = shown.get_bottom()[1] + 0.15 * shown.height, 0.7 * shown.height
        points = []
        for x in range(w):
            y = base + span * float(light[x])
            points += [[left + x * px, y, 0], [left + (x + 1) * px, y, 0]]
        line = VMobject(color=pal.accent, stroke_width=4).set_points_as_corners(points)
        return VGroup(guide, line)
