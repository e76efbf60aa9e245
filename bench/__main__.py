"""Benchmarks: python -m bench.<name>. See each module's docstring."""
