"""The generated client against the stub's injected faults, over HTTP, as a provider's own tests
meet them: its retry policy (429, 503, dropped connections; retried as the method allows,
Retry-After honoured, the deadline held), an exception class per documented status, and the
list iterators over every page."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from unified_assessment_client import (
    ApiError,
    AuthenticatedClient,
    ClientError,
    NotFound,
    RateLimited,
    RetryPolicy,
    ServerError,
    ServiceUnavailable,
    Unauthorized,
)
from unified_assessment_client.api.assessment import (
    create_assessment_package,
    get_assessment_package,
    list_assessment_packages,
)
from unified_assessment_client.models import AssessmentPackage, AssessmentPackageType
from unified_assessment_client.status_errors import STATUS_ERRORS

from unified_assessment_stub.faults import allowed_statuses
from unified_assessment_stub.pytest_plugin import AssessmentStub

PACKAGE = AssessmentPackage(type_=AssessmentPackageType.SKILLS_TEST, name="Python test")
LIST = "listAssessmentPackages"
CREATE = "createAssessmentPackage"


class Waits(list[float]):
    """A RetryPolicy's sleep that records each wait instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.append(seconds)


def client_of(
    stub: AssessmentStub, waits: Waits | None = None, token: str | None = None, **policy: Any
) -> AuthenticatedClient:
    waits = waits if waits is not None else Waits()
    retry = RetryPolicy(sleep=waits, async_sleep=waits.asleep, **policy)
    return AuthenticatedClient(base_url=stub.base_url, token=token or stub.token, retry=retry)


def sent_times(stub: AssessmentStub, fault: dict[str, Any]) -> int:
    """How many calls a fault added with `fault["times"]` has answered so far."""
    waiting = [f for f in stub.faults() if f["id"] == fault["id"]]
    return int(fault["times"]) - (waiting[0]["times"] if waiting else 0)


def test_a_list_is_retried_through_429s_honouring_retry_after(
    assessment_stub: AssessmentStub,
) -> None:
    assessment_stub.fail_next(LIST, 429, times=2, retry_after=2)
    waits = Waits()
    with client_of(assessment_stub, waits) as client:
        assert list_assessment_packages.sync("conn_1", client=client) == []
    assert len(waits) == 2 and min(waits) >= 2
    assert assessment_stub.faults() == []


def test_async_retries_honour_retry_after(assessment_stub: AssessmentStub) -> None:
    assessment_stub.fail_next(LIST, 503, times=1, retry_after=3)
    waits = Waits()

    async def listing() -> list[AssessmentPackage]:
        async with client_of(assessment_stub, waits) as client:
            return await list_assessment_packages.asyncio("conn_1", client=client)

    assert asyncio.run(listing()) == []
    assert len(waits) == 1 and waits[0] >= 3


def test_retries_run_out_then_the_status_is_raised(assessment_stub: AssessmentStub) -> None:
    fault = assessment_stub.fail_next(LIST, 503, times=10)
    with (
        client_of(assessment_stub, max_attempts=3) as client,
        pytest.raises(ServiceUnavailable) as raised,
    ):
        list_assessment_packages.sync("conn_1", client=client)
    assert isinstance(raised.value, ServerError) and raised.value.status_code == 503
    assert sent_times(assessment_stub, fault) == 3


def test_a_create_is_sent_again_only_when_it_cannot_have_been_applied(
    assessment_stub: AssessmentStub,
) -> None:
    store = assessment_stub.app.state.store
    with client_of(assessment_stub) as client:
        # A 503 without Retry-After may have been applied: raised, not sent again.
        fault = assessment_stub.fail_next(CREATE, 503, times=2)
        with pytest.raises(ServiceUnavailable):
            create_assessment_package.sync("conn_1", client=client, body=PACKAGE)
        assert sent_times(assessment_stub, fault) == 1 and len(store) == 0
        assessment_stub.clear_faults()

        # A dropped connection too: the create may have reached the server.
        fault = assessment_stub.fail_next(CREATE, drop=True, times=2)
        with pytest.raises(httpx.RemoteProtocolError):
            create_assessment_package.sync("conn_1", client=client, body=PACKAGE)
        assert sent_times(assessment_stub, fault) == 1 and len(store) == 0
        assessment_stub.clear_faults()

        # 429, and 503 with Retry-After, say it was not applied: sent again, stored once.
        assessment_stub.fail_next(CREATE, 429, retry_after=0)
        assessment_stub.fail_next(CREATE, 503, retry_after=0)
        created = create_assessment_package.sync("conn_1", client=client, body=PACKAGE)
        assert assessment_stub.faults() == []
    assert len(store) == 1 and store.get(created.id) is not None


def test_a_get_is_sent_again_after_a_dropped_connection(assessment_stub: AssessmentStub) -> None:
    (seeded,) = assessment_stub.seed(CREATE, [{"type": "SKILLS_TEST"}], connection_id="conn_1")
    assessment_stub.fail_next("getAssessmentPackage", drop=True, times=2)
    with client_of(assessment_stub) as client:
        fetched = get_assessment_package.sync("conn_1", seeded["id"], client=client)
    assert fetched.id == seeded["id"] and assessment_stub.faults() == []


