"""A made-up word language with more to learn than the chapter's grammar.

The chapter's grammar (``engine/transformer/corpus.py``) is learned almost
perfectly by its smallest models, so every size would land on the same loss.
This one has the same kinds of long-range rules and much more to remember:

- a lexicon of 48 nouns, each with its own three predicates and its own
  three adjectives (drawn once from a fixed seed: facts to memorise, the more
  of them a model holds, the lower its loss);
- agreement across a relative clause or prepositional phrases, possibly
  nested: "the keys that the dog near the lamp sees are rusty ." (keys -> are,
  dog -> sees; keys -> rusty through the noun's own predicates);
- a giver and a taker among 24 names repeated in swapped order;
- paired openers (either/or, neither/nor, if/then, both/and, whether/or);
- a short list of nouns copied after "again" (an induction-style copy).

Numpy only; every draw comes from a seeded ``numpy.random.Generator``.

    python -m engine.transformer.scaling.corpus     # print a few sentences
"""

from __future__ import annotations

import numpy as np

from engine.transformer.corpus import END

LEXICON_SEED = 1234  # the language itself (who takes which predicate) never varies

NOUN_STEMS = (
    "key", "book", "lamp", "box", "letter", "door", "coin", "chair", "plate",
    "bottle", "map", "ring", "cup", "hat", "shoe", "bell", "clock", "drum",
    "rope", "coat", "bag", "bowl", "card", "kite", "nail", "pen", "ship",
    "stone", "table", "wheel", "horse", "tree", "house", "bridge", "boat",
    "shirt", "spoon", "knife", "candle", "mirror", "basket", "ladder", "window",
    "pillow", "blanket", "button", "engine", "garden",
)
PLURAL = {"box": "boxes", "knife": "knives"}
NAMES = (
    "mia", "leo", "ana", "tom", "eva", "sam", "zoe", "max", "ivy", "ben", "kim",
    "ted", "amy", "joe", "lia", "roy", "una", "ned", "ada", "gus", "fay", "hal",
    "isa", "jon",
)
ADJECTIVES = (
    "old", "red", "small", "wooden", "dusty", "big", "new", "blue", "tiny",
    "long", "round", "green", "soft", "dark", "bright", "thin",
)
PREDICATES = (
    "rusty", "heavy", "broken", "clean", "missing", "cheap", "wet", "warm",
    "full", "empty", "loud", "quiet", "sharp", "smooth", "cold", "hidden",
    "open", "shut", "dirty", "lost",
)
PREPOSITIONS = ("near", "behind", "under", "beside", "on", "by")
ANIMALS = ("cat", "dog", "bird", "fox", "cow", "owl", "pig", "bee")
ANIMAL_VERBS = (("sees", "see"), ("likes", "like"), ("hides", "hide"),
                ("finds", "find"), ("wants", "want"))
ACTIONS = ("sleeps", "runs", "sings", "hides", "waits", "jumps", "eats", "swims")
GIVE = ("gave", "showed", "sent", "lent", "sold", "threw")
REPLY = ("thanked", "called", "hugged", "paid", "helped", "told")
OPENERS = {"either": "or", "neither": "nor", "if": "then", "both": "and",
           "whether": "or"}
TEMPLATE_WEIGHTS = {"agreement": 0.4, "names": 0.2, "paired": 0.2, "copy": 0.2}


# Words an earlier word decides (agreement, a noun's own predicates, a repeated
# name, a closing word, the verb of a clause's subject): the example a scene
# shows is one of these, not a word any reader of the previous word could guess.
# ("and" is left out: it also joins every giving sentence, where nothing decides it.)
DECIDED = frozenset(("is", "are", *PREDICATES, *NAMES, "or", "nor", "then",
                     *(w for pair in ANIMAL_VERBS for w in pair)))


def plural(stem: str) -> str:
    return PLURAL.get(stem, stem + "s")


def _lexicon() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each noun's three predicates and three adjectives (fixed)."""
    rng = np.random.default_rng(LEXICON_SEED)
    preds = {n: tuple(rng.choice(PREDICATES, 3, replace=False)) for n in NOUN_STEMS}
    adjs = {n: tuple(rng.choice(ADJECTIVES, 3, replace=False)) for n in NOUN_STEMS}
    return preds, adjs


