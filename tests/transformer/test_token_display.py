"""Subword tokens are shown in a form a viewer reads, on screen and in the
captions, whatever tokenizer made the vocabulary; a token that cannot be shown
is one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.core import trace
from engine.core.token_text import display_vocab, unshowable
from scenes.kit.spoken import speakable
from scenes.transformer.reading import AttentionReads
from tests.support.rendering import render_for_test
from tests.transformer.traces import tiny_traces

ROOT = Path(__file__).resolve().parents[2]
RAW = ("Ġ", "Ċ", "Ã", "©")  # stand-in characters a viewer must never see


@pytest.mark.parametrize(
    "vocab, shown",
    [
        # GPT-2 byte-level BPE: the tokens
        (["Ġalice", "Ċ", "Ã©rin", "##ing", "", "."],
         ["␣alice", "↵", "érin", "##ing", "∅", "."]),
        (["Ġ", "ĠĠ", "Ã", "ĉ"], ["␣", "␣␣", "<0xC3>", "⇥"]),
        # WordPiece: ## continues the word before
        (["[CLS]", "play", "##ing", "##", ""], ["[CLS]", "play", "…ing", "##", "∅"]),
        # SentencePiece: ▁ is a leading space, <0x..> a byte
        (["▁alice", "<0x0A>", "é"], ["␣alice", "↵", "é"]),
        # our own word-level vocabulary is shown as it is
        (["the", "keys", ".", "are"], ["the", "keys", ".", "are"]),
    ],
)  # fmt: skip
def test_each_tokenizers_strings_get_their_display_form(vocab, shown):
    assert display_vocab(vocab) == shown


def test_display_forms_can_be_spoken():
    said = speakable("To write “␣érin” it looks back past “↵” to “∅” and “<0xC3>”.")
    assert said == (
        'To write " erin" it looks back past " new line " to " empty token " '
        'and " a byte ".'
    )


def test_a_share_under_a_tenth_of_a_percent_can_be_spoken():
    # Failed at 84f1326 (found reading a long sentence): "cannot speak '<'".
    said = speakable("What comes next depends on “x”: <0.1% of its attention.")
    assert said.endswith(": less than zero point one percent of its attention.")


def test_a_token_that_draws_nothing_is_one_line():
    vocab = [".", "a", "\u0301"]  # a lone combining accent
    said = unshowable(vocab, [0, 2])
    assert said.startswith("cannot show token 2 of the vocab ('\u0301')")
    assert "\n" not in said
    assert unshowable(vocab, [0, 1]) is None


def byte_level_trace(tmp_path: Path, tokens_as: dict[int, str] | None = None) -> Path:
    """The tiny attention trace with its vocabulary written as GPT-2's
    tokenizer stores it: "Ġ" before each word, and the sentence's first words
    as a newline, an accented word and an empty token (as in the issue)."""
    tr = trace.load(tiny_traces()["attention"])
    words = [str(w) for w in tr["vocab"]]
    vocab = [w if w == "." else "Ġ" + w for w in words]
    distinct = list(dict.fromkeys(int(i) for i in tr["tokens"][1:]))
    odd = tokens_as or {0: "Ċ", 1: "Ã©rin", 2: ""}
    for k, s in odd.items():
        vocab[distinct[k]] = s
    arrays = {**tr.arrays, "vocab": np.array(vocab)}
    path = tmp_path / "byte_level.npz"
    trace.save(path, tr.manifest, arrays)
    return path


class QuickReads(AttentionReads):
    step_seconds = 0.65
    dwell_seconds = 0.6


def test_a_byte_level_vocabulary_is_drawn_and_captioned_decoded(tmp_path):
    # Failed at 84f1326: "Ġalice", "Ã©rin" and an empty label were drawn raw.
    path = byte_level_trace(tmp_path)
    done = render_for_test(QuickReads, path, tmp_path / "out")
    seen = done.scene.texts_seen
    assert not [t for t in seen if any(c in t for c in RAW)], sorted(seen)
    row = [w.legible[0] for w in done.scene.row]
    assert row[1:4] == ["↵", "érin", "∅"] and row[4].startswith("␣"), row
    captions = done.files[".srt"].read_text(encoding="utf-8")
    assert not any(c in captions for c in RAW), captions


def test_engine_check_names_a_token_that_cannot_be_shown(tmp_path):
    path = byte_level_trace(tmp_path, {0: "\u0301"})
    out = subprocess.run(
        [sys.executable, "-m", "engine", "check", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    lines = [ln for ln in out.stdout.splitlines() if "AttentionReads" in ln]
    assert lines and "cannot show token" in lines[0], out.stdout