def test_a_retry_after_past_the_deadline_is_raised_at_once(
    assessment_stub: AssessmentStub,
) -> None:
    fault = assessment_stub.fail_next(LIST, 429, times=3, retry_after=60)
    waits = Waits()
    with (
        client_of(assessment_stub, waits, max_total=5) as client,
        pytest.raises(RateLimited) as raised,
    ):
        list_assessment_packages.sync("conn_1", client=client)
    assert raised.value.retry_after == 60 and isinstance(raised.value, ClientError)
    assert waits == [] and sent_times(assessment_stub, fault) == 1


@pytest.mark.parametrize("run", ["sync", "async"])
def test_a_slow_answer_is_cut_at_the_deadline(assessment_stub: AssessmentStub, run: str) -> None:
    assessment_stub.fail_next(LIST, delay_ms=5000, times=10)

    async def listing(client: AuthenticatedClient) -> list[AssessmentPackage]:
        async with client:
            return await list_assessment_packages.asyncio("conn_1", client=client)

    client = client_of(assessment_stub, max_total=0.5)
    with pytest.raises(httpx.TimeoutException, match="max_total"):
        if run == "sync":
            with client:
                list_assessment_packages.sync("conn_1", client=client)
        else:
            asyncio.run(listing(client))


def test_each_documented_status_raises_its_own_class(assessment_stub: AssessmentStub) -> None:
    operation = assessment_stub.app.state.contract.operations["getAssessmentPackage"]
    with client_of(assessment_stub, max_attempts=1) as client:
        for status in [*allowed_statuses(operation), 599]:
            assessment_stub.fail_next("getAssessmentPackage", status)
            with pytest.raises(ClientError if status < 500 else ServerError) as raised:
                get_assessment_package.sync("conn_1", "any", client=client)
            assert raised.value.status_code == status
            assert type(raised.value) is STATUS_ERRORS.get(status, type(raised.value))
            assert (status in STATUS_ERRORS) == (
                type(raised.value) not in (ClientError, ServerError)
            )
        with pytest.raises(NotFound):
            get_assessment_package.sync("conn_1", "no-such-id", client=client)
    with client_of(assessment_stub, token="not-a-token") as client, pytest.raises(Unauthorized):
        get_assessment_package.sync("conn_1", "no-such-id", client=client)


