"""caseworker: intervention case management for Shanghai's minor protection institutions."""

__version__ = "0.1.0"
