"""pytest fixtures that serve the stub to a project's own tests: a provider's test kit.

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

Both are kits (`StubKit`): `fail_next()` makes the next calls of an operation fail as the
vendor does on a bad day, `seed()` puts items in a workspace first; each method takes `token=`
to pick the workspace (the first token's by default). Both start every test with an empty
store, no faults and no pending delivery. Loading the plugin imports the stub's package (about
0.1 s at pytest's start); uvicorn, and the stub itself, start only for a test that takes a
fixture.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .app import DEFAULT_TOKEN, Settings, create_app, workspace_of
from .errors import ApiError
from .seeding import SeedRefused, seed
from .store import InMemoryStore

if TYPE_CHECKING:
    from .receiver import WebhookReceiver

if TYPE_CHECKING:
    import httpx
    from starlette.applications import Starlette


@dataclass(frozen=True)
class StubKit:
    """What a test does to the stub besides calling it: faults and seeds, per workspace."""

    app: Starlette
    token: str
    tokens: tuple[str, ...]

    def workspace_id(self, token: str | None = None) -> str:
        """The workspace id of `token` (the first token's by default), as items carry it."""
        chosen = self.token if token is None else token
        if chosen not in self.tokens:
            pytest.fail("assessment_stub: that token is not one of assessment_stub_tokens")
        return workspace_of(chosen.encode("utf-8", "surrogateescape"))

    def fail_next(
        self,
        operation: str,
        status: int | None = None,
        *,
        times: int = 1,
        retry_after: int | None = None,
        delay_ms: int | None = None,
        drop: bool = False,
        token: str | None = None,
    ) -> dict[str, Any]:
        """Make the next `times` calls of `operation` (an operationId) in the workspace answer
        `status` with an Error body (and `Retry-After: retry_after`), after `delay_ms`, or drop
        their connection: POST /__stub/faults, as a call. The fault as listed; the test fails
        with the reason when the contract does not allow it."""
        asked: dict[str, Any] = {"operation": operation, "times": times}
        for name, value in (("status", status), ("retry_after", retry_after)):
            if value is not None:
                asked[name] = value
        if delay_ms:
            asked["delay_ms"] = delay_ms
        if drop:
            asked["drop"] = True
        workspace = self.workspace_id(token)
        try:
            request = self.app.state.fault_requests.of(asked)
            fault = self.app.state.faults.add(workspace, request)
        except ApiError as refusal:
            problems = "; ".join(f"{p['pointer']}: {p['message']}" for p in refusal.errors)
            pytest.fail(f"fail_next: {refusal.message} {problems}".strip(), pytrace=False)
        shown: dict[str, Any] = fault.shown()
        return shown

    def faults(self, token: str | None = None) -> list[dict[str, Any]]:
        """The faults waiting in the workspace, as GET /__stub/faults lists them."""
        return [fault.shown() for fault in self.app.state.faults.listed(self.workspace_id(token))]

    def clear_faults(self, token: str | None = None) -> None:
        self.app.state.faults.clear(self.workspace_id(token))

    def seed(
        self,
        operation: str,
        documents: str | Path | Iterable[Any],
        *,
        token: str | None = None,
        **path_parameters: str,
    ) -> list[dict[str, Any]]:
        """Create each document (a list, or a .json or .yaml file holding one) with the create
        `operation` in the workspace, under `path_parameters` (connection_id=...): the items
        as stored, ids and timestamps set. Each is checked against the contract first: one
        that breaks it fails the test, naming the item and the pointer, and nothing is stored."""
        try:
            return seed(self.app, operation, documents, self.workspace_id(token), path_parameters)
        except SeedRefused as refusal:
            pytest.fail(f"seed: {refusal}", pytrace=False)

    def reset(self) -> None:
        self.app.state.store.clear()
        self.app.state.faults.clear()
        self.app.state.deliveries.clear()


@dataclass(frozen=True)
class AssessmentStub(StubKit):
    """A served stub: where it listens, a token it accepts, and the kit."""

    base_url: str = ""


@dataclass(frozen=True)
class InProcessStub(StubKit):
    """The stub's app, with a token it accepts, reached through an ASGI transport."""

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
    tokens = tuple(assessment_stub_tokens)
    app = _app(tokens)
    from .server import served

    with served(app) as base_url:
        yield AssessmentStub(app, tokens[0], tokens, base_url)


@pytest.fixture
def assessment_stub(_assessment_stub_served: AssessmentStub) -> AssessmentStub:
    """The stub on a free loopback port (one per session), its store empty, no faults, no
    pending delivery."""
    _assessment_stub_served.reset()
    return _assessment_stub_served


@pytest.fixture(scope="session")
def _assessment_stub_in_process(assessment_stub_tokens: tuple[str, ...]) -> InProcessStub:
    tokens = tuple(assessment_stub_tokens)
    return InProcessStub(_app(tokens), tokens[0], tokens)


@pytest.fixture
def assessment_stub_app(_assessment_stub_in_process: InProcessStub) -> InProcessStub:
    """The stub's app in this process (no socket), its store empty, no faults."""
    _assessment_stub_in_process.reset()
    return _assessment_stub_in_process


@pytest.fixture
def assessment_webhooks(assessment_stub: AssessmentStub) -> Iterator[WebhookReceiver]:
    """A receiver of the stub's deliveries, verified with the stub's secret; closed after."""
    from .receiver import WebhookReceiver

    secret = assessment_stub.app.state.settings.webhook_secret
    with WebhookReceiver(assessment_stub.base_url, assessment_stub.token, secret) as receiver:
        yield receiver
