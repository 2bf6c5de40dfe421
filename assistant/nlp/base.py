"""The base spaCy pipeline: English tokenizer and lookup lemmatizer, no weights."""

from __future__ import annotations

import spacy
from spacy.language import Language


def make_base_nlp() -> Language:
    """Create a blank English pipeline with the lookup lemmatizer.

    The lemma tables come from the spacy-lookups-data package, so nothing is downloaded.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp
