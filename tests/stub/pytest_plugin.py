"""pytest fixtures that serve the stub to a project's own tests.

`pip install 'unified-assessment[stub]'` registers this module with pytest (the `pytest11`
entry point), so a test only names a fixture:

- `assessment_stub`: the stub served by uvicorn on a free loopback port, started once per
  session in a thread of the test process; `base_url` and `token` to build a client with.
- `assessment_stub_app`: the same stub without a socket, for httpx's ASGI transport (async
  clients only): `transport()` gives one.

Both start every test with an empty store. Loading the plugin imports the stub's package
(about 0.1 s at pytest's start); uvicorn, and the stub itself, start only for a test that
takes a fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from .app import DEFAULT_TOKEN, Settings, create_app
from .store import InMemoryStore

if TYPE_CHECKING:
    import httpx
    from starlette.applications import Starlette


@dataclass(frozen=True)
class AssessmentStub:
    """A served stub: where it listens, and a token it accepts."""

    base_url: str
    token: str
    app: Starlette


@dataclass(frozen=True)
class InProcessStub:
    """The stub's app, with a token it accepts, reached through an ASGI transport."""

    app: Starlette
    token: str
    base_url: str = "http://assessment-stub"

    def transport(self) -> httpx.ASGITransport:
        import httpx

        return httpx.ASGITransport(app=self.app)


def _app() -> tuple[Starlette, str]:
    return create_app(Settings(), InMemoryStore()), DEFAULT_TOKEN


@pytest.fixture(scope="session")
def _assessment_stub_served() -> Iterator[AssessmentStub]:
    app, token = _app()
    from .server import served

    with served(app) as base_url:
        yield AssessmentStub(base_url, token, app)


@pytest.fixture
def assessment_stub(_assessment_stub_served: AssessmentStub) -> AssessmentStub:
    """The stub on a free loopback port (one per session), its store empty."""
    _assessment_stub_served.app.state.store.clear()
    return _assessment_stub_served


@pytest.fixture(scope="session")
def _assessment_stub_in_process() -> InProcessStub:
    app, token = _app()
    return InProcessStub(app, token)


@pytest.fixture
def assessment_stub_app(_assessment_stub_in_process: InProcessStub) -> InProcessStub:
    """The stub's app in this process (no socket), its store empty."""
    _assessment_stub_in_process.app.state.store.clear()
    return _assessment_stub_in_process
