"""A cross-document speaker registry: one stable id for each person or organisation over many records.

Input: saidwho records (each document's ``speakers``, already resolved within the document: its "Lavrov", "he"
and "the minister" are one speaker with a canonical name). Output: entries, each with an id, a canonical name, a
type, every name form seen, roles, and the (document id, speaker id) pairs it gathers.

How names merge
    * Titles and roles in front of a name are dropped ("Russian Foreign Minister Sergei Lavrov" → "Sergei
      Lavrov"), and so are middle names and initials: a person is keyed by given name and surname.
    * Spelling variants merge when the surname is the same after transliteration folding (accents, y/i, kh/h,
      oo/u, …) and the given names are close (``given_similarity``): "Sergei Lavrov" = "Sergey Lavrov",
      "Khaled al-Tarhouni" = "Khalid al-Tarhuni". Different given names never merge ("Ivan Lavrov" stays apart).
    * A surname alone ("Lavrov", where a document never gave the first name) joins a full name only when exactly
      one registered person has that surname and the two share a role; otherwise it stays its own entry.
    * Organisations and groups merge on the same folded name ("The World Health Organisation" = "World Health
      Organization"), and on two names that one document gave for the same speaker.
    * A people list (``load_people``: id, name, aliases) pins identities: every name or alias on it maps to its
      id, and two pinned ids are never merged.

Ids are stable: a pinned id, else ``p:``/``o:``/``g:`` and a slug of the canonical name (the most frequent full
form), so adding documents does not renumber anyone.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Any, Iterable

from ..attribution.cues import HONORIFICS, ROLE_NOUNS
from ..errors import BadPeopleList
from .names import ascii_fold, gender_of_name

GIVEN_SIMILARITY = 0.75
SURNAME_SIMILARITY = 0.86
_PARTICLES = frozenset("al el bin ibn de van von der da di la le du dos das del".split())
_FOLD = [
    ("kh", "h"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("oo", "u"), ("ou", "u"),
    ("iy", "i"), ("ii", "i"), ("yi", "i"), ("ey", "ei"), ("y", "i"), ("j", "i"), ("dh", "d"), ("th", "t"),
    ("ee", "i"), ("aa", "a"), ("mm", "m"), ("ss", "s"), ("ll", "l"), ("tt", "t"), ("nn", "n"),
]
# Given names that are one name in different transliterations (Ukrainian and Russian forms, Arabic
# romanisations): spelling similarity alone does not join "Oleksiy" and "Alexei".
_GIVEN_CLASSES = [
    "oleksiy oleksii olexiy alexei aleksei alexey aleksey alexi",
    "oleksandr olexandr aleksandr alexander alexandr",
    "volodymyr wolodymyr vladimir",
    "mykola nikolai nikolay nicolai",
    "andriy andrii andrei andrey",
    "serhiy serhii sergei sergey sergiy",
    "dmytro dmitri dmitry dmitriy",
    "mykhailo mykhaylo mikhail",
    "yuriy yurii yuri yury iurii",
    "petro pyotr petr",
    "hryhoriy hryhorii grigory grigori grigoriy",
    "yevhen yevgeny yevgeniy evgeny evgeni",
    "vasyl vasily vasiliy vassily",
    "mohammed mohammad muhammad mohamed muhammed mohamad",
    "ahmed ahmad",
    "mahmoud mahmud",
    "hussein husain hussain husayn",
]
_LEAD = frozenset(HONORIFICS) | ROLE_NOUNS | {"u.s.", "us", "former"}


@lru_cache(maxsize=1 << 17)  # pure, and called for the same names over and over in a large registry
def fold(word: str) -> str:
    """A word folded for transliteration variants: "Sergey" and "Sergei" fold alike, so do "Tarhouni" and "Tarhuni"."""
    w = re.sub(r"[^a-z]", "", ascii_fold(word))
    for a, b in _FOLD:
        w = w.replace(a, b)
    return w


def _words(name: str) -> list[str]:
    s = ascii_fold(name).replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    return [w for w in re.split(r"[^a-z0-9.'-]+", s) if w]


def bare_name(name: str) -> str:
    """The name without the titles and roles before it: the words after the last title or role word, when at
    least two remain ("Bank of Korea Governor Park Min-jun" -> "Park Min-jun")."""
    words = name.split()
    low = [w.lower().strip(",") for w in words]
    cut = 0
    for i, w in enumerate(low[:-1]):
        if (w in _LEAD or w.rstrip(".") in _LEAD) and len(words) - (i + 1) >= 2:
            cut = i + 1
    return " ".join(words[cut:])


@lru_cache(maxsize=1 << 17)  # pure, and called for the same names over and over in a large registry
def person_key(name: str) -> tuple[str, str] | None:
    """(given, surname), folded, without titles, middle names and initials; None for a one-word name."""
    words = [w.strip(".'-") for w in _words(bare_name(name))]
    words = [w for w in words if w and not (len(w) == 1)]
    if len(words) < 2:
        return None
    last = words[-1]
    k = len(words) - 2
    while k > 0 and words[k] in _PARTICLES:  # "al-Tarhouni", "bin Salman", "van der Berg"
        last = words[k] + last
        k -= 1
    return fold(words[0]), fold(last.replace("-", ""))


@lru_cache(maxsize=1 << 17)  # pure, and called for the same names over and over in a large registry
def org_key(name: str) -> str:
    words = [w.strip(".'") for w in _words(name)]
    if words and words[0] == "the":
        words = words[1:]
    words = [re.sub(r"isation", "ization", w) for w in words if w]
    return " ".join(words)


@dataclass
class Entry:
    id: str
    name: str | None
    type: str
    names: Counter = field(default_factory=Counter)
    roles: set = field(default_factory=set)
    descriptions: Counter = field(default_factory=Counter)
    members: list = field(default_factory=list)  # (doc id, speaker id)
    quotes: int = 0
    pinned: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": sorted(self.names, key=lambda n: (-self.names[n], n)),
            "roles": sorted(self.roles),
            "descriptions": [d for d, _ in self.descriptions.most_common(5)],
            "documents": len({d for d, _ in self.members}),
            "quotes": self.quotes,
            "pinned": self.pinned,
            "members": [list(m) for m in self.members],
        }


@dataclass
class Registry:
    entries: list[Entry]
    unnamed: int  # speakers with no name (a source, officials): not registered, counted
    _by_member: dict = field(default_factory=dict)

    def lookup(self, doc_id: str, speaker_id: str) -> str | None:
        """The registry id of one document's speaker, or None (unnamed, or not in the records given)."""
        return self._by_member.get((doc_id, speaker_id))

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "saidwho-registry/1",
            "entries": [e.to_json() for e in self.entries],
            "unnamed_speakers": self.unnamed,
        }


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.pin: dict[int, str] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.pin.get(ra), self.pin.get(rb)
        if pa and pb and pa != pb:
            return False  # two pinned identities stay apart
        self.parent[rb] = ra
        if pb and not pa:
            self.pin[ra] = pb
        return True


