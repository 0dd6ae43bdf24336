"""Within-document speaker resolution: named-entity clusters, roles, pronouns and unnamed sources.

Entities come from the parser's named entities (PERSON, ORG, GPE, NORP) plus capitalised source mentions the
tagger missed. Person names cluster by full name, spelling variant and surname; the canonical name is the
fullest form. Mentions are resolved in document order, so what a pronoun teaches (a gender) is used later.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ..attribution.lexicon import lemma as lemma_of
from ..attribution.cues import GROUP_NOUNS, HONORIFICS, PRONOUNS, ROLE_NOUNS
from ..attribution.document import ParsedDoc
from ..attribution.quotemarks import DOUBLE_PAIRS, SINGLE_PAIRS
from ..model import Speaker
from .names import clean_name, gender_of_name, gender_of_title

ORG_NOUNS = frozenset(
    "ministry government company campaign department agency court police administration office party "
    "committee council commission army military embassy group organisation organization firm bank "
    "university school newspaper paper network channel board union federation team club agency "
    "authority palace service ministry institute foundation council house".split()
)
ENTITY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "organisation", "NORP": "group"}
WINDOW = 2500  # characters back that a pronoun, role or work may reach
# works that stand in for their maker as a source ("a Bloomberg poll found", "the Trump campaign said")
WORK_NOUNS = frozenset(
    "poll survey analysis report study statement ad advert advertisement video clip spot brief filing "
    "complaint submission commentary article editorial column book memo letter database data transcript "
    "ruling release website site campaign team tweet post research administration speech judgment judgement opinion "
    "decision verdict presentation slide draft document assessment projection forecast audit".split()
)
PARTIES = frozenset("democratic republican independent libertarian green".split())
# parts of a body that speak for it: "a panel of the appeals court", "a division of the ministry"
_PART_NOUNS = frozenset("panel division unit branch arm wing bench chamber subcommittee mission delegation".split())
# kinds of place named by "of": "the city of Phoenix", "the state of Ohio"
# the words that name a body of a kind without the noun itself: "the union" may be the United Mine Workers
_NAME_KIN = {"union": ("workers", "federation", "brotherhood", "association", "teamsters", "employees", "afl-cio")}
PLACE_NOUNS = frozenset("city state town county country province village commonwealth borough region republic".split())
# what a person's campaign, team or administration is called: "Clinton campaign", "Obama administration"
_OWNED = {"campaign": "campaign", "team": "campaign", "administration": "administration"}
FIRST_PERSON = frozenset("i me my we us our".split())  # the first person, singular and plural
PARTY = {"gop": "republican", "democrat": "democratic", "dem": "democratic"}  # one party, several words
TITLE_ROLE = {"sen": "senator", "gov": "governor", "rep": "representative", "pres": "president", "gen": "general"}
# roles by which news refers back to a person already named ("the Republican nominee said")
BACKREF_ROLES = frozenset(
    "nominee candidate senator governor president congressman congresswoman lawmaker judge mayor minister "
    "secretary chairman chairwoman chair ambassador businessman businesswoman billionaire mogul leader "
    "chancellor premier king queen pope general coach ceo founder commissioner prosecutor sheriff "
    "representative attorney lawyer star actor actress singer host anchor executive director manager "
    "economist scientist researcher professor doctor author writer captain striker player forward "
    "goalkeeper chief editor activist organiser organizer".split()
)
ROLE_KIN = {"judge": "justice", "justice": "judge", "ceo": "executive", "executive": "ceo", "chairman": "chair", "chair": "chairman"}
# roles that unnamed people often carry ("the spokesman", "the lawyer"): a back-reference with one of these goes
# only to a person the text gave that role, never to whoever was named last
STRICT_ROLES = frozenset("spokesman spokeswoman spokesperson attorney lawyer doctor aide adviser advisor".split())


@dataclass(slots=True)
class Entity:
    key: int
    name: str | None
    type: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    name_gender: str | None = None  # from the name or a title alone, never from a resolved pronoun
    description: str | None = None  # "the central bank governor", "Russian Foreign Minister"
    desc_words: set[str] = field(default_factory=set)  # words that describe them anywhere: "republican", "indiana"

    roles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # sorted char offsets
    out_id: str | None = None
    merged: "Entity | None" = None  # set when a surname-only entity turns out to be a fuller one

    def add_mention(self, pos: int, alias: str | None = None) -> None:
        bisect.insort(self.mentions, pos)
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def last_before(self, pos: int) -> int | None:
        k = bisect.bisect_left(self.mentions, pos) - 1
        return self.mentions[k] if k >= 0 else None


_KIN = (
    "(?:daughter|son|wife|husband|ex-wife|ex-husband|brother|sister|mother|father|widow|widower|grandson|"
    "granddaughter|nephew|niece|cousin|stepdaughter|stepson)"
)
# a signature line under a reader's letter or comment: a name of two to four words, or a handle
_SIGNATURE = re.compile(r"^(?:@\w{2,30}|[A-Z][\w'\u2019-]+(?: (?:[A-Z]\.|[A-Z][\w'\u2019-]+)){1,3})\.?$")


# quantifiers that head a source of unnamed people: "everyone on the island", "few in the capital"
_EVERYONE = frozenset("everyone everybody anyone anybody someone somebody nobody few many most some all none several".split())
# a lead that announces an interview: "This interview has been edited and condensed.", "spoke to me", "Q&A"
_INTERVIEW = re.compile(r"\binterview (?:has been|was) (?:edited|condensed)|\b(?:spoke|talked) (?:to|with) (?:me|us)\b|\bQ ?& ?A\b", re.I)
_QUOTE_OPENERS = frozenset(DOUBLE_PAIRS) | frozenset(SINGLE_PAIRS)  # marks that open a quotation
_SIGN_DASH = re.compile(r"^[\u2014\u2013-]+\s*")


def _signature_name(line: str) -> str | None:
    """The signer's name in a signature line: "Michael Pravica.", "@casawhitby.", or with a dash and where they
    write from or who they are after a comma ("— Harriet Vance, Lower Ashby", "— Councillor Peter Lam, cabinet
    member for finance"); else None."""
    dashed = _SIGN_DASH.match(line) is not None
    body = _SIGN_DASH.sub("", line)
    if len(body.split()) > 16:
        return None
    name = body.split(",")[0].strip() if dashed else body
    if dashed:
        words = name.split()
        while len(words) > 2 and words[0].lower().rstrip(".") in HONORIFICS | {"councillor", "councilor", "cllr"}:
            words = words[1:]
        name = " ".join(words)
    return name.rstrip(".") if _SIGNATURE.match(name) else None


def _signer_like(line: str) -> bool:
    """A handle, or a name that starts with a known given name ("Michael Pravica."), not a heading ("Human
    Rights.", "LETTERS.")."""
    return line.startswith("@") or gender_of_name(line.split()[0]) is not None


_NICKNAMED = re.compile(r"\b([A-Z][a-z]+)\s+[\u201c\"\u2018'][^\u201d\"\u2019'\n]{1,25}[\u201d\"\u2019']\s+([A-Z][a-z]+)\b")
ORG_WORDS = frozenset(
    "ministry party council authority company inc corp corporation ltd llc bank university college agency "
    "union committee commission association court news times post group institute foundation fund "
    "department office service services board club team league church times journal press network "
    "tv radio airlines airways motors energy partners capital holdings trust society federation army "
    "navy police school hospital museum centre center assembly parliament congress senate house "
    "government administration campaign brewery port coalition alliance organization organisation caucus "
    "institution bureau conference forum movement tribunal secretariat cabinet guard initiative project "
    "laboratory council".split()
)


def _joined_ents(doc: Any) -> list[Any]:
    """The tagger's entities, with an organisation and the place or body after "for the" joined into one name
    ("the U.S. Court of Appeals" + "for the" + "Sixth Circuit": the court's full name), and an organisation the
    tagger cut after "for" or "of" joined to the rest ("Whitlock for" + "Senate")."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    out = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None and ent.label_ == "ORG" and nxt.label_ in ("ORG", "GPE", "LOC", "FAC")
            and nxt.start == ent.end + 1 and doc[ent.end].lower_ == "for" and doc[nxt.start].lower_ == "the"
            and ent[-1].text[:1].isupper()
        ):
            out.append(Span(doc, ent.start, nxt.end, label="ORG"))
            i += 2
            continue
        if nxt is not None and ent.label_ == "ORG" and nxt.label_ in ("ORG", "GPE", "LOC", "FAC") and nxt.start == ent.end and ent[-1].lower_ in ("for", "of"):
            out.append(Span(doc, ent.start, nxt.end, label="ORG"))  # "Whitlock for" + "Senate", cut at the tagger's seam
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def _looks_like_person(ent: Any) -> bool:
    """An "ORG" from the tagger that is really a person: 2-3 capitalised proper nouns with no
    organisation word, standing as a role's apposition ("the speaker, Oda Friis"), after a title or
    role ("union leader Tarik Olsen"), or starting with a known given name."""
    toks = list(ent)
    if not 2 <= len(toks) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in toks):
        return False
    if any(t.lower_ in ORG_WORDS for t in toks):
        return False
    if gender_of_name(toks[0].text):
        return True
    root = ent.root
    if root.dep_ == "appos" and lemma_of(root.head) in ROLE_NOUNS:
        return True
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and (before.lower_ in HONORIFICS or lemma_of(before) in ROLE_NOUNS):
        return True
    if root.dep_ in ("nsubj",) and lemma_of(root.head) in ("say", "tell", "add", "write", "ask", "reply", "insist", "warn", "explain"):
        return True
    return False


_ROLE_WORDS = ROLE_NOUNS | GROUP_NOUNS | BACKREF_ROLES
# one capitalised word that names no one in particular: a role ("Judge Rejects …") or a kind of organisation
# ("Bank"); "House", "Police" and "Army" often stand for one institution, so they stay names
_BARE_ROLES = (ROLE_NOUNS | BACKREF_ROLES | HONORIFICS) - GROUP_NOUNS
_BARE_ORGS = ORG_NOUNS - frozenset("house court police army military government administration party union campaign palace".split())


def _joined(toks: list[Any]) -> str:
    """Tokens as text, a possessive kept on its word ("Lestavia's prime minister")."""
    return " ".join(t.text for t in toks).replace(" 's", "'s").replace(" \u2019s", "\u2019s")


def _description(ent: Any) -> str | None:
    """How the text describes a named person where it names them: an apposition ("Li Wei, the central bank
    governor") or the title words before the name ("Russian Foreign Minister Sergei Lavrov")."""
    doc = ent.doc
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i and c.pos_ == "NOUN":
            toks = [t for t in c.subtree if t.i > root.i and not (t.is_punct and t.i == c.right_edge.i)]
            toks = [t for t in toks if t.dep_ not in ("relcl", "acl") and not any(a.dep_ in ("relcl", "acl") for a in t.ancestors if a.i > root.i and a is not c)]
            if 1 <= len(toks) <= 10:
                return _joined(toks)
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < root.i and lemma_of(head) in ROLE_NOUNS | BACKREF_ROLES:
        toks = [t for t in head.subtree if t.i <= head.i]  # "Lestavia's prime minister, Oona Brekke"
        if 1 <= len(toks) <= 8:
            return _joined(toks)
    words = []
    i = ent.start - 1
    while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_type_ != "PERSON" and i >= ent.start - 5:
        words.insert(0, doc[i])
        i -= 1
    if words and any(lemma_of(t) in ROLE_NOUNS | BACKREF_ROLES for t in words):
        return " ".join(t.text for t in words)
    return None


_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
_SMALL = frozenset("of and the for to on in at & de".split())
_CAP_PHRASE = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of|and|the|for|to|on|in|at|&|de|[A-Z][\w'’-]*))+")


_STRAY_ENDINGS = ("ed", "ing", "al", "ive", "ous", "ful", "less", "ist", "ian", "ic")


def _occurs(words: str, text: str) -> bool:
    """Do these words stand in the text as whole words?"""
    return re.search(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text) is not None


def _stray(word: str, text: str) -> bool:
    """A capitalised word before a name that is an ordinary word, not a given name: a role ("Activist"), an
    adjective ("Crooked", "Rival", "Retired") or a word the text also writes in lower case."""
    low = word.lower().rstrip(".")
    if low in ROLE_NOUNS or low in HONORIFICS or low.endswith(_STRAY_ENDINGS):
        return True
    return re.search(r"(?<![\w'])" + re.escape(low) + r"(?![\w'])", text) is not None


def _relative_after(tok: Any) -> bool:
    """Whether a relative pronoun follows the name ("… and Oren Lall, who joked"): the clause is about this
    member of a list, not the list."""
    after = [t for t in tok.doc[tok.i + 1 : tok.i + 3] if not t.is_punct]
    return bool(after) and after[0].lower_ in ("who", "which", "that") and after[0].head.dep_ == "relcl"


def _joint(head: Any) -> bool:
    """Whether a mention's head joins other speakers to it with "and": "France and Germany", "Mr. Grassley and
    Mr. Leahy", "The New York Times and the Gannett newspaper chain", "The Republican nominee and his aides". Not
    "Brenner & Co" (one firm), nor "the president and chief executive" (one person with two titles: the second
    has no name, determiner or possessor of its own)."""
    if head.pos_ not in ("PROPN", "NOUN") or not any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
        return False
    for c in head.children:
        if c.dep_ != "conj":
            continue
        if c.pos_ == "PROPN" or (c.pos_ == "NOUN" and any(g.dep_ in ("det", "poss") for g in c.children)):
            return True
    return False


def known_roles(e: Entity) -> set[str]:
    """The roles the text gave an entity, titles read as their roles ("Sen." -> senator)."""
    return {TITLE_ROLE.get(r.rstrip("."), r.rstrip(".")) for r in e.roles}


def holds_role(e: Entity, role: str) -> bool:
    """Whether the text gave an entity this role, or its kin ("justice" for "judge")."""
    roles = known_roles(e) | e.roles
    return role in roles or ROLE_KIN.get(role, "") in roles


def _low(name: str) -> str:
    """A name lower-cased with one apostrophe ("O\u2019Neill" and "O'Neill" are one name)."""
    return name.lower().replace("\u2019", "'")


_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def _surname(name: str) -> str:
    """A person's surname, lower case with one apostrophe, a generational suffix passed over ("Joseph R. Biden
    Jr." -> "biden")."""
    words = _low(name).split()
    while len(words) > 1 and words[-1].rstrip(",") in _SUFFIXES:
        words = words[:-1]
    return words[-1].rstrip(",") if words else ""


# US party-and-state tags after a politician's name: "(R-S.C.)", ", D-Ore.,", "(Vt.)"
_PARTY_LETTER = {"r": "republican", "d": "democratic", "i": "independent"}
_STATES = {
    "al": "alabama", "ala": "alabama", "ak": "alaska", "az": "arizona", "ariz": "arizona", "ar": "arkansas",
    "ark": "arkansas", "ca": "california", "calif": "california", "co": "colorado", "colo": "colorado",
    "ct": "connecticut", "conn": "connecticut", "de": "delaware", "del": "delaware", "fl": "florida",
    "fla": "florida", "ga": "georgia", "hi": "hawaii", "id": "idaho", "il": "illinois", "ill": "illinois",
    "in": "indiana", "ind": "indiana", "ia": "iowa", "ks": "kansas", "kan": "kansas", "ky": "kentucky",
    "la": "louisiana", "me": "maine", "md": "maryland", "ma": "massachusetts", "mass": "massachusetts",
    "mi": "michigan", "mich": "michigan", "mn": "minnesota", "minn": "minnesota", "ms": "mississippi",
    "miss": "mississippi", "mo": "missouri", "mt": "montana", "mont": "montana", "ne": "nebraska",
    "neb": "nebraska", "nv": "nevada", "nev": "nevada", "nh": "new hampshire", "nj": "new jersey",
    "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota", "oh": "ohio",
    "ok": "oklahoma", "okla": "oklahoma", "or": "oregon", "ore": "oregon", "pa": "pennsylvania",
    "ri": "rhode island", "sc": "south carolina", "sd": "south dakota", "tn": "tennessee", "tenn": "tennessee",
    "tx": "texas", "tex": "texas", "ut": "utah", "vt": "vermont", "va": "virginia", "wa": "washington",
    "wash": "washington", "wv": "west virginia", "wva": "west virginia", "wi": "wisconsin", "wis": "wisconsin",
    "wy": "wyoming", "wyo": "wyoming",
}
_PARTY_STATE = re.compile(r"^\s*[(,]\s*(?:([RDI])\s*[-\u2013]\s*)?([A-Z][A-Za-z.]{1,6}?)\.?\s*[),]")


def _party_and_state(after: Any) -> set[str]:
    """The party and state words of a tag right after a name: "(R-S.C.)" -> {"republican", "south",
    "carolina"}; "(Vt.)" -> {"vermont"}; nothing when there is no such tag."""
    if not len(after):
        return set()
    m = _PARTY_STATE.match(after.doc.text[after.start_char : after.start_char + 24])
    if m is None:
        return set()
    party, state = m.group(1), m.group(2).replace(".", "").lower()
    if state not in _STATES or (party is None and "." not in m.group(0) and state in ("in", "me", "or", "oh", "hi")):
        return set()
    out = set(_STATES[state].split())
    if party:
        out.add(_PARTY_LETTER[party.lower()])
    return out


_TITLE_ROLES = {"prof": "professor", "dr": "doctor", "sen": "senator", "gov": "governor", "rep": "representative",
                "gen": "general", "col": "colonel", "capt": "captain", "lt": "lieutenant", "sgt": "sergeant", "rev": "reverend"}


_ROLE_TITLES = frozenset(h.rstrip(".") for h in HONORIFICS) - {"mr", "mrs", "ms", "miss"}  # titles that are roles


def _title_role(doc: Any, start: int) -> str | None:
    """The role a title right before a name gives ("Prof." -> professor, "Judge" -> judge), or None."""
    if start <= 0:
        return None
    word = doc[start - 1].lower_.rstrip(".")
    if word not in _ROLE_TITLES:
        return None
    return _TITLE_ROLES.get(word, word)


def _title_gender(ent: Any) -> str | None:
    """The gender a title right before a name gives ("Mr. Obama", "Mrs. Clinton")."""
    words = [ent.doc[ent.start].text] + ([ent.doc[ent.start - 1].text] if ent.start > 0 else [])
    return gender_of_title(words)


def _similar(a: str, b: str) -> bool:
    return a[:1] == b[:1] and SequenceMatcher(None, a, b).ratio() >= 0.8


class DocEntities:
    """The entities of one document and the resolution of source mentions to them."""

    def __init__(self, pd: ParsedDoc, authors: list[str] | None = None):
        self._spelled: dict[str, str | None] = {}  # acronym -> the phrase it stands for in this text
        self._titles: set[int] | None = None  # Title Case paragraphs, found on first use
        self._untitled = ""  # the text with those paragraphs blanked out
        self._letters: list[tuple[int, int, str]] | None = None  # (start, end, signer) of signed letters
        self._answers: tuple[set[int], Entity | None] | None = None  # an interview's answer paragraphs, its guest
        self._para_lines: list[str] | None = None  # each paragraph's text, trimmed (_lines)
        self._relatives: dict[str, bool] = {}  # name -> whether the text calls that person somebody's relative
        self.pd = pd
        self.entities: list[Entity] = []
        self.authors = authors or []
        self._ent_of_token: dict[tuple[int, int], Entity] = {}
        self._build()

    # -- building -------------------------------------------------------------------------------
    def _new(self, name: str | None, typ: str) -> Entity:
        e = Entity(len(self.entities), name, typ)
        self.entities.append(e)
        return e

    def _build(self) -> None:
        persons: list[tuple[Any, str, int]] = []  # (span, clean name, global start)
        others: list[tuple[Any, str, int, str]] = []
        for piece in self.pd.pieces:
            for ent in _joined_ents(piece.doc):
                typ = ENTITY_LABELS.get(ent.label_)
                if ent.label_ == "FAC" and ent[-1].lower_ in ORG_WORDS:
                    typ = "organisation"  # "St. Aldric's Hospital", "Harrow Lane School": a place that speaks as a body
                if typ is None:
                    continue
                if typ == "person" and not any(t.pos_ == "PROPN" for t in ent):
                    continue  # "The Gap Goes On:" as a section's title, tagged a person: no proper noun, no name
                name = clean_name(ent.text, person=typ == "person")
                if not name or not any(ch.isalpha() for ch in name):
                    continue
                if " " not in name and name.lower().rstrip(".") in (_BARE_ROLES if typ == "person" else _BARE_ORGS):
                    continue  # "Judge" in a headline, "Bank" in a committee's name: a capitalised common noun
                start = piece.offset + ent.start_char
                if typ == "person":
                    persons.append((ent, name, start))
                else:
                    others.append((ent, name, start, typ))
        self._full_names = self._propn_names()
        self._role_index = self._roles_in_text()
        persons = [(ent, self._headline_trim(name, start), start) for ent, name, start in persons]
        others = [(ent, self._headline_trim(name, start), start, typ) for ent, name, start, typ in others]
        # full names first, longest first, so shorter forms find the fullest
        persons.sort(key=lambda x: (-len(x[1].split()), x[2]))
        surnames = {_surname(n) for _, n, _ in persons if len(n.split()) > 1} | {_low(k) for k in self._full_names}
        # given names of the people named in full: a later "Mateo" the tagger took for a place is Mateo Ruiz
        given = {n.split()[0].lower() for _, n, _ in persons if len(n.split()) > 1 and n.split()[0].isalpha()}
        for ent, name, start, typ in others:
            poss = [t for t in ent if t.text in ("'s", "\u2019s", "'", "\u2019") and t.tag_ == "POS" and t.i < ent.end - 1]
            if poss:  # "Corvania's Teodor Vasquel" tagged as one ORG: the person after the possessive
                sub = ent.doc[poss[-1].i + 1 : ent.end]
                if 1 <= len(sub) <= 3 and all(t.pos_ == "PROPN" and t.is_alpha for t in sub) and not any(t.lower_ in ORG_WORDS for t in sub):
                    persons.append((sub, clean_name(sub.text), sub.start_char + (start - ent.start_char)))
                    continue
            if typ == "organisation" and ent.label_ == "ORG" and _looks_like_person(ent):
                persons.append((ent, clean_name(ent.text), start))
                surnames.add(_surname(clean_name(ent.text)))  # a later "Holt" tagged ORG is this person's surname
                continue
            if typ != "group" and len(name.split()) == 1 and _low(name) in surnames:
                persons.append((ent, name, start))  # the tagger's "ORG" that is a person's surname
                continue
            if typ != "group" and len(ent) == 1 and name.lower() in given and ent.root.dep_ in ("nsubj", "nsubjpass"):
                persons.append((ent, name, start))  # a person called by the given name, as its clause's subject
                continue
            e = self._org(name, typ)
            e.roles.add(ent.label_)
            e.add_mention(start, ent.text.strip())
            for t in ent:
                self._ent_of_token[(id(t.doc), t.i)] = e
        for ent, name, start in persons:
            e = self.person(name, start, create=True, gender=_title_gender(ent), title=_title_role(ent.doc, ent.start))
            e.add_mention(start, ent.text.strip())
            for t in ent:
                self._ent_of_token[(id(t.doc), t.i)] = e
            self._learn_roles(e, ent)

    def _title_case_paras(self) -> set[int]:
        """Paragraphs in Title Case (headlines, standfirsts): there the tagger takes capitalised verbs and
        adjectives for parts of names ("Obama Says", "Crooked Hillary Clinton")."""
        out = set()
        for k, (s, e) in enumerate(self.pd.paras):
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", self.pd.text[s:e]) if len(w) > 3]
            if len(words) >= 3 and len(words) <= 40 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
                out.add(k)
        return out

    def _title_paras(self) -> set[int]:
        """The Title Case paragraphs, worked out once, with the text blanked there kept as ``_untitled``."""
        if self._titles is None:
            self._titles = self._title_case_paras()
            text = self.pd.text
            for k in sorted(self._titles):
                s, e = self.pd.paras[k]
                text = text[:s] + " " * (e - s) + text[e:]
            self._untitled = text
        return self._titles

    def in_headline(self, pos: int) -> bool:
        """Whether ``pos`` lies in a headline: a Title Case paragraph, or a short first paragraph with no full
        stop ("Judge rejects request to unseal divorce file")."""
        k = self.pd.para_of(pos)
        if k in self._title_paras():
            return True
        if k != 0:
            return False
        s, e = self.pd.paras[0]
        line = self.pd.text[s:e].strip()
        # a feed's headline may end in a full stop of its own ("Judge rejects request to unseal divorce file."):
        # one short line with no other sentence break
        return 0 < len(line.split()) <= 20 and not re.search(r"[.!?]\s", line) and "\n" not in line

    def _headline_trim(self, name: str, start: int) -> str:
        """A name found in a Title Case paragraph, cut to its longest run of words that the rest of the text
        also writes with capitals; unchanged when no such run exists or the paragraph is not Title Case."""
        if self.pd.para_of(start) not in self._title_paras():
            return name
        words = name.split()
        if len(words) >= 2 and gender_of_name(words[-2]) and _occurs(words[-1], self._untitled):
            # "Russia's Sergey Lavrov in China" over a body that says "Lavrov": the headline's given name stays
            return " ".join(words[-2:])
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n, -1, -1):  # the rightmost run first: names end a headline's phrase
                run = " ".join(words[i : i + n])
                if _occurs(run, self._untitled):
                    return run
        return name

    def _propn_names(self) -> dict[str, list[str]]:
        """Surname -> the capitalised name runs (2-4 proper nouns) in the text that end with it, fullest first, for
        names the NER missed."""
        found: dict[str, set[str]] = {}

        def add(words: list[str]) -> None:
            found.setdefault(words[-1].lower(), set()).add(" ".join(words))

        for piece in self.pd.pieces:
            run: list[Any] = []
            for tok in list(piece.doc) + [None]:
                if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha and tok.ent_type_ not in ("ORG", "GPE", "NORP", "DATE"):
                    run.append(tok)
                    continue
                words = [t.text for t in run if t.lower_ not in HONORIFICS and t.lower_.rstrip(".") not in HONORIFICS]
                if 2 <= len(words) <= 4:
                    add(words)
                # a known given name and the word after it, inside a longer run ("Barack Obama Election Day")
                for i in range(len(words) - 2 if len(words) > 2 else 0):
                    if gender_of_name(words[i]):
                        add(words[i : i + 2])
                run = []
        # Stefan “the Wall” Rudnik: a nickname in quotation marks between given name and surname
        for m in _NICKNAMED.finditer(self.pd.text):
            first, last = m.group(1), m.group(2)
            if first.lower() not in HONORIFICS:
                add([first, last])
        return {k: sorted(v, key=lambda n: (-len(n), n)) for k, v in found.items()}

    def _roles_in_text(self) -> list[tuple[int, str, str]]:
        """(offset, role lemma, name) for every role noun tied to a name: "the ambassador, Tamsin Rolle",
        "Foreign Minister Arkady Velin", "Arkady Velin, the foreign minister"."""
        out = []
        for piece in self.pd.pieces:
            for tok in piece.doc:
                lemma = lemma_of(tok)
                name_tok = None
                if lemma in ROLE_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
                    name_tok = next((c for c in tok.subtree if c.dep_ == "appos" and c.pos_ == "PROPN" and 0 < c.i - tok.i <= 6), None)
                    if name_tok is None and tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
                        name_tok = tok.head
                    if name_tok is None and tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
                        name_tok = tok.head
                if name_tok is None:
                    continue
                run = [c for c in name_tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < name_tok.i and c.lower_ not in HONORIFICS]
                words = [t.text for t in sorted(run, key=lambda t: t.i) if t.i >= name_tok.i - 3] + [name_tok.text]
                name = clean_name(" ".join(words))
                if name and name_tok.is_alpha:
                    out.append((piece.offset + tok.idx, lemma, name))
        return out

    def canonical(self, e: Entity) -> Entity:
        while e.merged is not None:
            e = e.merged
        return e

    def finalize(self) -> None:
        """Merge a name with a stray capitalised word before it ("Crooked Hillary Clinton", "Miss Universe
        Alicia Machado") into the person that the rest of it names; then a surname-only person into the one
        fuller person entity with that surname."""
        persons = [e for e in self.entities if e.type == "person" and e.name and e.merged is None]
        by_name = {e.name.lower(): e for e in persons if len(e.name.split()) >= 2}
        for e in persons:
            words = e.name.split()
            for i in range(1, len(words) - 1):
                if gender_of_name(words[i - 1]) or not _stray(words[i - 1], self.pd.text):
                    break  # a given name: "Hillary Rodham Clinton", "Ildefonso Guajardo Villarreal" stay whole
                rest = " ".join(words[i:])
                target = by_name.get(rest.lower())
                if target is not None and target is not e and target.merged is None:
                    self._merge(e, target)
                    break
                if self.pd.text.count(rest) > self.pd.text.count(e.name):
                    e.name = rest  # the text also names the person without the stray word
                    break
        self._finalize_orgs()
        persons = [e for e in persons if e.merged is None]
        for e in persons:  # "Guajardo Villarreal", "bin Laden": the end of exactly one fuller name
            words = e.name.lower().split()
            if len(words) < 2:
                continue
            full = {x.name.lower(): x for x in persons if x is not e and x.merged is None and len(x.name.split()) > len(words) and x.name.lower().split()[-len(words):] == words}
            if len(full) == 1:
                self._merge(e, next(iter(full.values())))
        persons = [e for e in persons if e.merged is None]
        for e in persons:
            words = e.name.split()
            if len(words) != 1:
                continue
            w = words[0].lower()
            full = [
                x for x in persons
                if x is not e and len(x.name.split()) > 1 and _surname(x.name) == _low(w)
                and not (e.name_gender and (x.name_gender or gender_of_name(x.name)) not in (None, e.name_gender))
            ]
            spelled = [n for n in self._full_names.get(w, []) if not (e.name_gender and gender_of_name(n) not in (None, e.name_gender))]
            if len(full) == 1:
                target = full[0]
            elif not full and spelled:
                target = self._new(spelled[0], "person")
            else:
                continue
            self._merge(e, target)

    def _relative(self, name: str) -> bool:
        """Whether the text describes ``name`` as somebody's relative: "Ivanka Trump, the Republican presidential
        nominee's eldest daughter", "his wife, Heidi Cruz", "Trump's son Eric Trump"."""
        if name in self._relatives:
            return self._relatives[name]
        n = re.escape(name)
        self._relatives[name] = found = bool(
            re.search(rf"\b{n},\s+(?:the\s+)?[^,.;]{{0,60}}?(?:['’]s|\bhis|\bher)\s+(?:[\w-]+\s+){{0,2}}{_KIN}\b", self.pd.text)
            or re.search(rf"(?:['’]s|\bhis|\bher)\s+(?:[\w-]+\s+){{0,2}}{_KIN},?\s+{n}\b", self.pd.text)
        )
        return found

    def _finalize_orgs(self) -> None:
        """An acronym takes the name it stands for when the text spells it out ("IMF" -> "International
        Monetary Fund"); a shortened name joins the one longer organisation name it begins or ends
        ("the Times" -> "The New York Times", "Peabody" -> "Peabody Energy")."""
        orgs = [e for e in self.entities if e.type == "organisation" and e.name and e.merged is None]
        for e in orgs:
            if _ACRONYM.match(e.name):
                letters = e.name.replace(".", "").upper()
                spelled = self._spelled_out(letters)
                if spelled is not None:
                    target = next((x for x in orgs if x is not e and x.merged is None and x.name.lower() == spelled.lower()), None)
                    if target is not None:
                        self._merge(e, target)
                    else:
                        if e.name not in e.aliases:
                            e.aliases.append(e.name)
                        e.name = spelled
        orgs = [e for e in orgs if e.merged is None]
        for e in orgs:
            words = e.name.lower().split()
            if len(words) == 1 and words[0] in ORG_NOUNS:
                continue  # "the ministry" is any ministry
            if e.roles & {"GPE", "NORP", "LOC"}:
                continue  # "New York" the city is not "The New York Times"
            longer = [
                x for x in orgs
                if x is not e and x.merged is None and len(x.name.split()) > len(words)
                and (x.name.lower().split()[-len(words):] == words or x.name.lower().split()[: len(words)] == words)
            ]
            if len({x.name.lower() for x in longer}) == 1:
                self._merge(e, longer[0])

    def _spelled_out(self, letters: str) -> str | None:
        """The one capitalised phrase of the text whose initials are ``letters`` (with or without its small
        words: "Alliance to Reclaim Our Schools" for AROS), or None."""
        cache = self._spelled
        if letters in cache:
            return cache[letters]
        found = set()
        for m in _CAP_PHRASE.finditer(self.pd.text):
            words = m.group(0).split()
            while words and words[0].lower() in _SMALL:
                words = words[1:]
            for i in range(len(words)):
                for j in range(len(words), i, -1):
                    part = words[i:j]
                    if part[0].lower() in _SMALL or part[-1].lower() in _SMALL:
                        continue
                    if any(w.endswith(("'s", "\u2019s")) for w in part[:-1]):
                        continue  # "Russia's Trojan" is no name that "RT" stands for
                    big = "".join(w[0] for w in part if w.lower() not in _SMALL).upper()
                    every = "".join(w[0] for w in part).upper()
                    if letters in (big, every) and len(part) >= 2:
                        found.add(" ".join(part))
        cache[letters] = next(iter(found)) if len(found) == 1 else None
        return cache[letters]

    def merge_into(self, e: Entity, target: Entity) -> None:
        """Make an unnamed entity one with a named one the text turns out to mean."""
        e, target = self.canonical(e), self.canonical(target)
        if e is not target and e.name is None:
            self._merge(e, target)

    def _merge(self, e: Entity, target: Entity) -> None:
        e.merged = target
        for a in e.aliases:
            if a not in target.aliases:
                target.aliases.append(a)
        target.gender = target.gender or e.gender
        target.name_gender = target.name_gender or e.name_gender
        if e.out_id is not None and target.out_id is None:
            target.out_id, e.out_id = e.out_id, None
        elif e.out_id is not None:
            e.out_id = None

    def _known_org(self, name: str) -> Entity | None:
        """The organisation a name the tagger did not mark stands for: one of that name or alias (dots and case
        aside: "S.E.C" for "S.E.C."), else the one two-word organisation made of this word and an organisation word
        ("Peabody" for "Peabody Energy")."""

        def key(n: str) -> str:
            n = _low(n).replace(".", "").strip()
            return n[4:] if n.startswith("the ") else n

        k = key(name)
        if not k:
            return None
        orgs = [self.canonical(e) for e in self.entities if e.type == "organisation" and e.name]
        for e in orgs:
            if k == key(e.name) or any(k == key(a) for a in e.aliases):
                return e
        if len(k.split()) == 1 and len(k) >= 3 and k not in ORG_WORDS:
            # two words, the other one an organisation word: "Peabody Energy", not "Ostmark Steel Federation"
            # (Ostmark may be the country)
            ends = {e.key: e for e in orgs if len(key(e.name).split()) == 2 and k in key(e.name).split() and set(key(e.name).split()) - {k} <= ORG_WORDS}
            if len(ends) == 1 and not (next(iter(ends.values())).roles & {"GPE", "NORP", "LOC"}):
                return next(iter(ends.values()))
        return None

    def _org(self, name: str, typ: str) -> Entity:
        low = name.lower()
        for e in self.entities:
            if e.type in ("organisation", "group") and e.name and e.name.lower() == low:
                return e
        return self._new(name, typ)

    def person(self, name: str, pos: int, create: bool, gender: str | None = None, title: str | None = None) -> Entity | None:
        """The person entity for a (cleaned) name: exact, contained, spelling variant, then surname (a title's
        ``gender``, "Mr." or "Mrs.", picks between two people with one surname, and so does a ``title`` role the
        text gave one of them: "Prof. Hartley" is the professor, not Dr. James Hartley)."""
        name = self._headline_trim(name, pos)
        words = name.split()
        low = [w.lower() for w in words]
        persons = [e for e in self.entities if e.type == "person" and e.name]
        for e in persons:
            if e.name.lower() == name.lower():
                return e
        if len(words) >= 2:
            for e in persons:
                ew = e.name.lower().split()
                if len(ew) >= 2 and ew[-1] == low[-1] and (set(low) <= set(ew) or _similar(ew[0], low[0])):
                    return e
                if len(ew) >= 2 and _similar(ew[-1], low[-1]) and ew[0] == low[0] and len(low[-1]) > 4:
                    return e
        else:
            w = low[0]
            cands = [e for e in persons if _surname(e.name) == _low(w)]
            if not cands:
                cands = [e for e in persons if len(e.name.split()) > 1 and e.name.lower().split()[0] == w]
            if not cands and len(w) >= 5:
                # a misspelt surname ("Wines" for Leslie Wimes, "McLenney" for McClenney): the one full name
                # whose surname is that close
                near = [e for e in persons if len(e.name.split()) > 1 and _similar(_surname(e.name), _low(w))]
                cands = near if len({self.canonical(e).key for e in near}) == 1 else []
            if gender:  # "Mr. Obama" is not Michelle Obama
                cands = [e for e in cands if (e.name_gender or gender_of_name(e.name)) in (None, gender)]
            if title and len({self.canonical(e).key for e in cands}) > 1:
                titled = [e for e in cands if title in known_roles(self.canonical(e))]
                cands = titled or cands
            if len({self.canonical(e).key for e in cands}) > 1:
                # "Ivanka Trump, the Republican nominee's eldest daughter": the text calls a relative by her full
                # name, so a bare "Trump" is the other one
                cands = [e for e in cands if not self._relative(self.canonical(e).name)] or cands
            if len(cands) > 1:  # the one mentioned most often ("Cruz": Ted, not Heidi), then most recently
                cands.sort(key=lambda e: (len(self.canonical(e).mentions), e.last_before(pos) or -1), reverse=True)
            if cands:
                return cands[0]
        if not create:
            return None
        e = self._new(name, "person")
        e.name_gender = gender or gender_of_name(name)
        e.gender = e.name_gender
        return e

    def _learn_roles(self, e: Entity, ent: Any) -> None:
        doc = ent.doc
        words: list[str] = []
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "PART") and doc[i].ent_type_ not in ("PERSON",):
            if doc[i].text in ("'s", "\u2019s"):
                break
            words.append(doc[i].lower_)
            i -= 1
        root = ent.root
        for c in root.children:
            if c.dep_ == "appos":
                words.append(lemma_of(c))
                words.extend(lemma_of(t) for t in c.children if t.dep_ in ("compound", "amod"))
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            words.append(lemma_of(root.head))
        e.roles.update(w.rstrip(".") for w in words if w.rstrip(".") in ROLE_NOUNS or w in HONORIFICS)
        e.desc_words.update(PARTY.get(w.rstrip("."), w.rstrip(".")) for w in words)
        e.desc_words.update(_party_and_state(doc[ent.end : ent.end + 8]))
        after = doc[ent.end : ent.end + 3]
        if len(after) >= 2 and after[0].text == "," and after[1].like_num and after[1].text.isdigit() and 14 < int(after[1].text) < 110:
            e.desc_words.add(after[1].text)  # "Frank Ostrowski, 62, …": "the 62-year-old coach"
        if e.description is None:
            e.description = _description(ent)
        title_words = [doc[j].text for j in range(max(0, ent.start - 3), ent.start)] + words
        e.name_gender = e.name_gender or gender_of_title(title_words) or gender_of_name(e.name or "")
        e.gender = e.gender or e.name_gender

    # -- resolving ------------------------------------------------------------------------------
    def entity_of(self, tok: Any) -> Entity | None:
        return self._ent_of_token.get((id(tok.doc), tok.i))

    def resolve(self, toks: list[Any], root: Any, pos: int, text: str) -> tuple[Entity, str]:
        """Resolve a source mention (its tokens, head token, offset and text) to an entity and a `via`."""
        if root is not None and root.lower_ in PRONOUNS and root.pos_ == "PRON":
            return self._pronoun(root.lower_, pos, text)
        first = root.head if root is not None and root.dep_ == "conj" and root.head.pos_ == "PROPN" and not _relative_after(root) else root
        if first is not None and not _relative_after(root) and _joint(first):
            # "France and Germany said", "Mr. Grassley and Mr. Leahy wrote": several speakers as one group,
            # named by its members (also when the mention found is only the last of them)
            e = self._new(None, "group")
            last = max((c for c in first.children if c.dep_ == "conj"), key=lambda c: c.i)
            members = first.doc[min(first.left_edge.i, first.i) : last.i + 1]
            e.description = " ".join((members.text if first != root else text).split()).strip(" ,")
            e.add_mention(pos, e.description)
            return e, "name"
        # the tagger may mark only the place of "everyone on Hallin": its quantifier heads the mention
        quant = root.head.head if root is not None and root.dep_ == "pobj" and root.head.dep_ == "prep" else root
        if quant is not None and quant.lower_ in _EVERYONE and quant.pos_ in ("PRON", "ADJ", "NOUN", "DET") and not any(
            c.lower_ in ("like", "as") for c in quant.children
        ):
            # "everyone on Hallin", "few in Grenholm", "many at the plant": people of a place, never the place
            # ("someone like Mr. Clarke" is Mr. Clarke)
            e = self._unnamed(text, "group", pos)
            e.roles.add(quant.lower_)
            return e, "unnamed"
        noun = root is not None and (root.pos_ == "NOUN" or (root.pos_ == "PROPN" and not root.text[:1].isupper()))
        if (
            root is not None
            and root.pos_ == "PROPN"
            and lemma_of(root) in _ROLE_WORDS
            and not any((x := self.entity_of(t)) is not None and x.type == "person" for t in toks)
            and self.in_headline(pos)
        ):
            noun = True  # a Title Case headline's "Judge Rejects …", "Retired General Reveals …": a description
        if noun:
            appos = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            if appos is None:
                # "the managing director, Per Lindahl"; "a spokesman for Ms. Delgado, Ruben Ortiz": the name after
                # the description's last comma, however the parser attached it
                for comma in (t for t in toks if t.text == "," and t.i > root.i):
                    tail = []
                    for t in toks:
                        if t.i <= comma.i:
                            continue
                        if t.is_punct and t.text not in (".",):
                            break
                        tail.append(t)
                    run = [t for t in tail if t.lower_ not in HONORIFICS and t.lower_.rstrip(".") not in HONORIFICS]
                    if 1 <= len(run) <= 4 and all(t.text[:1].isupper() and any(ch.isalpha() for ch in t.text) for t in run) and any(
                        t.pos_ == "PROPN" for t in run
                    ):
                        name = clean_name(" ".join(t.text for t in run))
                        e = self.person(name, pos, create=True, gender=gender_of_title([t.text for t in tail]))
                        e.add_mention(pos, name)
                        return e, "name"
            else:
                root = appos  # "the regional governor, Piet Sander"
                noun = False
                # "The Renewal Front's leader, Ilya Marek": the name only, not the leader's body
                toks = [t for t in toks if t.i in {x.i for x in appos.subtree}] or toks
        if root is not None and root.pos_ == "PROPN" and not noun:
            # a named head: entities in a description after its comma are not the speaker ("Ivanka Trump, the
            # nominee's eldest daughter,"; "the X Coalition, which represents 20 million Americans,")
            cut = next((t.i for t in toks if t.i > root.i and t.text == ","), None)
            owner = {x.i for c in root.children if c.dep_ == "poss" for x in c.subtree}  # "Fox News' Megyn Kelly"
            head_toks = [t for t in toks if (cut is None or t.i < cut) and t.i not in owner]
        else:
            head_toks = toks
        if noun:  # "a spokeswoman for Hillary Clinton": whom they speak for is not who they are
            employer = {x.i for c in root.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to") for x in c.subtree}
            head_toks = [t for t in head_toks if t.i not in employer]
        named = [self.entity_of(t) for t in head_toks]
        if root is not None and root.ent_type_ == "NORP" and root.tag_ == "NNP" and any(
            c.dep_ in ("nummod", "det") and c.lower_ in ("one", "a", "an", "another") for c in root.children
        ):
            # "One Republican threatened …", "At least one Democrat wasn't on board": a member, not the party; the
            # next person named within two paragraphs and tagged of that party ("Sen. Claire McCaskill (D-Mo.)")
            party = PARTY.get(root.lower_, root.lower_)
            end = self.pd.end_of_paras(pos, 2)
            ahead = [
                (m, c) for c in (self.canonical(x) for x in self.entities)
                if c.type == "person" and c.name and party in c.desc_words
                for m in c.mentions if pos < m < end
            ]
            if ahead:
                pick = min(ahead, key=lambda x: x[0])[1]
                pick.add_mention(pos)
                return pick, "nominal"
            e = self._unnamed(text, "person", pos)
            e.roles.add(root.lower_)
            return e, "unnamed"
        if root is not None and self.entity_of(root) is not None:
            e = self.entity_of(root)
        elif noun and lemma_of(root) not in ("spokesman", "spokeswoman", "spokesperson"):
            e = None
        else:
            e = next((x for x in named if x is not None and x.type == "person"), None)
            if e is None and root is not None and root.pos_ == "PROPN":
                e = next((x for x in named if x is not None), None)
        if e is not None and not (noun and e.type != "person" and lemma_of(root) in ROLE_NOUNS | GROUP_NOUNS):
            e.add_mention(pos)
            return e, "name"
        if root is not None and root.pos_ == "PROPN" and not noun:
            run = self._name_run(root)
            if run[-1].lower_ in ORG_WORDS and len(run) > 1:
                # "the Central and East European Coalition": an organisation the tagger did not name
                e = self._org(_joined(run), "organisation")
                e.add_mention(pos, e.name)
                return e, "name"
            run = [t for t in head_toks if t.pos_ == "PROPN" and t.lower_ not in HONORIFICS and abs(t.i - root.i) <= 3]
            name = clean_name(" ".join(t.text for t in run) or root.text)
            if name:
                gender = gender_of_title([t.text for t in toks if t.i < root.i])
                title = _title_role(root.doc, run[0].i) if run else None
                # a person already named, else an organisation named so ("Peabody" for Peabody Energy, "the
                # S.E.C." for the S.E.C), else a new person
                e = self.person(name, pos, create=False, gender=gender, title=title) or self._known_org(name)
                if e is None:
                    e = self.person(name, pos, create=True, gender=gender)
                e.add_mention(pos, text)
                return e, "name"
        if root is not None and root.text[:1].isupper() and root.is_alpha and root.lower_ not in PRONOUNS:
            # a surname the tagger took for a common noun ("Trump said" in a headline)
            e = self.person(clean_name(root.text), pos, create=False)
            if e is not None:
                e.add_mention(pos)
                return e, "name"
        return self._nominal(root, toks, pos, text)

    @staticmethod
    def _name_run(root: Any) -> list[Any]:
        """The proper-noun run that ends at ``root``, with "and"/"of"/"for" inside it ("Central and East European
        Coalition", "Ministry of Foreign Affairs")."""
        doc, i = root.doc, root.i
        while i > 0:
            prev = doc[i - 1]
            if prev.pos_ == "PROPN" and prev.text[:1].isupper():
                i -= 1
            elif prev.lower_ in ("and", "of", "for", "&") and i > 1 and doc[i - 2].pos_ == "PROPN" and doc[i - 2].text[:1].isupper():
                i -= 2
            else:
                break
        return list(doc[i : root.i + 1])

    def _recent(self, pos: int, types: tuple[str, ...], para_pos: int | None = None) -> list[Entity]:
        cands = []
        for e in self.entities:
            if e.type not in types or not e.name:
                continue
            last = e.last_before(pos)
            if last is not None and pos - last <= WINDOW:
                cands.append((last, e))
        cands.sort(key=lambda x: -x[0])
        return [e for _, e in cands]

    def _pronoun(self, word: str, pos: int, text: str) -> tuple[Entity, str]:
        g = PRONOUNS[word]
        if g in ("m", "f"):
            subj = self._paragraph_subject(pos, g)
            if subj is not None:
                subj.gender = subj.gender or g
                subj.add_mention(pos)
                return subj, "pronoun"
            cands = self._recent(pos, ("person",))
            exact = [e for e in cands if e.gender == g]
            loose = [e for e in cands if e.gender is None]
            pick = None
            if exact and (not loose or cands.index(exact[0]) < cands.index(loose[0]) + 2):
                pick = exact[0]
            elif loose:
                pick = loose[0]
            elif exact:
                pick = exact[0]
            if pick is not None:
                pick.gender = pick.gender or g
                pick.add_mention(pos)
                return pick, "pronoun"
        elif g == "p":
            cands = self._recent(pos, ("organisation", "group", "unnamed-group"))
            if cands:
                cands[0].add_mention(pos)
                return cands[0], "pronoun"
        elif g == "n":
            cands = self._recent(pos, ("organisation",))
            if cands:
                cands[0].add_mention(pos)
                return cands[0], "pronoun"
        elif g == "1" and (signer := self.signed_by(pos)) is not None:
            signer.add_mention(pos)
            return signer, "author"  # a letter's "I" is whoever signed it
        elif g in ("1", "1p") and (guest := self.interviewee(pos)) is not None:
            guest.add_mention(pos)
            return guest, "pronoun"  # an interview's answers speak in the guest's voice
        elif g in ("1", "1p") and self.authors:
            e = self.person(clean_name(self.authors[0]), pos, create=True)
            e.add_mention(pos, self.authors[0])
            return e, "author"
        return self._unnamed(text, "person" if g in ("m", "f", "1") else "unknown", pos), "pronoun-unresolved"

    def _lines(self) -> list[str]:
        """The text of each paragraph, trimmed (what the letters and interview checks read line by line)."""
        if self._para_lines is None:
            self._para_lines = [self.pd.text[s:e].strip() for s, e in self.pd.paras]
        return self._para_lines

    def interviewee(self, pos: int) -> Entity | None:
        """On an interview page (a lead that says so, "This interview has been edited", "spoke to me", then three or
        more short paragraphs of questions, each answered by the paragraph after it), the guest whose answer ``pos``
        lies in: the person the lead names most often, not the author; else None."""
        if self._answers is None:
            self._answers = (set(), None)
            texts = self._lines()
            asked = [k for k, t in enumerate(texts) if t.endswith("?") and len(t.split()) <= 45 and t[:1] not in _QUOTE_OPENERS]
            answered = [k for k in asked if k + 1 < len(texts) and k + 1 not in asked]
            if len(answered) >= 3 and any(_INTERVIEW.search(t) for t in texts[: asked[0]]):
                lead_end = self.pd.paras[asked[0]][0]
                author = clean_name(self.authors[0]).lower() if self.authors else None
                counts = [
                    (sum(1 for m in e.mentions if m < lead_end), e) for e in self.entities
                    if e.type == "person" and e.name and e.merged is None and e.name.lower() != author
                ]
                counts = [x for x in counts if x[0] > 0]
                if counts:
                    guest = max(counts, key=lambda x: x[0])[1]
                    answers = {k for k in range(asked[0] + 1, len(texts)) if k not in asked}
                    self._answers = (answers, guest)
        answers, guest = self._answers
        return self.canonical(guest) if guest is not None and self.pd.para_of(pos) in answers else None

    def signed_by(self, pos: int) -> Entity | None:
        """On a page of signed letters or comments (two or more signature lines: "Michael Pravica.",
        "@casawhitby."), the one who signed the piece ``pos`` lies in, or None."""
        if self._letters is None:
            self._letters = []
            lines = self._lines()
            names = {k: _signature_name(lines[k]) for k in range(1, len(lines))}
            sigs = [
                k for k in range(1, len(lines))
                if names[k] and len(lines[k - 1].split()) >= 8
                and (_signer_like(names[k]) or all(t.ent_type_ == "PERSON" for t in self.pd.tokens_between(*self.pd.paras[k]) if t.is_alpha))
            ]
            if len(sigs) >= 2:
                start = self.pd.paras[0][1]
                for k in sigs:
                    self._letters.append((start, self.pd.paras[k][0], names[k]))
                    start = self.pd.paras[k][1]
        for start, end, name in self._letters:
            if start <= pos < end:
                e = self.person(name, pos, create=True)
                return self.canonical(e)
        return None

    def _paragraph_subject(self, pos: int, g: str) -> Entity | None:
        """The person who is the grammatical subject of the latest earlier sentence in the pronoun's
        paragraph ("Sund, who …, was less calm. “…,” he said."), if one fits the pronoun's gender."""
        p = self.pd.para_of(pos)
        ps = self.pd.paras[p][0]
        best = self._subject_in(ps, pos, g, create=False)
        if best is None and not self._recent(pos, ("person",)):
            # nobody named yet as an entity: the subject of an earlier paragraph, named or not by the tagger
            for q in range(p - 1, max(-1, p - 4), -1):
                best = self._subject_in(self.pd.paras[q][0], self.pd.paras[q][1], g, create=True)
                if best is not None:
                    break
        return best

    def paragraph_subject(self, pos: int, g: str, reported: Any = None, described: dict[int, Entity] | None = None) -> Entity | None:
        """The named person who is the subject of an earlier sentence of the pronoun's own paragraph, in the
        author's words (not inside a quotation or reported clause when ``reported`` tells which those are); a
        subject that is a description counts as the person ``described`` gives for its first word's position."""
        ps = self.pd.paras[self.pd.para_of(pos)][0]
        return self._subject_in(ps, pos, g, create=False, reported=reported, described=described)

    def _subject_in(self, ps: int, pos: int, g: str, create: bool, reported: Any = None, described: dict[int, Entity] | None = None) -> Entity | None:
        best = None
        for tok in self.pd.tokens_between(ps, pos):
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.sent is None:
                continue
            if reported is not None and reported(self.pd.start_of(tok)):
                continue
            if tok.sent.end_char + self.pd.piece_of(tok).offset > pos:
                continue  # same sentence as the pronoun
            e = self._named(tok, create)
            if e is None and described:
                e = described.get(self.pd.start_of(tok.left_edge))
            if e is None:
                for c in tok.children:
                    if c.dep_ == "appos" and self._named(c, create) is not None:
                        e = self._named(c, create)
            c = self.canonical(e) if e is not None else None
            unnamed = c is not None and c.name is None and c.type in ("person", "unknown")
            if c is not None and (c.type == "person" or unnamed) and (c.gender or c.name_gender or gender_of_name(c.name or "")) in (None, g):
                best = c  # the gender of the full name a surname stands for ("Kamarck noted …": Elaine, not "he")
        return best

    def _named(self, tok: Any, create: bool = False) -> Entity | None:
        e = self.entity_of(tok)
        if e is None and tok.pos_ == "PROPN" and tok.is_alpha:
            run = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i and c.lower_ not in HONORIFICS]
            name = clean_name(" ".join(t.text for t in sorted(run, key=lambda t: t.i)) + " " + tok.text)
            e = self.person(name, self.pd.start_of(tok), create=create)
            if e is not None and create:
                e.add_mention(self.pd.start_of(tok), name)
        return e

    def _nominal(self, root: Any, toks: list[Any], pos: int, text: str) -> tuple[Entity, str]:
        lemma = lemma_of(root) if root is not None else ""
        definite = root is not None and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their") for c in root.children)
        if root is not None and lemma in WORK_NOUNS:
            maker = self._maker(root, toks, pos)
            if maker is not None:
                maker.add_mention(pos)
                return maker, "nominal"
            if lemma in ("campaign", "team") and definite:  # "the campaign said": the campaign last named
                pick = next((e for e in self._recent(pos, ("organisation",)) if e.name.lower().endswith(" campaign")), None)
                if pick is not None:
                    pick.add_mention(pos)
                    return pick, "nominal"
        if root is not None and (lemma in _PART_NOUNS or lemma in PLACE_NOUNS):
            # "a three-judge panel of the U.S. Court of Appeals": the body it is part of; "the city of Phoenix":
            # the place
            whole = next((g for p in root.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), None)
            if whole is None and lemma in _PART_NOUNS:  # "The Coastal States Assembly's observer mission"
                whole = next((c for c in root.children if c.dep_ == "poss"), None)
            body = self.entity_of(whole) if whole is not None else None
            if body is not None and self.canonical(body).type == "organisation":
                body = self.canonical(body)
                body.add_mention(pos)
                return body, "nominal"
        if root is not None and lemma in ROLE_NOUNS and definite and root.tag_ != "NNS":
            tied = [(p, n) for p, l, n in self._role_index if l == lemma and p < pos and pos - p <= WINDOW * 2]
            best = None
            for e in self._recent(pos, ("person",)):
                if lemma in e.roles:
                    best = e
                    break
            if tied and (best is None or (best.last_before(pos) or 0) < tied[-1][0]):
                best = self.person(tied[-1][1], pos, create=True)
            if best is not None:
                best = self.canonical(best)
                best.add_mention(pos)
                return best, "nominal"
        if root is not None and definite:
            # "the source added" after "a source said": the same unnamed speaker
            for e in reversed(self.entities):
                if e.name is None and e.roles and lemma in e.roles and e.last_before(pos) is not None and pos - e.last_before(pos) < WINDOW:
                    e.add_mention(pos, text)
                    return e, "nominal"
            nation = next((c for c in root.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and c.i < root.i), None)
            if root.pos_ == "NOUN" and lemma in ORG_NOUNS and nation is not None:
                # "the Saudi government", "the Chinese ministry": the country, when the page names it, never the
                # organisation last named
                stem = nation.text[:4].lower()
                pick = next((e for e in self.entities if e.type == "organisation" and e.name and "GPE" in e.roles and e.name.lower().startswith(stem)), None)
                if pick is not None:
                    pick = self.canonical(pick)
                    pick.add_mention(pos)
                    return pick, "nominal"
            elif root.pos_ == "NOUN" and lemma not in ROLE_NOUNS:
                recent = self._recent(pos, ("organisation", "group"))
                # "the palace" -> "Belvar Palace"; "the company" -> the organisation last named
                words = {lemma, *_NAME_KIN.get(lemma, ())}
                pick = next((e for e in recent if words & set(e.name.lower().split()) or lemma in e.roles), None)
                if pick is None:
                    # "according to the union" before "the United Mine Workers of America" is named: that one
                    later = [
                        (min(m for m in e.mentions if m > pos), e) for e in self.entities
                        if e.type == "organisation" and e.name and e.merged is None and words & set(e.name.lower().split())
                        and any(m > pos for m in e.mentions)
                    ]
                    pick = min(later, key=lambda x: x[0])[1] if later else None
                if pick is None and lemma in ORG_NOUNS and lemma not in WORK_NOUNS:
                    pick = next((e for e in recent if "ORG" in e.roles), None)
                    said = self._common_noun_before(lemma, pos)
                    if pick is not None and said is not None and said > (pick.last_before(pos) or -1):
                        pick = None  # "among the group of voters … The group also views": that group, no organisation
                if pick is not None:
                    pick.add_mention(pos)
                    return pick, "nominal"
        plural = root is not None and root.tag_ in ("NNS", "NNPS")
        if lemma in ORG_NOUNS:
            typ = "organisation"
        elif plural:
            typ = "group"
        elif lemma in ROLE_NOUNS or lemma in GROUP_NOUNS:
            typ = "person"
        else:
            typ = "unknown"
        e = self._unnamed(text, typ, pos)
        if lemma:
            e.roles.add(lemma)
        return e, "unnamed"

    def _common_noun_before(self, word: str, pos: int) -> int | None:
        """Where the text last used ``word`` before ``pos``, within reach, as a common noun outside any name, and
        not as a possessor ("the union's members", which speaks of the body the text names)."""
        last = None
        for tok in self.pd.tokens_between(max(0, pos - WINDOW), pos):
            if tok.pos_ != "NOUN" or lemma_of(tok) != word or tok.ent_type_ or self.entity_of(tok) is not None:
                continue
            if tok.dep_ != "poss":
                last = self.pd.start_of(tok)
        return last

    def _maker(self, root: Any, toks: list[Any], pos: int, depth: int = 0) -> Entity | None:
        """The named maker of a work that stands as a source: "A Bloomberg poll", "Ivana Trump's brief", "a new
        report by Politico", "a USA TODAY analysis", "an ad from Donald Trump's campaign", "Clinton's campaign"
        and "the Obama administration" (a person's campaign or administration: "Clinton campaign")."""
        inside = {t.i for t in toks}
        lem = lemma_of(root)
        cands = [c for c in root.children if c.dep_ in ("poss", "compound", "nmod") and c.i in inside]
        poss = next((c for c in cands if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if poss is not None and lem in _OWNED:  # "her campaign"
            g = PRONOUNS[poss.lower_]
            person = next((e for e in self._recent(pos, ("person",)) if (e.name_gender or gender_of_name(e.name)) in (None, g)), None)
            if person is not None and person.name:
                return self._org(f"{self.canonical(person).name.split()[-1]} {_OWNED[lem]}", "organisation")
        for prep in (c for c in root.children if c.dep_ in ("prep", "acl") and c.i in inside):
            cands += [g for g in prep.subtree if g.dep_ == "pobj" and g.i in inside and g.head.lower_ in ("by", "from", "of")]
        # "a speech Mrs. Clinton delivered", "a report the agency released": the subject of its relative clause
        # (whether or not the mention found takes the clause in)
        cands += [g for c in root.children if c.dep_ == "relcl" for g in c.children if g.dep_ == "nsubj" and g.pos_ == "PROPN"]
        for c in cands:
            e = self.entity_of(c)
            if e is None and c.pos_ == "PROPN":
                e = self.person(clean_name(c.text), self.pd.start_of(c), create=False)
            if e is None and c.dep_ == "poss" and c.pos_ == "NOUN" and any(d.lower_ in ("the", "this") for d in c.children):
                # "The department's statement", "The authority's own report": the organisation last named so
                e = next((x for x in self._recent(pos, ("organisation",)) if lemma_of(c) in x.name.lower().split()), None)
            if e is None and c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN":
                # "a USA TODAY analysis": the proper-noun run before the work is an organisation
                run = [t for t in root.children if t.dep_ in ("compound", "nmod") and t.pos_ == "PROPN" and t.i in inside]
                run = [t for t in toks if run[0].i <= t.i <= run[-1].i]
                name = clean_name(" ".join(t.text for t in run), person=False)
                if len(name.split()) >= 2 or name.isupper():
                    e = self._org(name, "organisation")
            if e is None and c.dep_ == "pobj" and depth < 2 and lemma_of(c) in WORK_NOUNS:
                e = self._maker(c, toks, pos, depth + 1)  # "an ad from Donald Trump's campaign"
            if e is None:
                continue
            e = self.canonical(e)
            if lem in _OWNED and e.type == "person" and e.name:
                return self._org(f"{e.name.split()[-1]} {_OWNED[lem]}", "organisation")
            return e
        return None

    def maker_of(self, tok: Any) -> Entity | None:
        """The named maker of the work a noun stands for, from its own phrase ("a Bloomberg poll"), or None."""
        phrase = list(tok.subtree)
        return self._maker(tok, phrase, self.pd.start_of(tok))

    def _unnamed(self, text: str, typ: str, pos: int) -> Entity:
        e = self._new(None, typ)
        e.add_mention(pos, " ".join(text.split()))
        return e

    def unnamed_thing(self, pos: int, text: str) -> Entity:
        """A thing that speaks for nobody ("It reads: …" of a sign), known by the pronoun that stands for it."""
        return self._unnamed(text, "unknown", pos)

    def unnamed_group(self, pos: int, text: str) -> Entity:
        """A group of people the text does not name, known by the pronoun that stands for it ("they")."""
        return self._unnamed(text, "group", pos)

    def salient_person(
        self,
        pos: int,
        gender: str | None,
        reported: Any,
        skip: set[int],
        extra: list[tuple[int, Entity]],
        role: str | None = None,
        modifiers: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """The person a "he" or "she" at ``pos`` most likely is: the one mentioned last before it, counting only
        mentions in the author's own words (``reported(p)`` is true inside quotations and reported content,
        where people are talked about rather than talking) and not the pronoun positions in ``skip``, plus the
        ``extra`` (position, entity) events; a gender known from a name or title must agree. A role description
        ("the governor") reaches back over the whole text to a person the text gave that role."""
        best: tuple[tuple[bool, bool, int], Entity] | None = None
        events = [(m, e) for e in self.entities if e.type == "person" for m in e.mentions] + extra
        for m, e in events:
            if m >= pos or m in skip or reported(m) or (role is None and pos - m > WINDOW):
                continue
            tok = self.pd.token_at(m)
            if tok is not None and tok.lower_ in FIRST_PERSON:
                continue  # the author's "I" is no antecedent for "he"
            if role is None and self._modifier_at(m):
                continue  # "stocking up on Beehive freeze-dried food": a name that modifies a noun is no "he"
            c = self.canonical(e)
            if not c.name or c.type != "person":
                continue
            known = c.name_gender or gender_of_name(c.name) or (c.gender if role is not None else None)
            if gender is not None and known not in (None, gender):
                continue
            held = known_roles(c) & BACKREF_ROLES
            if role is not None and held and role not in held:
                continue  # "the senator" is not the person known as the governor
            if role in STRICT_ROLES and role not in held:
                continue
            parties = modifiers & PARTIES
            if parties and (c.desc_words & PARTIES) - parties and not (c.desc_words & parties):
                continue  # "the Democratic nominee" is not the one described as a Republican
            described = len(modifiers & c.desc_words)
            holds = role is not None and holds_role(c, role)
            if pos - m > WINDOW and not holds:
                continue  # out of reach, unless the text gave this person the very role ("Gov. Mike Pence")
            # "the Indiana governor": the one described as from Indiana; "the judge": the one known as a judge;
            # else the one named in the latest sentence, its main subject before others ("Christie, who has
            # campaigned for Donald Trump, blasted Clinton. … he said": Christie)
            sent, main = self._sentence_role(tok)
            # a description ("the Vermont senator") looks back to a clause's subject before a mere mention
            subject = role is not None and tok is not None and self._head_of_name(tok).dep_ in ("nsubj", "nsubjpass")
            score = (described, holds, sent, main, subject, m)
            if best is None or score > best[0]:
                best = (score, c)
        return best[1] if best else None

    @staticmethod
    def _head_of_name(tok: Any) -> Any:
        while tok.dep_ in ("compound", "flat", "amod") and tok.head != tok:
            tok = tok.head
        return tok

    def _sentence_role(self, tok: Any) -> tuple[int, bool]:
        """(start of the sentence, whether the name is its main clause's subject) for a mention's first token."""
        if tok is None or tok.sent is None:
            return -1, False
        head = self._head_of_name(tok)
        main = head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT"
        return self.pd.piece_of(tok).offset + tok.sent.start_char, main

    def next_holder(self, pos: int, role: str, modifiers: frozenset[str], reported: Any) -> Entity | None:
        """The person an indefinite description at ``pos`` ("a New York judge") introduces: the first one
        named after it, within reach and in the author's own words, whom the text gives that role (or its kin:
        judge and justice); one described by the description's own words ("a Democratic senator") first."""
        best: tuple[tuple[bool, int], Entity] | None = None
        for e in self.entities:
            c = self.canonical(e)
            if c.type != "person" or not c.name:
                continue
            if not holds_role(c, role):
                continue
            first = next((m for m in sorted(e.mentions) if m > pos and not reported(m)), None)
            if first is None or first - pos > WINDOW:
                continue
            score = (bool(modifiers & c.desc_words), -first)
            if best is None or score > best[0]:
                best = (score, c)
        return best[1] if best else None

    def next_org(self, pos: int, end: int, words: frozenset[str], reported: Any) -> Entity | None:
        """The organisation an indefinite description at ``pos`` introduces ("A House panel voted …", "A federal
        appeals court ruled …"): the first one named after it in two words or more, before ``end``, in the author's
        own words and not as a modifier ("House" in "a House panel"), whose name holds one of ``words`` (the
        description's head or its kin: "court", "committee")."""
        best: tuple[int, Entity] | None = None
        for e in self.entities:
            c = self.canonical(e)
            if c.type != "organisation" or not c.name or not words & set(c.name.lower().split()) or len(c.name.split()) < 2:
                continue
            first = next((m for m in e.mentions if pos < m < end and not reported(m) and not self._modifier_at(m)), None)
            if first is not None and (best is None or first < best[0]):
                best = (first, c)
        return best[1] if best else None

    def subject_collective(self, pos: int, types: tuple[str, ...], reported: Any) -> Entity | None:
        """The organisation or group a "they" at ``pos`` stands for when one is the grammatical subject of a clause
        of the pronoun's own sentence or the sentence before, in the author's words ("Politifact did a fact-check.
        … they published"); None otherwise: a "they" most often stands for people the text never names as one
        ("Proponents …, although they say"; "crew members … They described")."""
        tok = self.pd.token_at(pos)
        if tok is None or tok.sent is None:
            return None
        sent_start = self.pd.piece_of(tok).offset + tok.sent.start_char
        prev = self.pd.token_at(sent_start - 1) if sent_start > 0 else None
        lo = self.pd.piece_of(prev).offset + prev.sent.start_char if prev is not None and prev.sent is not None else sent_start
        best: tuple[int, Entity] | None = None
        for e in self.entities:
            c = self.canonical(e)
            if c.name is None or (c.type not in types and not self._one_word_thing(c)):
                continue
            for m in e.mentions:
                if not lo <= m < pos or reported(m) or (best is not None and m <= best[0]):
                    continue
                t = self.pd.token_at(m)
                if t is None or t.lower_ in PRONOUNS:
                    continue  # a pronoun already taken for it is no evidence
                head = t
                while head.dep_ in ("det", "compound", "flat", "amod") and head.head != head and head.head.ent_iob_ == "I":
                    head = head.head
                if head.dep_ in ("nsubj", "nsubjpass"):
                    best = (m, c)
        return best[1] if best else None

    def _one_word_thing(self, c: Entity) -> bool:
        """A "person" the tagger named with one word that no given name, title or pronoun ever goes with
        ("Politifact", "Twitter"): as likely an organisation, so a "they" may stand for it."""
        return (
            c.type == "person" and len(c.name.split()) == 1 and c.gender is None and c.name_gender is None
            and not self._full_names.get(c.name.lower()) and not c.roles
        )

    def salient_collective(self, pos: int, types: tuple[str, ...], reported: Any) -> Entity | None:
        """The organisation or group a "they" or "it" at ``pos`` most likely is: the one mentioned last before
        it in the author's own words (not inside quotations or reported clauses), within the usual reach."""
        best: tuple[int, Entity] | None = None
        for e in self.entities:
            c = self.canonical(e)
            if c.type not in types or (c.name is None and c.type != "group"):
                continue
            for m in e.mentions:
                if m >= pos or pos - m > WINDOW or reported(m):
                    continue
                if best is not None and m <= best[0]:
                    continue
                if self._modifier_at(m):
                    continue  # "a Chinese security guard", "a Chicago shooting": a name used as a modifier is no referent
                best = (m, c)
        return best[1] if best else None

    def _modifier_at(self, pos: int) -> bool:
        """Whether the name starting at ``pos`` modifies a noun rather than naming a referent ("Chinese" in "a
        Chinese guard", "Chicago" in "Chicago shootings"; not "Chicago Police Department", a name of its own)."""
        tok = self.pd.token_at(pos)
        if tok is None or self.pd.start_of(tok) != pos:
            return False
        head = tok
        while head.dep_ in ("compound", "flat") and head.head != head and head.head.ent_iob_ == "I" and head.head.ent_type_ == tok.ent_type_:
            head = head.head
        return head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN") and head.head.ent_type_ != tok.ent_type_

    def note_speaker(self, e: Entity, pos: int) -> None:
        e.add_mention(pos)

    # -- output ---------------------------------------------------------------------------------
    def speaker_id(self, e: Entity) -> str:
        e = self.canonical(e)
        if e.out_id is None:
            e.out_id = f"s{sum(1 for x in self.entities if x.out_id is not None) + 1}"
        return e.out_id

    def speakers(self) -> list[Speaker]:
        self.finalize()
        used = sorted((e for e in self.entities if e.out_id is not None), key=lambda e: int(e.out_id[1:]))
        out = []
        for e in used:
            members = [x for x in self.entities if x is e or self.canonical(x) is e]
            roles = sorted(set().union(*(known_roles(x) for x in members)) & _ROLE_WORDS)
            desc = e.description or next((x.description for x in members if x.description), None)
            if desc is None and e.name is None and e.aliases:
                desc = e.aliases[0]  # an unnamed speaker is known by its description: "a senior official"
            typ = e.type if e.type in ("person", "organisation", "group") else "unknown"
            out.append(Speaker(e.out_id, e.name, typ, list(e.aliases), roles, desc))
        return out