class Pages:
    """The (limit, offset) of each list request a client sends."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> None:
        self.asked.append((request.url.params["limit"], request.url.params["offset"]))

    async def hook(self, request: httpx.Request) -> None:
        self(request)


def seeded_ids(stub: AssessmentStub, count: int, **options: Any) -> list[str]:
    documents = [{"type": "SKILLS_TEST", "name": f"n{n}"} for n in range(count)]
    return [item["id"] for item in stub.seed(CREATE, documents, connection_id="conn_1", **options)]


@pytest.mark.parametrize("count", [0, 1, 100, 101, 1000])
def test_the_iterator_lists_every_item_once_in_order(
    assessment_stub: AssessmentStub, count: int
) -> None:
    ids = seeded_ids(assessment_stub, count)
    pages = Pages()
    client = AuthenticatedClient(
        base_url=assessment_stub.base_url,
        token=assessment_stub.token,
        httpx_args={"event_hooks": {"request": [pages]}},
    )
    with client:
        iterated = [p.id for p in list_assessment_packages.iterate_sync("conn_1", client=client)]

    assert iterated == ids
    # Pages of the contract's largest size (x-page-maximum: 100), until the first short one.
    assert pages.asked == [("100", str(offset)) for offset in range(0, count + 1, 100)]


@pytest.mark.parametrize("count", [0, 101])
def test_the_async_iterator_lists_every_item_once_in_order(
    assessment_stub: AssessmentStub, count: int
) -> None:
    ids = seeded_ids(assessment_stub, count)
    pages = Pages()

    async def iterated() -> list[object]:
        async with AuthenticatedClient(
            base_url=assessment_stub.base_url,
            token=assessment_stub.token,
            httpx_args={"event_hooks": {"request": [pages.hook]}},
        ) as client:
            return [
                p.id
                async for p in list_assessment_packages.iterate_asyncio("conn_1", client=client)
            ]

    assert asyncio.run(iterated()) == ids
    assert len(pages.asked) == count // 100 + 1


def test_the_iterator_takes_a_smaller_page_and_refuses_a_larger_one(
    assessment_stub: AssessmentStub,
) -> None:
    ids = seeded_ids(assessment_stub, 20)
    with client_of(assessment_stub) as client:
        assert [
            p.id
            for p in list_assessment_packages.iterate_sync("conn_1", client=client, page_size=7)
        ] == ids
        sizes: list[Any] = [0, 101, 2.5, True]
        for size in sizes:
            with pytest.raises(ValueError, match="page_size"):
                list_assessment_packages.iterate_sync("conn_1", client=client, page_size=size)


def test_the_iterator_is_retried_through_faults_and_held_to_the_deadline(
    assessment_stub: AssessmentStub,
) -> None:
    ids = seeded_ids(assessment_stub, 250)
    assessment_stub.fail_next(LIST, 429, times=2, retry_after=1)
    assessment_stub.fail_next(LIST, drop=True)
    with client_of(assessment_stub) as client:
        assert [p.id for p in list_assessment_packages.iterate_sync("conn_1", client=client)] == ids

    # Every page slow: the whole iteration, not each page, ends within max_total.
    assessment_stub.fail_next(LIST, delay_ms=300, times=1000)
    with (
        client_of(assessment_stub, max_total=1.0) as client,
        pytest.raises(httpx.TimeoutException, match="max_total"),
    ):
        for _ in list_assessment_packages.iterate_sync("conn_1", client=client, page_size=1):
            pass


def test_two_workspaces_are_isolated_through_the_client(assessment_stub: AssessmentStub) -> None:
    other = assessment_stub.tokens[1]
    mine = seeded_ids(assessment_stub, 3)
    theirs = seeded_ids(assessment_stub, 2, token=other)
    assessment_stub.fail_next(LIST, 503, times=10, token=other)

    with client_of(assessment_stub) as client:
        assert [
            p.id for p in list_assessment_packages.iterate_sync("conn_1", client=client)
        ] == mine
        with pytest.raises(NotFound):
            get_assessment_package.sync("conn_1", theirs[0], client=client)
    with client_of(assessment_stub, token=other, max_attempts=1) as client:
        with pytest.raises(ServiceUnavailable):
            list_assessment_packages.sync("conn_1", client=client)
        assessment_stub.clear_faults(token=other)
        assert [
            p.id for p in list_assessment_packages.iterate_sync("conn_1", client=client)
        ] == theirs


# The README's table of what is retried, row by row: the fault, and whether a GET and a POST
# are sent again after it.
RETRY_TABLE = [
    ({"status": 429}, True, True),
    ({"status": 503, "retry_after": 0}, True, True),
    ({"status": 503}, True, False),
    ({"status": 502}, True, False),
    ({"status": 504}, True, False),
    ({"drop": True}, True, False),
    ({"delay_ms": 2000}, True, False),  # past the client's read timeout
    ({"status": 500}, False, False),
    ({"status": 404}, False, False),
]


def call_once(stub: AssessmentStub, operation: str, run: str) -> None:
    """One list or create by a fresh client whose reads time out after 0.5 s, sync or async."""
    client = AuthenticatedClient(
        base_url=stub.base_url,
        token=stub.token,
        retry=RetryPolicy(sleep=Waits(), async_sleep=Waits().asleep),
        timeout=httpx.Timeout(0.5, connect=5.0),
    )
    if run == "sync":
        with client:
            if operation == LIST:
                list_assessment_packages.sync("conn_1", client=client)
            else:
                create_assessment_package.sync("conn_1", client=client, body=PACKAGE)
        return

    async def once() -> None:
        async with client:
            if operation == LIST:
                await list_assessment_packages.asyncio("conn_1", client=client)
            else:
                await create_assessment_package.asyncio("conn_1", client=client, body=PACKAGE)

    asyncio.run(once())


@pytest.mark.parametrize("run", ["sync", "async"])
@pytest.mark.parametrize(("fault", "get_retried", "post_retried"), RETRY_TABLE)
def test_each_row_of_the_retry_table(
    assessment_stub: AssessmentStub,
    run: str,
    fault: dict[str, Any],
    get_retried: bool,
    post_retried: bool,
) -> None:
    """One fault, once: a call sent again after it succeeds, one that is not raises."""
    for operation, retried in ((LIST, get_retried), (CREATE, post_retried)):
        assessment_stub.fail_next(operation, times=1, **fault)
        if retried:
            call_once(assessment_stub, operation, run)
        else:
            with pytest.raises((ApiError, httpx.TransportError)):
                call_once(assessment_stub, operation, run)
        assert assessment_stub.faults() == []
    if "delay_ms" in fault:  # the create the client gave up on lands now, not in a later test
        stored_eventually(assessment_stub, 1)


def stored_eventually(stub: AssessmentStub, count: int) -> None:
    """Wait (at most 10 s) until the stub's store holds `count` items, and check it holds no
    more: a create delayed by a fault is applied after its delay."""
    for _ in range(200):
        if len(stub.app.state.store) >= count:
            break
        time.sleep(0.05)
    assert len(stub.app.state.store) == count


def test_a_create_that_timed_out_may_have_been_applied_and_is_not_sent_again(
    assessment_stub: AssessmentStub,
) -> None:
    """A delay alone only delays: the create past the client's read timeout is stored by the
    stub all the same, once, because the client does not send a POST again after a timeout."""
    assessment_stub.fail_next(CREATE, delay_ms=1000, times=5)
    with pytest.raises(httpx.ReadTimeout):
        call_once(assessment_stub, CREATE, "sync")
    stored_eventually(assessment_stub, 1)
    assert assessment_stub.faults()[0]["times"] == 4  # sent once
