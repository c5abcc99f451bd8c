"""pytest fixtures that serve the stub to a project's own tests.

Installing the wheel with its `[stub]` extra registers this module with pytest (the `pytest11`
entry point), so a test only names a fixture:

- `assessment_stub`: the stub served by uvicorn on a free loopback port, started once per
  session in a thread of the test process; `base_url` and `token` to build a client with.
- `assessment_stub_app`: the same stub without a socket, for httpx's ASGI transport (async
  clients only): `transport()` gives one.
- `assessment_webhooks`: a webhook receiver (receiver.py) on a free loopback port, for the
  `assessment_stub`: `subscribe(connection_id, object_type, event)` registers it, each delivery
  is verified with the client's `parse_delivery`, `wait_for(object_type, event, timeout=5)`
  gives the next one.
- `assessment_stub_tokens`: the bearer tokens both accept, one workspace each; `token` is the
  first. Override it (session scope) in a conftest.py to test several workspaces at once.

Both start every test with an empty store (and no pending delivery). Loading the plugin
imports the stub's package (about 0.1 s at pytest's start); uvicorn, and the stub itself,
start only for a test that takes a fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from .app import DEFAULT_TOKEN, Settings, create_app
from .store import InMemoryStore

if TYPE_CHECKING:
    from .receiver import WebhookReceiver

if TYPE_CHECKING:
    import httpx
    from starlette.applications import Starlette


@dataclass(frozen=True)
class AssessmentStub:
    """A served stub: where it listens, and a token it accepts."""

    base_url: str
    token: str
    app: Starlette
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class InProcessStub:
    """The stub's app, with a token it accepts, reached through an ASGI transport."""

    app: Starlette
    token: str
    tokens: tuple[str, ...]
    base_url: str = "http://assessment-stub"

    def transport(self) -> httpx.ASGITransport:
        import httpx

        return httpx.ASGITransport(app=self.app)


@pytest.fixture(scope="session")
def assessment_stub_tokens() -> tuple[str, ...]:
    """The tokens the stub accepts, one workspace each (the first is `token`)."""
    return (DEFAULT_TOKEN,)


def _app(tokens: tuple[str, ...]) -> Starlette:
    if not tokens:
        raise pytest.UsageError("assessment_stub_tokens: give the stub at least one token")
    return create_app(Settings(tokens=tuple(tokens)), InMemoryStore())


@pytest.fixture(scope="session")
def _assessment_stub_served(assessment_stub_tokens: tuple[str, ...]) -> Iterator[AssessmentStub]:
    app = _app(assessment_stub_tokens)
    from .server import served

    with served(app) as base_url:
        yield AssessmentStub(base_url, assessment_stub_tokens[0], app, assessment_stub_tokens)


@pytest.fixture
def assessment_stub(_assessment_stub_served: AssessmentStub) -> AssessmentStub:
    """The stub on a free loopback port (one per session), its store empty."""
    _assessment_stub_served.app.state.store.clear()
    _assessment_stub_served.app.state.deliveries.clear()
    return _assessment_stub_served


@pytest.fixture(scope="session")
def _assessment_stub_in_process(assessment_stub_tokens: tuple[str, ...]) -> InProcessStub:
    app = _app(assessment_stub_tokens)
    return InProcessStub(app, assessment_stub_tokens[0], assessment_stub_tokens)


@pytest.fixture
def assessment_stub_app(_assessment_stub_in_process: InProcessStub) -> InProcessStub:
    """The stub's app in this process (no socket), its store empty."""
    _assessment_stub_in_process.app.state.store.clear()
    return _assessment_stub_in_process


@pytest.fixture
def assessment_webhooks(assessment_stub: AssessmentStub) -> Iterator[WebhookReceiver]:
    """A receiver of the stub's deliveries, verified with the stub's secret; closed after."""
    from .receiver import WebhookReceiver

    secret = assessment_stub.app.state.settings.webhook_secret
    with WebhookReceiver(assessment_stub.base_url, assessment_stub.token, secret) as receiver:
        yield receiver
