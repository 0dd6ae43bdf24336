"""The author's voice: author detection and voice shares (saidwho.speakers.voice), and speaker roles."""

from __future__ import annotations

import pytest

import saidwho
from saidwho.model import Article, Quote, Speaker, SpeakerRef
from saidwho.speakers.voice import find_author, voice_shares


@pytest.mark.parametrize(
    "text, name",
    [
        ("Bridge Opens\n\nBy Jane Doe\n\nThe bridge opened on Monday.", "Jane Doe"),
        ("Bridge Opens\nWritten by Jane K. Doe | Staff reporter\nThe bridge opened.", "Jane K. Doe"),
        ("The Long Table\n\nPosted on 3 March 2026 by Greta Halloway\n\nText of the post.", "Greta Halloway"),
        ("Blog – Home – Per Lindahl\n– Home – Per Lindahl\nText.", "Per Lindahl"),
        ("Text of the article.\n\nAuthor: Ines Marta Ruiz", "Ines Marta Ruiz"),
    ],
)
def test_bylines(text, name):
    got, source, span = find_author(Article(id="a", text=text))
    assert (got, source) == (name, "byline")
    assert text[span[0] : span[1]] == name


@pytest.mark.parametrize(
    "text",
    [
        "By the way, the bridge opened on Monday.",
        "Bridge Opens\n\nBy Reuters Staff\n\nThe bridge opened.",
        "The mayor said the bridge would open by May.",
    ],
)
def test_no_byline(text):
    assert find_author(Article(id="a", text=text)) == (None, None, None)


def test_metadata_wins():
    art = Article(id="a", text="By Jane Doe\n\nText.", authors=["Ola Nordmann"])
    assert find_author(art) == ("Ola Nordmann", "metadata", None)


def _quote(qid: str, span: tuple[int, int], sid: str | None) -> Quote:
    ref = SpeakerRef(sid, None, [], "name") if sid else None
    return Quote(qid, "direct", [span], "", speaker=ref)


def test_shares_add_up_and_unattributed_is_nobodys():
    text = "aaaa bbbb cccc dddd"  # 16 non-space characters
    art = Article(id="a", text=text)
    quotes = [_quote("q1", (5, 9), "s1"), _quote("q2", (10, 14), None), _quote("q3", (7, 14), "s2")]
    v = voice_shares(art, quotes, None, None, [Speaker("s1", "Anna Berg"), Speaker("s2", "Per Holm")])
    assert v["body_chars"] == 16
    assert v["speakers"] == [{"id": "s1", "share": 0.25}]  # q3 overlaps q1 and q2: counted once, for the earlier
    assert v["unattributed_share"] == 0.25 and v["unattributed"] == ["q2"]
    assert v["author_share"] == 0.5
    assert v["author_speaker"] is None


def test_body_spans_limit_the_count_and_the_author_speaks_in_her_own_voice():
    text = "MENU\nI think the bridge is late. Anna said it is fine."
    art = Article(id="a", text=text, body=[(5, len(text))])
    quotes = [_quote("q1", (text.index("the bridge"), text.index(" Anna") - 1), "s1"), _quote("q2", (text.index("it is"), len(text) - 1), "s2")]
    speakers = [Speaker("s1", "Greta Halloway"), Speaker("s2", "Anna Berg")]
    v = voice_shares(art, quotes, "Greta Halloway", "byline", speakers)
    assert v["body_chars"] == sum(1 for ch in text[5:] if not ch.isspace())
    assert v["author_speaker"] == "s1"
    assert [s["id"] for s in v["speakers"]] == ["s2"]
    assert v["author_share"] + v["unattributed_share"] + sum(s["share"] for s in v["speakers"]) == pytest.approx(1, abs=1e-3)


def test_record_has_voice_roles_and_descriptions():
    text = (
        "Talks Resume\n\nBy Greta Halloway\n\n"
        "Lestavia's prime minister, Oona Brekke, said on Tuesday that the talks had been useful.\n\n"
        "\u201cNobody should mistake a handshake for a treaty,\u201d Brekke said.\n\n"
        "I think she is right."
    )
    rec = saidwho.extract(text, id="t", format="text")
    assert rec["error"] is None
    voice = rec["voice"]
    assert voice["author"] == "Greta Halloway" and voice["author_source"] == "byline"
    assert rec["authors"] == ["Greta Halloway"]
    brekke = next(s for s in rec["speakers"] if s["name"] == "Oona Brekke")
    assert "minister" in brekke["roles"]
    assert brekke["description"] == "Lestavia's prime minister"
    assert any(s["id"] == brekke["id"] and s["share"] > 0.2 for s in voice["speakers"])
    assert 0 < voice["author_share"] < 1


