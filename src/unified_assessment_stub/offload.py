"""Checking a big request body in a worker process, away from the event loop.

Parsing and validating a body cost time linear in its size, but some of that time is spent in
single C or Rust calls that hold the GIL (json's decoder on a megabyte of `[],`; jsonschema-rs
converting a document with half a million items): a thread would still stop the event loop for
hundreds of milliseconds. A process does not. Each worker builds a validator once per schema.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

import jsonschema_rs

from ._contract import validator
from .errors import ApiError, schema_problems
from .jsonio import NotJSON, loads

# Two: the stub's benchmarks run it on two cores, and a queue is better than more contention.
WORKERS = 2

Refusal = tuple[int, str, list[dict[str, str]], int, bool]

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def pool() -> ProcessPoolExecutor:
    """The workers, started on first use ("spawn": the stub's process has threads)."""
    global _pool
    with _lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=context,
                initializer=watch_parent,
                initargs=(os.getpid(),),
            )
        return _pool


def watch_parent(parent: int) -> None:
    """In a worker: end it once the stub is gone. The stub ends by its own SIGTERM, or by
    SIGKILL, with no chance to stop its workers, and a worker waiting for work never notices
    on its own."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def discard(broken: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died, so that the next big body starts a new one."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def checked(body_validator: jsonschema_rs.Draft202012Validator, message: str, raw: bytes) -> Any:
    """The body parsed and checked against its schema, in time linear in its length;
    ApiError 400 when it is no JSON the stub keeps, 422 (problems listed) when it breaks the
    schema."""
    try:
        body = loads(raw)
    except NotJSON as error:
        raise ApiError(400, str(error)) from None
    problems, more, exact = schema_problems(body_validator, body)
    if problems:
        raise ApiError(422, message, problems, unlisted=more, exact=exact)
    return body


@lru_cache(maxsize=32)
def cached_validator(document_text: str, schema_text: str) -> jsonschema_rs.Draft202012Validator:
    return validator(json.loads(document_text), json.loads(schema_text))


def check(
    document_text: str, schema_text: str, message: str, raw: bytes
) -> tuple[Any, Refusal | None]:
    """In a worker: (the body, None), or (None, the refusal's status, message, problems,
    unlisted count and whether it is exact); an ApiError itself does not pickle."""
    try:
        return checked(cached_validator(document_text, schema_text), message, raw), None
    except ApiError as error:
        return None, (error.status, error.message, error.errors, error.unlisted, error.exact)
