"""The letter catalogue: each letter is a TOML file of text with named fields.

resources/letters/<code>.toml holds the title, the case stages it belongs to, its layout
style, recipient, body blocks (paragraphs and headings with `{child.name}`-style fields, some
marked free: the user may rewrite them before issuing), attachments, 抄送 and the policy
clauses it rests on. `_fields.toml` names every field in Chinese; files starting with "_" are
not letters. `fill` turns a letter and a case's field values into a `FilledLetter`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.docs_gen.resources import LETTERS_DIR
from caseworker.i18n import _, format_date

FIELD = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\}")
BLOCK_KINDS = ("p", "flush", "h1", "h2", "h3", "h4", "center", "right", "row", "blank")
STAGES = (
    "report",
    "emergency",
    "assessment",
    "support",
    "temporary_guardianship",
    "intervention",
    "closed",
)


class LetterError(ValueError):
    """A letter cannot be filled as asked; the message is for the caseworker."""


class MissingFieldsError(LetterError):
    def __init__(self, letter: str, missing: list[str], labels: Mapping[str, str]) -> None:
        names = "、".join(f"{labels.get(f, f)}（{f}）" for f in missing)
        super().__init__(
            _("Missing fields for {letter}: {fields}").format(letter=letter, fields=names)
        )
        self.missing = missing


@dataclass(frozen=True)
class PolicyRef:
    rule_set: str  # e.g. SH2022-4
    clause: str  # e.g. §三(三)
    quote: str = ""  # words of the clause, checked against resources/policy_texts by tests


@dataclass(frozen=True)
class Block:
    """A paragraph: `kind` says how it is set; `lead` is a run-in heading (e.g. （一）…。)."""

    kind: str
    text: str
    id: str = ""
    lead: str = ""
    lead_level: int = 2
    free: bool = False
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterType:
    code: str
    title: str  # the catalogue name
    doc_title: str  # the printed title (may hold fields)
    stages: tuple[str, ...]
    style: str  # a document style's name: 公文, 公文上行, 信函, 文书
    recipient: str
    blocks: tuple[Block, ...]
    attachments: tuple[str, ...]
    cc: tuple[str, ...]
    basis: tuple[PolicyRef, ...]
    signature: bool
    signature_label: str
    path: Path

    @property
    def free_blocks(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.blocks if b.free)

    def templates(self) -> list[str]:
        """Every text that may hold fields."""
        texts = [self.doc_title, self.recipient, self.signature_label, *self.attachments, *self.cc]
        for b in self.blocks:
            texts += [b.text, b.lead, *b.cells]
        return texts

    @property
    def fields(self) -> tuple[str, ...]:
        """The field names this letter uses, in order of first use."""
        seen: dict[str, None] = {}
        for text in self.templates():
            for name in FIELD.findall(text):
                seen.setdefault(name, None)
        return tuple(seen)


@dataclass(frozen=True)
class FilledLetter:
    code: str
    title: str
    style: str
    recipient: str
    blocks: tuple[Block, ...]
    attachments: tuple[str, ...]
    cc: tuple[str, ...]
    basis: tuple[PolicyRef, ...]
    signature: bool
    signature_label: str

    @property
    def text(self) -> str:
        """The letter as plain text (for previews, search and tests)."""
        parts = [self.title, f"{self.recipient}：" if self.recipient else ""]
        parts += [b.lead + b.text + "　".join(b.cells) for b in self.blocks]
        return "\n".join(p for p in parts if p)


def _block(raw: dict[str, Any], index: int) -> Block:
    return Block(
        kind=raw.get("kind", "p"),
        text=raw.get("text", ""),
        id=raw.get("id", f"b{index}"),
        lead=raw.get("lead", ""),
        lead_level=int(raw.get("lead_level", 2)),
        free=bool(raw.get("free", False)),
        cells=tuple(raw.get("cells", ())),
    )


def _letter(path: Path) -> LetterType:
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    sig = d.get("signature", {})
    return LetterType(
        code=d["code"],
        title=d["title"],
        doc_title=d.get("doc_title", d["title"]),
        stages=tuple(d.get("stages", ())),
        style=d["style"],
        recipient=d.get("recipient", ""),
        blocks=tuple(_block(b, i) for i, b in enumerate(d["blocks"])),
        attachments=tuple(d.get("attachments", ())),
        cc=tuple(d.get("cc", ())),
        basis=tuple(PolicyRef(**b) for b in d.get("basis", ())),
        signature=bool(sig.get("show", True)),
        signature_label=sig.get("label", ""),
        path=path,
    )


@lru_cache(maxsize=4)
def _catalogue(directory: Path) -> dict[str, LetterType]:
    letters = [_letter(p) for p in sorted(directory.glob("*.toml")) if not p.name.startswith("_")]
    return {lt.code: lt for lt in letters}


def list_letters(directory: Path = LETTERS_DIR) -> list[LetterType]:
    return list(_catalogue(directory).values())


def letter_type(code: str, directory: Path = LETTERS_DIR) -> LetterType:
    try:
        return _catalogue(directory)[code]
    except KeyError:
        raise LetterError(_("Unknown letter type: {code}").format(code=code)) from None


@lru_cache(maxsize=4)
def field_labels(directory: Path = LETTERS_DIR) -> dict[str, str]:
    """Field name → its Chinese label (resources/letters/_fields.toml)."""
    data = tomllib.loads((directory / "_fields.toml").read_text(encoding="utf-8"))
    return {
        f"{group}.{name}": label for group, names in data.items() for name, label in names.items()
    }


def _lookup(fields: Mapping[str, Any], name: str) -> Any:
    """A value by dotted name, from flat ("child.name") or nested ({"child": {...}}) mappings."""
    if name in fields:
        return fields[name]
    node: Any = fields
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _text(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else str(value)


def fill(
    letter_code: str,
    fields: Mapping[str, Any],
    edits: Mapping[str, str] | None = None,
    *,
    directory: Path = LETTERS_DIR,
) -> FilledLetter:
    """Fill a letter's fields; `edits` replace free paragraphs (by block id) verbatim.

    Raises MissingFieldsError naming every missing field (in Chinese), LetterError for an
    edit of a paragraph that is not free.
    """
    lt = letter_type(letter_code, directory)
    edits = dict(edits or {})
    free = set(lt.free_blocks)
    refused = sorted(set(edits) - free)
    if refused:
        raise LetterError(
            _("These paragraphs cannot be edited: {ids}").format(ids="、".join(refused))
        )
    used = [t for b in lt.blocks for t in (b.lead, *b.cells)]
    used += [b.text for b in lt.blocks if b.id not in edits]
    used += [lt.doc_title, lt.recipient, lt.signature_label, *lt.attachments, *lt.cc]
    values: dict[str, str] = {}
    missing: list[str] = []
    for text in used:
        for name in FIELD.findall(text):
            if name in values or name in missing:
                continue
            value = _lookup(fields, name)
            if value is None or value == "":
                missing.append(name)
            else:
                values[name] = _text(value)
    if missing:
        raise MissingFieldsError(lt.title, missing, field_labels(directory))

    def sub(text: str) -> str:
        return FIELD.sub(lambda m: values[m.group(1)], text)

    blocks = tuple(
        Block(b.kind, edits[b.id], b.id, sub(b.lead), b.lead_level, True)
        if b.id in edits
        else Block(
            b.kind, sub(b.text), b.id, sub(b.lead), b.lead_level, b.free, tuple(map(sub, b.cells))
        )
        for b in lt.blocks
    )
    return FilledLetter(
        code=lt.code,
        title=sub(lt.doc_title),
        style=lt.style,
        recipient=sub(lt.recipient),
        blocks=blocks,
        attachments=tuple(sub(a) for a in lt.attachments),
        cc=tuple(sub(c) for c in lt.cc),
        basis=lt.basis,
        signature=lt.signature,
        signature_label=sub(lt.signature_label),
    )
