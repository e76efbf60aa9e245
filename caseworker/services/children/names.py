"""Chinese names for search and matching: pinyin initials, homophones, near misses."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=200_000)
def initials(name: str) -> str:
    """王子涵 → wzh (the form users type in search boxes)."""
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p).lower()


@lru_cache(maxsize=50_000)
def toneless_pinyin(name: str) -> tuple[str, ...]:
    """王子涵 and 汪紫寒 both give (wang, zi, han): the same name heard on the telephone."""
    return tuple(lazy_pinyin(name))


def one_character_apart(a: str, b: str) -> bool:
    """Same length and exactly one character different (a typo or a variant character)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
