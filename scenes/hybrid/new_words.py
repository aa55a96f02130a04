"""The hybrid chapter, a frozen pretrained prompt reader: what a prompt reader
does; the small reader's 10 words; the pretrained reader swapped in, and the
drawing model's copy trained again; then one prompt in a word no training prompt
held, drawn with each reader from the same static and read back by fixed rules.
The counts over all such prompts are NewWordsScore (new_words_score.py).

NewWords draws the ``new_words`` trace (``python -m engine record new_words``):
every picture, tick and figure on screen is read from it.

    make scene S=NewWords
    manim -pql scenes/hybrid/new_words.py NewWords
"""

from __future__ import annotations

import numpy as np
from manim import *

from scenes.hybrid import paired
from scenes.hybrid.draw import picture
from scenes.hybrid.paired import (
    SURE,
    groups,
    odds,
    overall_parts,
)
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.numbers import pct
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    descender,
    flow,
    sit_on_baseline,
    text,
    title_text,
)

# What a viewer reads for each kind of change (engine/hybrid/wording.KINDS).
KIND_SAID = {
    "colour": "a new colour word",
    "shape": "a new shape word",
    "place": "a new place word",
    "phrasing": "new filler words around the same words",
}
EXAMPLES = 2  # example prompts drawn; the chart shows them all
def picked_view(tr):
    """``tr`` with its examples replaced by the picked case (``picked_*``,
    recorded when there is one): the clearest colour-word prompt where only
    the pretrained reader's picture was right and the small one's was wrong
    only in colour. ``tr`` itself when the trace holds none (the fixed
    example stays)."""
    import dataclasses

    if "picked_text" not in tr.arrays or "picked_pieces" not in tr.arrays:
        return tr
    a = dict(tr.arrays)
    prompt = str(tr["picked_text"][0])
    vocab = {str(w) for w in tr["chapter_vocab"]}
    asked = np.asarray(tr["picked_asked"])
    a.update({
        "example_text": np.array([prompt]),
        "example_asked": asked[None],
        "example_small_words": np.array([" ".join(w for w in prompt.split()
                                                  if w in vocab)]),
        "example_pieces": np.asarray(tr["picked_pieces"]),
        "example_frozen": np.asarray(tr["picked_frozen"])[None],
        "example_small": np.asarray(tr["picked_small"])[None],
        "example_frozen_read": np.asarray(tr["picked_frozen_read"])[None],
        "example_small_read": np.asarray(tr["picked_small_read"])[None],
        "example_frozen_right": np.array([bool((np.asarray(
            tr["picked_frozen_read"]) == asked).all())]),
        "example_small_right": np.array([bool((np.asarray(
            tr["picked_small_read"]) == asked).all())]),
        "example_frozen_ink": np.asarray(tr["picked_frozen_ink"])[None],
        "example_small_ink": np.asarray(tr["picked_small_ink"])[None],
        "example_noise": np.asarray(tr["picked_noise"])[None],
    })  # fmt: skip
    word = str(tr["picked_new_word"][0])
    if "picked_pretrained_vector" in tr.arrays:
        a["vector_words"] = np.array([word])
        a["pretrained_vectors"] = np.asarray(tr["picked_pretrained_vector"])[None]
    if "picked_small_vector" in tr.arrays:
        a["small_vector_word"] = np.array([str(tr["colour_names"][int(asked[0])])])
        a["small_red_vector"] = np.asarray(tr["picked_small_vector"])
    return dataclasses.replace(tr, arrays=a)


def picked_tag(tr) -> list[str]:
    """The picked case's tag: "a picked case" when the trace holds one, else
    empty. How many prompts it was picked from is said with the count over
    all prompts, at the close, where that number is explained."""
    if "picked_text" not in tr.arrays:
        return []
    return ["a picked case"]


def never_trained(tr) -> str:
    """The picked case's new word when the trace says no training prompt of
    either drawing model held it; else ""."""
    if "picked_word_in_training" not in tr.arrays:
        return ""
    held = np.asarray(tr["picked_word_in_training"]).astype(bool)
    return "" if held.any() else str(tr["picked_new_word"][0])


# Said as the drawing model is copied, its reader swapped and the copy trained
# again; each reader's numbers for one word are on screen, from the trace.
SWAP_LINE = ("Our drawing model, which turns static into a picture, was copied, "
             "given the pretrained reader, and trained again on its numbers.")


def trained_line(word: str) -> str:
    """Said over the training wordings: both drawing models trained alike;
    that no training prompt held ``word`` (said only when the trace says so)."""
    said = "Both were trained on the same pictures and prompts"
    return said + (f"; none held {quoted(word)}." if word else ".")


def verdict_mark(right: bool, pal: style.Palette) -> Text:
    """A tick or a cross: the fixed rules' reading of one picture."""
    return text("\u2713 as asked" if right else "\u2717 not as asked",
                pal.data if right else pal.noise, style.LABEL_SIZE)  # fmt: skip


def readout_words(tr, codes) -> list[str]:
    """The fixed rules' reading of one picture, from its recorded codes
    (colour, shape, place; -1 where the rules found none) and ``tr``'s names
    for them: its colour and shape, and its place ("?" where none)."""
    c, sh, p = (int(x) for x in codes)

    def name(kind: str, code: int) -> str:
        return str(tr[f"{kind}_names"][code]) if code >= 0 else "?"

    return [f"{name('colour', c)} {name('shape', sh)}", name("position", p)]


def readout(tr, codes, pal: style.Palette) -> VGroup:
    """The rules' reading of one picture (``readout_words``) under "the rules
    read:", on three lines, under it."""
    lines = VGroup(text("the rules read:", pal.muted, style.LABEL_SIZE),
                   *(text(s, pal.text, style.LABEL_SIZE)
                     for s in readout_words(tr, codes)))  # fmt: skip
    # every line on its own baseline, descenders or not, so two readings
    # side by side stay level
    drop = descender(style.LABEL_SIZE)
    step = text("H", pal.text, style.LABEL_SIZE).height + 0.14
    for i, line in enumerate(lines):
        sit_on_baseline(line, -i * step, drop).set_x(0)
    return lines


def distances(tr, pics: str, k: int) -> list[float]:
    """How far a picture's ink colour is from each of the rules' colours, as
    the rule measures it: on the colours' shares of their own sum (hue), the
    straight-line distance. The nearest is the colour the rules name."""
    ink = np.asarray(tr[f"{pics}_ink"][k], dtype=float)
    refs = np.asarray(tr["colour_rgb"], dtype=float)
    refs = refs / refs.sum(1, keepdims=True)
    hue = ink / max(float(ink.sum()), 1e-9)
    return [float(np.sqrt(((r - hue) ** 2).sum())) for r in refs]


def ink_swatch(tr, pics: str, k: int, pal: style.Palette,
               named: bool = False) -> VGroup:
    """The colour rule on one picture, big: a swatch of the average colour of
    its bright pixels (``{pics}_ink``), an arrow, and the rules' three colour
    chips (red, green, blue) with their names under them; the one the rules
    named (``{pics}_read``, the nearest, ``distances``) ringed, its name
    lit, the others dimmed. ``named``: the average's swatch labelled
    "average ink colour" on its left. Empty when the trace holds no ink
    colour."""
    if f"{pics}_ink" not in tr.arrays or "colour_rgb" not in tr.arrays:
        return VGroup()
    avg = np.clip(np.asarray(tr[f"{pics}_ink"][k], dtype=float), 0, 1)
    code = int(tr[f"{pics}_read"][k][0])
    side = 0.34
    own = Square(side, stroke_width=1.5, color=pal.muted).set_fill(
        rgb_to_color(avg), opacity=1)
    refs = VGroup()
    drop = descender(style.LABEL_SIZE)
    for i in range(len(tr["colour_names"])):
        rgb = rgb_to_color(np.asarray(tr["colour_rgb"][i], dtype=float))
        near = i == code
        # every chip the same colour on every swatch: only the ring differs
        chip = Square(side, stroke_width=0).set_fill(rgb, opacity=1.0)
        ring = (Circle(radius=side * 0.78, color=pal.accent, stroke_width=3)
                .move_to(chip) if near else VGroup())  # fmt: skip
        name = text(str(tr["colour_names"][i]),
                    pal.accent if near else pal.muted, style.LABEL_SIZE)
        sit_on_baseline(name, -side / 2 - 0.2 - text(
            "H", pal.text, style.LABEL_SIZE).height, drop).set_x(0)
        refs.add(VGroup(chip, ring, name))
    for i, ref in enumerate(refs):
        ref.shift(RIGHT * i * (side + 0.42))
    arrow = Arrow(ORIGIN, RIGHT * 0.25, buff=0, color=pal.muted,
                  stroke_width=3, max_tip_length_to_length_ratio=0.4)
    own_arrow = VGroup(own, arrow).arrange(RIGHT, buff=0.1)
    own_arrow.shift(refs[0][0].get_center()[1] * UP - own.get_center()[1] * UP)
    own_arrow.next_to(refs, LEFT, 0.1).align_to(refs[0][0], UP)
    if named:  # what the first swatch is, beside it, right-aligned
        name = VGroup(text("average", pal.text, style.LABEL_SIZE),
                      text("ink colour", pal.text, style.LABEL_SIZE)).arrange(
            DOWN, buff=0.06, aligned_edge=RIGHT)
        name.next_to(own, LEFT, 0.12)
        own_arrow.add(name)  # kept with the swatch
    return VGroup(own_arrow[0], own_arrow[1], refs,
                  *([own_arrow[2]] if named else []))


