"""Per-document limits on extraction: a coded SW104 record, never a traceback or a lost run."""

import pytest

import saidwho
from saidwho.model import Article
from saidwho.pipeline import DEFAULT_MAX_CHARS, extract_article


def test_text_over_the_limit_is_a_coded_record_naming_the_document():
    rec = extract_article(Article(id="dump.txt", text="word " * 300), max_chars=1000)
    assert rec["error"]["code"] == "SW104"
    assert "dump.txt" in rec["error"]["message"] and "--max-chars" in rec["error"]["message"]
    assert rec["quotes"] == []


def test_a_single_two_megabyte_line_is_refused_with_the_default_limit():
    line = ("x" * 99 + " ") * 21_000  # 2.1 MB, no newline
    rec = saidwho.extract(line, id="line.txt", format="text")
    assert len(line) > DEFAULT_MAX_CHARS
    assert rec["error"]["code"] == "SW104"


@pytest.mark.slow
def test_a_long_line_under_the_limit_is_extracted():
    sentence = "\u201cThe pier will reopen in May,\u201d said Mayor Hallgrim Sol. "
    rec = saidwho.extract(sentence * 2000, id="long.txt", format="text")  # 120 k chars on one line
    assert rec["error"] is None
    assert len(rec["quotes"]) >= 1000
