"""Quotation marks found by their marks alone (``saidwho.attribution.quotemarks``): invented text."""

from __future__ import annotations

from saidwho.attribution.quotemarks import find_quotations


def quoted(text: str) -> list[str]:
    return [" / ".join(text[s.start : s.end] for s in q.segments) for q in find_quotations(text)]


def test_a_curly_pair_inside_a_straight_quotation_does_not_close_it():
    text = '"VARGA: They think this is an episode of “Treasure Island.” It is not. The channel has silted up.\n'
    assert quoted(text) == ["VARGA: They think this is an episode of “Treasure Island.” It is not. The channel has silted up."]


def test_a_straight_quotation_is_not_continued_by_a_paragraph_opening_with_a_curly_mark():
    text = '"Holt walked onto the stage, chanting “Harbour! Harbour!”\n\n“That is right, Dana,” Mara said.\n'
    assert quoted(text) == ["Holt walked onto the stage, chanting “Harbour! Harbour!”", "That is right, Dana,"]


def test_the_news_continuation_convention_still_joins_paragraphs_opening_with_the_same_mark():
    text = "“We will rebuild the quay.\n\n“And we will do it this year,” the mayor said.\n"
    assert quoted(text) == ["We will rebuild the quay. / And we will do it this year,"]
