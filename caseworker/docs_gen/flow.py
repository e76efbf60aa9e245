"""The letter's flow on the line grid: title, 主送, body, 附件, signature; and pagination.

Each element becomes a group of grid-line slots (a slot holds the lines drawn on one grid
line, or None for a blank line); `paginate` fills pages of `st.lines` slots, keeping
headings with what follows and the signature block (with the seal) whole and never alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from caseworker.docs_gen.fonts import FontRegistry
from caseworker.docs_gen.layout import Line, Measure, break_lines, single_line
from caseworker.docs_gen.letters import Block
from caseworker.docs_gen.style import DocStyle
from caseworker.i18n import format_date

Slot = list[Line] | None


@dataclass
class Group:
    slots: list[Slot]
    keep_together: bool = False
    keep_with_next: bool = False
    take_previous: int = 0  # lines of text carried along when the group starts a new page
    flex: int = 0  # leading blank lines that may be dropped to stay on the page (§7.3.5.4)


@dataclass
class Flow:
    fonts: FontRegistry
    st: DocStyle
    groups: list[Group] = field(default_factory=list)

    def _measure(self, size: float, first: float = 0.0, rest: float = 0.0) -> Measure:
        st = self.st
        cs = st.pitch - size if size == st.text["body"].size else 0.0
        return Measure(st.left, st.body_width, cs, first, rest)

    def blank(self, n: int) -> None:
        if n > 0:
            self.groups.append(Group([None] * n))

    def title(self, text: str) -> None:
        spec = self.st.text["title"]
        # 2号 characters per line; a long title goes on balanced lines, each centred
        per_line = int(self.st.body_width // spec.size)
        n = math.ceil(len(text) / per_line) if text else 1
        width = min(self.st.body_width, math.ceil(len(text) / n) * spec.size + 0.5)
        m = Measure(self.st.left, width, 0.0)
        lines = break_lines(self.fonts, [(spec.role, text)], spec.size, m, justify=False)
        slots: list[Slot] = []
        for ln in lines:
            x = self.st.left + (self.st.body_width - ln.width) / 2
            slots.append([replace(ln, x=x, embolden=spec.embolden)])
        self.groups.append(Group(slots, keep_together=True, keep_with_next=True))

    def paragraph(
        self,
        spans: Sequence[tuple[str, str]],
        *,
        first_chars: float = 2,
        rest_chars: float = 0,
        size: float | None = None,
        keep_with_next: bool = False,
        align: str = "justify",
    ) -> None:
        st = self.st
        size = size or st.text["body"].size
        p = st.pitch if size == st.text["body"].size else size
        m = self._measure(size, first_chars * p, rest_chars * p)
        lines = break_lines(self.fonts, spans, size, m, justify=align == "justify")
        if align in ("center", "right"):
            lines = [
                replace(
                    ln, x=st.left + (st.body_width - ln.width) / (2 if align == "center" else 1)
                )
                for ln in lines
            ]
        self.groups.append(Group([[ln] for ln in lines], keep_with_next=keep_with_next))

    def block(self, b: Block) -> None:
        st = self.st
        body = st.text["body"].role
        if b.kind == "blank":
            self.blank(1)
        elif b.kind == "row":
            width = st.body_width / max(len(b.cells), 1)
            cs = st.pitch - st.text["body"].size
            slot = [
                single_line(self.fonts, cell, body, st.text["body"].size, st.left + i * width, cs)
                for i, cell in enumerate(b.cells)
                if cell
            ]
            # signing rows stay together with the blank lines before them and the last text
            slots: list[Slot] = [slot]
            while self.groups and all(s is None for s in self.groups[-1].slots):
                slots[:0] = self.groups.pop().slots
            if self.groups and self.groups[-1].take_previous:
                slots[:0] = self.groups.pop().slots
            self.groups.append(Group(slots, keep_together=True, take_previous=1))
        elif b.kind in ("h1", "h2", "h3", "h4"):
            role = st.text[f"heading{b.kind[1]}"].role
            self.paragraph([(role, b.lead + b.text)], keep_with_next=True)
        else:
            lead_role = st.text[f"heading{b.lead_level}"].role
            spans = [(lead_role, b.lead), (body, b.text)] if b.lead else [(body, b.text)]
            first = 0 if b.kind in ("flush", "center", "right") else 2
            align = b.kind if b.kind in ("center", "right") else "justify"
            self.paragraph(spans, first_chars=first, align=align)

    def labelled(self, label: str, items: Sequence[str], indent: float) -> None:
        """附件：1.… with later items aligned after the colon (hanging indent)."""
        body = self.st.text["body"].role
        lab = len(label) + indent
        numbered = len(items) > 1
        for i, item in enumerate(items):
            text = f"{i + 1}.{item}" if numbered else item
            if i == 0:
                self.paragraph([(body, label + text)], first_chars=indent, rest_chars=lab)
            else:
                self.paragraph([(body, text)], first_chars=lab, rest_chars=lab)
        if items:
            start = len(self.groups) - len(items)
            merged = [s for g in self.groups[start:] for s in g.slots]
            self.groups[start:] = [Group(merged, keep_together=True)]

    def join_last(self, n: int) -> None:
        """Merge the last n groups into one that stays together (附 after the signature)."""
        first = self.groups[-n]
        slots = [s for g in self.groups[-n:] for s in g.slots]
        self.groups[-n:] = [Group(slots, True, False, first.take_previous, first.flex)]

    def signature(self, issuer: str, day: date) -> None:
        """署名 centred over the date, the date 右空四字; room above for the seal."""
        st, sig = self.st, self.st.signature
        spec = st.text["body"]
        cs = st.pitch - spec.size
        name = single_line(self.fonts, issuer, spec.role, spec.size, 0.0, cs)
        when = single_line(self.fonts, format_date(day), spec.role, spec.size, 0.0, cs)
        date_right = st.right - sig["date_right_chars"] * st.pitch
        centre = date_right - when.width / 2
        if centre + name.width / 2 > st.right - sig["min_right_chars"] * st.pitch:
            centre = st.right - sig["min_right_chars"] * st.pitch - name.width / 2
        slots: list[Slot] = [None] * int(sig["gap_lines"])
        slots.append([replace(name, x=centre - name.width / 2)])
        slots.append([replace(when, x=centre - when.width / 2)])
        flex = int(sig["gap_lines"]) - int(sig.get("min_gap_lines", sig["gap_lines"]))
        self.groups.append(Group(slots, keep_together=True, take_previous=1, flex=flex))


def paginate(groups: Sequence[Group], first_line: int, lines: int) -> list[list[Slot]]:
    """Fill pages of `lines` slots; page one's first `first_line` slots are the head's."""
    pages: list[list[Slot]] = [[None] * first_line]
    for i, g in enumerate(groups):
        page = pages[-1]
        room = lines - len(page)
        slots = g.slots
        if g.flex and len(slots) - g.flex <= room < len(slots):
            slots = slots[len(slots) - room :]  # 调整行距: less room above the seal, same page
        need = len(slots)
        if g.keep_with_next and i + 1 < len(groups):
            need += 1  # at least the first line of what follows
        if (g.keep_together or g.keep_with_next) and room < need <= lines and len(page) > 0:
            carried: list[Slot] = []
            while g.take_previous and len(carried) < g.take_previous and page:
                slot = page.pop()
                if slot is not None:
                    carried.insert(0, slot)
            pages.append(carried)
        for slot in slots:
            if len(pages[-1]) >= lines:
                pages.append([])
            if slot is None and not pages[-1]:
                continue  # no blank line at the top of a page
            pages[-1].append(slot)
    return pages
