"""Placeholder for message translation.

Policy messages are written in Chinese (the msgid is the Chinese text) and passed
through ``_`` so they can later be routed to gettext without touching call sites.
"""


def _(s: str) -> str:
    return s
