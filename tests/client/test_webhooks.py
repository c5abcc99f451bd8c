"""`webhooks.parse_delivery`: a delivery signed as the README assumes parses exactly, into the
model the contract's `webhooks` section names; one it cannot verify is refused before anything
of it is parsed, and no message holds the secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import subprocess
from typing import Any

import contract
import pytest
from conftest import SEED
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from unified_assessment_client import InvalidDocument, UnifiedAssessmentError
from unified_assessment_client.errors import InvalidSignature
from unified_assessment_client.webhooks import _Unverifiable as ScanError
from unified_assessment_client.webhooks import members, parse_delivery

from .test_contract_client import CONTRACT, component, same_instants, schema_strategy

KINDS = list(contract.deliveries(CONTRACT))
SECRET = "whsec-7f1c2d9e"
TEXT = st.text(max_size=20)


def delivery_schema(kind: contract.DeliveryKind) -> dict[str, Any]:
    # A few items a page: as telling, far quicker to draw.
    resolved = contract.deref(CONTRACT, kind.schema)
    data = {**resolved["properties"]["data"], "maxItems": 3}
    return {**resolved, "properties": {**resolved["properties"], "data": data}}


def stringified(document: dict[str, Any]) -> bytes:
    """The body as JSON.stringify writes it: no spaces, non-ASCII as itself."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signed_by_the_vendor(document: dict[str, Any], secret: str = SECRET) -> bytes:
    """The delivery signed as the README says, by code that is not the client's: HMAC-SHA1 over
    the data member's text as it stands in the body, then the nonce, base64."""
    data = stringified(document["data"])
    digest = hmac.new(secret.encode(), data + document["nonce"].encode(), hashlib.sha1).digest()
    return stringified({**document, "sig": base64.b64encode(digest).decode()})


def deliveries(kind: contract.DeliveryKind) -> st.SearchStrategy[dict[str, Any]]:
    return schema_strategy(delivery_schema(kind), GenerationMode.POSITIVE).filter(
        lambda document: isinstance(document.get("webhook"), dict)
    )


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@seed(SEED)
@given(data=st.data())
def test_any_delivery_signed_as_assumed_parses_exactly(
    kind: contract.DeliveryKind, data: st.DataObject
) -> None:
    document = data.draw(deliveries(kind))
    document["webhook"]["object_type"] = kind.object_type
    body = signed_by_the_vendor(document)
    parsed = parse_delivery(body, secret=SECRET)
    assert type(parsed).__name__ == kind.schema["$ref"].rsplit("/", 1)[1]
    schema = component(kind.schema["$ref"].rsplit("/", 1)[1])
    sent = json.loads(body)
    assert same_instants(parsed.to_dict(), schema) == same_instants(sent, schema)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@seed(SEED)
@given(data=st.data())
def test_a_byte_changed_anywhere_never_passes_other_data_or_nonce(data: st.DataObject) -> None:
    """The signature covers `data` and `nonce`: after any one-byte change, either the delivery
    is refused, or what it gives is exactly what was signed (the change was elsewhere)."""
    kind = data.draw(st.sampled_from(KINDS))
    document = data.draw(deliveries(kind))
    body = signed_by_the_vendor(document)
    where = data.draw(st.integers(0, len(body) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda value: value != body[where]))
    changed = body[:where] + bytes([byte]) + body[where + 1 :]
    try:
        parsed = parse_delivery(changed, secret=SECRET)
    except UnifiedAssessmentError as refused:
        assert isinstance(refused, InvalidSignature | InvalidDocument)
        return
    signed = parse_delivery(body, secret=SECRET).to_dict()
    got = parsed.to_dict()
    assert (got["data"], got["nonce"]) == (signed["data"], signed["nonce"])


def order_delivery(**members: Any) -> dict[str, Any]:
    return {
        "data": [{"id": "ord_1", "package_id": "pkg_1", "response_score": 10**30}],
        "webhook": {"connection_id": "c1", "event": "created", "object_type": "assessment_order"},
        "nonce": "n-1",
        "type": "NATIVE",
        **members,
    }


FORGED = {
    "no sig": lambda body: json.dumps({k: v for k, v in json.loads(body).items() if k != "sig"}),
    "sig of another secret": lambda body: signed_by_the_vendor(json.loads(body), "not-it"),
    "sig cut short": lambda body: body.replace(b'"sig":"', b'"sig":"A', 1)[:-3] + b'"}',
    "sig as a number": lambda body: body.replace(b'"sig":"', b'"sig":1,"x":"', 1),
    "data changed after signing": lambda body: body.replace(b"ord_1", b"ord_2"),
    "nonce changed after signing": lambda body: body.replace(b'"n-1"', b'"n-2"'),
    "a second data member": lambda body: body[:-1] + b',"data":[]}',
    "not an object": lambda body: b"[" + body + b"]",
    "trailing bytes": lambda body: body + b"{}",
    "not UTF-8": lambda body: body.replace(b"ord_1", b"ord_\xff"),
    "empty": lambda body: b"",
}


@pytest.mark.parametrize("forge", FORGED.values(), ids=list(FORGED))
def test_a_forged_delivery_is_refused_before_it_is_parsed(forge: Any) -> None:
    body = signed_by_the_vendor(order_delivery())
    forged = forge(body)
    with pytest.raises(InvalidSignature) as refused:
        parse_delivery(forged if isinstance(forged, bytes) else forged.encode(), secret=SECRET)
    assert SECRET not in str(refused.value) and "Traceback" not in str(refused.value)