def fallback(tr, kind: str = "colour") -> tuple[str, int, int] | None:
    """What the small reader drew most with a ``kind`` word skipped: (the
    colour, in how many pictures, of how many), from the rules' reading of
    every judged picture; None if the trace does not hold it."""
    if "judged_small_read" not in tr.arrays or kind != "colour":
        return None
    got = tr["judged_small_read"][tr["judged_kind"] == kind, 0]
    if not len(got):
        return None
    codes, counts = np.unique(got[got >= 0], return_counts=True)
    if not len(codes):
        return None
    top = int(np.argmax(counts))
    return str(tr["colour_names"][codes[top]]), int(counts[top]), len(got)


def pale(tr, pics: str, k: int) -> bool:
    """Whether a picture's ink averages to a pale colour: its channels within
    40% of its brightest (so it reads to the eye as near white or grey)."""
    if f"{pics}_ink" not in tr.arrays:
        return False
    avg = np.asarray(tr[f"{pics}_ink"][k], dtype=float)
    return bool(avg.max() > 0 and (avg.max() - avg.min()) / avg.max() < 0.4)


def digits(vec, n: int = 3) -> str:
    """The first ``n`` numbers of a reader's vector as on screen:
    "[0.04, −0.12, 0.33, …]" (two decimals, a true minus sign; a number
    that two decimals would show as 0.00 gets three, never "−0.00")."""
    def one(v: float) -> str:
        said = f"{v:.2f}" if round(v, 2) != 0 else f"{v:.3f}"
        if float(said) == 0:
            said = "0.00"
        return said.replace("-", "\u2212")

    return "[" + ", ".join(one(float(v)) for v in vec[:n]) + ", …]"


def vector_of(tr, who: str, word: str):
    """A reader's recorded vector for ``word`` (``who`` "pretrained" or
    "small"), or None when the trace does not hold it."""
    if who == "small":
        own = (str(tr["small_vector_word"][0]) if "small_vector_word" in tr.arrays
               else "red")  # fmt: skip
        return tr["small_red_vector"] if (word == own and "small_red_vector"
                                          in tr.arrays) else None  # fmt: skip
    if "pretrained_vectors" not in tr.arrays:
        return None
    words = [str(w) for w in tr["vector_words"]]
    return tr["pretrained_vectors"][words.index(word)] if word in words else None


def rule_line(tr, k: int) -> str:
    """Said as the colour rule is shown on example ``k``: the rules only tell
    the chapter's colours apart, so the new word is scored as the colour it
    stands for (why a habit of drawing one colour scores well is said with
    the habit, in the close); where the pretrained reader's picture is a near
    thing (its two nearest within a tenth of each other), that it is only
    just nearer."""
    names = [str(c) for c in tr["colour_names"]]
    said = (f"The rules tell only {', '.join(names[:-1])} and {names[-1]} "
            "apart")
    means = meaning_of(tr)
    fresh = [w for w in str(tr["example_text"][k]).split()
             if means.get(w) in names]  # fmt: skip
    if fresh:
        colour = means[fresh[0]]
        said += f", so {quoted(fresh[0])} is scored as {colour}"
    code = int(tr["example_frozen_read"][k][0])
    if code >= 0 and "example_frozen_ink" in tr.arrays:
        far = distances(tr, "example_frozen", k)
        rest = sorted((d, i) for i, d in enumerate(far) if i != code)
        if rest and rest[0][0] - far[code] < 0.1 * far[code]:
            return (said + f". This pale one is only just nearer {names[code]} "
                    f"than {names[rest[0][1]]}.")
    return said + "."


def big_picture(pixels, side: float, k: int = 8):
    """A picture ``side`` scene units tall, each of its pixels first repeated
    ``k`` x ``k`` times (nearest neighbour), so it stays crisp squares at any
    output size."""
    px = np.repeat(np.repeat(np.asarray(pixels), k, 0), k, 1)
    return picture(px, side)


def word_boxes(
    words: list[str], edge: str, ink: str, size: float, buff: float
) -> VGroup:
    """Each word in a box, side by side: every box as tall as the tallest word
    could be, every word on one baseline (so "top" sits level with "left")."""
    drop = descender(size)
    box_h = text("Hg", ink, size).height + 0.16
    row = VGroup()
    for w in words:
        t = sit_on_baseline(text(w, ink, size), 0, drop)
        box = Rectangle(width=t.width + 0.18, height=box_h, color=edge,
                        stroke_width=1.5)  # fmt: skip
        box.move_to([t.get_x(), -drop + box_h / 2 - 0.08, 0])
        row.add(VGroup(box, t))
    return row.arrange(RIGHT, buff=buff, aligned_edge=DOWN)


def fillers(tr) -> list[str]:
    """The words of the training prompts outside the chapter's words (the
    filler the small reader skips), in order of first use."""
    vocab = {str(w) for w in tr["chapter_vocab"]}
    out: list[str] = []
    for p in tr["train_phrasings"]:
        for w in str(p).replace(",", " ").replace(":", " ").split():
            if w not in vocab and w not in out:
                out.append(w)
    return out


def example_line(tr, k: int) -> str:
    """Example ``k`` said as on screen: its prompt, and each reader's picture
    as the rules read it, "as asked" where it was."""
    prompt = str(tr["example_text"][k])
    known = set(str(tr["example_small_words"][k]).split())
    blind = [w for w in prompt.split() if w not in known]
    fresh = [w for w in blind if w in meaning_of(tr)]
    said = []
    for who, pics in (("the small reader", "example_small"),
                      ("the pretrained reader", "example_frozen")):  # fmt: skip
        drawn = " ".join(readout_words(tr, tr[f"{pics}_read"][k]))
        right = bool(tr[f"{pics}_right"][k])
        if who == "the small reader" and fresh:
            lead = f"{who}, without {' or '.join(map(quoted, fresh))},"
            # a right picture without a shape or place word is a lucky guess
            blind_at = [w for w in fresh if meaning_of(tr)[w] in shape_or_place(tr)]
            # why it drew the colour it did, in place of the skipped word
            why = no_colour_word(tr, fresh, drawn)
            said.append(f"{who} drew it as asked, by chance: it never saw "
                        f"{' or '.join(map(quoted, blind_at))}"
                        if right and blind_at else
                        f"{lead} drew it as asked anyway" if right
                        else f"{who} {why} and drew what reads as {drawn}" if why
                        else f"{lead} drew what reads as {drawn}")  # fmt: skip
            continue
        missed = [w for w in fresh if meaning_of(tr)[w] not in drawn.split()]
        # its habit of one colour is said in the close, once it is shown
        said.append(f"{who} drew it as asked" if right else
                    f"{who} got {' and '.join(map(quoted, missed))} wrong: drew "
                    f"what reads as {drawn}" if missed else
                    f"{who} drew what reads as {drawn}")  # fmt: skip
    return f"{quoted(prompt)}: {said[0]}; {said[1]}."


def no_colour_word(tr, fresh: list[str], drawn: str) -> str:
    """Why the small reader drew the colour it did ("saw no colour word it
    knew"), said only where a skipped word stands for a colour and the colour
    read is not that one; else ""."""
    colours = {str(c) for c in tr["colour_names"]}
    asked = [meaning_of(tr)[w] for w in fresh if meaning_of(tr)[w] in colours]
    if asked and drawn.split()[0] != asked[0]:
        return "saw no colour word it knew"
    return ""


