"""The sound chapter's scenes: a note drawn out of static, a tune written note
by note, a tune written from words."""
