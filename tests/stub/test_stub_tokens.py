"""One rule for tokens wherever they are read (STUB_TOKENS, --tokens-file, UNIFIED_TOKEN,
TOKEN_FILE): the same text gives the same tokens, or the same refusal, from every source; a
refusal is one line that never shows the token."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from unified_assessment_contract_runner.run import UsageError, read_token
from unified_assessment_stub import Settings
from unified_assessment_stub.cli import tokens_from_file
from unified_assessment_stub.tokens import TokenError

# A token as an Authorization header carries it; commas separate tokens.
VISIBLE = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=",")
tokens = st.text(VISIBLE, min_size=1, max_size=30)
# What a person writes around a token: spaces and tabs, line ends of any system.
around = st.sampled_from(["", " ", "\t", "  "])
separators = st.sampled_from([",", "\n", "\r\n", ", ", ",\n", "\n\n"])
# What no header carries: a space or tab inside, a control, a non-ASCII character.
bad_characters = st.sampled_from([" ", "\t", "\x01", "\x7f", "é", "\u2028", "\x1c"])


@st.composite
def written(draw: st.DrawFn, many: bool) -> tuple[str, list[str]]:
    """A text that holds tokens as people write them, and those tokens."""
    found = draw(st.lists(tokens, min_size=1, max_size=4 if many else 1))
    parts = [draw(around) + token + draw(around) for token in found]
    text = parts[0]
    for part in parts[1:]:
        text += draw(separators) + part
    return text + draw(st.sampled_from(["", "\n", "\r\n"])), found


def stub_tokens(text: str) -> tuple[str, ...]:
    try:
        return Settings.from_env({"STUB_TOKENS": text}).tokens
    except ValueError as error:
        raise TokenError(str(error)) from None


def stub_tokens_file(text: str) -> tuple[str, ...]:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tokens"
        path.write_text(text, encoding="utf-8", newline="")
        return tokens_from_file(str(path))


def token_file_at(path: str) -> tuple[str | None, str]:
    """TOKEN_FILE=`path`, read as the contract run reads it; its refusal as a TokenError."""
    try:
        return read_token(Path(path))
    except UsageError as error:
        raise TokenError(str(error)) from None


def token_file(text: str) -> tuple[str, ...]:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "token"
        path.write_text(text, encoding="utf-8", newline="")
        path.chmod(0o600)
        token, _ = token_file_at(str(path))
    assert token is not None
    return (token,)


def unified_token(text: str) -> tuple[str, ...]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNIFIED_TOKEN", text)
        try:
            token, _ = read_token(None)
        except UsageError as error:
            raise TokenError(str(error)) from None
    assert token is not None
    return (token,)


LISTS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "STUB_TOKENS": stub_tokens,
    "--tokens-file": stub_tokens_file,
}
SINGLE: dict[str, Callable[[str], tuple[str, ...]]] = {
    "TOKEN_FILE": token_file,
    "UNIFIED_TOKEN": unified_token,
}
SOURCES = {**LISTS, **SINGLE}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), source=st.sampled_from(sorted(SOURCES)))
def test_every_source_reads_the_same_tokens_from_the_same_text(
    data: st.DataObject, source: str
) -> None:
    text, expected = data.draw(written(many=source in LISTS))
    assert SOURCES[source](text) == tuple(expected)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(source="--tokens-file", token="correct", bad=" ", rest="horse")
@example(source="TOKEN_FILE", token="correct", bad=" ", rest="horse")
@given(
    source=st.sampled_from(sorted(SOURCES)),
    token=tokens,
    bad=bad_characters,
    rest=tokens,
)
def test_every_source_refuses_a_token_no_header_can_carry_without_showing_it(
    source: str, token: str, bad: str, rest: str
) -> None:
    # "correct horse" is one token with a space in it, from a file as from the environment:
    # never two tokens, "correct" and "horse".
    secret = token + bad + rest
    with pytest.raises(TokenError) as refused:
        SOURCES[source](secret + "\n")
    said = str(refused.value)
    assert "token 1 holds a space, a control or a non-ASCII character" in said
    assert secret not in said and len(said.splitlines()) == 1


@pytest.mark.parametrize("source", sorted(SINGLE))
def test_a_source_of_one_token_refuses_two(source: str) -> None:
    with pytest.raises(TokenError) as refused:
        SOURCES[source]("first,second")
    assert "holds 2 tokens" in str(refused.value)
    assert "first" not in str(refused.value)


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("text", ["", "\n", " , \n"])
def test_every_source_refuses_one_that_holds_no_token(source: str, text: str) -> None:
    # UNIFIED_TOKEN set empty ran the whole run without a token, where the others refused it.
    with pytest.raises(TokenError) as refused:
        SOURCES[source](text)
    assert "holds no token" in str(refused.value)


@pytest.mark.parametrize(
    "read", [tokens_from_file, token_file_at], ids=["--tokens-file", "TOKEN_FILE"]
)
def test_a_file_of_tokens_is_read_no_further_than_its_bound(read: Callable[[str], object]) -> None:
    # TOKEN_FILE=/dev/zero was read until the kernel killed the run (21 GB), never one line.
    with pytest.raises(TokenError) as refused:
        read("/dev/zero")
    assert "larger than 1048576 characters" in str(refused.value)


def test_python_dash_m_reads_the_flags_the_installed_command_reads(tmp_path: Path) -> None:
    # `python -m unified_assessment_stub --tokens-file F` served the default token, the flag
    # dropped without a word.
    tokens = tmp_path / "tokens"
    tokens.write_text("correct horse\n")
    done = subprocess.run(
        [sys.executable, "-m", "unified_assessment_stub", "--tokens-file", str(tokens)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout
    assert "token 1 holds a space" in done.stderr and "correct" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "unified_assessment_stub", "--no-such-flag"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "unrecognized arguments: --no-such-flag" in done.stderr