def test_error_record_has_no_voice():
    rec = saidwho.extract(b"\x00\x01binary", id="bin")
    assert rec["error"] is not None and rec["voice"] is None


def test_jsonl_author_field_and_extract_authors(tmp_path):
    import json

    from saidwho.ingest.files import iter_documents

    f = tmp_path / "docs.jsonl"
    lines = [
        {"id": "a", "text": "I think the bridge is late, the mayor said.", "author": "Greta  Halloway"},
        {"id": "b", "text": "Text.", "authors": ["Ana Costa", "Per Holm"]},
        {"id": "c", "text": "Text.", "authors": [1, 2]},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    got = list(iter_documents([str(f)]))
    assert got[0].authors == ["Greta Halloway"] and got[1].authors == ["Ana Costa", "Per Holm"]
    assert got[2].error.code == "SW106" and "authors" in got[2].error.message
    rec = saidwho.extract("I think the bridge is late.", id="x", authors=["Greta Halloway"])
    assert rec["authors"] == ["Greta Halloway"] and rec["voice"]["author_source"] == "metadata"


@pytest.mark.parametrize(
    "raw, name",
    [
        ("By JAMES B. STEWART", "James B. Stewart"),
        ("By EDUARDO PORTER. Email: someone@example.org, Twitter: @someone", "Eduardo Porter"),
        ("Jane Doe and John Roe", "Jane Doe"),
        ("AP", "AP"),
        ("Amanda Terkel", "Amanda Terkel"),
        ("byYlan Q. Mui", "Ylan Q. Mui"),
        ("Byron Keats", "Byron Keats"),
    ],
)
def test_author_metadata_is_cleaned(raw, name):
    from saidwho.speakers.voice import clean_author

    assert clean_author(raw) == name
    assert find_author(Article(id="a", text="x", authors=[raw]))[0] == name


COLUMN = (
    "The Bridge We Keep Promising\n\nBy Greta Halloway\n\n"
    "I have lived in Ostrel for twenty years, and I have heard the bridge promised in every one of them.\n\n"
    "This spring the council voted again. \u201cWe will open the bridge in May,\u201d the mayor, Oskar Lind, told reporters.\n\n"
    "It seems that nobody on the council has read the engineers' report, which I have read twice. "
    "It is obvious that the money will run out before the second span is built.\n"
)


def _speaker_of(rec: dict, words: str) -> str | None:
    q = next(q for q in rec["quotes"] if words in q["text"])
    return q["speaker"]["name"] if q["speaker"] else None


def test_impersonal_judgements_are_the_columnists_in_a_column_and_nobodys_in_news():
    column = saidwho.extract(COLUMN, id="col", format="text")
    assert _speaker_of(column, "the money will run out") == "Greta Halloway"
    assert _speaker_of(column, "nobody on the council has read") == "Greta Halloway"  # not "Ostrel"
    news = COLUMN.replace("I have lived in Ostrel for twenty years, and I have heard the bridge promised in every one of them.",
                          "The Ostrel council voted again on Tuesday.").replace(", which I have read twice", "")
    report = saidwho.extract(news, id="news", format="text")
    assert _speaker_of(report, "the money will run out") is None
    assert _speaker_of(report, "nobody on the council has read") is None
    assert _speaker_of(report, "We will open the bridge") == "Oskar Lind"


def test_a_column_in_the_first_person_plural_is_a_column():
    # the editorial "we" and "our" outside quotations mark a column as "I" does
    plural = COLUMN.replace(
        "I have lived in Ostrel for twenty years, and I have heard the bridge promised in every one of them.",
        "We have lived with this bridge for twenty years, and our town has heard it promised in every one of them.",
    ).replace(", which I have read twice", "")
    column = saidwho.extract(plural, id="col", format="text")
    assert _speaker_of(column, "the money will run out") == "Greta Halloway"
    assert _speaker_of(column, "We will open the bridge") == "Oskar Lind"  # the mayor's "we" inside his quotation
