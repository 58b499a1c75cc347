"""Resource limits for a run. Every rejection caused by a limit names the limit and its value,
so a user knows which option to raise (`newstrace analyze --help` lists them)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 512 * 1024 * 1024  # a larger input file is rejected unread
    max_html_chars: int = 20_000_000  # a larger HTML page is rejected before parsing
    max_html_depth: int = 400  # deeper element nesting (an "HTML bomb") is rejected
    max_article_chars: int = 300_000  # a longer clean article is rejected before the NLP stages
    max_seconds_per_file: float = 600.0  # items read after this many seconds spent reading a file are rejected
    max_memory_mib: int = 8192  # the run stops cleanly (all it stored is kept) past this resident memory

    def breach(self, name: str, value: int | float) -> str:
        """The reason text for going over limit ``name``."""
        return f"{value} over the limit {name}={getattr(self, name)}"


DEFAULT_LIMITS = Limits()


def resident_mib() -> float:
    """This process's resident memory now, in MiB (Linux ``/proc``; the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
