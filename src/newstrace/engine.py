"""Engines run the per-article phase (``pipeline.prepare_batch``) over batches, in order.

* ``LocalEngine`` (default): in this process.
* ``RayEngine``: as Ray tasks on a cluster (``address`` of an existing one, or a local one
  started for the run), with a bounded number of batches in flight so memory stays flat.

Both yield results in the order the batches came in, which is what makes a Ray run produce
the same store as a local run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from .errors import SetupError

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalEngine:
    name = "local"

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass


class RayEngine:
    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None, in_flight: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - ray is a pinned dependency
            raise SetupError("--engine ray needs the 'ray' package; run `make install`") from exc
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                kwargs["address"] = address
            else:
                kwargs["num_cpus"] = num_cpus
            ray.init(**kwargs)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.in_flight = in_flight or 2 * cpus

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        remote = self._ray.remote(fn)
        pending: deque = deque()
        for item in items:
            pending.append(remote.remote(item))
            if len(pending) >= self.in_flight:
                yield self._ray.get(pending.popleft())
        while pending:
            yield self._ray.get(pending.popleft())

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


def make_engine(name: str = "local", address: str | None = None, num_cpus: int | None = None) -> Engine:
    if name == "local":
        return LocalEngine()
    if name == "ray":
        return RayEngine(address=address, num_cpus=num_cpus)
    raise SetupError(f"unknown engine {name!r}: use local or ray")
