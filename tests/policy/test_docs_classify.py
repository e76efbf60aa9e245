"""The worked examples in docs/classify.md are real: each command gives the output shown."""

from __future__ import annotations

import argparse
import json
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest

from caseworker.cli import classify as classify_cmd

DOC = Path(__file__).resolve().parents[2] / "docs" / "classify.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def _examples() -> list[tuple[str, list[str], str, str]]:
    """(input, args, kind of expected block, expected text) for each documented command."""
    blocks = FENCE.findall(DOC.read_text(encoding="utf-8"))
    found, last_input = [], None
    for i, (lang, body) in enumerate(blocks):
        if lang == "json" and '"child"' in body:
            last_input = body
        elif lang == "console" and body.startswith("$ caseworker classify"):
            args = shlex.split(body.strip())[4:]  # after "$ caseworker classify child.json"
            expected_lang, expected = blocks[i + 1]
            assert last_input is not None
            found.append((last_input, args, expected_lang, expected))
    return found


EXAMPLES = _examples()


def test_the_document_has_examples() -> None:
    assert len(EXAMPLES) >= 5
    assert any(kind == "text" for _i, _a, kind, _e in EXAMPLES)


@pytest.mark.parametrize(("given", "args", "kind", "expected"), EXAMPLES)
def test_example(given: str, args: list[str], kind: str, expected: str) -> None:
    parser = argparse.ArgumentParser()
    classify_cmd.configure_parser(parser)
    out, err = StringIO(), StringIO()
    code = classify_cmd.run(parser.parse_args(args), StringIO(given), out, err)
    if kind == "json":
        assert (code, err.getvalue()) == (0, "")
        assert json.loads(out.getvalue()) == json.loads(expected)
    else:
        assert (code, out.getvalue()) == (2, "")
        assert err.getvalue().strip() == expected.strip()
