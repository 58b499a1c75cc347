"""Near-duplicate detection: MinHash signatures with LSH banding.

Wire copies re-published by several outlets are near-identical. Each article body is cut into
word shingles; a MinHash signature of ``NUM_PERM`` values estimates the Jaccard similarity of
two shingle sets, and LSH banding (``BANDS`` bands of ``ROWS`` values) finds candidate pairs
without comparing every pair. A candidate is a duplicate when its estimated similarity reaches
``threshold``. Duplicates are kept and linked (``DuplicateLink``), never deleted.

Paragraph-level copies are found by exact hashes of normalised paragraphs (``paragraph_hash``).
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .model import DuplicateLink

NUM_PERM = 120
BANDS = 30
ROWS = NUM_PERM // BANDS  # 4 rows a band: pairs above ~0.5 similarity collide with high probability
SHINGLE = 4
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_SEEDS = np.random.default_rng(20231103).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64)
WORD = re.compile(r"\w+")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of each value (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def shingles(text: str, size: int = SHINGLE) -> np.ndarray:
    """Hashes of the word ``size``-grams of ``text`` (lower-cased), as uint64."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    return np.array(sorted({zlib.crc32(g.encode()) for g in grams}), dtype=np.uint64)


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text: ``NUM_PERM`` uint64 values."""
    sh = shingles(text)
    if sh.size == 0:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    hashed = _mix(sh[None, :] ^ _SEEDS[:, None])
    return hashed.min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def paragraph_hash(paragraph: str) -> str:
    """Hash of a paragraph with case, punctuation and spacing normalised away."""
    norm = " ".join(WORD.findall(paragraph.lower()))
    return f"{zlib.crc32(norm.encode()):08x}{len(norm):x}"


@dataclass
class DuplicateIndex:
    """An incremental LSH index: add articles one at a time, get their duplicate link if any."""

    threshold: float = 0.6

    def __post_init__(self) -> None:
        self._buckets: list[dict[bytes, list[str]]] = [defaultdict(list) for _ in range(BANDS)]
        self._signatures: dict[str, np.ndarray] = {}
        self._original: dict[str, str] = {}  # duplicate -> the article it copies

    def __len__(self) -> int:
        return len(self._signatures)

    def candidates(self, sig: np.ndarray) -> set[str]:
        found: set[str] = set()
        for band, buckets in enumerate(self._buckets):
            found.update(buckets.get(sig[band * ROWS : (band + 1) * ROWS].tobytes(), ()))
        return found

    def add(self, article_id: str, sig: np.ndarray, body_hash: str | None = None) -> DuplicateLink | None:
        """Index an article; return its link to the earliest article it nearly copies, if any."""
        best: tuple[float, str] | None = None
        for other in self.candidates(sig):
            sim = similarity(sig, self._signatures[other])
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, other)
        self._signatures[article_id] = sig
        for band, buckets in enumerate(self._buckets):
            buckets[sig[band * ROWS : (band + 1) * ROWS].tobytes()].append(article_id)
        if best is None:
            return None
        original = self._original.get(best[1], best[1])  # link to the first of a copy chain
        self._original[article_id] = original
        return DuplicateLink(article_id, original, round(best[0], 3), exact=best[0] >= 1.0)

    def original_of(self, article_id: str) -> str:
        return self._original.get(article_id, article_id)

    def restore(self, article_id: str, sig: np.ndarray, duplicate_of: str | None) -> None:
        """Re-add a stored article (and its stored link) without recomputing the link."""
        self._signatures[article_id] = sig
        for band, buckets in enumerate(self._buckets):
            buckets[sig[band * ROWS : (band + 1) * ROWS].tobytes()].append(article_id)
        if duplicate_of:
            self._original[article_id] = duplicate_of
