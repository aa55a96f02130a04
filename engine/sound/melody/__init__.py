"""A decoder-only transformer that writes tunes note by note, on a small
grammar of tunes in one key (the ``melody`` trace)."""
