"""The frame of a quotation: the author's words around it in its sentence, and the cue and source mention
found there (a speech verb and its subject, "according to X", a colon lead-in, a dash trailer)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .lexicon import lemma
from .cues import CUE_NOUNS, PRONOUNS, SPEECH_VERBS, TITLE_WORDS, WEAK_VERBS
from .document import ParsedDoc
from .quotemarks import ALL_MARKS

_SENT_END = {".", "!", "?"}
_LOOSE_PREPS = frozenset("after before during on at in outside following inside since until via through".split())
_OBJECT_PRONOUNS = frozenset("her him them me us".split())
_DASHES = ("\u2014", "\u2013", "\u2015", "--", "-")


@dataclass(slots=True)
class Frame:
    left: tuple[int, int]  # author's text before the opening mark, within the sentence
    right: tuple[int, int]  # author's text after the closing mark, within the sentence


@dataclass(slots=True)
class Cue:
    spans: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    source_root: Any = None
    source_toks: list[Any] = field(default_factory=list)
    verb: Any = None  # the cue's head token, when there is one
    via: str = "subject"
    side: str = "right"  # where the cue stands relative to the quotation
    distance: int = 0  # tokens between quotation and cue


def frame_of(pd: ParsedDoc, qstart_mark: int, qend_mark: int, left_para: tuple[int, int], right_para: tuple[int, int], neighbours: tuple[int, int]) -> Frame:
    """Left and right frames of a quotation whose marks sit at qstart_mark and qend_mark (exclusive end).
    ``neighbours`` bounds the frame by the previous quotation's end and the next quotation's start."""
    ps = left_para[0]
    pe = right_para[1]
    lo = max(ps, neighbours[0])
    ls = lo
    for tok in reversed(pd.tokens_between(lo, qstart_mark)):
        if tok.text in _SENT_END or tok.text.endswith(".") and tok.text.lower() not in ("mr.", "mrs.", "ms.", "dr.", "gov.", "sen.", "rep.", "st.", "gen.", "lt.", "col.", "jr.", "sr.") and len(tok.text) > 3:
            ls = pd.end_of(tok)
            break
    hi = min(pe, neighbours[1])
    re_ = hi
    for tok in pd.tokens_between(qend_mark, hi):
        if tok.text in _SENT_END:
            re_ = pd.end_of(tok)
            break
    return Frame((ls, qstart_mark), (qend_mark, re_))


def _governs(pd: ParsedDoc, verb: Any, frame: Frame) -> bool:
    """Is the quotation's first word inside the clause the verb heads (not the verb's subject)?"""
    first = pd.token_at(frame.left[1] + 1)
    if first is None or first.doc is not verb.doc:
        return False
    t = first
    for _ in range(40):
        if t.head == t:
            return False
        if t.head == verb:
            return t.dep_ not in ("nsubj", "nsubjpass", "punct")
        if t.head.pos_ == "VERB" and lemma(t.head) in SPEECH_VERBS:
            return False  # another speech verb's clause
        t = t.head
    return False


TIME_ENTS = frozenset(("DATE", "TIME"))  # the tagger's labels for a time, which never speaks


def _usable(tok: Any) -> bool:
    """A token that can head a source mention: a word, and not a time ("said Thursday", "said in February")."""
    return any(ch.isalpha() for ch in tok.text) and (tok.ent_type_ not in TIME_ENTS or is_age(tok))


def is_age(tok: Any) -> bool:
    """Whether a token the tagger took for a date belongs to an age that describes a person ("The 66-year-old
    said", tokenised "66 - year - old")."""
    if tok.ent_type_ != "DATE":
        return False
    return _AGE.search(tok.doc[max(0, tok.i - 4) : tok.i + 5].text) is not None


_AGE = re.compile(r"\b\d{1,3}\s*-\s*year\s*-\s*old\b")


def relative_antecedent(verb: Any, pronoun: Any) -> Any:
    """What the relative pronoun subject of a relative clause stands for ("a government that has promised …":
    the government). The parser attaches the clause to the nearest noun, so: a description in apposition to a
    name gives the name ("Heather Samuelson, a staffer who …"); a list gives its last member ("Will Smith and
    Stevie Wonder, who joked …"); "who" after "X on/of Y" where Y names no person gives X ("Democrats on
    Capitol Hill, who …")."""
    noun = verb.head
    described = noun.pos_ == "NOUN" or any(c.dep_ == "det" for c in noun.children)  # "a super PAC"
    if described and noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head
    one = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if one is not None and one.lower_ == "one" and one.dep_ == "attr":
        # "Scott was one of three members who voted against …": Scott is one who did
        subj = next((c for c in one.head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON")), None)
        if subj is not None:
            return subj
    named = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < verb.i]
    if noun.pos_ == "NOUN" and named:
        return named[-1]  # "his wife, Laura, who spoke of …": the name in apposition
    members = [c for c in noun.children if c.dep_ == "conj" and c.i < verb.i and c.pos_ in ("PROPN", "NOUN")]
    if members:
        last = max(members, key=lambda c: c.i)
        while True:  # "A, B and C": spaCy chains the conjuncts
            more = [c for c in last.children if c.dep_ == "conj" and c.i < verb.i]
            if not more:
                break
            last = max(more, key=lambda c: c.i)
        return last
    if pronoun.lower_ == "who" and noun.dep_ == "pobj" and noun.ent_type_ != "PERSON" and noun.head.dep_ == "prep":
        above = noun.head.head
        if above.pos_ in ("VERB", "AUX"):  # "to calm farmers on Brell Island, who …", the parser hanging "on" on the verb
            above = next((c for c in above.children if c.dep_ == "dobj" and c.i < noun.head.i), above)
        if above.pos_ in ("NOUN", "PROPN"):
            return above
    return noun


def _subject(verb: Any, depth: int = 0) -> Any:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj") and _usable(c):
            if c.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
                return relative_antecedent(verb, c)  # "a government that has promised …": the government
            return c
    if depth < 3 and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.head.dep_ in ("advcl", "relcl"):
        # "… after she attacked officers and blamed …": the subject of the verb it is coordinated with, in a clause
        # of its own
        own = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and _usable(c)), None)
        if own is not None:
            return own
    if depth < 3 and verb.dep_ == "conj":
        # "X said he was “puzzled” and insisted …": coordinated with the speech verb above, whatever
        # the parser attached it to
        anc = next((a for a in verb.ancestors if a.pos_ == "VERB" and lemma(a) in SPEECH_VERBS), None)
        if anc is not None:
            return _subject(anc, depth + 1)
    if depth < 3 and verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp") and verb.head != verb:
        return _subject(verb.head, depth + 1)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ == "PROPN" and verb.head.dep_ == "ROOT":
        # "Anders Kolb, who has been mayor since 2015, announced …", parsed as the name with a participle
        return verb.head
    return None


# what people face, draw or come under from others: the subject of "faced questions about" is not the speaker
_FACED = frozenset("criticism question charge accusation allegation scrutiny fire flak backlash attack pressure complaint".split())
# in their forms: the pipeline has no lemmatizer
_FACING = frozenset(
    """face faces faced facing draw draws drew drawn drawing receive receives received receiving come comes came
    coming dogged attract attracts attracted attracting field fields fielded fielding endure endured enduring
    weather weathered encounter encountered""".split()
)


def faced_cue(pd: ParsedDoc, cue: tuple[int, int]) -> bool:
    """Is the cue a criticism, question or charge someone faces, with no one's name on it ("has faced questions
    about", "came under withering criticism for")? Its grammatical subject is then its target, not its speaker."""
    toks = pd.tokens_between(cue[0], cue[1])
    nouns = [t for t in toks if t.pos_ == "NOUN" and lemma(t) in _FACED and _faced(t)]
    return bool(nouns) and not any(c.dep_ == "poss" for n in nouns for c in n.children)


def _faced(noun: Any) -> bool:
    """Whether a noun is what its clause's subject faces: "faced questions", "came under criticism", "dogged by
    charges", "drew fire", "came under withering criticism" (which the parser may read as "under withering")."""
    if noun.dep_ not in ("dobj", "pobj"):
        return False
    verb = noun
    for _ in range(3):
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and verb.lower_ in _FACING:
            return True
        if verb.dep_ not in ("prep", "pcomp", "dobj", "pobj") or verb.head == verb:
            return False
    return False


