"""The JSON Schema accepts exactly what saidwho.model.record() builds, and rejects broken records."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saidwho.errors import ALL_ERRORS
from saidwho.model import KINDS, SCHEMA_VERSION, SPEAKER_TYPES, Article, Quote, Speaker, SpeakerRef, error_record, record

TEXT = "Rain is coming, said Mira Tolland. “Bring a coat,” she added. Officials said the roads were clear."


def sample_record() -> dict:
    """A hand-built record with a direct, an unnamed and an indirect quotation."""
    art = Article(id="weather-1", text=TEXT, title="Rain", authors=["A. Writer"], published="2026-01-05",
                  url="https://example.org/rain", body=[(0, len(TEXT))])
    mira = Speaker(id="S1", name="Mira Tolland", type="person", aliases=["Tolland"])
    officials = Speaker(id="S2", name=None, type="group")
    s_mira = TEXT.index("Mira")
    s_coat = TEXT.index("“Bring")
    s_she = TEXT.index("she")
    s_off = TEXT.index("Officials")
    s_roads = TEXT.index("the roads")
    quotes = [
        Quote(id="Q1", kind="indirect", content=[(0, 14)], text=TEXT[0:14], cue=[(16, 20)],
              speaker=SpeakerRef(id="S1", name="Mira Tolland", mention=[(s_mira, s_mira + 12)], via="inverted"),
              confidence=0.8),
        Quote(id="Q2", kind="direct", content=[(s_coat, s_coat + 14)], text=TEXT[s_coat:s_coat + 14],
              cue=[(s_she + 4, s_she + 9)],
              speaker=SpeakerRef(id="S1", name="Mira Tolland", mention=[(s_she, s_she + 3)], via="pronoun"),
              confidence=0.9),
        Quote(id="Q3", kind="indirect", content=[(s_roads, len(TEXT) - 1)], text=TEXT[s_roads:-1],
              cue=[(s_off + 10, s_off + 14)],
              speaker=SpeakerRef(id="S2", name=None, mention=[(s_off, s_off + 9)], via="subject"),
              confidence=0.6),
        Quote(id="Q4", kind="mixed", content=[(0, 4), (5, 14)], text="Rain coming", cue=[], speaker=None),
    ]
    return record(art, quotes, [mira, officials])


def test_schema_is_valid_draft_2020_12(record_schema):
    jsonschema.Draft202012Validator.check_schema(record_schema)
    assert record_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert record_schema["properties"]["schema"]["const"] == SCHEMA_VERSION


def test_schema_enums_match_model(record_schema):
    defs = record_schema["$defs"]
    assert tuple(defs["quote"]["properties"]["kind"]["enum"]) == KINDS
    assert tuple(defs["speaker"]["properties"]["type"]["enum"]) == SPEAKER_TYPES


def test_schema_fields_match_model(record_schema):
    """Every key record() writes is in the schema, and every schema property is written: no drift either way."""
    rec = sample_record()
    assert set(rec) == set(record_schema["properties"]) == set(record_schema["required"])
    defs = record_schema["$defs"]
    assert set(rec["quotes"][0]) == set(defs["quote"]["properties"]) == set(defs["quote"]["required"])
    assert set(rec["quotes"][0]["speaker"]) == set(defs["speakerRef"]["properties"])
    assert set(rec["speakers"][0]) == set(defs["speaker"]["properties"])


def test_hand_built_record_validates(validate_record):
    rec = sample_record()
    validate_record(rec)
    validate_record(json.loads(json.dumps(rec)))  # and after a JSON round trip


def test_empty_record_validates(validate_record):
    validate_record(record(Article(id="empty", text="")))


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.code)
def test_error_records_validate(validate_record, cls):
    err = cls("something went wrong; here is how to fix it", source="input.txt")
    for fmt in ("text", "html", "jsonl"):
        rec = error_record("doc-1", err.code, err.message, path="input.txt", fmt=fmt)
        validate_record(rec)
        assert rec["error"] == err.to_json()


def _break(path: list, value=None, delete: bool = False):
    def mutate(rec):
        target = rec
        for key in path[:-1]:
            target = target[key]
        if delete:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return rec

    return mutate


BROKEN = {
    "wrong schema version": _break(["schema"], "saidwho/0"),
    "missing id": _break(["id"], delete=True),
    "id not a string": _break(["id"], 7),
    "extra top-level field": _break(["extra"], 1),
    "unknown format": _break(["format"], "pdf"),
    "authors not strings": _break(["authors"], [None]),
    "missing error": _break(["error"], delete=True),
    "error without code": _break(["error"], {"message": "x"}),
    "error with bad code": _break(["error"], {"code": "E1", "message": "x"}),
    "error with extra key": _break(["error"], {"code": "SW101", "message": "x", "trace": "..."}),
    "span with three items": _break(["body"], [[0, 1, 2]]),
    "span with one item": _break(["body"], [[0]]),
    "negative offset": _break(["body"], [[-1, 3]]),
    "float offset": _break(["body"], [[0.5, 3]]),
    "span as object": _break(["body"], [{"start": 0, "end": 3}]),
    "extra quote field": _break(["quotes", 0, "score"], 1),
    "missing quote field": _break(["quotes", 0, "cue"], delete=True),
    "bad kind": _break(["quotes", 0, "kind"], "reported"),
    "confidence above 1": _break(["quotes", 0, "confidence"], 1.5),
    "confidence below 0": _break(["quotes", 0, "confidence"], -0.1),
    "confidence as string": _break(["quotes", 0, "confidence"], "high"),
    "quote without content": _break(["quotes", 0, "content"], []),
    "speaker ref extra field": _break(["quotes", 0, "speaker", "score"], 1),
    "speaker ref without via": _break(["quotes", 0, "speaker", "via"], delete=True),
    "speaker bad type": _break(["speakers", 0, "type"], "robot"),
    "speaker aliases not list": _break(["speakers", 0, "aliases"], "Tolland"),
}


@pytest.mark.parametrize("mutate", BROKEN.values(), ids=BROKEN.keys())
def test_broken_records_are_rejected(record_schema, mutate):
    rec = mutate(copy.deepcopy(sample_record()))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(rec, record_schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "mutate",
    [
        _break(["body"], [[5, 2]]),  # end before start
        _break(["quotes", 0, "content"], [[0, len(TEXT) + 1]]),  # past the end of text
        _break(["quotes", 0, "speaker", "id"], "S99"),  # names no speaker
    ],
    ids=["end before start", "past end of text", "unknown speaker id"],
)
def test_offset_checks_reject(validate_record, mutate):
    rec = mutate(copy.deepcopy(sample_record()))
    with pytest.raises(AssertionError):
        validate_record(rec)


spans = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: (min(t), max(t))), max_size=4
)


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(max_size=50).map(lambda t: t.ljust(50, ".")),
    kind=st.sampled_from(KINDS),
    stype=st.sampled_from(SPEAKER_TYPES),
    content=spans.filter(bool),
    cue=spans,
    confidence=st.floats(0, 1),
    name=st.one_of(st.none(), st.text(max_size=10)),
)
def test_any_model_built_record_validates(record_schema, text, kind, stype, content, cue, confidence, name):
    art = Article(id="p", text=text, body=[(0, len(text))])
    q = Quote(id="Q1", kind=kind, content=content, text="", cue=cue,
              speaker=SpeakerRef(id="S1", name=name, mention=cue), confidence=confidence)
    rec = json.loads(json.dumps(record(art, [q], [Speaker(id="S1", name=name, type=stype)])))
    jsonschema.validate(rec, record_schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.slow
def test_real_extraction_validates(validate_record):
    import saidwho

    rec = saidwho.extract(
        "The harbour will reopen on Monday, the port director said.\n\n"
        "“We have cleared every berth,” said Ilse Marrow, the director. “Ships can come home.”\n",
        id="harbour",
        format="text",
    )
    validate_record(rec)
    assert rec["error"] is None


@pytest.mark.slow
@pytest.mark.corpus
def test_polnear_dev_extractions_validate(validate_record, polnear_dev):
    import saidwho

    with polnear_dev.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for _, line in zip(range(5), fh)]
    for doc in docs:
        rec = saidwho.extract(doc["text"], id=doc["id"], format="text")
        validate_record(rec)
        assert rec["text"] == doc["text"]  # offsets index the input, verbatim
