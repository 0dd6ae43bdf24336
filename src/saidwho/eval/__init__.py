"""Evaluation: gold attributions (PolNeAR format), a scorer for saidwho/2 records, a table, a timed harness.

    >>> from saidwho.eval import load_gold, score, format_table, run_eval
    >>> result = run_eval("../shared/benchmarks/polnear/dev.jsonl", extract_fn=my_extractor)  # doctest: +SKIP
    >>> print(format_table(result))  # doctest: +SKIP

See :mod:`saidwho.eval.scorer` for exactly what is matched and how.
"""

from .gold import load_gold
from .report import format_table
from .run import load_records, run_eval
from .scorer import CONTENT_MIN_JACCARD, EVAL_SCHEMA, score

__all__ = ["CONTENT_MIN_JACCARD", "EVAL_SCHEMA", "format_table", "load_gold", "load_records", "run_eval", "score"]
