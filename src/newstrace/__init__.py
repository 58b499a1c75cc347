"""newstrace: what is being claimed, by whom, on whose authority, and how each outlet's account differs.

The Python API is the ``NewsTrace`` object (see ``newstrace.core``); the data model every stage
shares is in ``newstrace.model``.
"""

from .core import NewsTrace, StoryView
from .model import Article, Certainty, Claim, Entity, Mention, RunSummary, Span, Story, TimeExpression

__all__ = [
    "NewsTrace", "StoryView", "Article", "Certainty", "Claim", "Entity", "Mention", "RunSummary",
    "Span", "Story", "TimeExpression",
]
__version__ = "0.1.0"
