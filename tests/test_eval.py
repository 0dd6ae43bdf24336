"""The evaluation scorer: hand-written gold and system records (no corpus text), plus a gold-vs-itself check
on the PolNeAR dev split when ../shared is present."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saidwho.errors import BadGoldFile, BadJSONLine, InputNotFound
from saidwho.eval import format_table, load_gold, load_records, run_eval, score
from saidwho.eval.scorer import match_overlap, prf
from saidwho.eval.spans import jaccard, normalise

POLNEAR_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "polnear" / "dev.jsonl"

# Hand-written fixture text (not from any corpus).
TEXT = (
    'The mayor said: "We will open the bridge in May." '
    "Critics, however, doubt that the plan is funded. "
    '"It is far too late," said Ana Ruiz, "and far too costly."'
)


def sp(sub: str, nth: int = 0, text: str = TEXT) -> list[int]:
    """[start, end] of the nth occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return [start, start + len(sub)]


def gold_att(content, kind="direct", source=None, cue=None):
    return {"id": "a", "content": content, "source": source or [], "cue": cue or [], "kind": kind}


def gold_doc(atts, *, id="d1", text=TEXT, discard=None):
    return {"id": id, "text": text, "attributions": atts, "meta": {"discard": discard or []}}


def quote(content, kind="direct", mention=None, cue=None):
    return {
        "id": "q",
        "kind": kind,
        "content": content,
        "text": "",
        "cue": cue or [],
        "speaker": None if mention is None else {"id": None, "name": None, "mention": mention, "via": "subject"},
        "confidence": 0.5,
    }


def sys_rec(quotes, *, id="d1", text=TEXT, error=None):
    return {"schema": "saidwho/2", "id": id, "text": text, "quotes": quotes, "speakers": [], "error": error}


def counts(metric):
    return metric["tp"], metric["fp"], metric["fn"]


# Gold for the fixture: a direct quote (trimmed of its quotation marks), an indirect one, and a direct quote
# interrupted by "said Ana Ruiz".
MAYOR = gold_att([sp("We will open the bridge in May")], source=[sp("The mayor")], cue=[sp("said")])
CRITICS = gold_att([sp("the plan is funded")], kind="indirect", source=[sp("Critics")], cue=[sp("doubt")])
RUIZ = gold_att(
    [sp("It is far too late"), sp("and far too costly")],
    source=[sp("Ana Ruiz")],
    cue=[sp("said", 1)],
)


# ---------------------------------------------------------------- spans


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        ('"Hello there,"', [[0, 14]], ((1, 12),)),  # quotes and the comma go, repeatedly
        ("“Yes.” ", [[0, 7]], ((1, 4),)),
        ("«Oui…»", [[0, 6]], ((1, 4),)),
        ("„Ja“ –", [[0, 6]], ((1, 3),)),
        ("  ‘no’  ", [[0, 8]], ((3, 5),)),
        ('" ... "', [[0, 7]], ()),  # nothing left: dropped
        ("one, two", [[0, 3], [5, 8]], ((0, 8),)),  # separated by punctuation only: merged
        ('one," "two', [[0, 4], [6, 10]], ((0, 10),)),
        ("one he said two", [[0, 3], [12, 15]], ((0, 3), (12, 15))),  # words between: kept apart
        ("abcdef", [[3, 6], [0, 4]], ((0, 6),)),  # overlapping, unsorted
        ("abc", [[2, 1], [0, 99], "x"], ((0, 3),)),  # malformed ignored, clipped to the text
    ],
)
def test_normalise(text, spans, expected):
    assert normalise(text, spans) == expected


def test_bare_punctuation_kept_only_when_asked():
    assert normalise("Ruiz: yes", [[4, 5]]) == ()
    assert normalise("Ruiz: yes", [[4, 6]], keep_bare=True) == ((4, 5),)


@given(
    st.text(alphabet='ab ,."“”-', max_size=30),
    st.lists(st.tuples(st.integers(-3, 33), st.integers(-3, 33)), max_size=5),
)
def test_normalise_is_a_fixpoint_of_sorted_disjoint_spans(text, spans):
    out = normalise(text, spans)
    assert all(0 <= s < e <= len(text) for s, e in out)
    assert all(a[1] < b[0] for a, b in zip(out, out[1:]))
    assert normalise(text, out) == out


def test_jaccard():
    assert jaccard(((0, 10),), ((5, 15),)) == pytest.approx(5 / 15)
    assert jaccard(((0, 4), (6, 10)), ((0, 10),)) == pytest.approx(8 / 10)
    assert jaccard((), ((0, 1),)) == 0.0