def shape_or_place(tr) -> set[str]:
    """The chapter's shape words and place words (each word of a quarter's
    name), from the trace."""
    return {str(w) for w in tr["shape_names"]} | {
        w for p in tr["position_names"] for w in str(p).split()}


def sees(prompt: str, known: str) -> str:
    """What the small reader is given of ``prompt``: the words it knows, "?"
    for each it skips."""
    ok = set(known.split())
    return " ".join(w if w in ok else "?" for w in prompt.split())


def lead_of(tr, k: int) -> str:
    """How example ``k`` is brought in: "A hand-picked success" where the
    pretrained reader drew it as asked (how often that holds is the next
    scene's count); else "An example"."""
    if not bool(tr["example_frozen_right"][k]):
        return "An example: "
    if "picked_text" in tr.arrays and str(tr["picked_text"][0]) == str(
            tr["example_text"][k]):
        return "The picked case: "
    return "A hand-picked success: "


def meaning_of(tr) -> dict[str, str]:
    """Each new word of the trace with the chapter word it stands for."""
    return {str(w): str(m) for w, m in zip(tr["synonym_words"],
                                          tr["synonym_meanings"], strict=True)}


def new_words_by_kind(tr) -> dict[str, list[str]]:
    """Each kind's words that no training prompt holds, from the trace's
    prompts in new words, in order of first use."""
    trained = {w for p in tr["train_phrasings"] for w in str(p).replace(
        ",", " ").replace(":", " ").split()} | {str(w) for w in tr["chapter_vocab"]}
    out: dict[str, list[str]] = {}
    for t, k in zip(tr["reworded_text"], tr["reworded_kind"], strict=True):
        got = out.setdefault(str(k), [])
        for w in str(t).split():
            if w not in trained and w not in got:
                got.append(w)
    return out


def pick_examples(tr, most: int = EXAMPLES) -> list[int]:
    """The examples shown: those with exactly one word no training prompt
    holds (so the picture answers that one word), in the trace's order, at
    most ``most``; the first example when none has one."""
    trained = {w for p in tr["train_phrasings"] for w in str(p).replace(
        ",", " ").replace(":", " ").split()} | {str(w) for w in tr["chapter_vocab"]}
    one = [k for k, t in enumerate(tr["example_text"])
           if sum(w not in trained for w in str(t).split()) == 1]  # fmt: skip
    return one[:most] or [0]


def examples_takeaway(shown: int, small: int, frozen: int) -> list[str]:
    """The examples' takeaway, on screen and said, chosen by how many of the
    ``shown`` examples each reader's picture was drawn as asked (``small``,
    ``frozen``)."""
    said = ("here the pretrained reader did better" if frozen > small
            else "here the two did the same" if frozen == small
            else "here the small reader did better")  # fmt: skip
    counts = (f"(pretrained reader's picture {'as' if frozen else 'not as'} "
              f"asked, small reader's {'as' if small else 'not as'} asked);"
              if shown == 1 else
              f"(pretrained {frozen} of {shown} as asked, small {small} of "
              f"{shown});")  # fmt: skip
    return [f"Same training, other reader: {said}", counts,
            "the next scene counts them all"]


def luck_words(p: float) -> str:
    """How often luck alone gives a gap as big, in words, from the sign
    test's p-value: "about 4 times in 10" where it is common, "nearly
    always" near 1, else ``paired.odds`` ("about 1 time in 20")."""
    if p >= 0.95:
        return "nearly always"
    if p >= 0.15:
        return f"about {round(p * 10)} times in 10"
    return odds(p)


def closing_answer(ahead: int, behind: int, p: float,
                   without: str = "") -> tuple[str, str, str]:
    """The answer to the title's question: (``"yes"``, ``"unclear"`` or
    ``"no"``, the line said, the line shown), chosen by the paired split
    (``ahead``: prompts only the pretrained reader got right, ``behind``:
    only the small one) and its sign test's ``p``. ``without``: the colour
    set aside when the split is the one left without it."""
    gap = f"{ahead} vs {behind}"
    even = f" even without {without}" if without else ""
    if ahead <= behind:
        left = f"Leaving {without} out, it" if without else "It"
        return ("no", f"{left} is not ahead, {gap}. So: no, the pretrained "
                "reader does not help with new colour words.",
                "no: the pretrained reader does not help")
    luck = f"Luck alone gives a gap like {gap} {luck_words(p)}."
    if p < SURE:
        return ("yes", f"{luck} So: yes, the pretrained reader helps with new colour "
                f"words{even}.", f"yes: the pretrained reader helps{even}")
    # the test is of the drawn pictures: the answer says whether the
    # pretrained reader helps the drawing, not whether it knows the word
    return ("unclear", f"{luck} So: no clear sign the pretrained reader helps with new "
            "colour words.", "no clear sign the pretrained reader helps")


def close_answer(g: paired.Group) -> tuple[str, str, str]:
    """``closing_answer`` for the new-colour group ``g``: on the split left
    without the pretrained reader's commonest colour where it drew that
    colour for most prompts (its lead there could be the habit), else on the
    whole split."""
    h = g.habit
    if h is not None and h.drawn > h.prompts / 2:
        return closing_answer(*h.rest, h.p_rest, h.colour)
    return closing_answer(g.only_pretrained, g.only_small, g.p)


def colour_words(tr) -> dict[str, list[str]]:
    """Each colour the new-colour prompts asked for, with the new words they
    asked for it by (words no training prompt held), from the trace, in the
    colours' order: {"red": ["crimson", "scarlet"], ...}."""
    means = meaning_of(tr)
    fresh = new_words_by_kind(tr).get("colour", [])
    out: dict[str, list[str]] = {}
    for c in (str(c) for c in tr["colour_names"]):
        got = [w for w in fresh if means.get(w) == c]
        if got:
            out[c] = got
    return out


def words_part(tr, prompts: int) -> tuple[str, list[str]]:
    """The close's first part: what the new-colour prompts are, said and
    shown (each colour with the new words that ask for it)."""
    by = colour_words(tr)
    said = ", ".join(f"{c} as {' or '.join(ws)}" for c, ws in by.items())
    shown = "   ".join(f"{', '.join(ws)} \u2192 {c}" for c, ws in by.items())
    return (f"The {prompts} new-colour prompts ask for {said}.",
            [f"the {prompts} new-colour prompts ask:", shown])


def asked_for(tr, colour: str) -> int:
    """How many new-colour prompts asked for ``colour``, from the trace."""
    names = [str(c) for c in tr["colour_names"]]
    m = tr["judged_kind"] == "colour"
    return int((tr["judged_asked"][m, 0] == names.index(colour)).sum())


def rest_counts(tr, h: paired.Habit) -> tuple[int, int, int]:
    """How many new-colour prompts asked for another colour than the habit's,
    how many of those both readers got right and how many neither did, from
    the trace's split by colour asked (``colour_paired_split``: both right,
    only pretrained, only small, neither)."""
    names = [str(c) for c in tr["colour_names"]]
    rest = np.delete(np.asarray(tr["colour_paired_split"]),
                     names.index(h.colour), axis=0).sum(0)  # fmt: skip
    return int(rest.sum()), int(rest[0]), int(rest[3])


def habit_covers_pick(tr, h: paired.Habit) -> str:
    """The picked case's new word when its win is what the habit alone would
    give: it asked for the habit's colour, the pretrained reader drew it as
    asked and drew that colour for most prompts; else ""."""
    if "picked_asked" not in tr.arrays or h.drawn <= h.prompts / 2:
        return ""
    asked = np.asarray(tr["picked_asked"])
    names = [str(c) for c in tr["colour_names"]]
    right = bool((np.asarray(tr["picked_frozen_read"]) == asked).all())
    same = int(asked[0]) == names.index(h.colour)
    return str(tr["picked_new_word"][0]) if right and same else ""


def habit_part(tr, h: paired.Habit, pick: str = "") -> tuple[str, list[str]]:
    """The habit's own part, said over its colour strips (no text lines):
    how many prompts asked for its colour against how many pictures the
    pretrained reader drew in it; "yet" and "a habit" chosen by those counts
    and by its wins on that colour's prompts. ``pick``: the picked case's new
    word where its win is just the habit (``habit_covers_pick``), then said
    so."""
    asked = asked_for(tr, h.colour)
    more = h.drawn > asked
    said = (f"{'Only ' if more else ''}{asked} of them asked for {h.colour}, "
            f"{'yet' if more else 'and'} the pretrained reader drew "
            f"{h.colour} for {h.drawn} of the {h.prompts}")
    if more and h.wins_in_habit:
        said += (f": a habit, so the {pick} win we saw may be only that" if pick
                 else f": a habit that scores well on {h.colour} prompts")
    return said + ".", []


