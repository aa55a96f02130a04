"""Checking any stream of words against the corpus templates.

A user's sentence or a model's generation is followed through the templates of
``engine/transformer/corpus.py``: where no template can take the next word, that word
breaks a rule (subject-verb agreement, repeated name, closing word, or plain
word order), and the dependencies met on the way say which earlier word
decides which later one. Kept apart from the corpus so that changing how text
is checked never invalidates the trained model (whose cache key covers the
corpus code).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.transformer.corpus import CLOSERS, END, PLURAL, TEMPLATES, Dependency, Slot


@dataclass(frozen=True)
class Break:
    """The word at ``position`` breaks ``rule``; ``decider`` is the word it had to
    follow (-1 for word order)."""

    position: int
    rule: str
    decider: int


class Grammar:
    """Follows a stream of words through the templates, as a set of live parses.

    A parse is (template, slot index, bindings). ``check`` walks the stream;
    where no parse can take the next word, that word breaks a rule: the rule of
    a constrained slot that would have taken it if unconstrained (agreement,
    repeated name, closing word), else word order. After a break it skips to
    the next ".". It also reports the dependencies it saw (deciding positions).
    """

    def __init__(self):
        self.templates = list(TEMPLATES.items())

    def _start(self) -> list[tuple[int, int, tuple]]:
        return self._close([(t, 0, ()) for t in range(len(self.templates))])

    def _close(self, states):
        """Add the states reachable by skipping optional slots."""
        out, todo = [], list(states)
        while todo:
            t, i, b = todo.pop()
            out.append((t, i, b))
            slots = self.templates[t][1]
            if i < len(slots) and slots[i].kind == "opt":
                todo.append((t, i + 1, b))
        return out

    @staticmethod
    def _accepts(slot: Slot, word: str, bound: dict) -> bool:
        if slot.kind in ("word", "opt"):
            return word in slot.words
        if slot.kind == "agree":
            return word == ("are" if bound[slot.var][0] in PLURAL else "is")
        if slot.kind == "same":
            return word == bound[slot.var][0]
        return word == CLOSERS[bound[slot.var][0]]  # close

    def check(self, words: list[str]) -> tuple[list[Break], list[Dependency]]:
        """Every rule break and every dependency met, at positions in ``words``;
        a last dependency at ``len(words)`` if the next word is already decided."""
        breaks: list[Break] = []
        deps: list[Dependency] = []
        states = self._start()
        skipping = False
        for pos, word in enumerate(words):
            if skipping:
                if word == END:
                    skipping, states = False, self._start()
                continue
            if word == END and all(i == 0 for _, i, _ in states):
                continue  # a "." between sentences (or leading the stream)
            nxt, met = [], []
            for t, i, b in states:
                slots = self.templates[t][1]
                if i >= len(slots):
                    continue
                slot, bound = slots[i], dict(b)
                if not self._accepts(slot, word, bound):
                    continue
                if slot.kind in ("agree", "same", "close"):
                    met.append(Dependency(pos, bound[slot.var][1], slot.rule))
                if slot.bind:
                    bound[slot.bind] = (word, pos)
                nxt.append((t, i + 1, tuple(sorted(bound.items()))))
            if nxt:
                if met and len(met) == len(nxt):  # every live parse agrees
                    deps.extend(set(met))
                done = [s for s in nxt if s[1] == len(self.templates[s[0]][1])]
                states = self._start() if done and word == END else self._close(nxt)
                continue
            breaks.append(self._blame(states, pos, word))
            skipping = word != END
            if not skipping:
                states = self._start()
        if not skipping:
            pending = self._pending(states, len(words))
            if pending is not None:
                deps.append(pending)
        return breaks, deps

    def _pending(self, states, pos: int) -> Dependency | None:
        """The dependency of the word after the stream, if every live parse agrees
        that it is decided by one earlier word (e.g. after "... and" comes the
        name given to)."""
        found = set()
        for t, i, b in states:
            slots = self.templates[t][1]
            if i >= len(slots) or slots[i].kind not in ("agree", "same", "close"):
                return None
            found.add(Dependency(pos, dict(b)[slots[i].var][1], slots[i].rule))
        return found.pop() if len(found) == 1 else None

    def _blame(self, states, pos: int, word: str) -> Break:
        for t, i, b in states:
            slots = self.templates[t][1]
            if i < len(slots) and slots[i].kind in ("agree", "same", "close"):
                if word in slots[i].words:
                    return Break(pos, slots[i].rule, dict(b)[slots[i].var][1])
        return Break(pos, "word order", -1)


def allowed_after(vocab: list[str], words: list[str], b: int) -> list[str]:
    """Every word of ``vocab`` that some training sentence puts at position ``b``
    of ``words``, after the same start of a sentence (from the last "." before
    ``b``): the words ``Grammar`` would not mark as a break there. ``b`` must be
    the first break of its sentence or no break at all (the checker reads on
    only from the next "." after a break), as every recorded break is."""
    start = b
    while start > 0 and words[start - 1] != END:
        start -= 1
    before = [END] + list(words[start:b])
    grammar = Grammar()
    return [
        w
        for w in vocab
        if not any(x.position == len(before) for x in grammar.check(before + [w])[0])
    ]


def unchecked(words: list[str], rules) -> list[bool]:
    """For each word (``rules``: the rule code it breaks, 0 for none), whether the
    checker skipped it: after a broken rule it reads on only from the next "."
    (the "." itself is skipped too)."""
    out, skipping = [], False
    for w, r in zip(words, rules, strict=True):
        if r:
            skipping = w != END
            out.append(False)
            continue
        out.append(skipping)
        if skipping and w == END:
            skipping = False
    return out
