"""Synthetic demo data: realistic, reproducible from a seed, fast enough for a million children."""
