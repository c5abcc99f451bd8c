"""Webhook deliveries: which change of which item goes to which webhook, signed, queued and
sent on the vendor's retry schedule, away from the API's requests.

What is watched comes from the contract's `webhooks` section (contract.deliveries): each entry's
`x-object-type` and `x-event`, and its delivery schema, whose `data` items are the item schema
of the resource it is about and whose `webhook` member is the webhook resource's item schema.
The actions of the conventions raise the vendor's events (ACTION_EVENTS); nothing here names a
resource or an object type.

The body of one event is built and signed once, when the change is answered, and kept with its
nonce in the queue (delivery_queue.py; in STUB_DB with SQLite): every retry, and every delivery
after a restart, sends the same bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import ipaddress
import logging
import secrets
import ssl
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import h11
from unified_assessment_client.webhooks import sign

from . import jsonio
from ._contract import Contract, NotAResource, ResourceOperation, deref, resource_operation
from ._contract import deliveries as contract_deliveries
from .delivery_queue import MemoryQueue, Pending, PendingQueue, QueueFull
from .errors import ApiError
from .store import ItemStore, StoreFull, StoreUnavailable

if TYPE_CHECKING:
    from .app import Settings
    from .resource import Call

# The vendor's events, as the conventions' actions raise them.
ACTION_EVENTS = {"create": "created", "replace": "updated", "patch": "updated", "remove": "deleted"}
# The create operation's query parameter that asks for the existing items too (the vendor's).
INCLUDE_ALL = "include_all"
# The vendor's schedule: 20 retries, the n-th after the (n+1)-th Fibonacci number of minutes.
RETRIES = 20
# Bounds: attempts kept in a webhook's `runs`, deliveries in flight, bytes of an answer read,
# items per page of an initial (include_all) or triggered delivery.
MAX_RUNS = 20
CONCURRENCY = 4
MAX_ANSWER_BYTES = 64 * 1024
MAX_HEAD_BYTES = 16 * 1024
BUSY_TURN_SECONDS = 0.0005
PAUSE_SECONDS = 0.02
REPORT_SECONDS = 1.0
PAGE_ITEMS = 100

log = logging.getLogger("stub.webhooks")


def fibonacci(n: int) -> int:
    """The n-th Fibonacci number, F(1) = F(2) = 1."""
    previous, current = 0, 1
    for _ in range(n - 1):
        previous, current = current, previous + current
    return current


def retry_delay_minutes(retry: int) -> int:
    """Minutes before the `retry`-th retry (1, 2, 3, 5, ...: 21 for the 7th, 233 for the 12th)."""
    return fibonacci(retry + 1)


def now_text() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def allowed_host(url: str, hosts: Iterable[str]) -> bool:
    """Whether `url` is an http(s) URL to one of `hosts` (names or addresses, compared as
    addresses when both are: 127.0.0.1 is ::ffff:127.0.0.1)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    return any(same_host(host, allowed) for allowed in hosts)


def same_host(host: str, allowed: str) -> bool:
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(allowed.strip("[]"))
    except ValueError:
        return host.lower() == allowed.lower()


def delivery_body(data: list[bytes], webhook: bytes, nonce: str, secret: str, kind: str) -> bytes:
    """A delivery's exact bytes, `sig` computed over the `data` bytes written into it."""
    data_bytes = b"[" + b",".join(data) + b"]"
    sig = sign(data_bytes, nonce, secret)
    return b"".join(
        (
            b'{"data":',
            data_bytes,
            b',"webhook":',
            webhook,
            b',"nonce":',
            jsonio.dumps(nonce),
            b',"sig":',
            jsonio.dumps(sig),
            b',"type":',
            jsonio.dumps(kind),
            b"}",
        )
    )