def load_people(path: str | PathLike[str]) -> list[dict[str, Any]]:
    """A people list: JSON (a list of {"id", "name", "aliases"}) or CSV (columns id, name, aliases; aliases
    separated by "|" or ";"). Raises BadInput (SW401) naming the file and the row for a malformed one."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadPeopleList(f"cannot read the people list: {exc.strerror or exc}", source=str(p)) from exc
    rows: list[dict[str, Any]]
    if p.suffix.lower() == ".json" or raw.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadPeopleList(f"not valid JSON: {exc.msg} at line {exc.lineno}", source=str(p)) from exc
        rows = data.get("people", []) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise BadPeopleList('expected a list of {"id", "name", "aliases"} objects', source=str(p))
    else:
        reader = csv.DictReader(raw.splitlines())
        if not reader.fieldnames or not {"id", "name"} <= {f.strip() for f in reader.fieldnames}:
            raise BadPeopleList("the CSV needs a header with at least the columns id and name (and optionally aliases)", source=str(p))
        rows = []
        for r in reader:
            r = {k.strip(): (v or "").strip() for k, v in r.items() if k}
            r["aliases"] = [a.strip() for a in re.split(r"[|;]", r.get("aliases", "")) if a.strip()]
            rows.append(r)
    out = []
    for n, r in enumerate(rows, 1):
        if not isinstance(r, dict) or not str(r.get("id", "")).strip() or not str(r.get("name", "")).strip():
            raise BadPeopleList(f"entry {n}: needs a non-empty id and name", source=str(p))
        aliases = r.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise BadPeopleList(f"entry {n}: aliases must be a list of names", source=str(p))
        out.append({"id": str(r["id"]).strip(), "name": str(r["name"]).strip(), "type": r.get("type") or "person", "aliases": aliases})
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(name)).strip("-") or "x"


_GIVEN_CLASS = {fold(w): k for k, line in enumerate(_GIVEN_CLASSES) for w in line.split()}


def _close_given(a: str, b: str) -> bool:
    """Two folded given names for one person: equal, forms of one name in the transliteration table, or the
    same consonants with other vowels ("haled"/"halid") and no gender between them. An added or changed
    consonant is another name ("Ivana" is not "Ivanka", "Marta" is not "Marty")."""
    if a == b:
        return True
    ca, cb = _GIVEN_CLASS.get(a), _GIVEN_CLASS.get(b)
    if ca is not None and ca == cb:
        return True
    if _skeleton(a) != _skeleton(b) or abs(len(a) - len(b)) > 1 or not _close(a, b, GIVEN_SIMILARITY):
        return False
    ga, gb = gender_of_name(a), gender_of_name(b)
    return not (ga and gb and ga != gb)


def _skeleton(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word)


@lru_cache(maxsize=1 << 18)
def _close(a: str, b: str, threshold: float) -> bool:
    """Whether two folded words are spelling variants: same first letter and a similarity ratio of at least
    ``threshold``. Cached, and the cheap upper bounds of the ratio reject most pairs first (same answers, much
    faster on a store of thousands of documents)."""
    if a == b:
        return True
    if not a or not b or a[0] != b[0]:
        return False
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold and m.ratio() >= threshold


def build_registry(records: Iterable[dict[str, Any]], people: list[dict[str, Any]] | None = None) -> Registry:
    """The registry of every named speaker in ``records`` (see the module docstring)."""
    items: list[dict[str, Any]] = []
    unnamed = 0
    quote_counts: Counter = Counter()
    for rec in records:
        if not isinstance(rec, dict) or rec.get("error"):
            continue
        doc = str(rec.get("id"))
        for q in rec.get("quotes") or []:
            sp = q.get("speaker") if isinstance(q, dict) else None
            if isinstance(sp, dict) and sp.get("id"):
                quote_counts[(doc, sp["id"])] += 1
        for sp in rec.get("speakers") or []:
            if not isinstance(sp, dict):
                continue
            if not sp.get("name"):
                unnamed += 1
                continue
            items.append({
                "doc": doc, "sid": sp.get("id"), "name": str(sp["name"]), "type": sp.get("type") or "unknown",
                "aliases": [a for a in sp.get("aliases") or [] if isinstance(a, str)],
                "roles": set(sp.get("roles") or []), "description": sp.get("description"),
            })
    uf = _Union()
    pinned_key: dict[Any, str] = {}
    pins = people or []
    for pin in pins:
        for n in [pin["name"]] + list(pin["aliases"]):
            pk = person_key(n)
            pinned_key[("p", pk) if pk else ("o", org_key(n))] = pin["id"]
            pinned_key[("o", org_key(n))] = pin["id"]

    def key_of(it: dict[str, Any]) -> Any:
        if it["type"] == "person":
            pk = person_key(it["name"])
            return ("p", pk) if pk else ("s", fold(_words(it["name"])[-1]) if _words(it["name"]) else "")
        return ("o", org_key(it["name"]))

    first_of_key: dict[Any, int] = {}
    for i, it in enumerate(items):
        k = key_of(it)
        it["key"] = k
        pin = pinned_key.get(k) or pinned_key.get(("o", org_key(it["name"])))
        if pin:
            uf.find(i)
            uf.pin[uf.find(i)] = pin
        if k[0] == "s":
            continue  # a surname alone is no identity: two documents' "Lavrov" may be two people
        if k in first_of_key:
            uf.union(first_of_key[k], i)
        else:
            first_of_key[k] = i
    # pinned identities: every item of a pinned id in one entry
    by_pin: dict[str, int] = {}
    for i in range(len(items)):
        pin = uf.pin.get(uf.find(i))
        if pin:
            if pin in by_pin:
                uf.union(by_pin[pin], i)
            else:
                by_pin[pin] = i
    # a document's own aliases: two full names it gave for one speaker are one entity
    for i, it in enumerate(items):
        for a in it["aliases"]:
            if it["type"] == "person":
                pk = person_key(a)
                k = ("p", pk) if pk else None
            else:
                k = ("o", org_key(a)) if len(_words(a)) >= 2 else None
            if k is not None and k in first_of_key:
                uf.union(i, first_of_key[k])
    # spelling variants of people: same folded surname (or very close), close given names
    person_keys = [k for k in first_of_key if k[0] == "p"]
    by_initial: dict[str, list] = defaultdict(list)
    for k in person_keys:
        by_initial[k[1][1][:1]].append(k)
    for group in by_initial.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                (g1, s1), (g2, s2) = group[x][1], group[y][1]
                if _close(s1, s2, SURNAME_SIMILARITY) and _close_given(g1, g2):
                    uf.union(first_of_key[group[x]], first_of_key[group[y]])
    # surname-only people: into the one full name with that surname that shares a role
    near: dict[str, list[int]] = {}  # folded surname -> first items of the full-name keys with a close surname
    members: dict[int, list[int]] | None = None  # root -> its items, built on first use and kept up to date
    for i, it in enumerate(items):
        if it["key"][0] != "s" or not it["key"][1]:
            continue
        sur = it["key"][1]
        if sur not in near:
            near[sur] = [first_of_key[k] for k in person_keys if _close(k[1][1], sur, SURNAME_SIMILARITY)]
        roots = {uf.find(j) for j in near[sur]}
        if len(roots) == 1:
            root = next(iter(roots))
            if members is None:
                members = defaultdict(list)
                for j in range(len(items)):
                    members[uf.find(j)].append(j)
            roles = set().union(*(items[j]["roles"] for j in members[root]))
            if roles & it["roles"]:
                other = uf.find(i)
                if uf.union(root, i) and other != root:  # union keeps `root` as the root
                    members[root].extend(members.pop(other))
    # entries
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    pin_by_id = {p["id"]: p for p in pins}
    entries: list[Entry] = []
    used_ids: set[str] = set()
    for root, members in sorted(groups.items(), key=lambda g: min(g[1])):
        its = [items[i] for i in members]
        types = Counter(it["type"] for it in its)
        typ = types.most_common(1)[0][0]
        names = Counter(bare_name(it["name"]) if typ == "person" else it["name"] for it in its)
        pin = uf.pin.get(root)
        if pin:
            name, eid = pin_by_id[pin]["name"], pin
        else:
            full = [n for n in names if len(n.split()) >= 2] or list(names)
            name = max(full, key=lambda n: (names[n], len(n), n))
            # the id comes from the form whose folded key sorts first, not from the most frequent one, so that
            # more documents do not rename an entry ("Sergey Lavrov" and "Sergei Lavrov" both give sergei-lavrov)
            keyed = sorted(full, key=lambda n: (str(person_key(n) if typ == "person" else org_key(n)), _slug(n)))
            base = {"person": "p", "organisation": "o", "group": "g"}.get(typ, "u") + ":" + _slug(keyed[0])
            eid = base
            if eid in used_ids or (typ == "person" and person_key(name) is None):
                # a surname alone, or a second entry with the same name: tied to its first document, so the
                # id does not depend on the order the records come in
                first_doc = min(str(it["doc"]) for it in its)
                eid = f"{base}@{_slug(first_doc)}"
            k = 2
            while eid in used_ids:
                eid, k = f"{base}@{_slug(min(str(it['doc']) for it in its))}-{k}", k + 1
        used_ids.add(eid)
        e = Entry(eid, name, typ, pinned=bool(pin))
        for it in its:
            e.names[it["name"]] += 1
            for a in it["aliases"]:
                a = re.sub(r"[\u2019']s?$", "", a).strip()  # "Donald Trump’s" is the name "Donald Trump"
                if a and a != it["name"]:
                    e.names[a] += 0
            e.roles |= it["roles"]
            if it["description"]:
                e.descriptions[it["description"]] += 1
            e.members.append((it["doc"], it["sid"]))
            e.quotes += quote_counts[(it["doc"], it["sid"])]
        entries.append(e)
    reg = Registry(entries, unnamed)
    reg._by_member = {m: e.id for e in entries for m in e.members}
    return reg


def format_registry(reg: Registry, limit: int | None = None) -> str:
    """A table: id, name, type, documents, quotes, other names."""
    rows = sorted(reg.entries, key=lambda e: (-e.quotes, e.id))
    lines = [f"{'id':<34} {'name':<30} {'type':<12} {'docs':>5} {'quotes':>6}  other names"]
    for e in rows[:limit]:
        others = [n for n in sorted(e.names, key=lambda n: -e.names[n]) if n != e.name][:4]
        lines.append(f"{e.id[:34]:<34} {str(e.name)[:30]:<30} {e.type:<12} {len({d for d, _ in e.members}):>5} {e.quotes:>6}  {'; '.join(others)}")
    lines.append(f"{len(reg.entries)} entries; {reg.unnamed} unnamed speakers not registered")
    return "\n".join(lines)