def passive_target(pd: ParsedDoc, cue: tuple[int, int]) -> Any:
    """The token a passive cue is about rather than said by: the subject of "Oz has been dogged by charges that
    …", "Reagan was once asked how …", "what is being criticized as …", "Mr. Effron has been mentioned as …"; the
    subject of the main clause for a participle with none of its own ("Asked to describe the device, O'Neill
    …"), or True when that subject is not known ("what is being criticized as …"). None for an active cue, for
    "was quoted as saying" and "can be heard yelling", whose subject speaks, and for a relative clause's "which"
    or "who"."""
    toks = pd.tokens_between(cue[0], cue[1])
    verbs = [t for t in toks if t.tag_ == "VBN" and t.pos_ == "VERB"]
    for v in verbs:
        if v.lower_ == "quoted" or any(
            c.dep_ in ("xcomp", "advcl") and (lemma(c) == "say" or (c.tag_ == "VBG" and lemma(c) in SPEECH_VERBS)) for c in v.children
        ):
            continue  # "was quoted as saying", "can be heard yelling": the subject speaks
        subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and subj.lower_ in ("which", "that", "who"):
            return None  # a relative clause's subject stands for its antecedent, resolved elsewhere
        if subj is not None:
            return True if subj.lower_ == "what" else subj
        if any(c.dep_ == "auxpass" for c in v.children):
            return True
        if v.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in v.children) and v.i == v.sent.start:
            return True  # "Asked about the device, O'Neill said …": the one asked
    return None


_QUOTE_MARKS = frozenset('"\u201c\u201d')


def _quoted(pd: ParsedDoc, tok: Any) -> bool:
    """Whether a token stands inside double quotation marks opened earlier in its paragraph."""
    pos = pd.start_of(tok)
    before = pd.text[pd.paras[pd.para_of(pos)][0] : pos]
    return sum(ch in _QUOTE_MARKS for ch in before) % 2 == 1


def cue_subject(pd: ParsedDoc, cue: tuple[int, int], content: list[tuple[int, int]]) -> tuple[list[Any], tuple[int, int]] | None:
    """The source mention of a cue whose source the tagger missed: the grammatical subject of the cue's verb
    ("…, Lynch said"), the object of "according to", or a noun cue's possessor ("his acknowledgment that …").
    None when there is none outside the content."""
    toks = pd.tokens_between(cue[0], cue[1])
    if not toks:
        return None
    head = next((t for t in toks if t.head not in toks or t.head == t), toks[0])
    subj = None
    if head.lower_ == "according":
        to = next((c for c in head.children if c.lower_ == "to"), None)
        subj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    elif head.pos_ in ("VERB", "AUX"):
        subj = _subject(head)
    elif head.pos_ in ("NOUN", "PROPN"):
        # a noun cue: its possessor ("his acknowledgment that …", "the judge's decision that …"), else the
        # subject of the verb it is the object of ("Trump highlighted his message that …")
        subj = next((c for c in head.children if c.dep_ == "poss"), None)
        if subj is None and head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX"):
            subj = _subject(head.head)
    elif head.pos_ in ("ADJ", "ADP", "ADV"):
        # "Mrs. Clinton has been frank in …", "is confident that …": the subject of the verb above
        verb = next((a for a in list(head.ancestors)[:3] if a.pos_ in ("VERB", "AUX")), None)
        subj = _subject(verb) if verb is not None else None
    # a subject inside the content, or inside a quotation of its sentence ("… we're bringing that up," Sanders
    # said, going on to say …: not "we"), is not the cue's
    inside = lambda t: any(s <= pd.start_of(t) < e for s, e in content) or _quoted(pd, t)  # noqa: E731
    if subj is not None and inside(subj) and head.dep_ == "conj":
        # "May said that the country would declare … and suggested that …": the parser coordinated the cue with a
        # verb of the reported clause; the speech verb above that clause speaks
        for anc in head.ancestors:
            if anc.pos_ == "VERB" and lemma(anc) in SPEECH_VERBS and not inside(anc):
                found = _subject(anc)
                if found is not None and not inside(found):
                    subj = found
                    break
    participle = head if head.tag_ == "VBG" else head.head if head.dep_ == "xcomp" and head.head.tag_ == "VBG" else None
    if (subj is None or inside(subj)) and participle is not None:
        # "…," Sanders said, suggesting …: a participle ("going on to say") goes with the speech verb before it in
        # its sentence, whatever the parser attached it to
        head = participle
        before = [t for t in head.sent if t.i < head.i and t.pos_ == "VERB" and lemma(t) in SPEECH_VERBS and not inside(t)]
        subj = _subject(before[-1]) if before else None
        if subj is None and head.dep_ != "ROOT":
            # "Claiming …, Trump said", "In defending himself, Trump argued …", "X admires Y, comparing him …":
            # the subject of the sentence's main verb, whatever the parser made of the participle
            root = head.sent.root
            subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and _usable(c) and c.i not in {t.i for t in head.subtree}), None)
            if subj is not None and subj.lower_ in ("that", "which", "who", "it", "there"):
                subj = None
    if subj is None or inside(subj):
        return None
    para = pd.paras[pd.para_of(pd.start_of(subj))]
    mtoks, spans = _mention_span(pd, subj, para[0], para[1])
    if any(s < ce and cs < e for s, e in spans for cs, ce in content):
        return None
    return mtoks, spans[0]


