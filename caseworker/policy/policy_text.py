"""The policy documents' text: find a rule's quote and the clause it stands in.

The texts come from PDF extraction (line breaks inside sentences, full-width digits,
ASCII punctuation) and from web pages (Chinese punctuation), so matching works on a
normalised form: NFKC, no whitespace, page markers removed, 。«» folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from caseworker.policy.resources import resources_dir
from caseworker.policy.rulesets import Rule, RuleSet

_CN_NUM = "一二三四五六七八九十"
_PAGE_MARK = re.compile(r"—\d+—")
_FOLD = str.maketrans({"。": ".", "«": "《", "»": "》", "〔": "[", "〕": "]"})
_LEVEL1 = re.compile(rf"^([{_CN_NUM}]+)、")
_LEVEL2 = re.compile(rf"^\(([{_CN_NUM}]+)\)")
_ITEM = re.compile(r"^(\d+)\.")
_ANNEX_ROW = re.compile(r"^(?:[^\t\d]*\t)?(\d+)\t")


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _PAGE_MARK.sub("", "".join(folded.split()))


def policy_text_path(rule_set: RuleSet, root: Path | str | None = None) -> Path:
    return resources_dir(root) / "policy_texts" / rule_set.text


def load_policy_text(rule_set: RuleSet, root: Path | str | None = None) -> str:
    return policy_text_path(rule_set, root).read_text(encoding="utf-8")


@dataclass(frozen=True)
class IndexedText:
    """Normalised text plus where each clause starts in it."""

    text: str
    marks: tuple[tuple[int, str], ...]  # (offset, clause) in order

    def clause_at(self, offset: int) -> str | None:
        current = None
        for start, clause in self.marks:
            if start > offset:
                break
            current = clause
        return current

    def find(self, quote: str) -> int:
        return self.text.find(normalise(quote))


def index_text(raw: str) -> IndexedText:
    """Walk the lines, noting headings 一、 / (一) / 1. and annex rows as clause marks."""
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    offset = 0
    level1 = level2 = None
    in_annex = False
    for line in raw.splitlines():
        head = unicodedata.normalize("NFKC", line).strip().lstrip("#").strip()
        clause = None
        if head == "附件":
            in_annex = True
        if in_annex and (m := _ANNEX_ROW.match(head)):
            clause = f"附件第{m.group(1)}项"
        elif m := _LEVEL1.match(head):
            level1, level2 = m.group(1), None
            clause = f"§{level1}"
        elif (m := _LEVEL2.match(head)) and level1:
            level2 = m.group(1)
            clause = f"§{level1}({level2})"
        elif m := _ITEM.match(head):
            clause = f"§{m.group(1)}"
        if clause:
            marks.append((offset, clause))
        piece = normalise(line)
        parts.append(piece)
        offset += len(piece)
    return IndexedText("".join(parts), tuple(marks))


def clause_matches(found: str | None, clause: str) -> bool:
    """``§一`` matches text under ``§一(三)``; otherwise the clause must be the same."""
    return found is not None and (found == clause or found.startswith(clause + "("))


def quote_context(rule: Rule, rule_set: RuleSet, root: Path | str | None = None) -> str | None:
    """The sentence around a rule's quote (normalised), for showing the clause text."""
    text = normalise(load_policy_text(rule_set, root))
    at = text.find(normalise(rule.quote))
    if at < 0:
        return None
    start = max(text.rfind(".", 0, at), text.rfind(";", 0, at)) + 1
    end_candidates = [i for i in (text.find(".", at), text.find(";", at)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return text[start:end]
