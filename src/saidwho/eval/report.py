"""A fixed-width, human-readable table of a score() / run_eval() result."""

from __future__ import annotations

from typing import Any

from ..model import KINDS
from .scorer import MODES, ROLES


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _row(name: str, cells: list[str], width: int = 7) -> str:
    return f"{name:<16}" + "".join(f"{c:>{width}}" for c in cells)


def format_table(result: dict[str, Any]) -> str:
    """Render a result as text: document counts, P/R/F1 overall (with tp/fp/fn) and by kind for each of
    content/source/cue x exact/overlap, recall by gold kind, source/cue accuracy given matched content, and
    speed when present. Undefined ratios (zero denominators) print as "-"."""
    docs = result["documents"]
    atts = result["attributions"]
    lines = [
        f"documents: {docs['gold']} gold, {docs['scored']} scored, {docs['missing']} missing, "
        f"{docs['errors']} errors, {docs['text_mismatch']} text mismatch, "
        f"{docs['unmatched_system']} system records without gold",
        "attributions: gold {} ({}), system {} ({})".format(
            atts["gold"],
            ", ".join(f"{k} {atts['gold_by_kind'][k]}" for k in KINDS),
            atts["system"],
            ", ".join(f"{k} {atts['system_by_kind'][k]}" for k in KINDS),
        ),
        "ignored: gold {} in discard, {} empty; system {} in discard, {} empty".format(
            atts["gold_ignored"]["discard"],
            atts["gold_ignored"]["empty"],
            atts["system_ignored"]["discard"],
            atts["system_ignored"]["empty"],
        ),
        "",
    ]

    head1 = f"{'':<16}{'overall':^42}" + "".join(f"{'  ' + k:^21}" for k in KINDS)
    head2 = _row("", ["tp", "fp", "fn", "P", "R", "F1"] + ["P", "R", "F1"] * len(KINDS))
    lines += [head1, head2, "-" * len(head2)]
    for role in ROLES:
        for mode in MODES:
            m = result[role][mode]
            cells = [str(m["tp"]), str(m["fp"]), str(m["fn"]), _f(m["precision"]), _f(m["recall"]), _f(m["f1"])]
            for k in KINDS:
                bk = m["by_kind"][k]
                cells += [_f(bk["precision"]), _f(bk["recall"]), _f(bk["f1"])]
            lines.append(_row(f"{role} {mode}", cells))

    lines += ["", "recall by gold kind (system attributions of any kind may match)"]
    head = _row("", list(KINDS), width=10)
    lines += [head, "-" * len(head)]
    for role in ROLES:
        for mode in MODES:
            rk = result[role][mode]["recall_by_gold_kind"]
            lines.append(_row(f"{role} {mode}", [_f(rk[k]["recall"]) for k in KINDS], width=10))

    lines += ["", "given matched content (content-overlap pairs whose gold has the role): accuracy exact / overlap"]
    head = _row("", ["pairs", "exact", "overlap"], width=8) + "".join(f"{k:>18}" for k in KINDS)
    lines += [head, "-" * len(head)]
    for role in ("source", "cue"):
        g = result[f"{role}_given_content"]
        cells = [str(g["pairs"]), _f(g["exact_accuracy"]), _f(g["overlap_accuracy"])]
        row = _row(role, cells, width=8)
        for k in KINDS:
            gk = g["by_gold_kind"][k]
            row += f"{_f(gk['exact_accuracy']) + ' / ' + _f(gk['overlap_accuracy']):>18}"
        lines.append(row)

    speed = result.get("speed")
    if speed:
        lines += [
            "",
            "speed: {} documents, {:,} chars in {:.2f} s: {:,.0f} chars/s, {:.2f} docs/s, peak RSS {:.0f} MB".format(
                speed["documents"],
                speed["chars"],
                speed["seconds"],
                speed["chars_per_s"] or 0,
                speed["docs_per_s"] or 0,
                speed["peak_rss_mb"],
            ),
        ]
    return "\n".join(lines)