def _mention_span(pd: ParsedDoc, tok: Any, lo: int, hi: int) -> tuple[list[Any], list[tuple[int, int]]]:
    """The source mention around its head token: its subtree, kept inside [lo, hi) and out of quotes."""
    if tok.lower_ in PRONOUNS:
        toks = [tok]
    else:
        cut: set[int] = set()
        for t in tok.subtree:
            if t != tok and (t.dep_ in ("relcl", "acl", "advcl") or t.dep_ == "prep" and t.i > tok.i and t.lower_ in _LOOSE_PREPS):
                cut.update(x.i for x in t.subtree)
        toks = sorted((t for t in tok.subtree if t.i not in cut and lo <= pd.start_of(t) < hi or t == tok), key=lambda t: t.i)
        # keep a contiguous run around the head, stopping at quotation marks
        run = [tok]
        for t in reversed([t for t in toks if t.i < tok.i]):
            if t.i != run[0].i - 1 or t.text in ALL_MARKS:
                break
            run.insert(0, t)
        for t in [t for t in toks if t.i > tok.i]:
            if t.i != run[-1].i + 1 or t.text in ALL_MARKS:
                break
            run.append(t)
        while run and (run[-1].is_punct and run[-1].text != ")" or run[-1].dep_ in ("cc",) or run[-1].lower_ in ("who", "which", "that")):
            run.pop()
        while run and run[0].is_punct:
            run.pop(0)
        toks = run or [tok]
    s, e = pd.start_of(toks[0]), pd.end_of(toks[-1])
    return toks, [(s, e)]


def _verb_cue(pd: ParsedDoc, v: Any, lo: int, hi: int) -> list[tuple[int, int]]:
    """The cue span of a speech verb: the verb with its auxiliaries/particles and "in a statement"."""
    s, e = pd.start_of(v), pd.end_of(v)
    for c in v.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and lo <= pd.start_of(c) < hi:
            if c.i < v.i and c.i >= v.i - 3:
                s = min(s, pd.start_of(c))
            elif c.dep_ == "prt" and c.i == v.i + 1:
                e = max(e, pd.end_of(c))
        if c.dep_ == "prep" and c.lower_ == "in" and c.i <= v.i + 3:
            for g in c.children:
                if g.dep_ == "pobj" and lemma(g) in CUE_NOUNS and pd.end_of(g) <= hi:
                    e = max(e, pd.end_of(g))
    return [(s, e)]


def dash_line(pd: ParsedDoc, start: int, end: int) -> Cue | None:
    """A paragraph that is only "— Name, role" after a quotation: a dash trailer on its own line."""
    return _dash_trailer(pd, pd.tokens_between(start, end))


# speech verbs that also tell how a speech or a work is put together ("opens with", "concludes with")
_FRAMING = frozenset("begin start open end close finish conclude".split())


