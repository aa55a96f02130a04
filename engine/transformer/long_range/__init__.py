"""Long-range recall: a transformer and a recurrent network asked for a name
given hundreds of words earlier (the ``long_range`` trace)."""