NOUN_PREDICATES, NOUN_ADJECTIVES = _lexicon()


def vocabulary() -> list[str]:
    """Every word the language can produce, sorted; index = token id."""
    words = {END, "the", "that", "is", "are", "and", "again", "list", ":"}
    words.update(NOUN_STEMS, map(plural, NOUN_STEMS), NAMES, ADJECTIVES, PREDICATES)
    words.update(PREPOSITIONS, ANIMALS, (a + "s" for a in ANIMALS), ACTIONS, GIVE,
                 REPLY)
    words.update(w for pair in ANIMAL_VERBS for w in pair)
    words.update(OPENERS, OPENERS.values())
    return sorted(words)


def _pick(rng: np.random.Generator, choices) -> str:
    return str(choices[rng.integers(len(choices))])


def _noun_phrase(rng, depth: int) -> tuple[list[str], str, bool]:
    """"the [adj] noun [modifier]": (words, stem, is plural)."""
    stem, many = _pick(rng, NOUN_STEMS), bool(rng.random() < 0.5)
    words = ["the"]
    if rng.random() < 0.5:
        words.append(_pick(rng, NOUN_ADJECTIVES[stem]))
    words.append(plural(stem) if many else stem)
    if depth > 0 and rng.random() < 0.6:
        if rng.random() < 0.5:  # relative clause: its own subject and agreement
            animal, beast_many = _pick(rng, ANIMALS), bool(rng.random() < 0.3)
            inner = ["the", animal + "s" if beast_many else animal]
            if rng.random() < 0.4:
                inner += [_pick(rng, PREPOSITIONS)] + _noun_phrase(rng, 0)[0]
            verb = ANIMAL_VERBS[rng.integers(len(ANIMAL_VERBS))]
            words += ["that", *inner, verb[1] if beast_many else verb[0]]
        else:
            words += [_pick(rng, PREPOSITIONS)] + _noun_phrase(rng, depth - 1)[0]
    return words, stem, many


def _agreement(rng) -> list[str]:
    words, stem, many = _noun_phrase(rng, depth=2)
    return words + ["are" if many else "is", _pick(rng, NOUN_PREDICATES[stem])]


def _names(rng) -> list[str]:
    giver = _pick(rng, NAMES)
    taker = _pick(rng, [n for n in NAMES if n != giver])
    thing = _noun_phrase(rng, 0)[0]
    return [giver, _pick(rng, GIVE), taker, *thing, "and", taker, _pick(rng, REPLY),
            giver]


def _paired(rng) -> list[str]:
    opener = _pick(rng, list(OPENERS))

    def clause():
        return ["the", _pick(rng, ANIMALS), _pick(rng, ACTIONS)]

    return [opener, *clause(), OPENERS[opener], *clause()]


def _copy(rng) -> list[str]:
    items = [_pick(rng, NOUN_STEMS) for _ in range(int(rng.integers(2, 5)))]
    return ["list", ":", *items, "again", *items]


TEMPLATES = {"agreement": _agreement, "names": _names, "paired": _paired,
             "copy": _copy}


def make_sentence(rng: np.random.Generator) -> tuple[str, ...]:
    """One sentence (its words, ending with "."), its template drawn by weight."""
    names = list(TEMPLATE_WEIGHTS)
    p = np.array([TEMPLATE_WEIGHTS[n] for n in names])
    template = names[rng.choice(len(names), p=p / p.sum())]
    return (*TEMPLATES[template](rng), END)


def make_sentences(n: int, rng: np.random.Generator,
                   exclude: set | None = None) -> list[tuple[str, ...]]:
    """``n`` sentences, none of which is in ``exclude``."""
    out = []
    while len(out) < n:
        s = make_sentence(rng)
        if exclude is None or s not in exclude:
            out.append(s)
    return out


def stream(sentences: list[tuple[str, ...]]) -> list[str]:
    """``". s1 . s2 ..."`` as one word list."""
    words = [END]
    for s in sentences:
        words.extend(s)
    return words


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for s in make_sentences(10, rng):
        print(" ".join(s))
    print(len(vocabulary()), "words")
