"""The check ``make scene ... PROMPT="..."`` runs for every scene that takes a
prompt (PromptToImage, NoteFromStatic, TuneFromWords): one prompt in, the path
of its own trace out, or one line and exit 2. Standard library only, so make's
check is quick (the Makefile's PROMPT block)."""

from __future__ import annotations

from collections.abc import Callable


def check_main(argv: list[str], slug: Callable[[str], str], trace_prefix: str,
               example: str, refusal: type[Exception]) -> int:
    """Print ``renders/traces/<trace_prefix>-<slug(prompt)>.npz`` for the
    prompt in ``argv`` (its words joined) and return 0; print one line and
    return 2 for more than one prompt (a ';') or a prompt ``slug`` refuses by
    raising ``refusal``."""
    text = " ".join(argv)
    if ";" in text:
        print(f"PROMPT: one prompt at a time (no ';'), e.g. {example}")
        return 2
    try:
        name = slug(text)
    except refusal as err:
        print(err)
        return 2
    print(f"renders/traces/{trace_prefix}-{name}.npz")
    return 0
