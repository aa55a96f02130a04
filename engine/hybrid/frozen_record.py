"""Recording the ``new_words`` trace: the drawing model with a frozen pretrained
prompt reader, asked in words it was never trained on, beside the small reader
trained here.

Two models draw the same prompts from the same static:

- the denoiser trained on the frozen pretrained encoder's outputs
  (``engine/hybrid/frozen.py``), given the whole prompt;
- the chapter's text-to-image model (``engine/hybrid/train.py``), whose small
  encoder knows only the chapter's 11 words, given the words of the prompt it
  knows (the others cannot be looked up, so they are left out).

Every picture is read back from its pixels by the chapter's independent check
(``engine/hybrid/check.py``). Recorded: the frozen model's accuracy on the
training phrasings (seen and held-out combinations), both models' accuracy on
prompts in new words by kind of change (colour, shape or place word replaced
by a synonym, or a longer phrasing), a few example prompts with both models'
pictures, how the pretrained encoder splits each example into tokens, both
readers' own numbers for a few words (the pretrained vectors of crimson and
red with their cosine similarity, the small reader's row for red), and the
encoder's load time and time per prompt.

    python -m engine record new_words
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.data.shapes import COLOURS, POSITIONS, RGB, SHAPES, VERTICAL, draw
from engine.hybrid.check import read
from engine.hybrid.data import (
    ALL_COMBOS,
    SIDE,
    TRAIN_COMBOS,
    VOCAB,
    dataset_combos,
    is_held_out,
)
from engine.hybrid.frozen import FrozenConfig, encode_texts, trained_denoiser
from engine.hybrid.paired import habit_split, paired_split
from engine.hybrid.sampling import sample_words
from engine.hybrid.train import HybridConfig, trained_model
from engine.hybrid.wording import (
    KINDS,
    PHRASINGS,
    SYNONYMS,
    known_words,
    phrasings,
    reworded,
)

KIND = "new_words"
EXAMPLES = (
    "crimson circle top left",
    "blue box lower right",
    "a green disc at the bottom left of the picture",
    "emerald triangle upper left",
)
CHUNK = 96  # pictures sampled at once
VECTOR_WORDS = ("crimson", "red")  # words whose pretrained vectors are recorded


@dataclass
class NewWordsConfig(FrozenConfig):
    guidance: float = 3.0  # classifier-free guidance scale, as text_to_image
    sample_steps: int = 25  # DDIM steps per picture, as text_to_image
    eval_per_combo: int = 8  # pictures per combination, training phrasings
    per_reworded: int = 2  # pictures per prompt in new words, each model
    examples: str = "; ".join(EXAMPLES)  # prompts shown with both models' pictures

    def __post_init__(self):
        super().__post_init__()
        checks = [
            (1 <= self.sample_steps <= self.num_steps,
             f"sample_steps must be in 1..num_steps ({self.num_steps})"),
            (1 <= self.eval_per_combo <= 100, "eval_per_combo must be in 1..100"),
            (1 <= self.per_reworded <= 100, "per_reworded must be in 1..100"),
        ]  # fmt: skip
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)
        self.example_list()  # an unreadable example: one line, before any training

    def example_list(self) -> list[tuple[str, object]]:
        """Each example prompt and the combination it means (read by the
        examples' own table of synonyms); ConfigError if one cannot be read."""
        from engine.hybrid.wording import meaning

        parts = [p.strip() for p in self.examples.split(";") if p.strip()]
        if not 1 <= len(parts) <= 4:
            raise ConfigError("examples must hold 1 to 4 prompts, separated by ';'")
        return [(p, meaning(p)) for p in parts]


def small_tokens(texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """The small encoder's view of each text: <start> and the words it knows,
    padded. Returns (tokens (n, T) int64, mask (n, T) bool)."""
    rows = [[0] + [VOCAB.index(w) for w in known_words(t)] for t in texts]
    width = max(map(len, rows))
    tokens = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.bool)
    for i, row in enumerate(rows):
        tokens[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = True
    return tokens, mask


def draw_frozen(cfg, denoiser, schedule, texts, noise) -> np.ndarray:
    """Pictures (n, H, W, 3) of ``texts`` by the frozen-reader model."""
    enc = encode_texts(list(texts) + [""])
    words, mask = enc.words[:-1], enc.mask[:-1]
    out = []
    for lo in range(0, len(texts), CHUNK):
        s = slice(lo, lo + CHUNK)
        n = len(words[s])
        out.append(sample_words(
            denoiser, schedule, words[s], mask[s],
            enc.words[-1:].expand(n, -1, -1), enc.mask[-1:].expand(n, -1),
            noise[s], cfg.sample_steps, cfg.guidance,
        ).numpy())  # fmt: skip
    return np.concatenate(out)


def draw_small(cfg, model, schedule, texts, noise) -> np.ndarray:
    """Pictures (n, H, W, 3) of ``texts`` by the small-reader model, given the
    words of each text it knows."""
    tokens, mask = small_tokens(list(texts))
    empty = mask.clone()
    empty[:, 1:] = False  # <start> alone: the empty prompt
    out = []
    with torch.no_grad():
        for lo in range(0, len(texts), CHUNK):
            s = slice(lo, lo + CHUNK)
            words, _ = model.encoder(tokens[s], mask[s])
            blank, _ = model.encoder(tokens[s], empty[s])
            out.append(sample_words(
                model.denoiser, schedule, words, mask[s], blank, empty[s],
                noise[s], cfg.sample_steps, cfg.guidance,
            ).numpy())  # fmt: skip
    return np.concatenate(out)


def guessing(reading, combos, kinds: np.ndarray) -> np.ndarray:
    """(len(KINDS),) what a model that guessed the replaced word at random,
    and drew the rest as this one did, would score, per kind of rewording:
    the share of pictures (``reading``, what the check read) with every part
    but the replaced one right, over how many words that part could be
    (colour 3, shape 3, the vertical place 2). 0 for the phrasing, which
    replaces no word: it has no guessing level (a trace holds no NaN)."""
    asked = np.array([c.codes() for c in combos])  # (n, 3)
    colour_ok = reading.colour == asked[:, 0]
    shape_ok = reading.shape == asked[:, 1]
    pos = reading.position

    def half(codes, i):  # one word of each position code ("top left")
        names = np.array([p.split()[i] for p in POSITIONS])
        return np.where(codes >= 0, names[np.clip(codes, 0, None)], "")

    horizontal_ok = half(pos, 1) == half(asked[:, 2], 1)
    rest = {"colour": (shape_ok & (pos == asked[:, 2]), len(COLOURS)),
            "shape": (colour_ok & (pos == asked[:, 2]), len(SHAPES)),
            "place": (colour_ok & shape_ok & horizontal_ok, len(VERTICAL))}
    out = []
    for k in KINDS:
        if k not in rest or not (kinds == k).any():
            out.append(0.0)
            continue
        ok, options = rest[k]
        out.append(float(ok[kinds == k].mean()) / options)
    return np.array(out)


def right(pictures: np.ndarray, combos) -> np.ndarray:
    """(n,) bool: each picture read back as its combination asks."""
    asked = np.array([c.codes() for c in combos])
    return read(pictures).agrees(*asked.T)


def read_codes(pictures: np.ndarray) -> np.ndarray:
    """(n, 3) int: the colour, shape and place codes the fixed rules read in
    each picture (n, h, w, 3); -1 where they found none (shape_reader.NOTHING)."""
    r = read(pictures)
    return np.stack([r.colour, r.shape, r.position], 1).astype(np.int32)


def ink_colour(pictures: np.ndarray) -> np.ndarray:
    """(n, 3) the average colour (RGB, 0..1) of the pixels the fixed rules
    count as ink in each picture, the colour their colour rule reads; 0 where
    they found none."""
    rgb = np.clip((np.asarray(pictures, dtype=np.float64) + 1) / 2, 0, 1)
    ink = read(pictures).ink
    return np.array([rgb[i][ink[i]].mean(0) if ink[i].any() else np.zeros(3)
                     for i in range(len(rgb))])  # fmt: skip


def word_vectors(words) -> np.ndarray:
    """(len(words), width) the frozen pretrained encoder's output for each word
    said alone: the mean of its own tokens' outputs ([CLS] and [SEP] left
    out), what the drawing model would read for it."""
    enc = encode_texts(list(words))
    rows = []
    for i, pieces in enumerate(enc.pieces):
        own = [j for j, p in enumerate(pieces) if p not in ("[CLS]", "[SEP]")]
        rows.append(enc.words[i, own].mean(0).detach().numpy())
    return np.stack(rows)


def hue_distances(ink: np.ndarray) -> np.ndarray:
    """(n, colours) how far each picture's ink colour (``ink``, (n, 3) RGB) is
    from each colour as the check's colour rule measures it: on the shares of
    their own sum (hue), the straight-line distance."""
    refs = np.array([RGB[c] for c in COLOURS], dtype=np.float64)
    refs = refs / refs.sum(1, keepdims=True)
    ink = np.asarray(ink, dtype=np.float64)
    hue = ink / np.maximum(ink.sum(1, keepdims=True), 1e-9)
    return np.sqrt(((hue[:, None, :] - refs[None]) ** 2).sum(-1))


def in_training(word: str) -> tuple[bool, bool]:
    """Whether ``word`` is in any training prompt of the small-reader model
    (its prompts hold only the chapter's words) and of the frozen-reader
    model (every training phrasing of every combination)."""
    from engine.hybrid.frozen import training_texts

    said = {w for t in training_texts() for w in
            t.lower().replace(",", " ").replace(":", " ").split()}  # fmt: skip
    return word in VOCAB, word in said


def pick_colour_case(asked: np.ndarray, kinds: np.ndarray, frozen_read: np.ndarray,
                     small_read: np.ndarray, frozen_ink: np.ndarray):
    """Among the judged pictures of colour-word prompts (both models drew
    each from the same static): the counts (only the frozen-reader model's
    picture right, only the small one's right, and the cases where the frozen
    one is right and the small one wrong only in colour, its shape and place
    right), and the index of that last kind's clearest case, by the largest
    colour margin of the frozen picture (its second-nearest colour's distance
    less its nearest's); None when there is no such case."""
    colour = kinds == "colour"
    f_ok = (frozen_read == asked).all(1)
    s_ok = (small_read == asked).all(1)
    only_colour = ((small_read[:, 1:] == asked[:, 1:]).all(1)
                   & (small_read[:, 0] != asked[:, 0]))  # fmt: skip
    cases = colour & f_ok & only_colour
    counts = np.array([(colour & f_ok & ~s_ok).sum(), (colour & ~f_ok & s_ok).sum(),
                       cases.sum()])  # fmt: skip
    if not cases.any():
        return counts, None
    far = np.sort(hue_distances(frozen_ink), 1)
    margin = np.where(cases, far[:, 1] - far[:, 0], -np.inf)
    return counts, int(np.argmax(margin))


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two vectors."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def record(cfg: NewWordsConfig, out_path, progress: bool = True,
           use_cache: bool = True,
           small_config: HybridConfig | None = None) -> trace.Trace:  # fmt: skip
    """Train (or load) both models, draw and read every prompt, save the trace
    at ``out_path``. ``small_config``: the trained-from-scratch model to compare
    with (default: the chapter's own, as text_to_image trains it; tests hand
    a tiny one). Raises ConfigError for an unreadable example prompt and
    PretrainedMissing (one line) when the encoder is not installed."""
    examples = cfg.example_list()
    small_cfg = small_config or HybridConfig(seed=cfg.seed)
    fields = ("channels", "blocks", "cross_heads", "refine", "time_dim")
    if any(getattr(cfg, f) != getattr(small_cfg, f) for f in fields):
        raise ConfigError(f"{', '.join(fields)} must be the text_to_image model's, "
                          "whose drawing network this model starts from")  # fmt: skip
    small, small_schedule, _, _ = trained_model(small_cfg, progress,
                                                use_cache)  # fmt: skip
    # the same drawing network, its reader swapped: it starts from the small
    # model's denoiser and learns to read the pretrained encoder's outputs
    denoiser, schedule, losses, train_seconds = trained_denoiser(
        cfg, progress, use_cache, drawn_by=small.denoiser,
        drawn_by_key=asdict(small_cfg),
    )  # fmt: skip
    gen = torch.Generator().manual_seed(cfg.seed + 30)

    def noise(n: int) -> torch.Tensor:
        return torch.randn((n, SIDE, SIDE, 3), generator=gen)

    with torch.random.fork_rng():
        # the training phrasings, in turn, on every combination
        per = cfg.eval_per_combo
        combos = [c for c in ALL_COMBOS for _ in range(per)]
        texts = [phrasings(c)[k % len(PHRASINGS)] for c in ALL_COMBOS
                 for k in range(per)]  # fmt: skip
        seen_ok = right(draw_frozen(cfg, denoiser, schedule, texts,
                                    noise(len(texts))), combos)  # fmt: skip
        held = np.array([is_held_out(c) for c in combos])
        # prompts in new words: the same static for both models
        rw = [r for r in reworded() for _ in range(cfg.per_reworded)]
        same = noise(len(rw))
        rw_texts, rw_combos = [r.text for r in rw], [r.combo for r in rw]
        frozen_pics = draw_frozen(cfg, denoiser, schedule, rw_texts, same)
        frozen_read = read(frozen_pics)
        frozen_ok = right(frozen_pics, rw_combos)
        small_pics = draw_small(cfg, small, small_schedule, rw_texts, same)
        small_ok = right(small_pics, rw_combos)
        # the examples, one picture each by each model, from the same static
        ex_texts = [t for t, _ in examples]
        ex_noise = noise(len(ex_texts))
        ex_frozen = draw_frozen(cfg, denoiser, schedule, ex_texts, ex_noise)
        ex_small = draw_small(cfg, small, small_schedule, ex_texts, ex_noise)
        start = time.perf_counter()
        enc = encode_texts(ex_texts)
        encode_ms = 1000 * (time.perf_counter() - start) / len(ex_texts)

    with torch.no_grad():
        vectors = word_vectors(VECTOR_WORDS)
        small_red = small.encoder.embed.weight[VOCAB.index("red")].numpy().copy()

    from engine.transformer.pretrained.load import load

    pre = load()
    kinds = np.array([r.kind for r in rw])
    judged_asked = np.array([c.codes() for c in rw_combos])
    frozen_codes, small_codes = read_codes(frozen_pics), read_codes(small_pics)
    counts, pick = pick_colour_case(judged_asked, kinds, frozen_codes,
                                    small_codes, ink_colour(frozen_pics))  # fmt: skip
    split, p_split = paired_split(judged_asked, kinds, frozen_codes, small_codes,
                                  KINDS)
    habit, by_colour, habit_p = habit_split(judged_asked, kinds, frozen_codes,
                                            small_codes, len(COLOURS))
    arrays = {
        "loss": losses,
        "kind_names": np.array(KINDS),
        "frozen_by_kind": np.array([frozen_ok[kinds == k].mean() for k in KINDS]),
        "small_by_kind": np.array([small_ok[kinds == k].mean() for k in KINDS]),
        "prompts_by_kind": np.array([(kinds == k).sum() for k in KINDS]),
        "frozen_guess_by_kind": guessing(frozen_read, rw_combos, kinds),
        "reworded_text": np.array(rw_texts[:: cfg.per_reworded]),
        "reworded_kind": kinds[:: cfg.per_reworded],
        "example_text": np.array(ex_texts),
        "example_asked": np.array([c.codes() for _, c in examples]),
        "example_small_words": np.array([" ".join(known_words(t)) for t in ex_texts]),
        "example_pieces": np.array([" ".join(p) for p in enc.pieces]),
        "example_frozen": ex_frozen,
        "example_small": ex_small,
        "example_frozen_right": right(ex_frozen, [c for _, c in examples]),
        "example_small_right": right(ex_small, [c for _, c in examples]),
        # what the fixed rules read in each example picture, so a scene can
        # show the reading beside it from the trace alone
        "example_frozen_read": read_codes(ex_frozen),
        "example_small_read": read_codes(ex_small),
        # the average colour of the ink the colour rule reads, and the static
        # both models drew each example from
        "example_frozen_ink": ink_colour(ex_frozen),
        "example_small_ink": ink_colour(ex_small),
        "example_noise": ex_noise.numpy(),
        # what the rules read in every judged picture in new words, each model
        "judged_asked": judged_asked,
        "judged_kind": kinds,
        "judged_frozen_read": frozen_codes,
        "judged_small_read": small_codes,
        # over the colour-word prompts: pictures where only the frozen-reader
        # model was right, only the small one, and the frozen one right with
        # the small one wrong only in colour (the picked case is one of these)
        "picked_counts": counts,
        # per kind, the two readers' results on the same prompts and static,
        # paired: the verdict on a gain reads these, not two independent bars
        "paired_split": split,
        "paired_p": p_split,
        # the colour group's split by the colour asked for, and the split's
        # chance without the colour the pretrained reader drew most: whether
        # its gain is reading the words or a habit of drawing one colour
        "habit_colour": np.array([habit], dtype=np.int32),
        "colour_paired_split": by_colour,
        "habit_p": np.array([habit_p], dtype=np.float32),
        "colour_names": np.array(COLOURS),
        # each colour as the pictures draw it at full shade: what the colour
        # rule compares the ink against, so a scene draws the same references
        "colour_rgb": np.array([RGB[c] for c in COLOURS], dtype=np.float32),
        "shape_names": np.array(SHAPES),
        "position_names": np.array(POSITIONS),
        # every new word with the chapter word it stands for
        "synonym_words": np.array([w for ws in SYNONYMS.values() for w in ws]),
        "synonym_meanings": np.array([m for m, ws in SYNONYMS.items() for _ in ws]),
        "train_phrasings": np.array(phrasings(ALL_COMBOS[0])),
        # the first training picture of that combination, as training drew it
        "train_picture": train_picture(cfg),
        "chapter_vocab": np.array(VOCAB[1:]),  # without the start token
        # the readers' own numbers for a few words: the pretrained reader's
        # vector for each word, their cosine similarity, and the small
        # reader's embedding row for "red"
        "vector_words": np.array(VECTOR_WORDS),
        "pretrained_vectors": vectors,
        "pretrained_similarity": np.array([cosine(vectors[0], vectors[1])]),
        "small_red_vector": small_red,
    }
    if pick is not None:
        # that clearest case: both pictures, their static, its prompt, what
        # the rules read, both ink colours, its new word and whether either
        # model's training prompts held it
        word = rw[pick].new_word
        arrays.update({
            "picked_text": np.array([rw_texts[pick]]),
            "picked_asked": judged_asked[pick],
            "picked_new_word": np.array([word]),
            "picked_pieces": np.array([" ".join(encode_texts([rw_texts[pick]])
                                                .pieces[0])]),
            "picked_word_in_training": np.array(in_training(word)),
            # the pretrained reader's vector for the new word, and the small
            # reader's own row for the word it stands for
            "picked_pretrained_vector": word_vectors([word])[0],
            "picked_small_vector": small.encoder.embed.weight[
                VOCAB.index(rw_combos[pick].colour)].detach().numpy().copy(),
            "picked_frozen": frozen_pics[pick],
            "picked_small": small_pics[pick],
            "picked_noise": same[pick].numpy(),
            "picked_frozen_read": frozen_codes[pick],
            "picked_small_read": small_codes[pick],
            "picked_frozen_ink": ink_colour(frozen_pics[pick:pick + 1])[0],
            "picked_small_ink": ink_colour(small_pics[pick:pick + 1])[0],
        })  # fmt: skip
    stats = {
        "train_seconds": round(train_seconds, 2),
        "seen_accuracy": round(float(seen_ok[~held].mean()), 4),
        "heldout_accuracy": round(float(seen_ok[held].mean()), 4),
        "seen_pictures": int((~held).sum()),
        "heldout_pictures": int(held.sum()),
        "new_words_frozen": round(float(frozen_ok.mean()), 4),
        "new_words_small": round(float(small_ok.mean()), 4),
        "new_words_pictures": int(len(rw)),
        "encoder_parameters": pre.parameters,
        "encoder_load_seconds": round(pre.load_seconds, 2),
        "encode_ms_per_prompt": round(encode_ms, 2),
        "chapter_words": len(VOCAB) - 1,
    }
    arrays = {k: trace.stored(v) for k, v in arrays.items()}
    manifest = trace.build_manifest(KIND, config=asdict(cfg),
                                    produced_by=produced_by(),
                                    extents={"pixel": [-1.0, 1.0], "side": SIDE},
                                    stats=stats)  # fmt: skip
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))


def train_picture(cfg: NewWordsConfig) -> np.ndarray:
    """The first picture of ALL_COMBOS[0] in the drawing model's training set
    (``make_dataset(cfg.train_pictures, cfg.seed)``): (SIDE, SIDE, 3).

    Drawn as make_dataset draws it (every picture's combination first, then
    the pictures in turn from the same generator), stopping at that picture
    instead of drawing the whole training set for one of its pictures."""
    first = int(np.flatnonzero(dataset_combos(cfg.train_pictures, cfg.seed) == 0)[0])
    rng = np.random.default_rng(cfg.seed)
    pick = rng.integers(0, len(TRAIN_COMBOS), cfg.train_pictures)
    for k in pick[:first]:
        draw(TRAIN_COMBOS[k], rng)  # the pictures before it, for the generator
    return draw(TRAIN_COMBOS[pick[first]], rng)
