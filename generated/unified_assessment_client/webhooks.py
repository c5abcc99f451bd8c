"""Webhook deliveries, verified before they are parsed.

The vendor POSTs each delivery to the webhook's `hook_url` as a JSON object
`{data, webhook, nonce, sig, type}`, `sig` being HMAC-SHA1 of the workspace's secret over `data`
and `nonce`. The vendor does not publish which bytes of `data` are signed, nor the digest's
encoding; this module decides it, once (the README says so, as the assumption it is):

- the signed text is the `data` member's value exactly as it appears in the received body
  (what `JSON.stringify(data)` gives when the sender stringifies the whole body), followed by
  the `nonce` string's value, as UTF-8; nothing is re-serialised to verify;
- `sig` is the digest in standard, padded base64; its lowercase hex form is accepted too.

`parse_delivery` finds those members with a scanner that reads no value into Python objects,
compares the MAC in constant time, and only then parses the body (numbers exact, unknown
properties kept, open enums) into the delivery model that the contract's `webhooks` section
gives for the webhook's `object_type`. The same whatever the contract says: scripts/generate.py
copies this file into the package, beside the generated `_deliveries.py`.
"""

import base64
import hashlib
import hmac
import re
from typing import Any

from . import errors
from ._deliveries import DELIVERIES, GENERIC, Delivery
from ._endpoint import json_text
from .errors import InvalidDocument, InvalidSignature

SIGNED_MEMBERS = ("data", "nonce")
DIGEST_BYTES = hashlib.sha1().digest_size