def habit_text(tr, h: paired.Habit) -> str:
    """The habit as shown under the pretrained reader's strip: "a habit:
    drew blue 61 times; only 20 asked for blue", from the trace; "" where it did
    not draw its commonest colour more often than that colour was asked for
    (no habit to name)."""
    asked = asked_for(tr, h.colour)
    if h.drawn <= asked or h.drawn <= h.prompts / 2:
        return ""
    return (f"a habit: drew {h.colour} {h.drawn} times; "
            f"only {asked} asked for {h.colour}")


def habit_label(tr, h: paired.Habit, pal: style.Palette) -> VGroup:
    """``habit_text`` in the accent colour, or empty."""
    said = habit_text(tr, h)
    return VGroup(text(said, pal.accent, style.LABEL_SIZE + 2)) if said else VGroup()


def split_words(ahead: int, behind: int, both: int, neither: int) -> str:
    """The whole split of a set of prompts in words, biggest news first: who
    alone got how many right, then both and neither ("both" left out when
    none, so "pretrained right on 9" is never read as "only 9 right")."""
    only = "only " if both else ""
    said = f"{only}pretrained right on {ahead}, {only}small on {behind}"
    return said + (f", both on {both}" if both else "") + f", neither on {neither}"


def known_baseline(check: paired.Group | None) -> tuple[str, str]:
    """How both readers drew prompts made only of words both know (the check
    group: its share drawn as asked), said and shown, so the split on new
    colour words reads against a baseline: ("With words both know, both drew
    95% as asked.", "words both know: both drew 95% as asked"); empty where
    the trace holds no check group. The check group's prompt count is left
    out: beside the split's own count it would read as the same prompts."""
    if check is None:
        return "", ""
    a, b = pct(check.pretrained), pct(check.small)
    drew = (f"both drew {a} as asked" if a == b else
            f"pretrained drew {a} as asked, small {b}")  # fmt: skip
    return f"With words both know, {drew}.", f"words both know: {drew}"


def rest_part(tr, h: paired.Habit,
              check: paired.Group | None = None) -> tuple[str, list[str]]:
    """The split left once the prompts asking for the habit's colour are set
    aside, said as taking the habit out, and shown whole (``split_words``)
    under its total; then, where ``check`` is given, how both drew prompts
    in words both know (``known_baseline``), so "neither" reads against it."""
    n, both, neither = rest_counts(tr, h)
    split = split_words(*h.rest, both, neither)
    said, shown = known_baseline(check)
    left_out = h.prompts - n
    return (f"To take the habit out, leave out the {left_out} {h.colour} "
            f"prompts: of the other {n}, {split}." + (f" {said}" if said else ""),
            [f"{h.colour} prompts left out; of the other {n}:", split,
             *([shown] if shown else [])])


def close_luck(g: paired.Group) -> str:
    """How often luck alone gives the gap the answer weighs, shown over the
    answer as the voice says it; "" where the answer weighs no luck (the
    pretrained reader not ahead)."""
    h = g.habit
    if h is not None and h.drawn > h.prompts / 2:
        (ahead, behind), p = h.rest, h.p_rest
    else:
        ahead, behind, p = g.only_pretrained, g.only_small, g.p
    if ahead <= behind:
        return ""
    return f"luck alone gives a gap this big {luck_words(p)}"


def check_group(tr) -> paired.Group | None:
    """The check group (prompts in words both readers know, with harmless
    extra words) from the trace, as NewWordsScore reads it; None where the
    trace holds none."""
    if "kind_names" not in tr.arrays or "phrasing" not in {
            str(k) for k in tr["kind_names"]}:
        return None
    return next(g for g in groups(tr) if g.kind == "phrasing")


def close_parts(tr, g: paired.Group) -> list[tuple[str, list[str]]]:
    """NewWords' close, one part a beat, evidence first: what the new colour
    words are; where the pretrained reader drew one colour for most prompts,
    that habit, then the split left without that colour; else the paired
    close over all prompts (``paired.overall_parts``); last, the answer to
    the title (``close_answer``), under how often luck gives its gap
    (``close_luck``)."""
    _, said, answer = close_answer(g)
    h = g.habit
    if h is not None and h.drawn > h.prompts / 2:
        middle = [habit_part(tr, h, habit_covers_pick(tr, h)),
                  rest_part(tr, h, check_group(tr))]
    else:
        middle = overall_parts(g)[:-1]
    luck = close_luck(g)
    return [words_part(tr, g.prompts), *middle,
            (said, [luck, answer] if luck else [answer])]


