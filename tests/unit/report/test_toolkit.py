"""The view toolkit every report shares: Markdown cells, the note budget, JUnit, the HTML page."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bluewire.report.escape import visible
from bluewire.report.html import page
from bluewire.report.junit import HEADER, junit_document
from bluewire.report.markdown import add_within_budget, cell

MD = MarkdownIt("commonmark").enable("table")


@given(st.text())
def test_a_cell_shows_its_text_and_nothing_else(text: str) -> None:
    """Rendered as GitLab would (CommonMark + tables), a cell is one cell holding exactly the
    text (one line, controls made visible): no HTML, link, image or code of its own."""
    out = cell(text)
    assert "\n" not in out
    tokens = MD.parse(f"| a | b |\n|---|---|\n| {out} | x |\n")
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, out  # two header cells, two body cells: no column break
    body = cells[2]
    kinds = {c.type for c in body.children or []}
    assert kinds <= {"text", "softbreak"}, kinds
    shown = "".join(c.content for c in body.children or [])
    one_line = visible(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    # A table cell's surrounding whitespace is trimmed (Unicode whitespace too: a lone U+00A0
    # shows as an empty cell); it was invisible anyway.
    assert shown == one_line.strip()


def test_an_empty_cell() -> None:
    assert cell(None) == "" and cell("") == ""


@given(st.lists(st.text(max_size=40), max_size=5), st.lists(st.text(max_size=60), max_size=12))
def test_the_budget_keeps_the_note_within_its_limit(head: list[str], blocks: list[str]) -> None:
    limit = 200
    lines = list(head)
    omitted = add_within_budget(lines, blocks, limit)
    kept = lines[len(head) :]
    assert omitted == len(blocks) - len(kept)
    assert lines[: len(head)] == head  # the summary and table always show
    if kept:  # what the view joins stays within the limit (the head alone always shows)
        assert len("\n".join(lines)) <= limit
    remaining = iter(blocks)  # kept blocks are a subsequence of the offered ones, in order
    assert all(any(k == b for b in remaining) for k in kept)


def test_a_block_too_big_is_skipped_and_later_ones_still_fit() -> None:
    lines = ["head"]
    assert add_within_budget(lines, ["x" * 50, "y" * 500, "z" * 50], limit=200) == 1
    assert lines == ["head", "x" * 50, "z" * 50]


def test_junit_document_is_declared_indented_xml() -> None:
    suite = ET.Element("testsuite", name="bluewire check")
    ET.SubElement(suite, "testcase", name="a & b")
    text = junit_document(suite)
    assert text.startswith(HEADER) and text.endswith("</testsuite>\n")
    assert "\n  <testcase" in text
    case = ET.fromstring(text.removeprefix(HEADER)).find("testcase")
    assert case is not None and case.get("name") == "a & b"


def test_page_escapes_title_and_summary_but_not_the_views_body() -> None:
    html = page("bluewire <x>", "1 & 2", "<table></table>")
    assert "<title>bluewire &lt;x&gt;</title>" in html and "<h1>bluewire &lt;x&gt;</h1>" in html
    assert '<p class="summary">1 &amp; 2</p>' in html and "<table></table>" in html
