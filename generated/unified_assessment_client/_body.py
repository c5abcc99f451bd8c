"""An answer's body read whole, decoded in bounded steps and counted while it arrives: past
the client's max_response_bytes the call stops with ResponseTooLarge, so memory stays bounded
whatever the answer inflates to. The same whatever the contract says: scripts/generate.py
copies this file into the package.
"""

import zlib
from collections.abc import Iterator
from typing import Any

import httpx

from ._secrets import shown
from .errors import ResponseTooLarge

# Decoded in steps of this size at most, so that a small compressed answer that inflates to
# gigabytes costs no more memory than max_response_bytes.
_STEP = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"
# More content codings than any server stacks (urllib3 allows 5): each is a zlib window and a
# nested pass over every byte, and a long list would exhaust the stack.
MAX_CODINGS = 5


class _Inflater:
    """One content coding (gzip or deflate) undone in bounded steps."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.inflater: Any = None
        self.head = b""  # a deflate body's first byte, until its second tells how it is wrapped

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            if self.coding == "deflate":  # zlib-wrapped as the RFC says, or raw as some send
                data = self.head + data
                if len(data) < 2:  # a body may arrive a byte at a time
                    self.head = data
                    return
                wrapped = data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
                self.inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            else:
                self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            while data:
                if self.inflater.eof:  # gzip is a series of members (RFC 1952); deflate is one
                    if self.coding == "deflate":
                        raise zlib.error("data after the end of the stream")
                    self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                out = self.inflater.decompress(data, _STEP)
                data = self.inflater.unconsumed_tail or self.inflater.unused_data
                if out:
                    yield out
        except zlib.error as failure:
            raise httpx.DecodingError(f"the {self.coding} body is corrupt: {failure}") from None

    def flush(self) -> Iterator[bytes]:
        if self.head and self.inflater is None:
            raise httpx.DecodingError(f"the {self.coding} body ends before its end")
        if self.inflater is not None:
            tail = self.inflater.flush()
            if tail:
                yield tail
            if not self.inflater.eof:  # cut short: what came may be a part that parses
                raise httpx.DecodingError(f"the {self.coding} body ends before its end")


class BodyReader:
    """An answer's body, decoded and counted while it arrives: past `limit` decoded bytes the
    call stops with ResponseTooLarge. Content codings other than gzip and deflate (which the
    client asks for, in Accept-Encoding) are refused, not passed on undecoded."""

    def __init__(self, response: httpx.Response, limit: int, request: httpx.Request) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        self.layers: list[_Inflater] = []
        for coding in reversed(response.headers.get_list("content-encoding", split_commas=True)):
            coding = coding.strip().lower()
            if coding in ("gzip", "x-gzip", "deflate"):
                self.layers.append(_Inflater("deflate" if coding == "deflate" else "gzip"))
                if len(self.layers) > MAX_CODINGS:
                    raise httpx.DecodingError(
                        f"more than {MAX_CODINGS} content codings", request=request
                    )
            elif coding not in ("identity", ""):
                # The whole header as sent, cut only once redacted: a server may echo the token
                # here, commas and all.
                sent = ", ".join(response.headers.get_list("content-encoding"))
                raise httpx.DecodingError(
                    shown(f"unsupported Content-Encoding {sent!r}")
                    + f" (the client accepts {ACCEPT_ENCODING})",
                    request=request,
                )
        declared = response.headers.get("content-length", "")
        if not self.layers and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(limit)

    def _decoded(self, pieces: Iterator[bytes], depth: int = 0) -> Iterator[bytes]:
        if depth == len(self.layers):
            yield from pieces
            return
        layer = self.layers[depth]
        for piece in pieces:
            yield from self._decoded(layer.feed(piece), depth + 1)

    def _keep(self, pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise ResponseTooLarge(self.limit)
            self.parts.append(piece)

    def add(self, chunk: bytes) -> None:
        self._keep(self._decoded(iter((chunk,))))

    def finish(self, response: httpx.Response) -> None:
        for depth, layer in enumerate(self.layers):
            self._keep(self._decoded(layer.flush(), depth + 1))
        # What Response.read() does, with the decoded body: httpx reads _content as it is.
        response._content = b"".join(self.parts)
        response.is_stream_consumed = True


def check_size(response: httpx.Response, limit: int) -> None:
    # An answer already in memory (a mock transport's): held to the same limit.
    if len(response.content) > limit:
        raise ResponseTooLarge(limit)
