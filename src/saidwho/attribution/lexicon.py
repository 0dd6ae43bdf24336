"""Lemmas for the words saidwho's rules look up, without spaCy's lemmatizer (which costs about a tenth
of the pipeline's time): speech-verb forms map to their verb, plural nouns to a singular."""

from __future__ import annotations

from typing import Any

from .cues import SPEECH_VERBS


def inflections(verb: str) -> set[str]:
    """The forms of a (regular or listed irregular) verb: said, says, saying, warned, denies …"""
    irregular = {
        "say": {"said", "says", "saying"}, "tell": {"told", "tells", "telling"},
        "write": {"wrote", "written", "writes", "writing"}, "speak": {"spoke", "spoken", "speaks", "speaking"},
        "read": {"reads", "reading"}, "begin": {"began", "begun", "begins", "beginning"},
        "forecast": {"forecasts", "forecasting"}, "quip": {"quipped", "quips", "quipping"},
        "plead": {"pled", "pleaded", "pleads", "pleading"}, "cry": {"cried", "cries", "crying"},
        "make": {"made", "makes", "making"}, "have": {"has", "had", "having"}, "be": {"is", "was", "were", "been", "are", "am", "being"},
    }
    if verb in irregular:
        return {verb} | irregular[verb]
    forms = {verb, verb + "s", verb + "ing", verb + "ed"}
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if verb.endswith(("sh", "ch", "ss", "x")):
        forms.add(verb + "es")
    if len(verb) >= 3 and verb[-1] in "bdgmnprt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}  # quipped, stopped
    return forms


FORM_TO_VERB = {f: v for v in sorted(SPEECH_VERBS) for f in inflections(v)}
_NO_SINGULAR = frozenset("news series species press analysis basis crisis thesis status campus census us this his was has is".split())


def lemma(tok: Any) -> str:
    """Lower-case lemma of a token: the speech verb for any of its forms, a singular for a plural noun."""
    low = tok.lower_
    verb = FORM_TO_VERB.get(low)
    if verb is not None and tok.tag_.startswith("VB"):
        return verb
    if tok.tag_ in ("NNS", "NNPS") and low not in _NO_SINGULAR and len(low) > 3:
        if low.endswith("ies"):
            return low[:-3] + "y"
        if low.endswith(("sses", "ches", "shes", "xes")):
            return low[:-2]
        if low.endswith("men"):
            return low[:-3] + "man"  # spokesmen, congressmen
        if low.endswith("s") and not low.endswith("ss"):
            return low[:-1]
    return low