class NewWords(ExplainerScene):
    """What a prompt reader does; the small reader's words; one prompt in a new
    word as each reader sees it; the drawing model copied with the pretrained
    reader swapped in and trained again; examples with one new word each,
    drawn with both readers from the same static and read back by fixed
    rules; the takeaway, chosen by their verdicts. Reads ``chapter_vocab``,
    ``example_*``, ``train_phrasings``, ``train_picture``, ``synonym_*`` and
    the code names."""

    trace_kind = "new_words"
    pic = 2.7  # scene units, one picture's side in the examples
    train_pic = 1.9  # scene units, the training picture's side
    prompt_size = 36  # the prompt and what each reader makes of it
    chip_size = 30  # the small reader's words, at the top
    prompt_width = 6.4  # scene units: a wider example prompt wraps
    hold_seconds = 1.0
    show_picked = True  # the picked case as the example, when recorded

    def setup(self):
        super().setup()
        tr = load_trace(self.trace_kind)
        # the picked case in place of the fixed examples (NewWordsScore
        # reads the trace as recorded)
        self.tr = picked_view(tr) if self.show_picked else tr

    def construct(self):
        pal, tr = self.palette, self.tr
        self.add(title_text("A pretrained prompt reader: can it read new "
                            "words?", pal))  # fmt: skip
        self.readers(str(tr["example_text"][0]), str(tr["example_small_words"][0]),
                     str(tr["example_pieces"][0]).split())  # fmt: skip
        self.examples()
        ids = self.example_ids
        small = sum(bool(tr["example_small_right"][k]) for k in ids)
        frozen = sum(bool(tr["example_frozen_right"][k]) for k in ids)
        shown = examples_takeaway(len(ids), small, frozen)
        # under the example pictures, in place of the rules' line: the
        # pictures and their ticks stay, so the poster shows what it says
        tag = self.tag_shown
        # the picked case's tag stays to the end (the poster says how it was
        # picked) and the takeaway is said; with no tag, it is shown
        takeaway = tag if len(tag) else VGroup(
            text(shown[0], pal.accent, style.LABEL_SIZE + 2))  # fmt: skip
        if not len(tag):
            takeaway.move_to(self.rules_line).align_to(self.rules_line, UP)
        if takeaway.width > config.frame_width - 0.3:
            raise ValueError("NewWords: the takeaway line is too wide")
        self.takeaway_shown = takeaway  # tests read it here
        # the close: the new-colour group over all its prompts, from the
        # trace's paired split, said and shown big (the picked case alone
        # would mislead); without a paired split, the examples' takeaway
        close = self.overall()
        if close is None:
            self.narrate(f"{shown[0]}. {shown[2][0].upper() + shown[2][1:]}.")
            if not len(tag):
                self.play(FadeOut(self.rules_line), run_time=0.3)
                self.play(FadeIn(takeaway), run_time=0.8)
            self.mark_poster()
            self.hold_caption()
            self.wait(self.hold_seconds)
            return
        parts, beats = close
        gone = [m for m in self.mobjects
                if m is not self.title_mob and m is not self._caption]
        self.play(*(FadeOut(m) for m in gone), run_time=0.3)
        # evidence first, the verdict last: each part's lines as it is said
        for i, ((said, _), lines) in enumerate(zip(parts, beats, strict=True)):
            self.narrate(said)
            if i == 0:  # the new words come with the voice's first words
                lines = [VGroup(*lines)]
            if lines:
                self.reveal(lines)
            self.hold_caption()
        self.mark_poster()

    def reveal(self, lines: list) -> None:
        """Fade ``lines`` in quickly, each as the voice reaches it: the first
        with the line's first caption, each next one with the next caption
        where the line is split, so nothing waits seconds behind its words."""
        for i, m in enumerate(lines):
            if i and self.next_caption_in() > 0:
                self.wait_frames(self.next_caption_in())
            self.play(FadeIn(m, shift=UP * 0.15), run_time=0.5)

    def overall(self):
        """The close over all new-colour prompts (``close_parts``): the parts
        said in turn and, for each, the big panel's lines it shows (the
        habit's part its colour strips), as (parts, each part's mobjects);
        None when the trace holds no paired split."""

        pal, tr = self.palette, self.tr
        if "paired_split" not in tr.arrays:
            return None
        picks = {"colour": len(tr["colour_names"])}
        g = next((g for g in groups(tr, picks) if g.kind == "colour"), None)
        if g is None:
            return None
        parts = self.close_parts = close_parts(tr, g)  # tests read them here
        kind = close_answer(g)[0]
        ink = {"yes": pal.data, "no": pal.noise}.get(kind, pal.accent)
        beats = [[text(t, *self.close_look(i, j, len(parts), len(lines), ink, t))
                  for j, t in enumerate(lines)]
                 for i, (_, lines) in enumerate(parts)]  # fmt: skip
        self.overall_shown = VGroup(*(m for b in beats for m in b))  # tests read it
        # the habit seen, not only said: what was asked against what the
        # pretrained reader drew, colour by colour (the strips NewWordsScore
        # shows), as the habit's own beat
        strips = VGroup()
        habit_at = next((i for i, (said, lines) in enumerate(parts)
                         if not lines), None)  # fmt: skip
        if habit_at is not None:
            strips = VGroup(self.drawn_colours(0, 0, "asked", 3.2),
                            self.drawn_colours(0, 0, "frozen", 3.2))
            if not all(len(r) for r in strips):
                strips = VGroup()
            else:
                strips.arrange(DOWN, buff=0.12, aligned_edge=LEFT)
                beats[habit_at] = [*strips]
        self.close_strips = strips  # tests read it here
        # the habit named on screen under the pretrained reader's strip, as
        # the voice says "a habit"
        label = (habit_label(tr, g.habit, self.palette)
                 if len(strips) and g.habit is not None else VGroup())
        self.habit_shown = label  # tests read it here
        block = VGroup(strips, label).arrange(DOWN, buff=0.12, aligned_edge=LEFT) \
            if len(label) else strips  # fmt: skip
        # the strips one row, so they stay level and apart from the lines
        rows = [m for i, b in enumerate(beats)
                for m in ([block] if i == habit_at and len(strips) else b)]
        VGroup(*rows).arrange(DOWN, buff=0.2).move_to([0, -0.05, 0])
        for m in self.overall_shown:
            if m.width > config.frame_width - 0.4:
                m.scale_to_fit_width(config.frame_width - 0.4)
        # where the habit alone would give the picked case's win, its
        # picture comes back beside the pretrained reader's strip as that is said
        word = habit_covers_pick(tr, g.habit) if g.habit is not None else ""
        self.close_pick = VGroup()  # tests read it here
        if len(strips) and word:
            self.close_pick = self.pick_thumb(word).next_to(block, RIGHT, 0.3)
        if len(strips) and (word or len(label)):
            # the label and the picked win together, with "a habit, so the
            # ... win we saw"
            beats[habit_at].append(Group(label, self.close_pick))
        return parts, beats

    def close_look(self, i: int, j: int, parts: int, lines: int,
                   ink: str, line: str = "") -> tuple[str, float]:
        """Colour and size of line ``j`` (of ``lines``) of the close's part
        ``i`` (of ``parts``), reading ``line``: the answer big in ``ink``; a
        part's heading (its lines but the last, where it has several, or one
        ending in a colon) and the words-both-know baseline plain; the new
        words in the sample colour; the other figures plain, a size up."""
        if i == parts - 1 and j == lines - 1:
            return ink, style.BODY_SIZE + 10
        heading = line.endswith(":") or line.startswith("words both know")
        if (heading or j < lines - 1) and lines > 1 and i != parts - 1:
            if not heading and "neither on" in line:  # the split: a figure
                return self.palette.text, style.BODY_SIZE + 2
            return self.palette.text, style.BODY_SIZE
        return (self.palette.sample if i == 0 else self.palette.text,
                style.BODY_SIZE + 2)

    def pick_thumb(self, word: str) -> Group:
        """The picked case's pretrained picture, small, under its new word and
        a tick: the win the habit alone would give, beside the habit."""
        pal = self.palette
        pic = big_picture(self.tr["picked_frozen"], 1.3)
        # ringed: the "win we saw" the voice points back at
        edge = SurroundingRectangle(pic, buff=0.03, color=pal.accent, stroke_width=3)
        label = text(f"{word} \u2713", pal.data, style.LABEL_SIZE)
        return Group(label, Group(pic, edge)).arrange(DOWN, buff=0.08)

    def drawn_colours(self, x: float, y: float, model: str = "small",
                      long: float = 2.2) -> VGroup:
        """A strip of the colours the small reader drew with the colour word
        skipped (the rules' reading of every such picture), each as wide as
        its count, named with the count of the commonest; centred at
        (``x``, ``y``). Empty if the trace does not hold the readings."""
        got = fallback(self.tr)
        if got is None or "colour_rgb" not in self.tr.arrays:
            return VGroup()
        pal, tr = self.palette, self.tr
        codes = (tr["judged_asked"] if model == "asked" else
                 tr[f"judged_{model}_read"])[tr["judged_kind"] == "colour", 0]
        strip = VGroup()
        for i in range(len(tr["colour_names"])):
            n = int((codes == i).sum())
            if n:
                rgb = np.asarray(tr["colour_rgb"][i], dtype=float)
                strip.add(Rectangle(width=long * n / len(codes), height=0.3,
                                    stroke_width=0).set_fill(
                    rgb_to_color(rgb), opacity=1))
        if int((codes < 0).sum()):  # no clear colour: grey, the strip whole
            strip.add(Rectangle(width=long * int((codes < 0).sum()) / len(codes),
                                height=0.3, stroke_width=0).set_fill(
                pal.muted, opacity=1))  # fmt: skip
        strip.arrange(RIGHT, buff=0)
        colour, n, m = got
        # every colour named with its count, the commonest first
        counts = sorted(((int((codes == i).sum()), str(c))
                         for i, c in enumerate(tr["colour_names"])),
                        reverse=True)  # fmt: skip
        none = int((codes < 0).sum())  # no shape found: no colour read
        said = text(("" if model == "asked" else "drew ")
                    + ", ".join(f"{c} {k}" for k, c in counts)
                    + (f", no clear colour {none}" if none else "") + f" of {m}",
                    pal.text, style.LABEL_SIZE)
        who = {"small": "small reader", "frozen": "pretrained",
               "asked": "asked for"}[model]
        head = text(who + ":", pal.guess if model == "frozen" else
                    pal.sample if model == "asked" else pal.text,
                    style.LABEL_SIZE)
        # the strip first: every row's strip starts level, to compare
        inset = VGroup(strip, head, said).arrange(RIGHT, buff=0.2)
        box = SurroundingRectangle(inset, buff=0.1, color=pal.muted,
                                   stroke_width=1.5).set_fill(pal.background, 1)
        # the strip and its words always over their own filled box, however
        # the scene re-orders what it draws as later figures come in
        return VGroup(box, inset.set_z_index(box.z_index + 1)).move_to([x, y, 0])

    def new_word(self) -> str:
        """The first word of the first example the small reader cannot read."""
        known = set(str(self.tr["example_small_words"][0]).split())
        return next(w for w in str(self.tr["example_text"][0]).split()
                    if w not in known)  # fmt: skip

    def readers(self, prompt: str, small_words: str, pieces: list[str]):
        """The small reader's words; the prompt; what the small reader can look
        up of it; the pieces the pretrained reader splits it into. Each part
        comes in with the line that speaks of it; words sit on one baseline."""
        pal, st, tr = self.palette, self.tr.stats, self.tr
        self.title_mob = self.mobjects[0]
        known = set(small_words.split())
        vocab = [str(w) for w in tr["chapter_vocab"]]
        job = text("prompt reader: turns the prompt's words into numbers the "
                   "drawing model draws from", pal.accent,
                   style.LABEL_SIZE + 2).move_to([0, 2.85, 0])  # fmt: skip
        head_vocab = text(f"ours, the small reader, knows {len(vocab)} words:",
                          pal.text, style.BODY_SIZE).move_to([0, 2.25, 0])
        chips = word_boxes(vocab, pal.muted, pal.text, self.chip_size, 0.12)
        chips.scale_to_fit_width(min(chips.width, config.frame_width - 0.6))
        chips.move_to([0, 1.65, 0])
        # a word as numbers, the small reader's own, where the trace holds them
        said_word = (str(tr["small_vector_word"][0]) if "small_vector_word"
                     in tr.arrays else "red")  # fmt: skip
        mine = vector_of(tr, "small", said_word)
        first_numbers = VGroup(
            text(quoted(said_word) + " \u2192", pal.text, self.prompt_size),
            text(digits(mine, 4), pal.guess, self.prompt_size),
        ).arrange(RIGHT, buff=0.3).move_to([0, 0.6, 0]) if mine is not None \
            else VGroup()  # fmt: skip
        self.opening_numbers = first_numbers  # tests read it here
        self.narrate("A prompt reader turns the prompt's words into numbers the "
                     "drawing model draws from.")  # fmt: skip
        self.play(FadeIn(job), run_time=0.6)
        self.play(FadeIn(first_numbers, shift=RIGHT * 0.3),
                  run_time=max(0.6, self.caption_left()))
        self.narrate("The small prompt reader we trained knows only "
                     f"{st['chapter_words']} words.")  # fmt: skip
        self.play(FadeOut(first_numbers), run_time=0.3)
        self.play(FadeIn(head_vocab),
                  LaggedStart(*map(FadeIn, chips), lag_ratio=0.25),
                  run_time=2.0)  # fmt: skip
        head_vocab = VGroup(job, head_vocab)
        # only the words it cannot read in the new-words colour
        words = flow(prompt.split(),
                     [pal.text if w in known else pal.sample for w in prompt.split()],
                     config.frame_width, self.prompt_size, space=0.35)  # fmt: skip
        baseline = 0.8 - words.get_center()[1]  # flow puts the baseline at 0
        words.move_to([0, 0.8, 0])
        drop = descender(self.prompt_size)
        seen = VGroup()
        for w, shown in zip(prompt.split(), words, strict=True):
            ink = pal.text if w in known else pal.muted
            t = text(w if w in known else "?", ink, self.prompt_size)
            t.set_x(shown.get_x())
            seen.add(sit_on_baseline(t, baseline - 1.0, drop))
        head_small = text("it sees:", pal.text, style.BODY_SIZE)
        head_small.next_to(seen, LEFT, 0.4)
        said = " ".join(w for w in prompt.split() if w in known) or "nothing"
        # the new word's meaning, at its first use: it stands for a known word
        means = meaning_of(tr)
        fresh = [w for w in prompt.split() if w not in known and w in means]
        gloss = VGroup(*(text(f"{w} = a {means[w]}, not one of its {len(vocab)} "
                              "words", pal.sample, style.LABEL_SIZE + 2)
                         for w in fresh[:1]))  # fmt: skip
        gloss.next_to(seen, DOWN, 0.25)
        self.gloss_shown = gloss  # tests read it here
        self.narrate(f"Asked for {quoted(prompt)}, it can look up only "
                     f"{quoted(said)}"
                     + (f"; {quoted(fresh[0])} is a {means[fresh[0]]}, but not "
                        "one of its words." if fresh else "."))  # fmt: skip
        self.play(FadeIn(words), run_time=0.6)
        self.play(FadeIn(head_small),
                  # each word fades in under its own: nothing slides across
                  # the prompt line
                  *(FadeIn(s, shift=DOWN * 0.2) for s in seen),
                  run_time=1.0)  # fmt: skip
        self.play(FadeIn(gloss), run_time=max(0.5, self.caption_left() - 0.3))
        self.hold_caption()
        # the [CLS] and [SEP] marks it adds would only be jargon: not shown
        shown = [p for p in pieces if not (p.startswith("[") and p.endswith("]"))]
        # "pieces" is said only when a word of this prompt was split ("##"
        # marks a piece that continues a word)
        split = any(p.startswith("##") for p in shown)
        reads = ("It splits rare words into pieces:" if split
                 else "It has met every word of the prompt:")  # fmt: skip
        pretrained = plain("pretrained")
        cut = pretrained.index(";")  # two lines: who trained it; what we do
        # one short label: the voice says the rest
        # the label in pieces, each coming in as the voice reaches it
        label = VGroup()
        low, x = descender(style.LABEL_SIZE + 2), 0.0
        for piece in ("pretrained reader:", "a big Transformer,",
                      "trained once by someone else,", "kept unchanged"):
            t = sit_on_baseline(text(piece, pal.guess, style.LABEL_SIZE + 2), 0, low)
            label.add(t.shift(RIGHT * (x - t.get_left()[0])))
            x += t.width + 0.14
        head_pre = VGroup(label, text(reads, pal.text, style.LABEL_SIZE + 2),
                          ).arrange(DOWN, buff=0.12).move_to([0, -1.0, 0])
        for line in head_pre:
            if line.width > config.frame_width - 0.4:
                raise ValueError("NewWords: a line on the pretrained reader is "
                                 "too wide")  # fmt: skip
        new = {w for w in prompt.split() if w not in known}
        boxes = word_boxes(shown, pal.guess, pal.guess, style.BODY_SIZE, 0.2)
        for b, piece in zip(boxes, shown, strict=True):
            if piece in new:  # the word the small reader could not read
                b[1].set_color(pal.sample)
        boxes.move_to([0, -2.0, 0])
        boxes.scale_to_fit_width(min(boxes.width, config.frame_width - 1))
        self.narrate("Real tools use a big pretrained Transformer, "
                     f"{pretrained[:cut]}.")
        self.play(FadeOut(gloss), run_time=0.3)
        self.play(LaggedStart(*map(FadeIn, head_pre[0]), lag_ratio=0.8),
                  run_time=max(1.0, self.caption_left() - 0.3))
        self.hold_caption()
        first_new = self.new_word()
        self.narrate(f"It knows every piece of our prompt, {quoted(first_new)} too."
                     if split else
                     f"It has met every word of our prompt, {quoted(first_new)} "
                     "too.")  # fmt: skip
        # the pieces come in with their line, the new word flashed last
        self.play(FadeIn(head_pre[1]),
                  LaggedStart(*map(FadeIn, boxes), lag_ratio=0.3),
                  run_time=max(1.0, self.caption_left() - 1.0))
        flash = [Indicate(b[1], color=pal.sample, scale_factor=1.0)
                 for b, piece in zip(boxes, shown, strict=True) if piece in new]
        if flash:  # the new word, flashed as the voice names it
            self.play(*flash, run_time=0.8)
        self.hold_caption()
        phrasings = [str(p) for p in tr["train_phrasings"]]
        # the words the small reader skips ("a", "the" ...) greyed: it reads
        # only its own words of each wording
        lines = VGroup()
        for p in phrasings:
            said_ = quoted(p).split()
            inks = [pal.text if w.strip("\u201c\u201d,:") in vocab else pal.muted
                    for w in said_]  # fmt: skip
            lines.add(flow(said_, inks, config.frame_width, style.LABEL_SIZE + 2,
                           space=0.1))  # fmt: skip
        lines.arrange(DOWN, buff=0.22).move_to([0, -1.35, 0])
        head_lines = VGroup(
            text(f"one training prompt, worded {len(phrasings)} ways:",
                 pal.text, style.LABEL_SIZE))  # fmt: skip
        if never_trained(tr):  # the new word, in no training prompt of either
            absent = text(f"no training prompt holds {quoted(never_trained(tr))}",
                          pal.sample, style.LABEL_SIZE)
            head_lines.add(absent)
            head_lines.arrange(DOWN, buff=0.06)
        head_lines.next_to(lines, UP, 0.3)
        # the training picture those wordings came with, when the trace holds it
        shown_pic = Group()
        if "train_picture" in tr.arrays:
            img = big_picture(tr["train_picture"], self.train_pic)
            frame = SurroundingRectangle(img, buff=0.02, color=pal.muted,
                                         stroke_width=2)  # fmt: skip
            shown_pic = Group(img, frame, text("one training picture", pal.text,
                                               style.LABEL_SIZE)
                              .next_to(frame, UP, 0.12))  # fmt: skip
            Group(shown_pic, VGroup(head_lines, lines)).arrange(
                RIGHT, buff=0.6).move_to([0, -1.3, 0])
            shown_pic[2].set_y(head_lines[0].get_y())  # both heads level
        self.train_shown = shown_pic  # tests read the training picture here
        # the swap, as it is said: the drawing model copied, the small
        # reader's box sliding out of the copy and the pretrained one in
        first = self.pipeline("small reader, ours", "drawing model", pal.text)
        copy = self.pipeline("pretrained reader, not changed",
                             "copy of the drawing model", pal.guess)  # fmt: skip
        copy[1].scale(3.0 / copy[1].get_length()).next_to(copy[0], RIGHT, 0.1)
        copy[2].next_to(copy[1], RIGHT, 0.1)
        first.move_to([0, 2.25, 0])
        copy.move_to([0, 0.95, 0])
        out_box = first[0].copy().move_to(copy[0])
        numbers = text("a row of numbers per word", pal.guess,
                       style.LABEL_SIZE).next_to(copy[1], UP, 0.2)  # fmt: skip
        # what one word becomes: the pretrained reader's own numbers for it,
        # the first few as digits; blank cells when the trace does not hold
        # them (how many there are is never used later: not shown)
        vec = vector_of(tr, "pretrained", self.new_word())
        cells = (text(digits(vec), pal.guess,
                      style.LABEL_SIZE) if vec is not None else
                 VGroup(*(Square(0.26, color=pal.guess, stroke_width=1.5)
                          for _ in range(7)),
                        text("\u2026", pal.guess, style.LABEL_SIZE)
                        ).arrange(RIGHT, buff=0.06))  # fmt: skip
        row_of = VGroup(text(quoted(self.new_word()) + " \u2192", pal.sample,
                             style.LABEL_SIZE), cells).arrange(RIGHT, buff=0.15)
        row_of.next_to(copy[1], DOWN, 0.2)
        numbers.add(row_of)
        # the small reader's own numbers for the word the new one stands for,
        # over the original's arrow: a shorter row, of another kind
        known_word = meaning_of(tr).get(self.new_word(), vocab[0])
        mine = vector_of(tr, "small", known_word)
        own = VGroup(text(quoted(known_word) + " \u2192", pal.text,
                          style.LABEL_SIZE),
                     text(digits(mine), pal.text, style.LABEL_SIZE)
                     if mine is not None else
                     VGroup(*(Square(0.26, color=pal.text, stroke_width=1.5)
                              for _ in range(4))).arrange(RIGHT, buff=0.06),
                     ).arrange(RIGHT, buff=0.15)  # fmt: skip
        own.next_to(first, UP, 0.12).set_x(first[1].get_x())
        first.add(own)
        again = text("trained again", pal.accent, style.LABEL_SIZE)
        again = VGroup(SurroundingRectangle(again, buff=0.08, color=pal.accent,
                                            stroke_width=2), again)  # fmt: skip
        again.next_to(copy[2], UP, 0.12)  # over it: the row of digits is under
        self.swap_shown = VGroup(first, copy, numbers, again)  # tests read it
        pipes = VGroup(first, copy, numbers, again)
        self.narrate(SWAP_LINE)
        self.play(*map(FadeOut, (words, head_small, seen, head_pre, boxes)),
                  FadeOut(head_vocab), FadeOut(chips), run_time=0.5)  # fmt: skip
        # what the drawing model does, under it while it is named: static,
        # half cleared, a picture (the trace's own static and training picture)
        steps = Group()
        if "example_noise" in tr.arrays and "train_picture" in tr.arrays:
            noise = np.clip(tr["example_noise"][0] / 2, -1, 1)
            goal = np.asarray(tr["train_picture"], dtype=float)
            for t in (0.0, 0.5, 1.0):
                img = big_picture((1 - t) * noise + t * goal, 1.2)
                steps.add(Group(img, SurroundingRectangle(
                    img, buff=0.02, color=pal.muted, stroke_width=1.5)))
            steps.arrange(RIGHT, buff=0.55)
            arrows_ = VGroup(*(Arrow(a[0].get_right(), b[0].get_left(), buff=0.06,
                                     color=pal.muted, stroke_width=3)
                               for a, b in zip(steps[:-1], steps[1:],
                                               strict=True)))  # fmt: skip
            steps = Group(steps, arrows_, text(
                "drawing model: static \u2192 picture", pal.text,
                style.LABEL_SIZE + 2))  # fmt: skip
            steps[2].next_to(steps[0], UP, 0.15)
            steps.move_to([0, -2.0, 0])
        self.drawing_steps = steps  # tests read it here
        self.play(FadeIn(first), run_time=0.6)
        if len(steps):
            self.play(FadeIn(steps[2]), FadeIn(steps[0][0]), run_time=0.4)
            self.play(GrowArrow(steps[1][0]), FadeIn(steps[0][1]), run_time=0.5)
            self.play(GrowArrow(steps[1][1]), FadeIn(steps[0][2]), run_time=0.5)
        # the copy fades in under the original (no glyphs morphing, no row
        # drawn twice), then its small reader's box fades out, inside the frame
        self.play(FadeIn(copy[2], shift=DOWN * 0.3), FadeIn(out_box, shift=DOWN * 0.3),
                  FadeIn(copy[1], shift=DOWN * 0.3), run_time=0.8)
        self.play(out_box.animate.shift(LEFT * 1.2).set_opacity(0), run_time=0.6)
        self.remove(out_box)
        self.play(FadeIn(copy[0], shift=RIGHT * 1.2), run_time=0.6)
        # "trained again on its numbers": the new reader's numbers run into
        # the copy, each reader's count per word labelled from the trace
        self.play(FadeIn(again, shift=UP * 0.15), run_time=0.5)
        dots = VGroup(*(Dot(radius=0.05, color=pal.guess) for _ in range(4)))
        dots.arrange(RIGHT, buff=0.1).move_to(copy[1].get_start() + RIGHT * 0.3)
        self.play(FadeIn(numbers), FadeIn(dots), run_time=0.5)
        self.play(dots.animate.move_to(copy[1].get_end() + LEFT * 0.35),
                  run_time=max(0.6, self.caption_left() - 0.8))
        self.play(FadeOut(dots), Indicate(again, color=pal.accent), run_time=0.5)
        self.hold_caption()
        if len(steps):
            self.play(FadeOut(steps), run_time=0.3)
        self.narrate(trained_line(never_trained(tr)))
        self.play(FadeIn(shown_pic), run_time=0.5)
        self.play(FadeIn(head_lines),
                  LaggedStart(*map(FadeIn, lines), lag_ratio=0.4),
                  run_time=1.5)  # fmt: skip
        self.hold_caption()
        self.play(*map(FadeOut, (lines, head_lines, pipes, shown_pic)),
                  run_time=0.4)  # fmt: skip

    def pipeline(self, reader: str, drawer: str, colour: str) -> VGroup:
        """One model as a row: its prompt reader's box, an arrow, its drawing
        model's box."""
        boxes = []
        for name in (reader, drawer):
            t = text(name, colour, style.LABEL_SIZE)
            boxes.append(VGroup(RoundedRectangle(width=t.width + 0.4, height=0.6,
                                                 corner_radius=0.1, color=colour,
                                                 stroke_width=2), t))  # fmt: skip
        VGroup(boxes[0], boxes[1]).arrange(RIGHT, buff=1.0)
        arrow = Arrow(boxes[0].get_right(), boxes[1].get_left(), buff=0.1,
                      color=colour, stroke_width=3)  # fmt: skip
        return VGroup(boxes[0], arrow, boxes[1])

    def examples(self):
        """Two example prompts in new words, each over the small reader's
        picture and the pretrained reader's, from the same static, drawn large,
        with the fixed rules' reading and verdict under each."""
        pal, tr = self.palette, self.tr
        ids = self.example_ids = pick_examples(tr)  # tests read them here
        texts = [str(tr["example_text"][k]) for k in ids]
        cell = 7.1  # scene units between one example's centre and the next
        centres = [cell * (k - (len(texts) - 1) / 2) for k in range(len(texts))]
        half = self.pic / 2 + 0.4  # each picture's centre off its example's
        y = 0.42  # the pictures' centre
        heads = VGroup()
        drop = descender(style.LABEL_SIZE)
        step = text("H", pal.text, style.LABEL_SIZE).height + 0.14
        for k, c in enumerate(centres):
            # over each picture, the reader it was drawn using and what that
            # reader is given of the prompt ("?" for each word it skips)
            given = "it sees: " + sees(texts[k],
                                       str(tr["example_small_words"][ids[k]]))
            for dx, name, ink in ((-half, ("small reader", given), pal.text),
                                  (half, ("pretrained reader", "it sees every word"),
                                   pal.guess)):  # fmt: skip
                for i, line in enumerate(name):
                    heads.add(sit_on_baseline(text(line, ink, style.LABEL_SIZE),
                                              y + self.pic / 2 + 0.14
                                              + (1 - i) * step, drop)
                              .set_x(c + dx))  # fmt: skip
        rows, fresh, statics = Group(), [], Group()
        for k, prompt in enumerate(texts):
            # the words the small reader cannot read in the new-words colour,
            # as the prompt at the top showed them; wrapped, never shrunk
            known = set(str(tr["example_small_words"][ids[k]]).split())
            words = quoted(prompt).split()
            inks = [pal.text if w in known else pal.sample for w in prompt.split()]
            said = flow(words, inks, self.prompt_width, style.BODY_SIZE,
                        space=0.12)  # fmt: skip
            said.move_to([centres[k], y + self.pic / 2 + 1.15, 0])
            fresh += [g for g, w in zip(said, prompt.split(), strict=True)
                      if w not in known]  # fmt: skip
            row = Group(said)
            for dx, pics, marks in ((-half, "example_small", "example_small_right"),
                                    (half, "example_frozen",
                                     "example_frozen_right")):  # fmt: skip
                img = big_picture(tr[pics][ids[k]], self.pic).move_to(
                    [centres[k] + dx, y, 0])
                if "example_noise" in tr.arrays:  # the static it was drawn from
                    noise = np.clip(tr["example_noise"][ids[k]] / 2, -1, 1)
                    statics.add(big_picture(noise, self.pic).move_to(img))
                # a frame: the dark picture reads as a picture, not as the page
                frame = SurroundingRectangle(img, buff=0.02, color=pal.muted,
                                             stroke_width=2)  # fmt: skip
                # the quarters the rules read the place by, drawn over it
                c, r = img.get_center(), self.pic / 2
                quarters = VGroup(
                    DashedLine(c + LEFT * r, c + RIGHT * r),
                    DashedLine(c + UP * r, c + DOWN * r),
                ).set_stroke(pal.muted, width=1.5, opacity=0.8).set_z_index(3)
                frame.add(quarters)
                seen_as = readout(tr, tr[f"{pics}_read"][ids[k]], pal)
                swatch = ink_swatch(tr, pics, ids[k], pal,
                                    named=k == 0 and dx < 0)  # the first
                if len(swatch):  # the colour rule in place of "the rules read:",
                    # the reading on one line under it
                    seen_as = VGroup(swatch, text(" ".join(readout_words(
                        tr, tr[f"{pics}_read"][ids[k]])), pal.text,
                        style.LABEL_SIZE)).arrange(DOWN, buff=0.1)  # fmt: skip
                seen_as.next_to(frame, DOWN, 0.1)
                if len(swatch) > 3:  # its chips where the others' are: the
                    # label out to the left, clear of the next swatch
                    swatch.shift(LEFT * (swatch[3].width + 0.12) / 2)
                mark = verdict_mark(bool(tr[marks][ids[k]]), pal)
                row.add(Group(img, frame),
                        VGroup(seen_as, mark.next_to(seen_as, DOWN, 0.08)))
            rows.add(row)
        # where the takeaway line comes: under the rules' readings
        rules = Dot(radius=0.01).set_opacity(0).next_to(rows, DOWN, 0.32)
        self.example_rows = rows  # tests read the pictures here
        # what a tick means, beside the pictures where there is room
        means = meaning_of(tr)
        fresh_words = [w for t in texts for w in t.split() if w in means][:1]
        asked = VGroup(text("\u2713 as asked:", pal.data, style.LABEL_SIZE),
                       text("colour, shape and", pal.text, style.LABEL_SIZE),
                       text("place all right", pal.text, style.LABEL_SIZE),
                       *(text(f"{w} counts as {means[w]}", pal.sample,
                              style.LABEL_SIZE) for w in fresh_words),
                       ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)  # fmt: skip
        asked.next_to(rows, RIGHT, 0.35)
        if asked.get_right()[0] > config.frame_width / 2 - 0.1:
            asked = VGroup()  # no room: said only
        self.asked_shown = asked  # tests read it here
        # the prompts and the same static in both frames come in before their
        # line: no blank screen; the static then becomes each reader's picture
        frames = [row[i][1] for row in rows for i in (1, 3)]
        imgs = [row[i][0] for row in rows for i in (1, 3)]
        same = VGroup(*(text("=", pal.text, style.BODY_SIZE + 6).move_to(
            [c, y, 0]) for c in centres)) if len(statics) else VGroup()
        self.play(FadeIn(heads), *(FadeIn(row[0]) for row in rows),
                  *(FadeIn(f) for f in frames),
                  *(FadeIn(st) for st in statics) if len(statics)
                  else (FadeIn(im) for im in imgs),
                  FadeIn(same), run_time=0.6)  # fmt: skip
        self.narrate("Then both were asked in new words, "
                     "each from the same static;")  # fmt: skip
        # the words no training prompt held, each in its own colour
        # a colour flash, no size pulse: the words keep their spacing
        self.play(*(Indicate(w, color=pal.sample, scale_factor=1.0)
                    for w in fresh), run_time=0.8)  # fmt: skip
        if len(statics):
            self.play(*(FadeOut(st) for st in statics), FadeOut(same),
                      *(FadeIn(im) for im in imgs),
                      run_time=max(0.8, self.caption_left() - 0.2))  # fmt: skip
            for f in frames:  # the quarters' lines over the new picture
                self.bring_to_front(f)
        self.narrate("fixed rules read each picture back. A tick means colour, "
                     "shape and place all right.")  # fmt: skip
        # how the case was picked, from the trace's counts, under the rules'
        # readings once the verdict is said
        said = picked_tag(tr)
        tag = VGroup(*(text(line, pal.accent, style.LABEL_SIZE)
                       for line in said)).arrange(DOWN, buff=0.08)
        if len(tag):
            tag.next_to(rows, DOWN, 0.2)
            # centred under the pictures, yet whole inside the frame
            edge = config.frame_width / 2 - 0.15
            tag.shift(RIGHT * max(0.0, -edge - tag.get_left()[0]))
            tag.shift(LEFT * max(0.0, tag.get_right()[0] - edge))
        self.tag_shown = tag  # tests read it here
        # the rules' readings now; each tick or cross only with its verdict
        self.play(FadeIn(rules), FadeIn(asked),
                  LaggedStart(*(FadeIn(row[i][0]) for row in rows
                                for i in (2, 4)), lag_ratio=0.3),
                  run_time=max(1.0, self.caption_left()))  # fmt: skip
        # the colour rule, on the pictures' own swatches: the ink's average
        # beside the three chips, the nearest ringed
        self.narrate(rule_line(tr, ids[0]))
        swatches = [row[i][0][0] for row in rows for i in (4, 2)]
        rings = [ref[1] for sw in swatches if isinstance(sw, VGroup) and len(sw) >= 3
                 for ref in sw[2] if len(ref[1].points)]  # fmt: skip
        if rings:
            self.play(*(Circumscribe(sw[0], color=pal.accent, buff=0.04)
                        for sw in swatches if isinstance(sw, VGroup)
                        and len(sw) >= 3), run_time=0.8)  # fmt: skip
            self.play(*(Indicate(r, color=pal.accent) for r in rings),
                      run_time=0.8)
        self.hold_caption()
        # each example's verdict, once, both pictures marked
        for k in range(len(texts)):
            self.narrate(lead_of(tr, ids[k]) + example_line(tr, ids[k]))
            mark = SurroundingRectangle(rows[k][1:], buff=0.04, color=pal.accent,
                                        stroke_width=3)
            # clear of the headings over it and the marks' last line under it
            mark.stretch_to_fit_height(mark.height + 0.06).shift(DOWN * 0.03)
            # the small reader's cross or tick as its picture is said, the
            # pretrained reader's once the voice reaches it
            self.play(Create(mark), FadeIn(rows[k][2][1]), run_time=0.6)
            if k == 0 and len(tag):
                self.play(FadeIn(tag), run_time=0.6)
            self.wait(max(0.0, self.caption_left() * 0.55))
            self.play(FadeIn(rows[k][4][1]), run_time=0.5)
            self.hold_caption()
            self.play(FadeOut(mark), run_time=0.3)
        self.rules_line = rules  # the takeaway takes its place
