"""A generated corpus where some words can only be predicted by looking back.

Every sentence follows one of three templates, and in each one a word is
decided by one specific earlier word, several words back, past distractors:

- agreement:      "the keys to the old cabinet are rusty ."   (keys -> are)
- repeated name:  "mia gave leo the red book and leo thanked mia ."
                  (the recipient leo is repeated, then the giver mia)
- closing word:   "either the cat sleeps or the dog runs ."   (either -> or)

The generator records, for every sentence, where those dependent words are and
which earlier word decides each (``engine/transformer/corpus_rules.py`` checks
any stream of words against the same templates). Numpy only; every draw comes from a
seeded ``numpy.random.Generator``.

    python -m engine.transformer.corpus            # print a few sentences
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

END = "."  # ends every sentence; a stream (and every model input) starts with it

NAMES = ("mia", "leo", "ana", "tom", "eva", "sam", "zoe", "max", "ivy", "ben")
# (singular, plural): subjects and distracting nouns come from the same list, so
# only the position of a noun, not its identity, says which one is the subject.
NOUN_PAIRS = (
    ("key", "keys"),
    ("book", "books"),
    ("lamp", "lamps"),
    ("box", "boxes"),
    ("letter", "letters"),
    ("door", "doors"),
    ("coin", "coins"),
    ("chair", "chairs"),
    ("plate", "plates"),
    ("bottle", "bottles"),
    ("map", "maps"),
    ("ring", "rings"),
)
SINGULAR = tuple(s for s, _ in NOUN_PAIRS)
PLURAL = tuple(p for _, p in NOUN_PAIRS)
NOUNS = SINGULAR + PLURAL
ADJECTIVES = ("old", "red", "small", "wooden", "dusty", "big")
PREPOSITIONS = ("to", "near", "behind", "under", "beside", "on")
PREDICATES = ("rusty", "heavy", "broken", "clean", "missing", "cheap")
GIVE = ("gave", "showed", "sent", "lent")
REPLY = ("thanked", "called", "hugged", "paid")
ANIMALS = ("cat", "dog", "bird", "fox", "cow", "owl")
ACTIONS = ("sleeps", "runs", "sings", "hides", "waits", "jumps")
CLOSERS = {"either": "or", "neither": "nor", "if": "then"}

# Rule names, in the order of their codes (0 means no rule broken).
RULES = ("ok", "subject-verb agreement", "repeated name", "closing word", "word order")
RULE_CODE = {name: code for code, name in enumerate(RULES)}


@dataclass(frozen=True)
class Slot:
    """One place in a template.

    kind: "word" (one of ``words``), "opt" (one of ``words`` or nothing),
    "agree" (is/are agreeing with the noun bound to ``var``), "same" (the word
    bound to ``var`` again), "close" (the closer of the opener bound to ``var``).
    ``bind`` names the variable this slot's word is bound to, if any.
    """

    kind: str
    words: tuple[str, ...] = ()
    var: str = ""
    bind: str = ""

    @property
    def rule(self) -> str:
        return {
            "agree": "subject-verb agreement",
            "same": "repeated name",
            "close": "closing word",
        }.get(self.kind, "word order")


def W(*words: str, bind: str = "") -> Slot:
    return Slot("word", tuple(words), bind=bind)


def OPT(*words: str) -> Slot:
    return Slot("opt", tuple(words))


def _agreement(extra_phrase: bool) -> tuple[Slot, ...]:
    phrase = (W(*PREPOSITIONS), W("the"), OPT(*ADJECTIVES), W(*NOUNS))
    return (
        W("the"),
        OPT(*ADJECTIVES),
        W(*NOUNS, bind="subject"),
        *phrase,
        *(phrase if extra_phrase else ()),
        Slot("agree", ("is", "are"), var="subject"),
        W(*PREDICATES),
        W(END),
    )


def _names() -> tuple[Slot, ...]:
    return (
        W(*NAMES, bind="giver"),
        W(*GIVE),
        W(*NAMES, bind="taker"),
        W("the"),
        OPT(*ADJECTIVES),
        W(*NOUNS),
        W("and"),
        Slot("same", NAMES, var="taker"),
        W(*REPLY),
        Slot("same", NAMES, var="giver"),
        W(END),
    )


def _closing() -> tuple[Slot, ...]:
    clause = (W("the"), OPT(*ADJECTIVES), W(*ANIMALS), W(*ACTIONS))
    return (
        W(*CLOSERS, bind="opener"),
        *clause,
        Slot("close", tuple(CLOSERS.values()), var="opener"),
        *clause,
        W(END),
    )


TEMPLATES: dict[str, tuple[Slot, ...]] = {
    "agreement": _agreement(False),
    "agreement_long": _agreement(True),
    "names": _names(),
    "closing": _closing(),
}
# How often each template is drawn.
TEMPLATE_WEIGHTS = {
    "agreement": 0.3,
    "agreement_long": 0.2,
    "names": 0.25,
    "closing": 0.25,
}


def vocabulary() -> list[str]:
    """Every word the grammar can produce, sorted; index = token id."""
    words = {END}
    for slots in TEMPLATES.values():
        for slot in slots:
            words.update(slot.words)
    return sorted(words)


@dataclass(frozen=True)
class Dependency:
    """Word ``position`` is decided by the earlier word at ``decider`` (``rule``)."""

    position: int
    decider: int
    rule: str


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    template: str
    deps: tuple[Dependency, ...]  # positions within ``words``


def _fill(slot: Slot, bound: dict[str, str], rng: np.random.Generator) -> str | None:
    if slot.kind == "word":
        choices = slot.words
        if slot.bind == "taker":  # someone gives to someone else
            choices = tuple(w for w in choices if w != bound.get("giver"))
        return str(choices[rng.integers(len(choices))])
    if slot.kind == "opt":
        return (
            None
            if rng.random() < 0.5
            else str(slot.words[rng.integers(len(slot.words))])
        )
    if slot.kind == "agree":
        return "are" if bound[slot.var] in PLURAL else "is"
    if slot.kind == "same":
        return bound[slot.var]
    if slot.kind == "close":
        return CLOSERS[bound[slot.var]]
    raise ValueError(slot.kind)


def make_sentence(rng: np.random.Generator, template: str | None = None) -> Sentence:
    """One sentence from a template (drawn by weight if not named)."""
    if template is None:
        names = list(TEMPLATE_WEIGHTS)
        p = np.array([TEMPLATE_WEIGHTS[n] for n in names])
        template = names[rng.choice(len(names), p=p / p.sum())]
    words: list[str] = []
    bound: dict[str, str] = {}
    where: dict[str, int] = {}
    deps = []
    for slot in TEMPLATES[template]:
        word = _fill(slot, bound, rng)
        if word is None:
            continue
        if slot.kind in ("agree", "same", "close"):
            deps.append(Dependency(len(words), where[slot.var], slot.rule))
        if slot.bind:
            bound[slot.bind], where[slot.bind] = word, len(words)
        words.append(word)
    return Sentence(tuple(words), template, tuple(deps))


def make_sentences(
    n: int, rng: np.random.Generator, exclude: set | None = None
) -> list[Sentence]:
    """``n`` sentences, none of whose word sequences is in ``exclude``."""
    out = []
    while len(out) < n:
        s = make_sentence(rng)
        if exclude is None or s.words not in exclude:
            out.append(s)
    return out


def stream(sentences: list[Sentence]) -> tuple[list[str], list[Dependency]]:
    """``". s1 . s2 ..."`` as one word list, with dependencies at stream positions."""
    words, deps = [END], []
    for s in sentences:
        offset = len(words)
        words.extend(s.words)
        deps.extend(
            Dependency(d.position + offset, d.decider + offset, d.rule) for d in s.deps
        )
    return words, deps


class Tokenizer:
    """Words <-> integer ids over the grammar's fixed vocabulary."""

    def __init__(self, vocab: list[str] | None = None):
        self.vocab = list(vocab or vocabulary())
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    def __len__(self) -> int:
        return len(self.vocab)

    def split(self, text: str) -> list[str]:
        """Lower-case words; "." and "," stand apart. Commas are dropped."""
        text = text.lower().replace(".", " . ").replace(",", " ")
        return text.split()

    def unknown(self, words: list[str]) -> list[str]:
        return [w for w in words if w not in self.ids]

    def encode(self, words: list[str]) -> list[int]:
        missing = self.unknown(words)
        if missing:
            raise UnknownWordError(missing[0], self.vocab)
        return [self.ids[w] for w in words]

    def decode(self, ids) -> list[str]:
        return [self.vocab[int(i)] for i in ids]


class UnknownWordError(ValueError):
    """A word outside the vocabulary. ``str()`` is one line naming it."""

    def __init__(self, word: str, vocab: list[str]):
        sample = ", ".join(known_word_sample())
        super().__init__(
            f"unknown word {word!r}: the model knows {len(vocab)} words, e.g. {sample}"
        )
        self.word = word


def known_word_sample() -> list[str]:
    return ["the", "keys", "key", "are", "is", "mia", "leo", "gave", "either", "or"]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for s in make_sentences(6, rng):
        print(" ".join(s.words), [(d.position, d.decider, d.rule) for d in s.deps])
    print(len(vocabulary()), "words")