def find_cue(pd: ParsedDoc, frame: Frame, content: str) -> Cue | None:
    """The nearest cue in the quotation's frame, right side first on ties, with its source mention."""
    best: Cue | None = None
    for side, (lo, hi) in (("right", frame.right), ("left", frame.left)):
        if hi <= lo:
            continue
        toks = pd.tokens_between(lo, hi)
        if not toks:
            continue
        content_toks = [t for t in toks if not (t.is_punct or t.is_space)]
        # "…” while Hesse said …": a cue after a conjunction belongs to the next clause
        next_clause = side == "right" and bool(content_toks) and content_toks[0].pos_ in ("SCONJ", "CCONJ")
        new_sentence = side == "right" and content.rstrip()[-1:] in (".", "!", "?") and toks[0].text[:1].isupper()
        if new_sentence and len(toks) > 7:
            continue  # a new sentence after a closed quotation: only "Velin said." style trailers count
        for k, tok in enumerate(toks):
            dist = k if side == "right" else len(toks) - 1 - k
            cue = None
            low = tok.lower_
            if low == "according" and k + 1 < len(toks) and toks[k + 1].lower_ == "to":
                obj = next((c for c in toks[k + 1].children if c.dep_ == "pobj"), None)
                if obj is None and k + 2 < len(toks):
                    obj = toks[k + 2]
                cue = Cue([(pd.start_of(tok), pd.end_of(toks[k + 1]))], via="according-to")
                if obj is not None:
                    cue.source_toks, cue.source = _mention_span(pd, obj, lo, hi)
                    cue.source_root = obj
            elif tok.pos_ in ("VERB", "AUX") and lemma(tok) in SPEECH_VERBS:
                if lemma(tok) in WEAK_VERBS and dist > 4:
                    continue
                if lemma(tok) == "say" and tok.tag_ == "VBG" and tok.dep_ == "amod":
                    continue
                if lemma(tok) in _FRAMING and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
                    continue  # "The spot concludes with footage of Trump saying …": how a work is built, not speech
                cue = Cue(_verb_cue(pd, tok, lo, hi), verb=tok)
                inside = lambda t: frame.left[1] <= pd.start_of(t) < frame.right[0]  # noqa: E731
                subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and _usable(c)]
                if subjects and all(c.dep_ == "nsubjpass" for c in subjects) and lemma(tok) not in ("quote", "tell", "ask"):
                    continue  # "no date had been agreed": a passive verb reports nobody's speech
                outside = [c for c in subjects if not inside(c)]
                if subjects and not outside:
                    continue  # the quotation is the verb's subject ("the “charter” promises …"): not a cue
                subj = outside[0] if outside else _subject(tok)
                if subj is not None and subj.lower_ in ("that", "which", "who") and tok.dep_ == "relcl":
                    subj = relative_antecedent(tok, subj)  # "a government that has promised …": the government
                if subj is not None and inside(subj):
                    subj = None
                if lemma(tok) in WEAK_VERBS and side == "right" and dist > 2:
                    continue
                if subj is not None and not _usable(subj):
                    subj = None
                if subj is not None and outside and not frame.left[0] <= pd.start_of(subj) < max(frame.right[1], frame.left[1]):
                    subj = None  # a subject of the verb's own clause must stand in the frame
                if subj is None:  # "when pressed by Holt": the passive's agent
                    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                    subj = next((g for g in agent.children if g.dep_ == "pobj" and _usable(g) and not inside(g)), None) if agent is not None else None
                if subj is None and tok.tag_ == "VBG" and tok.i > 0:
                    # "Blige sings to Clinton before asking her, “…”": the participle's subject is the earlier verb's
                    before = [t for t in tok.sent if t.i < tok.i and t.pos_ == "VERB" and not inside(t)]
                    cand = _subject(before[-1]) if before else None
                    subj = cand if cand is not None and _usable(cand) and not inside(cand) else None
                if subj is not None:
                    cue.source_root = subj
                    cue.source_toks, cue.source = _mention_span(pd, subj, min(lo, pd.start_of(subj)), max(hi, pd.end_of(subj)))
                    cue.via = "inverted" if subj.i > tok.i else "subject"
                elif side == "right" and (
                    first := next((t for t in toks[:k] if not (t.is_punct or t.is_space)), None)
                ) is not None and first.pos_ in ("PROPN", "PRON") and _usable(first) and not inside(first):
                    # "“…,” Flynn, a top surrogate, said Thursday …": the name the trailer opens with, however
                    # the parser attached it
                    cue.source_root = first
                    cue.source_toks, cue.source = _mention_span(pd, first, lo, hi)
                    cue.via = "subject"
                else:
                    nxt = next((t for t in toks[k + 1 : k + 5] if (t.pos_ in ("PROPN", "PRON") or t.ent_type_) and _usable(t)), None)
                    if nxt is not None and nxt.lower_ in _OBJECT_PRONOUNS:
                        nxt = None  # "asking her": the one spoken to, not the speaker ("“…?” asked Brun": Brun asks)
                    if nxt is not None:
                        cue.source_root = nxt
                        cue.source_toks, cue.source = _mention_span(pd, nxt, lo, hi)
                        cue.via = "inverted"
            if cue is not None and new_sentence and (dist > 3 or cue.via == "according-to"):
                cue = None
            if cue is not None:
                cue.side, cue.distance = side, dist
                if next_clause:
                    cue.distance += 50
                if cue.verb is not None and _governs(pd, cue.verb, frame):
                    cue.distance -= 100  # the verb's clause holds the quotation: it is this quotation's cue
                if best is None or cue.distance < best.distance:
                    best = cue
        if side == "left" and best is None:
            cue = _colon_or_dash(pd, toks, lo, hi)
            if cue is not None:
                best = cue
        if side == "right" and best is None:
            cue = _dash_trailer(pd, toks)
            if cue is not None:
                return cue
    return best


