"""Winograd-style sentences: two nouns, a pronoun, and a word that decides which
noun the pronoun stands for.

After the Winograd Schema Challenge (Levesque, Davis & Morgenstern 2012): each
pair of sentences differs in one word, and that word flips the pronoun's
referent ("The trophy didn't fit in the suitcase because it was too big /
small"). Written for this project; both nouns come before the pronoun, the
first noun is the answer in one sentence of each pair and the second in the
other, so the nearer noun is right exactly half the time. Plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

# (sentence with {} for the deciding word, first noun, second noun, pronoun,
#  the word that makes it the first noun, the word that makes it the second)
PAIRS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("The animal didn't cross the street because it was too {}.",
     "animal", "street", "it", "tired", "wide"),
    ("The trophy didn't fit in the suitcase because it was too {}.",
     "trophy", "suitcase", "it", "big", "small"),
    ("The ball broke the window because it was {}.",
     "ball", "window", "it", "heavy", "thin"),
    ("The man couldn't lift his son because he was so {}.",
     "man", "son", "he", "weak", "heavy"),
    ("The cat chased the mouse until it was {}.",
     "cat", "mouse", "it", "bored", "caught"),
    ("The table would not go through the door because it was too {}.",
     "table", "door", "it", "wide", "narrow"),
    ("The fish ate the worm because it was {}.",
     "fish", "worm", "it", "hungry", "tasty"),
    ("The car hit the tree because it was going too {}.",
     "car", "tree", "it", "fast", "slow"),
    ("The lawyer asked the witness a question, but he was reluctant to {} it.",
     "lawyer", "witness", "he", "repeat", "answer"),
    ("The dog bit the boy because it was {}.",
     "dog", "boy", "it", "angry", "teasing"),
    ("The sculpture fell off the shelf because it wasn't {}.",
     "sculpture", "shelf", "it", "anchored", "level"),
    ("The river flooded the town because it was {}.",
     "river", "town", "it", "swollen", "low"),
    ("The teacher praised the student because she was {}.",
     "teacher", "student", "she", "generous", "diligent"),
    ("The bottle did not fit in the box because it was too {}.",
     "bottle", "box", "it", "tall", "short"),
    ("The painting hung over the sofa because it was {}.",
     "painting", "sofa", "it", "framed", "upholstered"),
    ("The boat sank in the lake because it was {}.",
     "boat", "lake", "it", "leaking", "stormy"),
    ("The mother comforted her daughter because she was {}.",
     "mother", "daughter", "she", "kind", "crying"),
    ("The hammer cracked the plate because it was {}.",
     "hammer", "plate", "it", "heavy", "fragile"),
    ("The horse jumped over the fence because it was {}.",
     "horse", "fence", "it", "strong", "low"),
    ("The knife could not cut the bread because it was too {}.",
     "knife", "bread", "it", "dull", "hard"),
    ("The doctor called the patient because he was {}.",
     "doctor", "patient", "he", "worried", "sick"),
    ("The bird left the nest because it was {}.",
     "bird", "nest", "it", "grown", "empty"),
    ("The key did not open the lock because it was {}.",
     "key", "lock", "it", "bent", "rusted"),
    ("The coach thanked the player because he was {}.",
     "coach", "player", "he", "grateful", "brilliant"),
    ("The truck could not pass the bridge because it was too {}.",
     "truck", "bridge", "it", "heavy", "weak"),
    ("The cup fell off the tray because it was {}.",
     "cup", "tray", "it", "round", "tilted"),
    ("The police arrested the thief because they were {}.",
     "police", "thief", "they", "alert", "guilty"),
    ("The plant grew near the window because it was {}.",
     "plant", "window", "it", "thirsty", "sunny"),
    ("The boy helped the old man because he was {}.",
     "boy", "man", "he", "helpful", "frail"),
    ("The lamp lit the room because it was {}.",
     "lamp", "room", "it", "bright", "dark"),
    ("The chef praised the waiter because he was {}.",
     "chef", "waiter", "he", "pleased", "fast"),
    ("The storm damaged the house because it was {}.",
     "storm", "house", "it", "violent", "old"),
    ("The cat sat on the mat because it was {}.",
     "cat", "mat", "it", "sleepy", "soft"),
    ("The pen would not write on the paper because it was {}.",
     "pen", "paper", "it", "dry", "wet"),
    ("The girl thanked her friend because she was {}.",
     "girl", "friend", "she", "grateful", "generous"),
    ("The ice melted in the glass because it was {}.",
     "ice", "glass", "it", "thin", "warm"),
    ("The tourists asked the guide for help because they were {}.",
     "tourists", "guide", "they", "lost", "friendly"),
    ("The rope could not hold the crate because it was too {}.",
     "rope", "crate", "it", "frayed", "heavy"),
    ("The baby cried at the clown because it was {}.",
     "baby", "clown", "it", "scared", "scary"),
    ("The ship hit the rock because it was {}.",
     "ship", "rock", "it", "drifting", "hidden"),
)


@dataclass(frozen=True)
class Case:
    """One sentence: its text, the two nouns and the pronoun (words), the
    deciding word, and which noun is right (0: the first, 1: the second)."""

    text: str
    nouns: tuple[str, str]
    pronoun: str
    decider: str
    answer: int
    pair: int  # the pair it belongs to (both sentences of a pair share a half)


def cases() -> list[Case]:
    """Every sentence of every pair, two per pair, in pair order."""
    out = []
    for i, (template, first, second, pronoun, w0, w1) in enumerate(PAIRS):
        for answer, word in enumerate((w0, w1)):
            out.append(Case(template.format(word), (first, second), pronoun, word,
                            answer, i))
    return out


def halves(all_cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """(choose, report): even pairs choose the head, odd pairs report on it, so
    no sentence (and no pair partner) used to choose is used to report."""
    choose = [c for c in all_cases if c.pair % 2 == 0]
    report = [c for c in all_cases if c.pair % 2 == 1]
    return choose, report