def test_the_hex_form_of_the_digest_is_accepted_too() -> None:
    document = order_delivery()
    data = stringified(document["data"])
    digest = hmac.new(SECRET.encode(), data + b"n-1", hashlib.sha1).hexdigest()
    parsed = parse_delivery(stringified({**document, "sig": digest}), secret=SECRET)
    assert parsed.data[0].response_score == 10**30  # numbers exact


def test_whitespace_between_members_is_insignificant_but_inside_data_is_signed() -> None:
    document = order_delivery()
    data = json.dumps(document["data"], indent=2)  # the sender's own formatting of data
    digest = hmac.new(SECRET.encode(), data.encode() + b"n-1", hashlib.sha1).digest()
    sig = base64.b64encode(digest).decode()
    body = f'\n{{ "nonce" : "n-1",\t"data" :\n{data} , "sig": "{sig}", "type":"NATIVE",'
    body += ' "webhook": {"connection_id": "c1", "event": "created", "object_type": "x"} }\n'
    parsed = parse_delivery(body.encode(), secret=SECRET)
    assert type(parsed).__name__ == "WebhookDelivery"  # an object type no entry names
    with pytest.raises(InvalidSignature):
        parse_delivery(body.replace(data, json.dumps(document["data"])).encode(), secret=SECRET)


def test_a_verified_body_that_breaks_the_contract_is_invalid_document_without_the_secret() -> None:
    document = order_delivery(data=[{"id": SECRET, "response_score": "high"}])
    with pytest.raises(InvalidDocument) as broken:
        parse_delivery(signed_by_the_vendor(document), secret=SECRET)
    assert "response_score" in str(broken.value)
    assert SECRET not in str(broken.value) and SECRET not in repr(broken.value.args)


def test_deep_nesting_is_verified_in_linear_time_and_refused_without_recursion() -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    body = b'{"data":' + deep + b',"nonce":"n","sig":"' + b"A" * 27 + b'="}'
    with pytest.raises(InvalidSignature, match="does not match"):
        parse_delivery(body, secret=SECRET)


@given(secret=st.text(min_size=1, max_size=40), nonce=TEXT)
@settings(max_examples=50)
def test_any_secret_and_nonce_sign_and_verify(secret: str, nonce: str) -> None:
    document = order_delivery(nonce=nonce)
    assert parse_delivery(signed_by_the_vendor(document, secret), secret=secret).nonce == nonce


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js for a JavaScript sender")
def test_a_delivery_signed_by_javascript_is_accepted() -> None:
    """The vendor's own stack: JSON.stringify of the whole body, the HMAC over
    JSON.stringify(data) + nonce (Node's crypto), base64."""
    script = """
const crypto = require("crypto");
const data = [{id: "ord_1", package_id: "pkg_1", profile_name: "Zoë 日本", response_score: 87.5}];
const nonce = "a1b2c3";
const sig = crypto.createHmac("sha1", process.argv[1])
  .update(JSON.stringify(data) + nonce).digest("base64");
const webhook = {connection_id: "c1", event: "created", object_type: "assessment_order"};
process.stdout.write(JSON.stringify({data, webhook, nonce, sig, type: "NATIVE"}));
"""
    body = subprocess.run(
        ["node", "-e", script, SECRET], capture_output=True, check=True, timeout=30
    ).stdout
    parsed = parse_delivery(body, secret=SECRET)
    assert parsed.data[0].profile_name == "Zoë 日本"
    assert parsed.data[0].response_score == 87.5


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
SPACE = st.text(" \t\n\r", max_size=3)


@settings(max_examples=300)
@given(
    value=JSON_VALUES,
    spaces=st.lists(SPACE, min_size=8, max_size=8),
    indent=st.none() | st.integers(0, 3),
)
def test_the_scanner_finds_each_member_as_json_reads_it(
    value: Any, spaces: list[str], indent: int | None
) -> None:
    """The members the signature is checked on are the values a JSON parser reads, however the
    sender spaced them."""
    text = json.dumps(value, indent=indent, ensure_ascii=indent is None)
    a, b, c, d, e, f, g, h = spaces
    body = f'{a}{{{b}"data"{c}:{d}{text}{e},"nonce":{f}"n"{g}}}{h}'.encode()
    found = members(body)
    assert json.loads(found["data"]) == value
    assert found["data"] == text.encode()
    assert json.loads(found["nonce"]) == "n"


@settings(max_examples=300)
@given(
    junk=st.binary(max_size=60)
    | st.text('{}[]",:0123456789.eE+-truefalsn \\u\t', max_size=40).map(str.encode)
)
def test_the_scanner_refuses_what_json_refuses(junk: bytes) -> None:
    body = b'{"data":' + junk + b',"nonce":"n"}'
    try:
        json.loads(body)
        valid = True
    except ValueError:
        valid = False
    try:
        members(body)
        scanned = True
    except ScanError:
        scanned = False
    if scanned:
        assert valid, body


@given(secret=st.text(max_size=20), nonce=st.text(max_size=10))
@settings(max_examples=200)
def test_any_secret_or_nonce_verifies_or_is_refused_without_being_shown(
    secret: str, nonce: str
) -> None:
    document = order_delivery(nonce=nonce)
    data = stringified(document["data"])
    body = stringified({**document, "sig": "A" * 27 + "="})
    try:
        key, tail = secret.encode(), nonce.encode()
    except UnicodeEncodeError:
        key = tail = b""
    if key and tail is not None:
        digest = hmac.new(key, data + tail, hashlib.sha1).digest()
        body = stringified({**document, "sig": base64.b64encode(digest).decode()})
    try:
        parsed = parse_delivery(body, secret=secret)
    except (ValueError, UnifiedAssessmentError) as refused:
        shown = f"{refused} {refused.args!r}"
        assert not secret or secret not in shown or secret in "secret must be text UTF-8 form"
        return
    assert parsed.nonce == nonce