def _colon_or_dash(pd: ParsedDoc, toks: list[Any], lo: int, hi: int) -> Cue | None:
    """`Velin:` (a headline or transcript) right before a quotation: the colon is the cue."""
    if len(toks) < 2 or toks[-1].text != ":" or len(toks) > 7:
        return None
    names = [t for t in toks[:-1] if t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG", "GPE")]
    if not names:
        return None
    head = names[-1]
    colon = toks[-1]
    cue = Cue([(pd.start_of(colon), pd.end_of(colon))], via="colon", side="left")
    cue.source_root = head
    cue.source_toks = [t for t in toks[:-1] if not t.is_punct]
    cue.source = [(pd.start_of(cue.source_toks[0]), pd.end_of(cue.source_toks[-1]))] if cue.source_toks else []
    return cue


def _dash_trailer(pd: ParsedDoc, toks: list[Any]) -> Cue | None:
    """`… ” — Agriculture Commissioner Maria Lopez`: a dash and a name right after the quotation."""
    toks = [t for t in toks if not t.is_space]
    if toks and toks[0].text[:1] in "\u2014\u2013\u2015-" and toks[0].text.strip("\u2014\u2013\u2015-") == "" and toks[0].text not in _DASHES:
        pass
    elif not toks or toks[0].text not in _DASHES:
        return None
    rest = [t for t in toks[1:] if not (t.is_punct and t.text in _SENT_END)]
    comma = next((i for i, t in enumerate(rest) if t.text == ","), None)
    if comma is not None:
        rest = rest[: max(comma, 1)] if any(t.pos_ == "PROPN" for t in rest[:comma]) else rest
    if not rest or len(rest) > 10 or not any(t.pos_ == "PROPN" for t in rest):
        return None
    cue = Cue([(pd.start_of(toks[0]), pd.end_of(toks[0]))], via="dash", side="right")
    root = next((t for t in rest if t.ent_type_ == "PERSON"), None) or [t for t in rest if t.pos_ == "PROPN"][-1]
    cue.source_root = root
    cut = next((i for i, t in enumerate(rest) if t.text == ","), len(rest))
    cue.source_toks = rest[:cut] if root in rest[:cut] else rest
    cue.source = [(pd.start_of(cue.source_toks[0]), pd.end_of(cue.source_toks[-1]))]
    return cue


def is_title(pd: ParsedDoc, frame: Frame, content: str) -> bool:
    """A quotation that names a work, a term or a nickname rather than reporting speech."""
    before = pd.tokens_between(max(frame.left[0], frame.left[1] - 60), frame.left[1])[-3:]
    after = pd.tokens_between(frame.right[0], frame.right[0] + 40)[:1]
    words = content.split()
    if before and after and len(words) <= 3 and before[-1].pos_ == "PROPN" and after[0].is_alpha and before[-1].text[:1].isupper() and after[0].text[:1].isupper():
        return True  # a nickname: Marek “Papa” Szolt
    near = [t for t in before if t.text not in (",", ":")][-1:]  # "the book “…”", "his memoir, “…”"
    if near and (lemma(near[0]) in TITLE_WORDS or near[0].lower_ in TITLE_WORDS):
        return True
    if before and before[-1].lower_ == "so-called" and len(words) <= 3:
        return True  # a scare quote
    if len(before) >= 3 and before[-3].lower_ == "so" and before[-1].lower_ == "called":
        return True
    words = content.strip(" ,.;:!?").split()
    if 0 < len(words) <= 8 and content.rstrip()[-1:] not in (".", "!", "?", ","):
        small = ("of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "from", "by")
        caps = sum(1 for w in words if w[:1].isupper())
        if len(words) >= 2 and caps >= 2 and all(w[:1].isupper() or w.lower() in small for w in words):
            return True  # a title in title case: “The Cold Shore”
    return False