# ---------------------------------------------------------------- content


def test_perfect_system_scores_one_everywhere():
    gold = [gold_doc([MAYOR, CRITICS, RUIZ])]
    system = [
        sys_rec(
            [
                quote(a["content"], a["kind"], mention=a["source"], cue=a["cue"])
                for a in (MAYOR, CRITICS, RUIZ)
            ]
        )
    ]
    r = score(gold, system)
    for role in ("content", "source", "cue"):
        for mode in ("exact", "overlap"):
            assert counts(r[role][mode]) == (3, 0, 0)
            assert r[role][mode]["f1"] == 1.0
    assert r["source_given_content"]["exact_accuracy"] == 1.0
    assert r["cue_given_content"]["overlap_accuracy"] == 1.0
    assert r["documents"]["missing"] == r["documents"]["errors"] == r["documents"]["text_mismatch"] == 0


def test_quotes_and_punctuation_do_not_break_exact_match():
    # the system includes the quotation marks, the final period and a trailing space
    system = [sys_rec([quote([sp('"We will open the bridge in May." ')])])]
    r = score([gold_doc([MAYOR])], system)
    assert counts(r["content"]["exact"]) == (1, 0, 0)


def test_exact_versus_overlap():
    shorter = quote([sp("We will open the bridge")])  # Jaccard 23/30 >= 0.5
    r = score([gold_doc([MAYOR])], [sys_rec([shorter])])
    assert counts(r["content"]["exact"]) == (0, 1, 1)
    assert counts(r["content"]["overlap"]) == (1, 0, 0)

    too_short = quote([sp("the bridge")])  # Jaccard 10/30 < 0.5
    r = score([gold_doc([MAYOR])], [sys_rec([too_short])])
    assert counts(r["content"]["overlap"]) == (0, 1, 1)


def test_one_to_one_matching():
    two = [quote([sp("We will open the bridge")]), quote([sp("open the bridge in May")])]
    r = score([gold_doc([MAYOR])], [sys_rec(two)])
    assert counts(r["content"]["overlap"]) == (1, 1, 0)
    assert r["content"]["overlap"]["precision"] == 0.5
    assert r["content"]["overlap"]["recall"] == 1.0


def test_overlap_matching_is_greedy_by_highest_jaccard():
    gold = [((0, 10),), ((8, 20),)]
    system = [((0, 9),), ((9, 20),)]
    # gold 0 ~ sys 0 (0.9), gold 1 ~ sys 1 (11/12): both taken, one-to-one
    assert sorted(match_overlap(gold, system, 0.5)) == [(0, 0), (1, 1)]
    assert match_overlap([((0, 10),)], [((0, 6),), ((0, 9),)], 0.5) == [(0, 1)]


def test_discontinuous_content():
    # fragments with their own quotation marks and comma: exact
    frags = quote([sp('"It is far too late,"'), sp('"and far too costly."')])
    r = score([gold_doc([RUIZ])], [sys_rec([frags])])
    assert counts(r["content"]["exact"]) == (1, 0, 0)

    # one span over both fragments and the "said Ana Ruiz" between: overlap only
    start = sp("It is far too late")[0]
    whole = quote([[start, sp("and far too costly")[1]]])
    r = score([gold_doc([RUIZ])], [sys_rec([whole])])
    assert counts(r["content"]["exact"]) == (0, 1, 1)
    assert counts(r["content"]["overlap"]) == (1, 0, 0)

    # only the first fragment: 18 of 36 characters, Jaccard exactly 0.5
    first = quote([sp("It is far too late")])
    r = score([gold_doc([RUIZ])], [sys_rec([first])])
    assert counts(r["content"]["overlap"]) == (1, 0, 0)


def test_by_kind_and_recall_by_gold_kind():
    mixed_gold = gold_att(MAYOR["content"], kind="mixed")
    r = score([gold_doc([mixed_gold, CRITICS])], [sys_rec([quote(MAYOR["content"], "direct")])])
    m = r["content"]["overlap"]
    assert counts(m) == (1, 0, 1)  # overall: the kind does not matter
    assert counts(m["by_kind"]["mixed"]) == (0, 0, 1)
    assert counts(m["by_kind"]["direct"]) == (0, 1, 0)
    assert counts(m["by_kind"]["indirect"]) == (0, 0, 1)
    assert m["recall_by_gold_kind"]["mixed"] == {"tp": 1, "fn": 0, "recall": 1.0}
    assert m["recall_by_gold_kind"]["indirect"] == {"tp": 0, "fn": 1, "recall": 0.0}
    assert m["recall_by_gold_kind"]["direct"]["recall"] is None  # no direct gold: undefined
    assert r["attributions"]["gold_by_kind"] == {"direct": 0, "mixed": 1, "indirect": 1}
    assert r["attributions"]["system_by_kind"] == {"direct": 1, "mixed": 0, "indirect": 0}


