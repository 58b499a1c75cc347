"""Engines run the per-article phase (``pipeline.prepare_batch``) over batches, in order.

* ``LocalEngine`` (default): in this process.
* ``ProcessEngine``: in a pool of local worker processes (no Ray needed); the main process
  meanwhile does the corpus-wide phase, so on a 2-core laptop parsing and writing overlap.
* ``RayEngine``: as Ray tasks on a cluster (``address`` of an existing one, or a local one
  started for the run), with a bounded number of batches in flight so memory stays flat.

Both yield results in the order the batches came in, which is what makes a Ray run produce
the same store as a local run.

A local Ray cluster is started quietly and small: no dashboard, worker logs not streamed to
the driver, Ray's own log lines only from ``ERROR`` up, and an object store of
``DEFAULT_OBJECT_STORE_BYTES`` (batches of articles and their analyses are small; Ray's own
default of 30% of memory is needlessly large on a shared laptop and fails where ``/dev/shm``
is small). ``close`` shuts down only a cluster this engine started.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from .errors import SetupError

T = TypeVar("T")
R = TypeVar("R")

#: Object store of a locally started Ray cluster (bytes); ``NEWSTRACE_RAY_OBJECT_STORE`` overrides.
DEFAULT_OBJECT_STORE_BYTES = 200 * 1024 * 1024


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class _Closing:
    """``with engine: ...`` closes the engine on the way out."""

    def close(self) -> None:
        pass

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _in_order(
    items: Iterable[T],
    submit: Callable[[T], Any],
    result: Callable[[Any], R],
    cancel: Callable[[Any], None],
    in_flight: int,
) -> Iterator[R]:
    """Submit items, at most ``in_flight`` pending at a time, and yield results in input order;
    whatever is still pending when the caller stops (or a task fails) is cancelled."""
    pending: deque = deque()
    try:
        for item in items:
            pending.append(submit(item))
            if len(pending) >= in_flight:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    finally:
        for handle in pending:
            cancel(handle)


class LocalEngine(_Closing):
    name = "local"

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)


def _warm_up() -> None:
    """Load the spaCy model in a fresh worker process before its first batch arrives."""
    from .nlp import get_nlp

    get_nlp()


class ProcessEngine(_Closing):
    """Runs ``fn`` over items in ``workers`` local processes, at most ``in_flight`` at a time, in order.

    Workers are started with ``spawn`` (a clean interpreter: no inherited DuckDB connection or
    threads) and each loads the spaCy model once.
    """

    name = "process"

    def __init__(self, workers: int | None = None, in_flight: int | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers or max(1, os.cpu_count() or 1)
        self.in_flight = in_flight or 2 * self.workers
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up
        )

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return _in_order(items, lambda item: self._pool.submit(fn, item), lambda fut: fut.result(),
                         lambda fut: fut.cancel(), self.in_flight)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class RayEngine(_Closing):
    """Runs ``fn`` over items as Ray tasks, at most ``in_flight`` at a time, results in order.

    ``address``: an existing cluster ("auto", "ray://host:10001" or "host:6379"); without it a
    local cluster of ``num_cpus`` CPUs (default: all) is started and shut down by ``close``.
    If Ray is already initialised in this process, that cluster is used and left running.
    """

    name = "ray"

    def __init__(
        self,
        address: str | None = None,
        num_cpus: int | None = None,
        in_flight: int | None = None,
        object_store_memory: int | None = None,
    ) -> None:
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - ray is a pinned dependency
            raise SetupError("--engine ray needs the 'ray' package; run `make install`") from exc
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            kwargs: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": logging.ERROR,
            }
            if address:
                kwargs["address"] = address
            else:
                kwargs["num_cpus"] = num_cpus
                kwargs["object_store_memory"] = object_store_memory or int(
                    os.environ.get("NEWSTRACE_RAY_OBJECT_STORE", DEFAULT_OBJECT_STORE_BYTES)
                )
            try:
                ray.init(**kwargs)
            except Exception as exc:  # ConnectionError, RuntimeError, ValueError...: one readable line
                raise SetupError(
                    f"cannot start or reach a Ray cluster ({'address ' + address if address else 'local'}): "
                    f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                ) from exc
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.in_flight = in_flight or 2 * cpus
        self._remotes: dict[Callable, Any] = {}

    def _remote(self, fn: Callable) -> Any:
        remote = self._remotes.get(fn)
        if remote is None:
            remote = self._remotes[fn] = self._ray.remote(fn)
        return remote

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        # a failed or abandoned run does not leave tasks running on the cluster
        return _in_order(items, self._remote(fn).remote, self._ray.get, self._cancel, self.in_flight)

    def _cancel(self, ref: Any) -> None:
        try:
            self._ray.cancel(ref)
        except Exception:  # pragma: no cover - best effort
            pass

    def close(self) -> None:
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False


def make_engine(name: str = "local", address: str | None = None, num_cpus: int | None = None) -> Engine:
    if name == "local":
        return LocalEngine()
    if name == "process":
        return ProcessEngine(workers=num_cpus)
    if name == "ray":
        return RayEngine(address=address, num_cpus=num_cpus)
    raise SetupError(f"unknown engine {name!r}: use local, process or ray")
