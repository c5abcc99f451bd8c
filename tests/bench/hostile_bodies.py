"""Request bodies a hostile client sends the stub (issue 14), by class, of about a given size:
shared by the cost test (tests/test_stub_bounds.py) and `make bench`."""

from __future__ import annotations

from collections.abc import Callable


def fill(prefix: str, unit: str, suffix: str, size: int) -> bytes:
    """`prefix`, `unit` repeated, `suffix`: `size` bytes or a little less."""
    return (prefix + unit * ((size - len(prefix) - len(suffix)) // len(unit)) + suffix).encode()


def unterminated_escapes(size: int, n: int) -> bytes:
    return fill('{"a":[' + "[]," * (n % 1000) + '"', '\\"', "", size)


def escape_run(size: int, n: int) -> bytes:
    return fill('{"type":"OTHER","x":"', ["\\\\", '\\"', "\\u00e9"][n % 3], '"}', size)


def bracket_run(size: int, n: int) -> bytes:
    return fill('{"type":"OTHER","x_raw":[', "[],", "[]]}" if n % 2 else "", size)


def deep_nesting(size: int, n: int) -> bytes:
    if n % 2:
        return fill("", "[", "", size)
    return fill('{"type":"OTHER","x_raw":' + "[" * 255, "0,", "0" + "]" * 255 + "}", size)


def many_keys(size: int, n: int) -> bytes:
    keys = ",".join(f'"k{i}":{n % 10}' for i in range(size // 12))
    return ('{"type":"OTHER","x_raw":{' + keys + "}}").encode()


def long_number(size: int, n: int) -> bytes:
    sign = "-" if n % 2 else ""
    return fill('{"type":"OTHER","max_score":' + sign, "9", ["}", ".5e7}", "e99}"][n % 3], size)


def many_wrong_items(size: int, n: int) -> bytes:
    return fill('{"type":"OTHER","tags":[', "1,", "1]}", size)


def wrong_items_after_valid_ones(size: int, n: int) -> bytes:
    # Where a check that looks at the first items only would find few problems.
    return fill('{"type":"OTHER","tags":[' + '"a",' * (2000 + n % 5000), "1,", "1]}", size)


def many_wrong_objects(size: int, n: int) -> bytes:
    return fill('{"type":"OTHER","parameters":[', '{"name":1,"type":"X"},', "{}]}", size)


# Each class as a function of the size and one integer that picks a variant.
HOSTILE: dict[str, Callable[[int, int], bytes]] = {
    "unterminated string of escapes": unterminated_escapes,
    "string of escapes": escape_run,
    "run of []": bracket_run,
    "deep nesting": deep_nesting,
    "many keys": many_keys,
    "long number": long_number,
    "many wrong items": many_wrong_items,
    "wrong items after valid ones": wrong_items_after_valid_ones,
    "many wrong objects": many_wrong_objects,
}


def valid(size: int) -> bytes:
    """A valid package of about `size` bytes: records of small objects, as a client sends."""
    return fill('{"type":"OTHER","x_raw":[', '{"k":1,"s":"ab","b":true},', "0]}", size)