def test_discard_spans_ignore_gold_and_system():
    text = TEXT + " Photo: City Hall press office."
    credit = [sp("City Hall press office", text=text)]
    discard = [sp("Photo: City Hall press office.", text=text)]
    gold = [gold_doc([MAYOR, gold_att(credit, kind="indirect")], text=text, discard=discard)]
    system = [sys_rec([quote(MAYOR["content"]), quote(credit, "indirect")], text=text)]
    r = score(gold, system)
    assert counts(r["content"]["exact"]) == (1, 0, 0)
    assert r["attributions"]["gold_ignored"] == {"discard": 1, "empty": 0}
    assert r["attributions"]["system_ignored"] == {"discard": 1, "empty": 0}
    # a system quote only partly inside the discard region still counts
    partly = [sp("costly.\" Photo", text=text)]
    r = score(gold, [sys_rec([quote(partly)], text=text)])
    assert r["content"]["exact"]["fp"] == 1


def test_empty_content_ignored():
    r = score([gold_doc([MAYOR])], [sys_rec([quote(MAYOR["content"]), quote([sp('." ')]), quote([])])])
    assert counts(r["content"]["exact"]) == (1, 0, 0)
    assert r["attributions"]["system_ignored"]["empty"] == 2


# ---------------------------------------------------------------- documents


def test_missing_documents_and_error_records_find_nothing():
    gold = [gold_doc([MAYOR], id="d1"), gold_doc([CRITICS], id="d2"), gold_doc([RUIZ], id="d3")]
    system = [
        sys_rec([quote(MAYOR["content"])], id="d1"),
        sys_rec([quote(CRITICS["content"], "indirect")], id="d2", text="", error={"code": "SW301", "message": "boom"}),
        sys_rec([], id="elsewhere"),
    ]
    r = score(gold, system)
    docs = r["documents"]
    assert (docs["gold"], docs["system"], docs["scored"], docs["missing"], docs["errors"]) == (3, 3, 1, 1, 1)
    assert docs["ids"]["missing"] == ["d3"] and docs["ids"]["errors"] == ["d2"]
    assert docs["unmatched_system"] == 1 and docs["ids"]["unmatched_system"] == ["elsewhere"]
    assert counts(r["content"]["exact"]) == (1, 0, 2)  # the error record's quote is not used


def test_duplicate_system_records_first_wins():
    system = [sys_rec([quote(MAYOR["content"])]), sys_rec([])]
    r = score([gold_doc([MAYOR])], system)
    assert counts(r["content"]["exact"]) == (1, 0, 0)
    assert r["documents"]["duplicate_system"] == 1


def test_text_mismatch_is_reported_and_scored():
    r = score([gold_doc([MAYOR])], [sys_rec([quote(MAYOR["content"])], text=TEXT.upper())])
    assert r["documents"]["text_mismatch"] == 1
    assert r["documents"]["ids"]["text_mismatch"] == ["d1"]
    assert counts(r["content"]["exact"]) == (1, 0, 0)  # same length, offsets still line up


def test_system_record_without_text_uses_gold_text():
    rec = sys_rec([quote([sp('"We will open the bridge in May."')])])
    del rec["text"]
    r = score([gold_doc([MAYOR])], [rec])
    assert counts(r["content"]["exact"]) == (1, 0, 0)
    assert r["documents"]["text_mismatch"] == 0


# ---------------------------------------------------------------- source and cue


def test_source_and_cue_scores():
    system = [
        sys_rec(
            [
                quote(MAYOR["content"], mention=[sp("mayor")], cue=[sp("said: ")]),  # source overlaps, cue exact
                quote(CRITICS["content"], "indirect", mention=None, cue=[sp("however")]),  # no speaker, wrong cue
                quote(RUIZ["content"], mention=[sp("Ana Ruiz")], cue=[sp("said", 1)]),
            ]
        )
    ]
    r = score([gold_doc([MAYOR, CRITICS, RUIZ])], system)
    assert counts(r["source"]["exact"]) == (1, 1, 2)
    assert counts(r["source"]["overlap"]) == (2, 0, 1)
    assert counts(r["cue"]["exact"]) == (2, 1, 1)
    assert counts(r["cue"]["overlap"]) == (2, 1, 1)
    sgc = r["source_given_content"]
    assert (sgc["pairs"], sgc["exact"], sgc["overlap"]) == (3, 1, 2)
    assert sgc["exact_accuracy"] == pytest.approx(1 / 3)
    assert sgc["overlap_accuracy"] == pytest.approx(2 / 3)
    assert sgc["by_gold_kind"]["indirect"] == {
        "pairs": 1, "exact": 0, "overlap": 0, "exact_accuracy": 0.0, "overlap_accuracy": 0.0
    }
    assert r["cue_given_content"]["exact_accuracy"] == pytest.approx(2 / 3)


