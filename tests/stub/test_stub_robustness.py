"""The stub under load and under garbage, over real HTTP."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Callable

import httpx
from conftest import SEED

from unified_assessment_stub import DEFAULT_TOKEN

PATH = "/assessment/conn-1/package"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
VALID = b'{"type": "OTHER", "name": "still alive"}'


async def send_all(url: str, bodies: list[bytes], concurrency: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        gate = asyncio.Semaphore(concurrency)

        async def send(body: bytes) -> httpx.Response:
            async with gate:
                return await client.post(PATH, content=body, headers=HEADERS)

        return await asyncio.gather(*(send(body) for body in bodies))


def odd_text(rng: random.Random) -> str:
    alphabet = [
        "\x00", "\u200b", "\u202e", "\ufeff", "\U0001f600", "é", "\\", '"', "\ud800", "\udfff",
        "\uffff", "a", " ", "\n", "/", "~",
    ]  # fmt: skip
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randrange(0, 2048))


def deep_nesting(rng: random.Random) -> bytes:
    depth = rng.choice([10, 100, 999, 1000, 5000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    inner = (opener * depth) + "1" + (closer * depth)
    return ('{"type": "OTHER", "x_raw": ' + inner + "}").encode()


def huge_string(rng: random.Random) -> bytes:
    size = rng.choice([1000, 100_000, 1024 * 1024 - 40, 1024 * 1024 + 1])
    field = rng.choice(["name", "description", "unknown_field", "type"])
    return json.dumps({"type": "OTHER", field: "x" * size}).encode()


def unicode_body(rng: random.Random) -> bytes:
    body = {"type": rng.choice(["OTHER", odd_text(rng)]), odd_text(rng): odd_text(rng)}
    body[rng.choice(["name", "description", "info_url"])] = odd_text(rng)
    return json.dumps(body, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def duplicate_keys(rng: random.Random) -> bytes:
    first, second = rng.sample(['"OTHER"', "5", "null", '"SKILLS_TEST"', "[]"], 2)
    return f'{{"type": {first}, "name": "n", "type": {second}, "name": {second}}}'.encode()


def mutated_package(rng: random.Random) -> bytes:
    values: list[object] = [None, True, 0, -1.5, 1e308, 10**30, "", "x", [], {}, [None], {"a": 1}]
    body: dict[str, object] = {"type": "SKILLS_TEST", "name": "n", "max_score": 10}
    for _ in range(rng.randrange(1, 4)):
        field = rng.choice(["type", "name", "max_score", "tags", "created_at", "id", "extra"])
        body[field] = rng.choice(values)
    return json.dumps(body).encode()


def truncated_json(rng: random.Random) -> bytes:
    text = json.dumps({"type": "OTHER", "tags": ["a", "b"], "max_score": 1.5})
    return text[: rng.randrange(0, len(text))].encode()


GENERATORS: list[Callable[[random.Random], bytes]] = [
    random_bytes,
    deep_nesting,
    huge_string,
    unicode_body,
    duplicate_keys,
    mutated_package,
    truncated_json,
]


def test_three_thousand_fuzzed_bodies_give_no_server_error(stub_url: str) -> None:
    rng = random.Random(SEED)
    # Huge bodies are costly to send; a few hundred of them prove the point.
    bodies = [
        rng.choice(GENERATORS[:2] + GENERATORS[3:])(rng) if n % 40 else huge_string(rng)
        for n in range(3000)
    ]

    responses = asyncio.run(send_all(stub_url, bodies, concurrency=16))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 400, 413, 422}, statuses
    assert all(r.headers["content-type"] == "application/json" for r in responses)
    assert all("status" in r.json() or "id" in r.json() for r in responses)
    after = httpx.post(f"{stub_url}{PATH}", content=VALID, headers=HEADERS, timeout=10)
    assert after.status_code == 200
    assert after.json()["name"] == "still alive"