class Watch:
    """What the contract says is watched: collection -> event -> object type, and the
    webhook resource's collection."""

    def __init__(self, contract: Contract) -> None:
        document = contract.document
        creates: dict[str, tuple[dict[str, Any], ResourceOperation]] = {}
        for operation in contract.operations.values():
            try:
                spec = resource_operation(document, operation)
            except NotAResource:
                continue
            if spec.action == "create" and operation.success_schema is not None:
                creates[spec.collection] = (deref(document, operation.success_schema), spec)
        self.events: dict[str, dict[str, str]] = {}
        self.collections: dict[str, ResourceOperation] = {}  # object type -> its create
        self.webhooks: str | None = None
        for kind in contract_deliveries(document):
            properties = deref(document, kind.schema).get("properties", {})
            item = deref(document, properties.get("data", {}).get("items", {}))
            hook = deref(document, properties.get("webhook", {}))
            for collection, (schema, spec) in creates.items():
                if schema == item:
                    self.events.setdefault(collection, {})[kind.event] = kind.object_type
                    self.collections[kind.object_type] = spec
                if schema == hook and not spec.owner_parameters:
                    self.webhooks = collection


class Deliveries:
    """The stub's webhook deliveries: `check` refuses a webhook the stub may not deliver to,
    `after` queues the deliveries of an answered change, a thread sends them."""

    def __init__(
        self,
        contract: Contract,
        store: ItemStore,
        settings: Settings,
        queue: PendingQueue | None = None,
    ) -> None:
        self.watch = Watch(contract)
        self.store = store
        self.settings = settings
        self.queue: PendingQueue = (
            queue if queue is not None else MemoryQueue(settings.webhook_queue)
        )
        self.refused = 0  # events refused for a full queue, also written in the webhook's runs
        self.delivered = 0
        self.failed = 0
        self._sender: Sender | None = None
        self._unreported: dict[tuple[str, str], int] = {}  # refused events not yet in runs
        self._reported: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    # Called by the resource's actions, on the API's event loop ------------------------------

    def check(self, spec: ResourceOperation, item: dict[str, Any]) -> None:
        """ApiError 422 when a webhook's hook_url is not one the stub may deliver to."""
        url = item.get("hook_url")
        if spec.collection != self.watch.webhooks or url is None:
            return
        hosts = self.settings.webhook_hosts
        if self.settings.webhook_elsewhere == "keep":
            return  # kept, and never sent to (enqueue)
        if not isinstance(url, str) or not allowed_host(url, hosts):
            raise ApiError(
                422,
                f"hook_url must be an http(s) URL to one of the hosts STUB_WEBHOOK_HOSTS allows "
                f"({', '.join(hosts)}): the stub delivers nowhere else.",
                [{"pointer": "/hook_url", "message": "not a host STUB_WEBHOOK_HOSTS allows"}],
            )

    def after(self, spec: ResourceOperation, call: Call, document: bytes) -> None:
        """Queue the deliveries of a change that is about to be answered 2xx."""
        if spec.collection == self.watch.webhooks:
            if spec.action == "trigger":
                self.initial(call.workspace_id, document, ("VIRTUAL", "VIRTUAL"))
            elif spec.action == "create" and call.parameters.get(INCLUDE_ALL) is True:
                self.initial(call.workspace_id, document, ("INITIAL-PARTIAL", "INITIAL-COMPLETE"))
            return
        event = ACTION_EVENTS.get(spec.action)
        object_type = self.watch.events.get(spec.collection, {}).get(event or "")
        if object_type is None:
            return
        owners = {name: call.parameters[name] for name in spec.owner_parameters}
        for webhook, raw in self.webhooks_of(call.workspace_id):
            if (
                webhook.get("object_type") == object_type
                and webhook.get("event") == event
                and not webhook.get("is_paused")
                and isinstance(webhook.get("hook_url"), str)
                and all(webhook.get(name) == value for name, value in owners.items())
            ):
                self.enqueue(call.workspace_id, webhook, raw, [document], "NATIVE")

    def webhooks_of(self, workspace: str) -> list[tuple[dict[str, Any], bytes]]:
        if self.watch.webhooks is None:
            return []
        documents = self.store.page((self.watch.webhooks, workspace), 0, None)
        return [(jsonio.loads(raw), raw) for raw in documents]

    def initial(self, workspace: str, raw: bytes, kinds: tuple[str, str]) -> None:
        """The webhook's matching items, in pages: each but the last of kinds[0], the last of
        kinds[1]."""
        webhook = jsonio.loads(raw)
        spec = self.watch.collections.get(webhook.get("object_type"))
        if spec is None or not isinstance(webhook.get("hook_url"), str) or webhook.get("is_paused"):
            return
        if any(not isinstance(webhook.get(name), str) for name in spec.owner_parameters):
            return
        owners = tuple(str(webhook[name]) for name in spec.owner_parameters)
        items = self.store.page((spec.collection, workspace, *owners), 0, None)
        size = webhook.get("page_max_limit")
        size = (
            int(size) if isinstance(size, int | float) and 1 <= size <= PAGE_ITEMS else PAGE_ITEMS
        )
        pages = [items[at : at + size] for at in range(0, len(items), size)] or [[]]
        for number, page in enumerate(pages, 1):
            kind = kinds[1] if number == len(pages) else kinds[0]
            self.enqueue(workspace, webhook, raw, page, kind)

    def enqueue(
        self, workspace: str, webhook: dict[str, Any], raw: bytes, data: list[bytes], kind: str
    ) -> None:
        if not allowed_host(str(webhook["hook_url"]), self.settings.webhook_hosts):
            return  # kept under STUB_WEBHOOK_ELSEWHERE=keep: the stub forwards nothing there
        nonce = secrets.token_hex(16)
        body = delivery_body(data, raw, nonce, self.settings.webhook_secret, kind)
        pending = Pending(
            id=nonce,
            workspace=workspace,
            webhook_id=str(webhook.get("id")),
            hook_url=str(webhook["hook_url"]),
            body=body,
            attempts=0,
            due=time.time(),
        )
        try:
            self.queue.add(pending)
        except QueueFull:
            self.refuse(pending)
            return
        except StoreFull as full:
            raise ApiError(507, str(full)) from None
        except StoreUnavailable as unavailable:
            raise ApiError(503, str(unavailable)) from None
        sender = self.sender()
        if sender is not None:
            sender.submit(pending)

    def refuse(self, pending: Pending) -> None:
        """Count an event the full queue refused; written into its webhook's runs (and logged)
        at most once a REPORT_SECONDS, with the others refused meanwhile: under a flood,
        writing each would cost the API more than the events themselves."""
        self.refused += 1
        key = (pending.workspace, pending.webhook_id)
        self._unreported[key] = self._unreported.get(key, 0) + 1
        now = time.monotonic()
        if now - self._reported.get(key, -REPORT_SECONDS) >= REPORT_SECONDS:
            self._reported[key] = now
            self.record(pending, None, None)

    def sender(self) -> Sender | None:
        """The sender on the running event loop, started with every pending delivery (those a
        stopped or killed stub left, after a restart); None outside an event loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        with self._lock:
            if self._sender is None or self._sender.loop is not loop or self._sender.task.done():
                self._sender = Sender(self, loop)
                for pending in self.queue.all():
                    self._sender.submit(pending)
            return self._sender

    def clear(self) -> None:
        """Forget every pending delivery (the pytest plugin, between tests)."""
        self.queue.clear()
        self.refused = self.delivered = self.failed = 0
        self._unreported.clear()
        self._reported.clear()

    # Called by the sender's thread -----------------------------------------------------------

    def record(self, pending: Pending, outcome: str | None, healthy: bool | None) -> None:
        """Write an attempt (and the events refused since the last report) into its webhook's
        runs, newest last, bounded, and checked_at."""
        if self.watch.webhooks is None:
            return
        at = now_text()
        entries = [] if outcome is None else [f"{at} {outcome}"]
        refused = self._unreported.pop((pending.workspace, pending.webhook_id), 0)
        if refused:
            why = f"the delivery queue is full (STUB_WEBHOOK_QUEUE: {self.settings.webhook_queue})"
            log.warning("webhook %s: %d event(s) refused: %s", pending.webhook_id, refused, why)
            entries.insert(0, f"{at} refused: {refused} event(s), {why}")
        namespace = (self.watch.webhooks, pending.workspace)
        try:
            raw = self.store.read(namespace, pending.webhook_id)
            if raw is None:
                return
            webhook = jsonio.loads(raw)
            runs = webhook.get("runs")
            runs = [*(runs if isinstance(runs, list) else []), *entries][-MAX_RUNS:]
            webhook["runs"] = runs
            if outcome is not None:
                webhook["checked_at"] = at
            if healthy is not None:
                webhook["is_healthy"] = healthy
            self.store.replace(namespace, pending.webhook_id, jsonio.dumps(webhook))
        except (StoreFull, StoreUnavailable) as fault:
            log.warning("webhook %s: its runs cannot be written: %s", pending.webhook_id, fault)

    def attempted(self, pending: Pending, outcome: str, ok: bool) -> float | None:
        """Record an attempt; when the delivery is retried, the time of the next attempt."""
        pending.attempts += 1
        if ok:
            self.delivered += 1
            log.info(
                "webhook %s: delivered to %s (%s)", pending.webhook_id, pending.hook_url, outcome
            )
            self.record(pending, outcome, True)
            self.queue.done(pending.id)
            return None
        self.failed += 1
        retries = pending.attempts - 1
        if retries >= RETRIES:
            log.warning(
                "webhook %s: delivery to %s failed (%s), its last retry; now unhealthy",
                pending.webhook_id,
                pending.hook_url,
                outcome,
            )
            self.record(pending, f"failed: {outcome}; no retry left", False)
            self.queue.done(pending.id)
            return None
        delay = retry_delay_minutes(retries + 1) * self.settings.webhook_minute_seconds
        log.warning(
            "webhook %s: delivery to %s failed (%s); retry %d of %d in %gs",
            pending.webhook_id,
            pending.hook_url,
            outcome,
            retries + 1,
            RETRIES,
            delay,
        )
        self.record(pending, f"failed: {outcome}", None)
        pending.due = time.time() + delay
        self.queue.update(pending)
        return pending.due


class Sender:
    """A task on the API's event loop that sends the due deliveries, at most CONCURRENCY at
    once, each costing at most the timeout and MAX_ANSWER_BYTES of its answer. On the API's
    own loop rather than a thread of its own: two busy threads take turns at the GIL in 5 ms
    slices, which cut the API's create rate to a tenth."""

    def __init__(self, deliveries: Deliveries, loop: asyncio.AbstractEventLoop) -> None:
        self.deliveries = deliveries
        self.settings = deliveries.settings
        self.loop = loop
        self._due: list[tuple[float, int, str]] = []
        self._count = 0
        self._sending: set[str] = set()
        self.idle = Idle()
        self._wake = asyncio.Event()
        self.task = loop.create_task(self._main(), name="stub-webhooks")

    def submit(self, pending: Pending) -> None:
        self.loop.call_soon_threadsafe(self._schedule, pending.due, pending.id)

    def _schedule(self, due: float, pending_id: str) -> None:
        self._count += 1
        heapq.heappush(self._due, (due, self._count, pending_id))
        self._wake.set()

    async def _main(self) -> None:
        slots = asyncio.Semaphore(CONCURRENCY)
        tasks: set[asyncio.Task[None]] = set()
        while True:
            now = time.time()
            while self._due and self._due[0][0] <= now:
                due, _, pending_id = heapq.heappop(self._due)
                pending = self.deliveries.queue.get(pending_id)
                # Gone (delivered, given up, cleared), or an entry its retry replaced.
                if pending is None or pending.due != due or pending_id in self._sending:
                    continue
                self._sending.add(pending_id)
                await slots.acquire()
                await self.when_quiet()
                task = asyncio.create_task(self._deliver(pending, slots))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            self._wake.clear()
            wait = self._due[0][0] - time.time() if self._due else 3600.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(wait, 0))

    async def when_quiet(self) -> None:
        """Return at once when the loop is idle; while requests keep it busy (one turn of it
        takes over BUSY_TURN_SECONDS), after a pause: deliveries then start at most about
        1/PAUSE_SECONDS a second and wait in the queue, and the API keeps its rate. A delivery
        costs the stub about what a create does: unpaced, they halved the create rate."""
        started = self.loop.time()
        await asyncio.sleep(0)
        if self.loop.time() - started > BUSY_TURN_SECONDS:
            await asyncio.sleep(PAUSE_SECONDS)

    async def _deliver(self, pending: Pending, slots: asyncio.Semaphore) -> None:
        try:
            outcome, ok = await self._post(pending)
        finally:
            slots.release()
        try:
            due = self.deliveries.attempted(pending, outcome, ok)
        except Exception as error:  # the store's fault must not end the sender
            log.warning("webhook %s: %s", pending.webhook_id, error)
            return
        finally:
            self._sending.discard(pending.id)
        if due is not None:
            self._schedule(due, pending.id)

    async def _post(self, pending: Pending) -> tuple[str, bool]:
        """The answer's status, or why there is none; whether it acknowledges the delivery."""
        if not allowed_host(pending.hook_url, self.settings.webhook_hosts):
            return "the hook_url's host is not one STUB_WEBHOOK_HOSTS allows", False
        timeout = self.settings.webhook_timeout
        try:
            async with asyncio.timeout(timeout):
                status = await post(pending.hook_url, pending.body, self.idle)
        except TimeoutError:
            return f"no answer within {timeout:g}s", False
        except (OSError, h11.ProtocolError, ValueError) as error:
            return f"{type(error).__name__}: {str(error)[:120] or 'no answer'}", False
        return str(status), 200 <= status < 300