def test_gold_without_source_is_not_a_source_item():
    unsourced = gold_att(MAYOR["content"])
    r = score([gold_doc([unsourced])], [sys_rec([quote(MAYOR["content"], mention=[sp("The mayor")])])])
    assert counts(r["source"]["exact"]) == (0, 1, 0)
    assert r["source_given_content"]["pairs"] == 0
    assert r["source_given_content"]["exact_accuracy"] is None


def test_colon_cue_is_kept():
    text = 'Ruiz: "Too late."'
    att = gold_att([sp("Too late", text=text)], source=[sp("Ruiz", text=text)], cue=[sp(":", text=text)])
    g = gold_doc([att], text=text)
    s = sys_rec([quote([sp('"Too late."', text=text)], mention=[[0, 4]], cue=[[4, 6]])], text=text)
    r = score([g], [s])
    assert counts(r["cue"]["exact"]) == (1, 0, 0)


def test_prf_undefined_ratios_are_none():
    assert prf(0, 0, 0) == {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None}
    assert prf(0, 0, 3)["precision"] is None and prf(0, 0, 3)["f1"] == 0.0
    assert prf(2, 1, 1)["f1"] == pytest.approx(2 / 3)


# ---------------------------------------------------------------- gold files


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_and_fills_defaults(tmp_path):
    doc = {"id": "d1", "text": TEXT, "attributions": [{"content": MAYOR["content"], "kind": "direct"}]}
    path = write_lines(tmp_path / "gold.jsonl", [json.dumps(doc), "", json.dumps(gold_doc([RUIZ], id="d2"))])
    docs = load_gold(path)
    assert [d["id"] for d in docs] == ["d1", "d2"]
    assert docs[0]["attributions"][0]["source"] == [] and docs[0]["meta"]["discard"] == []


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"text": "x"}), '"id"'),
        (json.dumps({"id": "d2"}), '"text"'),
        (json.dumps(gold_doc([gold_att([[0, 9999]])], id="d2")), "outside the text"),
        (json.dumps(gold_doc([gold_att([[0, 3]], kind="quoted")], id="d2")), "kind 'quoted'"),
        (json.dumps(gold_doc([gold_att([["0", 3]])], id="d2")), "malformed span"),
        (json.dumps(gold_doc([], id="d2", discard=[[5]])), "meta.discard"),
        (json.dumps(gold_doc([], id="d1")), "already used on line 1"),
    ],
)
def test_bad_gold_line_names_file_and_line(tmp_path, bad, fragment):
    path = write_lines(tmp_path / "gold.jsonl", [json.dumps(gold_doc([MAYOR], id="d1")), "", bad])
    with pytest.raises(BadGoldFile) as info:
        load_gold(path)
    assert info.value.code == "SW401"
    assert str(path) in info.value.message
    assert "line 3" in info.value.message
    assert fragment in info.value.message


def test_bad_gold_file(tmp_path):
    with pytest.raises(BadGoldFile, match="not found"):
        load_gold(tmp_path / "nope.jsonl")
    with pytest.raises(BadGoldFile, match="no articles"):
        load_gold(write_lines(tmp_path / "empty.jsonl", [""]))
    (tmp_path / "latin1.jsonl").write_bytes(b'{"id": "d1"}\n{"id": "\xe9"}\n')
    with pytest.raises(BadGoldFile, match="line 2: not UTF-8"):
        load_gold(tmp_path / "latin1.jsonl")


# ---------------------------------------------------------------- harness and table


def test_run_eval_with_extractor_times_it(tmp_path):
    lines = [json.dumps(gold_doc([MAYOR], id="d1")), json.dumps(gold_doc([RUIZ], id="d2"))]
    gold_path = write_lines(tmp_path / "gold.jsonl", lines)

    def extractor(text, id):
        if id == "d2":
            raise RuntimeError("boom")
        return sys_rec([quote(MAYOR["content"])], id=id, text=text)

    r = run_eval(gold_path, extract_fn=extractor)
    assert set(r["speed"]) == {"documents", "chars", "seconds", "chars_per_s", "docs_per_s", "peak_rss_mb"}
    assert r["speed"]["documents"] == 2 and r["speed"]["chars"] == 2 * len(TEXT)
    assert r["speed"]["peak_rss_mb"] > 0
    assert r["documents"]["errors"] == 1 and r["documents"]["ids"]["errors"] == ["d2"]
    assert counts(r["content"]["exact"]) == (1, 0, 1)
    assert "speed: 2 documents" in format_table(r)


