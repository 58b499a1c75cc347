"""MinHash near-duplicate detection."""

from __future__ import annotations

from newstrace.dedup import DuplicateIndex, paragraph_hash, signature, similarity

A = (
    "The river authority in Osk said on Tuesday that chemical levels in the water had fallen "
    "below the safety limit, two days after a barge spilled solvent near the northern quay. "
    "Residents were told they could drink tap water again from Wednesday morning."
)


def test_copy_with_small_edits_is_a_near_duplicate():
    copy = A.replace("Tuesday", "Wednesday") + " (Reporting by A. Writer; editing by B. Editor)"
    assert similarity(signature(A), signature(copy)) >= 0.6
    idx = DuplicateIndex()
    assert idx.add("a", signature(A)) is None
    link = idx.add("b", signature(copy))
    assert link is not None and link.duplicate_of == "a" and not link.exact


def test_unrelated_text_is_not_linked_and_similarity_is_symmetric():
    other = "Parliament in Velmar voted to raise the fuel tax by two cents from next month, the speaker said."
    sa, sb = signature(A), signature(other)
    assert similarity(sa, sb) == similarity(sb, sa) < 0.2
    idx = DuplicateIndex()
    idx.add("a", sa)
    assert idx.add("b", sb) is None


def test_copy_chains_link_to_the_first_article():
    idx = DuplicateIndex()
    idx.add("a", signature(A))
    idx.add("b", signature(A + " Extra line one."))
    link = idx.add("c", signature(A + " Extra line two."))
    assert link.duplicate_of == "a"


def test_paragraph_hash_ignores_case_and_punctuation():
    assert paragraph_hash("Hello, World!") == paragraph_hash("hello world")
    assert paragraph_hash("hello world") != paragraph_hash("hello there world")
