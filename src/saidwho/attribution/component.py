"""saidwho as a spaCy pipeline component: ``nlp.add_pipe("saidwho")`` sets ``doc._.quotes`` and
``doc._.speakers`` (lists of the same JSON-ready dicts the records hold; offsets index ``doc.text``).

The component needs a tagger, parser and NER before it (en_core_web_sm's pipeline). It is registered
through the ``spacy_factories`` entry point, so installing saidwho is enough for spaCy to find it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .document import from_doc
from .quotemarks import paragraphs

for _name in ("quotes", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class SaidwhoComponent:
    def __init__(self, nlp: Language, name: str = "saidwho"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .extractor import attribute_parsed

        pd = from_doc(doc, paragraphs(doc.text))
        quotes, speakers = attribute_parsed(pd)
        doc._.quotes = [q.to_json() for q in quotes]
        doc._.speakers = [s.to_json() for s in speakers]
        return doc


@Language.factory("saidwho")
def make_saidwho(nlp: Language, name: str) -> SaidwhoComponent:
    return SaidwhoComponent(nlp, name)