class Idle:
    """Connections kept alive after a whole answer, at most CONCURRENCY per origin: a new
    connection costs the stub and the receiver more than the delivery itself."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str, int], list[Link]] = {}

    def take(self, origin: tuple[str, str, int]) -> Link | None:
        links = self.kept.get(origin, [])
        while links:
            link = links.pop()
            if not link.reader.at_eof() and not link.writer.is_closing():
                return link
            link.writer.close()
        return None

    def give(self, origin: tuple[str, str, int], link: Link) -> None:
        links = self.kept.setdefault(origin, [])
        if len(links) < CONCURRENCY:
            link.connection.start_next_cycle()
            links.append(link)
        else:
            link.writer.close()


@dataclass
class Link:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    connection: h11.Connection


async def post(url: str, body: bytes, idle: Idle) -> int:
    """POST `body` to `url`; the answer's status, once its body has ended or MAX_ANSWER_BYTES
    of it were read. h11 over asyncio streams rather than httpx: httpx costs the stub 2 ms of
    CPU per request (httpcore looks for an async library by a failing import each time), h11
    a tenth of that. A kept connection that the receiver closed meanwhile is replaced once."""
    parts = urllib.parse.urlsplit(url)
    secure = parts.scheme == "https"
    origin = (parts.scheme, parts.hostname or "", parts.port or (443 if secure else 80))
    link = idle.take(origin)
    if link is not None:
        with contextlib.suppress(OSError, h11.ProtocolError):
            status = await exchange(parts, body, link, idle, origin)
            if status:
                return status
        # Closed while kept, with no answer: a new connection, once.
    context = ssl.create_default_context() if secure else None
    reader, writer = await asyncio.open_connection(origin[1], origin[2], ssl=context)
    connection = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_BYTES)
    return await exchange(parts, body, Link(reader, writer, connection), idle, origin)


async def exchange(
    parts: urllib.parse.SplitResult,
    body: bytes,
    link: Link,
    idle: Idle,
    origin: tuple[str, str, int],
) -> int:
    kept = False
    try:
        connection = link.connection
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        # Only what a delivery needs: never the caller's bearer token.
        headers = [
            ("host", parts.netloc.rpartition("@")[2]),
            ("content-type", "application/json"),
            ("content-length", str(len(body))),
            ("user-agent", "unified-assessment-stub"),
        ]
        request = connection.send(h11.Request(method="POST", target=target, headers=headers))
        link.writer.write(request + connection.send(h11.Data(data=body)))
        link.writer.write(connection.send(h11.EndOfMessage()))
        await link.writer.drain()
        status, read = 0, 0
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                connection.receive_data(await link.reader.read(64 * 1024))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                read += len(event.data)
                if read > MAX_ANSWER_BYTES:
                    return status  # the status is what counts; the rest is not read
            elif isinstance(event, h11.EndOfMessage):
                if connection.our_state is h11.DONE and connection.their_state is h11.DONE:
                    idle.give(origin, link)
                    kept = True
                return status
            elif isinstance(event, h11.ConnectionClosed):
                return status
    finally:
        if not kept:
            link.writer.close()