_SPACE = re.compile(rb"[ \t\n\r]*")
# A JSON string (RFC 8259, 7), its escapes checked; a number; a literal.
_STRING = re.compile(rb'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_ATOM = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
_HEX = re.compile(f"[0-9a-f]{{{2 * DIGEST_BYTES}}}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{27}=")


class _Unverifiable(Exception):
    """Why the body's signature cannot even be checked."""


def _space(body: bytes, at: int) -> int:
    found = _SPACE.match(body, at)
    return found.end() if found else at


def _string(body: bytes, at: int) -> int:
    found = _STRING.match(body, at)
    if found is None:
        raise _Unverifiable(f"no JSON string at byte {at}")
    return found.end()


def _key(body: bytes, at: int) -> int:
    """Past a member's name and its colon."""
    at = _space(body, _string(body, at))
    if body[at : at + 1] != b":":
        raise _Unverifiable(f"no ':' at byte {at}")
    return _space(body, at + 1)


def _value_end(body: bytes, at: int) -> int:
    """The end of the JSON value starting at `at`: scanned with a stack, not a recursion, so
    that any nesting costs linear time and no value is built."""
    closers: list[bytes] = []
    while True:
        at = _space(body, at)
        opener = body[at : at + 1]
        if opener in (b"{", b"["):
            closer = b"}" if opener == b"{" else b"]"
            at = _space(body, at + 1)
            if body[at : at + 1] == closer:
                at += 1  # empty: a whole value
            else:
                closers.append(closer)
                if closer == b"}":
                    at = _key(body, at)
                continue  # the first value inside
        elif opener == b'"':
            at = _string(body, at)
        else:
            atom = _ATOM.match(body, at)
            if atom is None:
                raise _Unverifiable(f"no JSON value at byte {at}")
            at = atom.end()
        # A value ends here: close what it ends, or go on to the next value after a comma.
        while closers:
            at = _space(body, at)
            following = body[at : at + 1]
            if following == closers[-1]:
                closers.pop()
                at += 1
            elif following == b",":
                at = _space(body, at + 1)
                if closers[-1] == b"}":
                    at = _key(body, at)
                break
            else:
                raise _Unverifiable(f"no ',' or closing bracket at byte {at}")
        else:
            return at


def members(body: bytes) -> dict[str, bytes]:
    """The top-level members of a JSON object body, each as the bytes of its value in the body.
    _Unverifiable when the body is not one JSON object, or names a member twice (which of the
    two a parser keeps is the parser's choice: a signature must not depend on it)."""
    if not isinstance(body, bytes):
        raise _Unverifiable("the body must be the request's raw bytes")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unverifiable("the body is not UTF-8") from None
    found: dict[str, bytes] = {}
    at = _space(body, 0)
    if body[at : at + 1] != b"{":
        raise _Unverifiable("the body is not a JSON object")
    at = _space(body, at + 1)
    if body[at : at + 1] == b"}":
        at += 1
    else:
        while True:
            name = json_text(body[at : _string(body, at)])
            start = _key(body, at)
            at = _value_end(body, start)
            if not isinstance(name, str) or name in found:
                raise _Unverifiable(f"the body holds the member {name!r:.40} twice")
            found[name] = body[start:at]
            at = _space(body, at)
            if body[at : at + 1] == b",":
                at = _space(body, at + 1)
                continue
            if body[at : at + 1] != b"}":
                raise _Unverifiable(f"no ',' or '}}' at byte {at}")
            at += 1
            break
    if _space(body, at) != len(body):
        raise _Unverifiable("bytes follow the JSON object")
    return found


def _digest(sig: bytes) -> bytes:
    """The digest that `sig` (a JSON string's bytes) carries; _Unverifiable when it is none."""
    text = json_text(sig) if sig[:1] == b'"' else None
    if not isinstance(text, str):
        raise _Unverifiable("sig is not a string")
    if _HEX.fullmatch(text):
        return bytes.fromhex(text)
    if _BASE64.fullmatch(text):
        return base64.b64decode(text, validate=True)
    raise _Unverifiable(
        f"sig is not a base64 or hex HMAC-SHA1 digest ({len(text)} characters, not 28 or 40)"
    )


def _utf8(text: str, problem: Exception | None = None) -> bytes:
    """`text` as UTF-8. A lone surrogate has no UTF-8 form, and a sender in another language
    would have encoded it otherwise: refused (`problem`, or a ValueError that does not quote the
    text, which may be the secret)."""
    try:
        return text.encode("utf-8") if isinstance(text, str) else b""
    except UnicodeEncodeError:
        raise problem or ValueError("secret must be text with a UTF-8 form") from None


def _mac(key: bytes, data: bytes, nonce: bytes) -> bytes:
    """The digest the vendor signs a delivery with: the one place that says what is signed."""
    return hmac.new(key, data + nonce, hashlib.sha1).digest()


def verify(body: bytes, secret: str) -> None:
    """Return when `body` is signed with `secret` as the module docstring says; InvalidSignature
    saying why not otherwise. Parses nothing."""
    key = _utf8(secret)
    if not key:
        raise ValueError("secret must be the workspace's webhook secret: non-empty text")
    try:
        found = members(body)
        missing = [name for name in (*SIGNED_MEMBERS, "sig") if name not in found]
        if missing:
            raise _Unverifiable(f"the body has no {' and no '.join(missing)}")
        nonce = json_text(found["nonce"]) if found["nonce"][:1] == b'"' else None
        if not isinstance(nonce, str):
            raise _Unverifiable("nonce is not a string")
        given = _digest(found["sig"])
    except (_Unverifiable, InvalidDocument) as reason:
        raise InvalidSignature(f"the delivery cannot be verified: {reason}") from None
    nonce_bytes = _utf8(nonce, InvalidSignature("the nonce is not text: no UTF-8 form"))
    expected = _mac(key, found["data"], nonce_bytes)
    if not hmac.compare_digest(expected, given):
        raise InvalidSignature("the delivery's sig does not match its data and nonce")


def parse_delivery(body: bytes, *, secret: str) -> Delivery:
    """The delivery in `body` (the raw request body, as received), once its signature holds.

    Raises InvalidSignature when `sig` is missing, malformed or wrong (or the body cannot be
    verified at all: not one JSON object, a member named twice), and InvalidDocument when a
    verified body breaks the contract. Neither message holds the secret."""
    verify(body, secret)
    shown = errors.SECRETS.set((secret,))
    try:
        document: Any = json_text(body)
        if not isinstance(document, dict):
            raise InvalidDocument("/: a delivery is a JSON object")
        webhook = document.get("webhook")
        object_type = webhook.get("object_type") if isinstance(webhook, dict) else None
        model = DELIVERIES.get(object_type, GENERIC) if isinstance(object_type, str) else GENERIC
        return model.from_dict(document)
    except Exception as failure:  # every failure leaves without the secret
        problem = errors.cleaned(failure, (secret,))
    finally:
        errors.SECRETS.reset(shown)
    raise problem


def sign(data: bytes, nonce: str, secret: str) -> str:
    """The `sig` of a delivery whose `data` member is the bytes `data`: what the vendor sends,
    for tests and for senders (the stub); base64, as this module assumes."""
    return base64.b64encode(_mac(_utf8(secret), data, _utf8(nonce))).decode("ascii")


__all__ = ["Delivery", "InvalidSignature", "parse_delivery", "sign", "verify"]
