"""Reading a prompt for the sound diffusion model, and the check ``make`` runs.

A prompt names one instrument and one note of C4..C5, in either order and any
case, a comma allowed: "bell G4", "C5, string". ``parse_prompt`` turns it into
(instrument index, scale degree), or refuses it in one line saying why: an
unknown word, an empty or over-long prompt, a missing or doubled part.

The Makefile runs this module when ``make scene S=NoteFromStatic
PROMPT="..."`` starts, before anything is recorded or rendered. Imports numpy
only (not torch, not librosa), so the check is quick.

    python -m engine.sound.sound_diffusion.prompt "bell G4"
    # -> renders/traces/sound-prompt-<hash>.npz, or one line and exit 2
"""

from __future__ import annotations

import hashlib
import sys

from engine.core.config_args import ConfigError
from engine.core.prompt_check import check_main
from engine.sound.notes import NOTE_NAMES

# The model's instruments and notes, as synth.INSTRUMENTS and data.PITCHES
# name them (a test holds them equal): spelled here so the check loads
# neither scipy nor librosa.
INSTRUMENTS = ("string", "bell", "whistle", "drum")
PITCHES = 8  # scale degrees 0..7
NOTES = tuple(n.lower() for n in NOTE_NAMES[:PITCHES])  # c4 .. c5
MAX_WORDS = 4  # longer input is refused before any word is looked at
EXAMPLE = "'bell G4'"


class PromptError(ConfigError):
    """A prompt the model cannot read. ``str()`` is one line saying why."""


def split_words(text: str) -> list[str]:
    """Lower-case words; commas and full stops are ignored."""
    return text.lower().replace(",", " ").replace(".", " ").split()


def parse_prompt(text: str, what: str = "prompt") -> tuple[int, int]:
    """(instrument index into INSTRUMENTS, scale degree 0..7) of a prompt, or
    PromptError saying why not."""
    words = split_words(text)
    if not words:
        raise PromptError(f"{what} is empty: name an instrument and a note, e.g. "
                          f"{EXAMPLE}")
    if len(words) > MAX_WORDS:
        raise PromptError(f"{what} has {len(words)} words; the model reads two: an "
                          f"instrument and a note, e.g. {EXAMPLE}")
    unknown = [w for w in words if w not in INSTRUMENTS and w not in NOTES]
    if unknown:
        raise PromptError(
            f"{what}: unknown word {unknown[0]!r}: instruments are "
            f"{', '.join(INSTRUMENTS)}; notes are "
            f"{', '.join(n.upper() for n in NOTES)}")
    inst = [w for w in words if w in INSTRUMENTS]
    notes = [w for w in words if w in NOTES]
    if len(inst) != 1 or len(notes) != 1:
        raise PromptError(f"{what} {' '.join(words)!r} needs exactly one instrument "
                          f"and one note, e.g. {EXAMPLE}")
    return INSTRUMENTS.index(inst[0]), NOTES.index(notes[0])


def prompt_slug(text: str) -> str:
    """A short name for a prompt's trace: the same prompt gives the same name."""
    inst, degree = parse_prompt(text, "PROMPT")
    return hashlib.sha1(f"{INSTRUMENTS[inst]} {degree}".encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    return check_main(argv, prompt_slug, "sound-prompt", EXAMPLE, PromptError)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
