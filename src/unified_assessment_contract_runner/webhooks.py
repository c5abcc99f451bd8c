"""`unified-assessment-contract-webhooks` (and `make contract-webhooks`): a contract test of a
provider's own webhook receiver.

Usage: unified-assessment-contract-webhooks --hook-url URL [--secret-file FILE] \
    [--examples N] [--seed S] [--reports DIR] [--timeout SECONDS]

It POSTs the receiver deliveries drawn from the contract's `webhooks` section (every kind,
edge values, unknown properties, big numbers, unicode), each signed right with the secret from
--secret-file or the environment variable UNIFIED_WEBHOOK_SECRET (never an argument): the
receiver must answer each with a 2xx, and a valid delivery sent twice (the vendor retries)
both times. Then forged ones: unsigned, signed with another secret, `data` or `nonce` changed
after signing, a `sig` of the wrong length or of another delivery: a receiver that answers any
of them with a 2xx fails the run, the case named with a curl that reproduces it. Writes
DIR/webhooks-junit.xml and DIR/webhooks.html, the secret redacted from both. Exits 1 when a
case failed or no delivery reached the receiver, 2 on a usage error, 130 when interrupted (the
reports then say what ran).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import shlex
import signal
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from unified_assessment_client.webhooks import sign

from unified_assessment_stub import _contract as contract

from .redact import redact
from .run import UsageError, check_base_url, reachable

PROGRAM = "unified-assessment-contract-webhooks"
PREFIX = "contract-webhooks: "
EXAMPLES = 20
# What the report keeps of an answer, and the most it reads of one.
ANSWER_BYTES = 4096
CURL_WIDTH = 240
# The most a secret file may hold: a secret is short, /dev/zero is not.
MAX_SECRET_CHARS = 4096
# Shorter secrets are redacted too, but then so is every occurrence of those few characters.
SHORT_SECRET = 8


def say(line: str) -> None:
    print(PREFIX + line, flush=True)


@dataclass
class Case:
    """One delivery sent: what it is, whether a 2xx is the right answer, and what came back."""

    name: str
    kind: str
    body: bytes
    valid: bool
    status: int | None = None
    answer: str = ""
    failure: str | None = None
    seconds: float = 0.0

    @property
    def reached(self) -> bool:
        return self.status is not None


@dataclass
class Run:
    hook_url: str
    cases: list[Case] = field(default_factory=list)

    @property
    def failures(self) -> list[Case]:
        return [case for case in self.cases if case.failure]


def read_secret(secret_file: Path | None) -> str:
    if secret_file is not None:
        try:
            with secret_file.open(encoding="utf-8") as file:
                text = file.read(MAX_SECRET_CHARS + 1)
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                f"--secret-file {str(secret_file)!r} cannot be read ({error})"
            ) from None
        if len(text) > MAX_SECRET_CHARS:
            raise UsageError(f"--secret-file {str(secret_file)!r} is longer than a secret")
        secret = text.strip()
    else:
        secret = os.environ.get("UNIFIED_WEBHOOK_SECRET", "")
    if not secret:
        raise UsageError(
            "no webhook secret: set UNIFIED_WEBHOOK_SECRET or give --secret-file (never an "
            "argument: it would show in ps)"
        )
    return secret


# Deliveries drawn from the contract -----------------------------------------------------------


def strategy(document: Any, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Documents schemathesis draws for `schema`, through a copy of the contract with one
    operation that takes it (read-only properties included: a delivery carries them)."""
    copied = copy.deepcopy(document)
    for component in copied["components"]["schemas"].values():
        for prop in component.get("properties", {}).values():
            prop.pop("readOnly", None)
    copied["paths"] = {
        "/delivery": {
            "post": {
                "operationId": "delivery",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": schema}},
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    copied.pop("webhooks", None)
    operation = schemathesis.openapi.from_dict(copied)["/delivery"]["POST"]
    cases = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    return cases.map(lambda case: case.body)


def drawn(document: Any, kind: contract.DeliveryKind, count: int, at_seed: int) -> list[Any]:
    """`count` deliveries of `kind`, drawn reproducibly (a few items a page)."""
    if count < 1:
        return []
    resolved = contract.deref(document, kind.schema)
    data = {**resolved["properties"]["data"], "maxItems": 3}
    schema = {**resolved, "properties": {**resolved["properties"], "data": data}}
    found: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @seed(at_seed)
    @given(strategy(document, schema))
    def collect(body: Any) -> None:
        if isinstance(body, dict) and isinstance(body.get("webhook"), dict):
            found.append(body)

    collect()
    return found[:count]


def edges(document: Any, kind: contract.DeliveryKind) -> list[Any]:
    """Deliveries at the edges: an item with unicode text, an unknown property at two depths
    and a number no float holds, and an empty page."""
    data = contract.deref(document, kind.schema)["properties"]["data"]
    item_schema = contract.deref(document, data["items"])
    item: dict[str, Any] = {"id": "item-1", "x-unknown": {"nested": ["ü", "日本", "🙂"]}}
    big = False
    for name, prop in item_schema.get("properties", {}).items():
        resolved = contract.deref(document, prop)
        if resolved.get("type") == "number" and not big:
            item[name], big = 10**400 + 1, True  # exact: 401 digits
        elif resolved.get("type") == "string" and not {"format", "enum"} & resolved.keys():
            item.setdefault(name, "Zoë \u200b 日本 \U0001f642")
    for name in set(item_schema.get("required", ())) - item.keys():
        item[name] = example_value(document, item_schema["properties"][name])
    return [{"data": [item], "x-unknown": True}, {"data": []}]


def example_value(document: Any, prop: dict[str, Any]) -> Any:
    resolved = contract.deref(document, prop)
    if "enum" in resolved:
        return resolved["enum"][0]
    return {"number": 1, "integer": 1, "boolean": True, "array": [], "object": {}}.get(
        str(resolved.get("type")), "x"
    )


def body_of(
    delivery: dict[str, Any], kind: contract.DeliveryKind, nonce: str, secret: str
) -> bytes:
    """The delivery as the vendor sends it: JSON.stringify's form, `sig` over the `data`
    member's bytes and the nonce (README, "Webhooks")."""
    webhook = {
        **delivery.get("webhook", {}),
        "connection_id": delivery.get("webhook", {}).get("connection_id") or "conn_1",
        "object_type": kind.object_type,
        "event": kind.event,
    }
    data = compact(delivery["data"])
    members = {**delivery, "webhook": webhook, "nonce": nonce, "type": "NATIVE"}
    members.pop("data", None)
    members.pop("sig", None)
    rest = compact(members)[1:-1]
    sig = sign(data, nonce, secret)
    return (
        b'{"data":' + data + b"," + rest + (b"," if rest else b"") + b'"sig":' + compact(sig) + b"}"
    )


def compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# Forged deliveries: each a change a receiver must refuse -------------------------------------


def replaced_member(body: bytes, name: str, value: Any) -> bytes:
    document = json.loads(body)
    document[name] = value
    return compact(document)


def resigned(body: bytes, secret: str) -> str:
    document = json.loads(body)
    return sign(compact(document["data"]), document["nonce"], secret)


FORGERIES: dict[str, Callable[[bytes, str, bytes], bytes]] = {
    "unsigned (no sig)": lambda body, secret, other: compact(
        {k: v for k, v in json.loads(body).items() if k != "sig"}
    ),
    "signed with another secret": lambda body, secret, other: replaced_member(
        body,
        "sig",
        sign(compact(json.loads(body)["data"]), json.loads(body)["nonce"], secret + "x"),
    ),
    "data changed after signing": lambda body, secret, other: replaced_member(
        body, "data", [*json.loads(body)["data"], {"id": "forged"}]
    ),
    "nonce changed after signing": lambda body, secret, other: replaced_member(
        body, "nonce", json.loads(body)["nonce"] + "x"
    ),
    "sig of the wrong length": lambda body, secret, other: replaced_member(
        body, "sig", json.loads(body)["sig"][:-4]
    ),
    "sig of another delivery": lambda body, secret, other: replaced_member(
        body, "sig", json.loads(other)["sig"]
    ),
}


def cases(document: Any, secret: str, examples: int, at_seed: int) -> list[Case]:
    """The valid deliveries of every kind, one sent again, then the forgeries of the first."""
    valid: list[Case] = []
    for index, kind in enumerate(contract.deliveries(document)):
        deliveries = [*edges(document, kind), *drawn(document, kind, examples, at_seed + index)]
        for number, delivery in enumerate(deliveries):
            body = body_of(delivery, kind, f"nonce-{at_seed}-{index}-{number}", secret)
            label = "edge" if number < 2 else "drawn"
            valid.append(Case(f"{kind.name} {label} #{number + 1}", kind.name, body, valid=True))
    if len(valid) < 2:
        return valid
    first, other = valid[0], valid[1]
    retry = Case("a valid delivery sent again (a retry)", first.kind, first.body, valid=True)
    forged = [
        Case(f"forged: {name}", first.kind, forge(first.body, secret, other.body), valid=False)
        for name, forge in FORGERIES.items()
    ]
    return [*valid, retry, *forged]


# Sending, judging, reporting -----------------------------------------------------------------


def send(client: httpx.Client, url: str, case: Case, timeout: float) -> None:
    """POST the case; its status, and at most ANSWER_BYTES of the answer read within `timeout`
    (a receiver that trickles its answer costs no more)."""
    started = time.monotonic()
    headers = {"Content-Type": "application/json", "User-Agent": PROGRAM}
    try:
        with client.stream("POST", url, content=case.body, headers=headers) as response:
            case.status = response.status_code
            read = b""
            for chunk in response.iter_bytes():
                read += chunk
                if len(read) >= ANSWER_BYTES or time.monotonic() - started > timeout:
                    break
            case.answer = read[:ANSWER_BYTES].decode("utf-8", "replace")
    except httpx.HTTPError as error:
        case.answer = f"no answer: {type(error).__name__}"
    case.seconds = time.monotonic() - started
    ok = case.status is not None and 200 <= case.status < 300
    if case.valid and not ok:
        got = case.status if case.status is not None else case.answer
        case.failure = f"a valid delivery was not acknowledged with a 2xx (got {got})"
    elif not case.valid and ok:
        case.failure = f"a forged delivery was acknowledged with {case.status}: verify before use"
    elif not case.valid and case.status is None:
        # No answer is no refusal: a receiver that is down would pass every forgery.
        case.failure = f"a forged delivery got no answer ({case.answer}): not refused, not tested"


def curl(url: str, case: Case) -> str:
    return (
        f"curl -X POST -H 'Content-Type: application/json' "
        f"--data-binary {shlex.quote(case.body.decode('utf-8', 'replace'))} {shlex.quote(url)}"
    )


def redacted(text: str, secret: str) -> str:
    """The runner's own redaction (redact.py): the secret and any 8-character piece of it, in
    every form a receiver may echo it."""
    return redact(text, secret)


def write_junit(path: Path, run: Run, secret: str) -> None:
    suite = ElementTree.Element(
        "testsuite",
        name=PROGRAM,
        tests=str(len(run.cases)),
        failures=str(len(run.failures)),
        errors="0",
        time=f"{sum(case.seconds for case in run.cases):.3f}",
    )
    for case in run.cases:
        node = ElementTree.SubElement(
            suite, "testcase", classname=case.kind, name=case.name, time=f"{case.seconds:.3f}"
        )
        if case.failure:
            failure = ElementTree.SubElement(
                node, "failure", message=redacted(case.failure, secret)
            )
            failure.text = redacted(f"{curl(run.hook_url, case)}\n\n{case.answer}", secret)
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def write_html(path: Path, run: Run, verdict: str, secret: str) -> None:
    def shown(text: str) -> str:  # redacted before it is escaped: markup is never matched
        return html.escape(redacted(text, secret))

    rows = []
    for case in run.cases:
        outcome = "FAILED" if case.failure else "passed"
        rows.append(
            f"<tr class={outcome.lower()}><td>{shown(case.name)}</td>"
            f"<td>{'2xx' if case.valid else 'not 2xx'}</td>"
            f"<td>{case.status if case.status is not None else shown(case.answer)}</td>"
            f"<td>{outcome}</td></tr>"
        )
    failures = [
        f"<h3>{shown(case.name)}</h3><p>{shown(case.failure or '')}</p>"
        f"<pre>{html.escape(redacted(curl(run.hook_url, case), secret)[:20000])}</pre>"
        f"<pre>{shown(case.answer)}</pre>"
        for case in run.failures
    ]
    text = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{PROGRAM}</title>
<style>body{{font-family:sans-serif}} .failed td{{background:#fdd}} td{{padding:2px 8px}}</style>
</head><body><h1>{shown(verdict)}</h1>
<table><tr><th>case</th><th>expected</th><th>answered</th><th>outcome</th></tr>
{"".join(rows)}</table>
<h2>Failures</h2>{"".join(failures) or "<p>None.</p>"}
</body></html>
"""
    path.write_text(text, encoding="utf-8")


def stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROGRAM, description=__doc__.splitlines()[0])
    parser.add_argument("--hook-url", required=True, help="the receiver's URL")
    parser.add_argument("--secret-file", type=Path, help="the workspace's secret, in this file")
    parser.add_argument("--examples", type=int, default=EXAMPLES, help="drawn per delivery kind")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per delivery")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        url = check_base_url(args.hook_url)
        if args.examples < 0:
            raise UsageError(f"--examples must be 0 or more, not {args.examples}")
        if not 0 < args.timeout <= 300:
            raise UsageError(f"--timeout must be within (0, 300] seconds, not {args.timeout}")
        secret = read_secret(args.secret_file)
        reachable(url, "the receiver")
    except UsageError as error:
        say(str(error).replace("BASE_URL", "HOOK_URL"))
        return 2
    if len(secret) < SHORT_SECRET:
        say(
            f"the secret is {len(secret)} characters long: every occurrence of them in the "
            "reports is redacted, which may make the reports hard to read"
        )
    document = contract.load(contract.DOCUMENT)
    kinds = list(contract.deliveries(document))
    say(
        f"testing the receiver at {url}: {len(kinds)} kinds of delivery, {args.examples} drawn each"
    )
    run = Run(url)
    last = time.monotonic()
    interrupted = False
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        with httpx.Client(timeout=args.timeout, follow_redirects=False) as client:
            for case in cases(document, secret, args.examples, args.seed):
                send(client, url, case, args.timeout)
                run.cases.append(case)
                if case.failure:
                    say(f"FAILED {case.name}: {redacted(case.failure, secret)}")
                if time.monotonic() - last >= 10:
                    say(f"  … {len(run.cases)} deliveries sent, {len(run.failures)} failed so far")
                    last = time.monotonic()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the reports say what ran
        interrupted = True
    reached = sum(case.reached for case in run.cases)
    status = 130 if interrupted else 1 if run.failures or not reached else 0
    outcome = "interrupted" if interrupted else "passed" if status == 0 else "FAILED"
    verdict = f"webhook contract run against {url}: {outcome}"
    args.reports.mkdir(parents=True, exist_ok=True)
    junit, page = args.reports / "webhooks-junit.xml", args.reports / "webhooks.html"
    write_junit(junit, run, secret)
    write_html(page, run, verdict, secret)
    print(verdict)
    if not reached:
        print(f"no delivery reached the receiver at {url}: is it up, at that HOOK_URL?")
    forged = [case for case in run.cases if not case.valid]
    print(
        f"{len(run.cases) - len(forged)} valid deliveries, {len(forged)} forged; "
        f"{len(run.failures)} failed"
    )
    for case in run.failures[:20]:
        print(redacted(f"  {case.name}: {case.failure}", secret))
        print("    " + redacted(curl(url, case), secret)[:CURL_WIDTH])  # redacted, then cut
    print(f"reports: {page}, {junit}")
    return status


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
