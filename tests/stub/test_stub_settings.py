"""The stub's settings and start: Ctrl-C ends it without a traceback; a setting it cannot
honour (a token no header can carry, an empty HOST that would open it to the network, a port in
other digits, a tokens file that never ends) stops it at start with one line; rows of a STUB_DB
that another program wrote are found at start, and one written while it serves is a 503, not a
500 with a traceback."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest
from conftest import serve
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_assessment_stub import DEFAULT_TOKEN, Settings, SQLiteStore, create_app
from unified_assessment_stub.process import stub_process
from unified_assessment_stub.store import StoreUnavailable

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
JSON = {**AUTH, "Content-Type": "application/json"}
PACKAGES = "/assessment/c1/package"
VISIBLE_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=",")


def start_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unified_assessment_stub"],
        env={**os.environ, "PORT": "1", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_ctrl_c_stops_the_stub_without_a_traceback(tmp_path: Path) -> None:
    log = tmp_path / "stub.log"
    with log.open("wb") as output, stub_process(output) as (process, url):
        httpx.post(url + PACKAGES, json={"type": "OTHER"}, headers=AUTH).raise_for_status()
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=10)
    text = log.read_text()
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-2000:]
    assert status == 130


# Which tokens are refused, from every source: test_stub_tokens.py.


@settings(max_examples=10)
@given(token=st.text(VISIBLE_ASCII, min_size=1, max_size=200))
def test_every_token_the_settings_accept_is_accepted_over_http(token: str) -> None:
    app = create_app(Settings.from_env({"STUB_TOKENS": token}))
    with serve(app) as url, httpx.Client(base_url=url) as client:
        mine = client.get(PACKAGES, headers={"Authorization": f"Bearer {token}"})
        other = client.get(PACKAGES, headers={"Authorization": f"Bearer {token}x"})
    assert (mine.status_code, other.status_code) == (200, 401)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STUB_TOKENS": "t\u00f6k"}, "STUB_TOKENS: token 1 holds"),
        ({"STUB_TOKENS": "ab c"}, "STUB_TOKENS: token 1 holds"),
        ({"HOST": ""}, "HOST must be an address"),
        ({"HOST": " "}, "HOST must be an address"),
        ({"PORT": "\u0661\u0662\u0663"}, "PORT must be a port number"),
        ({"PORT": "\uff18\uff10"}, "PORT must be a port number"),
    ],
)
def test_a_setting_the_stub_cannot_honour_is_one_line_at_start(
    env: dict[str, str], message: str
) -> None:
    result = start_with(env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith(f"stub: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert "t\u00f6k" not in result.stderr


# Values a row of another program may hold where the stub keeps a JSON object as a blob.
NOT_A_JSON_OBJECT = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.binary().filter(lambda b: not is_json_object(b)),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3),
        max_leaves=5,
    ).map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3).map(
        lambda value: json.dumps(value)  # a JSON object, but as text, not the stub's blob
    ),
)


def is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except ValueError:
        return False


def foreign_row(path: Path, value: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?)",
            ("/assessment/{connection_id}/package", '["ws", "c1"]', "foreign", "2020", value),
        )
    db.close()


@settings(max_examples=60)
@given(value=NOT_A_JSON_OBJECT)
def test_a_row_another_program_wrote_stops_the_stub_at_start(value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.sqlite3"
        SQLiteStore(path).add(("/r", "ws", "c1"), "mine", "2020", b'{"id":"mine"}')
        foreign_row(path, value)
        with pytest.raises(StoreUnavailable, match="another program"):
            SQLiteStore(path)


def test_the_stub_started_on_such_a_file_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    SQLiteStore(path).close()
    foreign_row(path, 10**12)
    result = start_with({"STUB_DB": str(path)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"stub: STUB_DB {str(path)!r} cannot be read")
    assert len(result.stderr.splitlines()) == 1


def test_a_row_changed_by_another_program_while_serving_is_503(tmp_path: Path) -> None:
    path = tmp_path / "items.sqlite3"
    store = SQLiteStore(path)
    with serve(create_app(Settings(), store)) as url, httpx.Client(base_url=url) as client:
        created = client.post(PACKAGES, json={"type": "OTHER"}, headers=JSON).json()
        with sqlite3.connect(path) as db:
            # bytes() of this number would allocate a terabyte.
            db.execute("UPDATE item SET document = ? WHERE id = ?", (10**12, created["id"]))
        db.close()
        answers = [
            client.get(f"{PACKAGES}/{created['id']}", headers=AUTH),
            client.get(PACKAGES, headers=AUTH),
            client.patch(f"{PACKAGES}/{created['id']}", json={"type": "OTHER"}, headers=JSON),
        ]
        for answer in answers:
            assert answer.status_code == 503, answer.text
            assert "STUB_DB" in answer.json()["message"]
        # The connection and the store stay usable.
        assert client.post(PACKAGES, json={"type": "OTHER"}, headers=JSON).status_code == 200
    store.close()


# The console script's flags --------------------------------------------------------------


@pytest.mark.parametrize("endless", ["/dev/zero", "/dev/urandom"])
def test_a_tokens_file_that_never_ends_is_one_line(
    endless: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path(endless).exists():
        pytest.skip(f"no {endless}")
    from unified_assessment_stub.cli import run

    # Read up to its bound, then refused: returns at all (an endless read would hang here).
    assert run(["--tokens-file", endless]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"unified-assessment-stub: --tokens-file {endless!r}: ")
    assert len(error.splitlines()) == 1