def test_run_eval_passes_a_keyword_only_id(tmp_path):
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(gold_doc([MAYOR], id="d1"))])

    def like_saidwho_extract(text_or_html, *, id="doc", format=None):
        return sys_rec([quote(MAYOR["content"])], id=id, text=text_or_html)

    r = run_eval(gold_path, extract_fn=like_saidwho_extract)
    assert r["content"]["exact"]["f1"] == 1.0


def test_run_eval_with_system_file(tmp_path):
    gold_path = write_lines(tmp_path / "gold.jsonl", [json.dumps(gold_doc([MAYOR]))])
    sys_path = write_lines(tmp_path / "sys.jsonl", [json.dumps(sys_rec([quote(MAYOR["content"])]))])
    r = run_eval(gold_path, sys_path)
    assert r["content"]["overlap"]["f1"] == 1.0
    assert "speed" not in r
    assert r["inputs"] == {"gold": str(gold_path), "system": str(sys_path)}
    with pytest.raises(ValueError):
        run_eval(gold_path)
    with pytest.raises(BadJSONLine, match="line 2"):
        load_records(write_lines(tmp_path / "bad.jsonl", ["{}", "{oops"]))
    with pytest.raises(InputNotFound):
        load_records(tmp_path / "nope.jsonl")


def test_format_table_rows_and_counts():
    r = score(
        [gold_doc([MAYOR, CRITICS]), gold_doc([RUIZ], id="d2")],
        [sys_rec([quote(MAYOR["content"], mention=MAYOR["source"], cue=MAYOR["cue"])])],
    )
    table = format_table(r)
    for row in ("content exact", "content overlap", "source exact", "source overlap", "cue exact", "cue overlap"):
        assert sum(line.startswith(row) for line in table.splitlines()) == 2  # P/R/F1 and recall by gold kind
    assert "recall by gold kind" in table
    assert "documents: 2 gold, 1 scored, 1 missing, 0 errors" in table
    assert " - " in table  # undefined ratios (no mixed attributions at all)


def test_per_document_counts():
    r = score([gold_doc([MAYOR]), gold_doc([RUIZ], id="d2")], [sys_rec([quote(MAYOR["content"])])], per_document=True)
    hit, miss = {"tp": 1, "fp": 0, "fn": 0}, {"tp": 0, "fp": 0, "fn": 1}
    assert r["per_document"] == [
        {"id": "d1", "status": "ok", "content_exact": hit, "content_overlap": hit},
        {"id": "d2", "status": "missing", "content_exact": miss, "content_overlap": miss},
    ]


# ---------------------------------------------------------------- corpus


def as_system_record(doc):
    """A saidwho/2-shaped record holding the gold attributions."""
    quotes = [
        {
            "kind": a["kind"],
            "content": a["content"],
            "cue": a["cue"],
            "speaker": {"mention": a["source"]} if a["source"] else None,
        }
        for a in doc["attributions"]
    ]
    return {"schema": "saidwho/2", "id": doc["id"], "text": doc["text"], "quotes": quotes, "error": None}


@pytest.mark.corpus
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason=f"PolNeAR dev split not found at {POLNEAR_DEV}")
def test_polnear_dev_gold_against_itself_scores_one():
    gold = load_gold(POLNEAR_DEV)
    system = [as_system_record(d) for d in gold]
    started = time.perf_counter()
    r = score(gold, system)
    assert time.perf_counter() - started < 1.0
    assert r["documents"]["gold"] == 84 and r["documents"]["scored"] == 84
    for role in ("content", "source", "cue"):
        for mode in ("exact", "overlap"):
            m = r[role][mode]
            assert m["fp"] == m["fn"] == 0 and m["tp"] > 0
            assert m["precision"] == m["recall"] == m["f1"] == 1.0
            for kind in ("direct", "mixed", "indirect"):
                assert m["by_kind"][kind]["f1"] == 1.0
                assert m["recall_by_gold_kind"][kind]["recall"] == 1.0
    for role_given in ("source_given_content", "cue_given_content"):
        assert r[role_given]["exact_accuracy"] == r[role_given]["overlap_accuracy"] == 1.0
    format_table(r)
