"""Benchmarks: ``make bench`` runs ``python -m bench`` and writes renders/bench.json."""
