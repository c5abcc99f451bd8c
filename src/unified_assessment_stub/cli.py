"""`unified-assessment-stub`, the command that the wheel installed with its `[stub]` extra gives:
the stub, serving the contract the installed package carries. `make serve`
(`python -m unified_assessment_stub`) runs the same `main()`.

Each flag sets the environment variable of the same setting, and wins over it. The tokens come
from a file rather than a flag: a token on the command line shows in `ps` to every user.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .__main__ import main
from .app import DEFAULT_MAX_BODY_BYTES, DEFAULT_TOKEN
from .delivery_queue import DEFAULT_MAX_PENDING
from .store import DEFAULT_MAX_STORE_BYTES
from .tokens import MAX_FILE_CHARS, TokenError, file_text, tokens_in

PROGRAM = "unified-assessment-stub"
# flag -> (environment variable, its placeholder in --help, what it sets)
FLAGS = {
    "--host": ("HOST", "ADDRESS", "the address to listen on (default 127.0.0.1)"),
    "--port": ("PORT", "PORT", "the port to listen on (default 8000)"),
    "--db": ("STUB_DB", "FILE", "a SQLite file that keeps items across restarts (default: memory)"),
    "--max-body-bytes": (
        "STUB_MAX_BODY_BYTES",
        "BYTES",
        f"the largest request body (default {DEFAULT_MAX_BODY_BYTES})",
    ),
    "--max-store-bytes": (
        "STUB_MAX_STORE_BYTES",
        "BYTES",
        f"the in-memory store's bound (default {DEFAULT_MAX_STORE_BYTES})",
    ),
    "--webhook-hosts": (
        "STUB_WEBHOOK_HOSTS",
        "HOSTS",
        "the comma-separated hosts a hook_url may name (default loopback only)",
    ),
    "--webhook-minute-seconds": (
        "STUB_WEBHOOK_MINUTE_SECONDS",
        "SECONDS",
        "the length of a minute in the deliveries' retry schedule (default 60)",
    ),
    "--webhook-timeout": (
        "STUB_WEBHOOK_TIMEOUT",
        "SECONDS",
        "how long a delivery waits for its answer (default 10)",
    ),
    "--webhook-elsewhere": (
        "STUB_WEBHOOK_ELSEWHERE",
        "refuse|keep",
        "a hook_url to another host: refused with 422 (default), or kept and never sent to",
    ),
    "--webhook-queue": (
        "STUB_WEBHOOK_QUEUE",
        "COUNT",
        f"the most deliveries waiting to be sent (default {DEFAULT_MAX_PENDING})",
    ),
}


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog=PROGRAM,
        description="A local stand-in for Unified.to's assessment API, serving the contract "
        "this package carries; /docs shows it in Swagger UI.",
        epilog="Each flag overrides its environment variable. Ctrl-C stops the stub.",
    )
    for flag, (variable, placeholder, meaning) in FLAGS.items():
        parse.add_argument(flag, metavar=placeholder, help=f"{meaning}; env {variable}")
    parse.add_argument(
        "--tokens-file",
        metavar="FILE",
        help="the accepted bearer tokens, comma- or newline-separated, one workspace each "
        f"(default {DEFAULT_TOKEN}); env STUB_TOKENS",
    )
    parse.add_argument(
        "--webhook-secret-file",
        metavar="FILE",
        help="the secret that signs webhook deliveries: the file's text, stripped "
        "(default dev-secret); env STUB_WEBHOOK_SECRET",
    )
    return parse


def tokens_from_file(path: str) -> tuple[str, ...]:
    """The tokens of a --tokens-file, by the rule of STUB_TOKENS (tokens.tokens_in)."""
    source = f"--tokens-file {path!r}"
    return tokens_in(file_text(path, source), source)


def run(argv: Sequence[str] | None = None) -> int:
    """The command: its exit status (2 for a bad setting, as `make serve`)."""
    arguments = parser().parse_args(argv)
    for flag, (variable, _, _) in FLAGS.items():
        value = getattr(arguments, flag[2:].replace("-", "_"))
        if value is not None:
            os.environ[variable] = value
    if arguments.tokens_file is not None:
        try:
            os.environ["STUB_TOKENS"] = ",".join(tokens_from_file(arguments.tokens_file))
        except TokenError as error:
            print(f"{PROGRAM}: {error}", file=sys.stderr)
            return 2
    if arguments.webhook_secret_file is not None:
        try:
            with open(arguments.webhook_secret_file, encoding="utf-8") as file:
                secret = file.read(MAX_FILE_CHARS).strip()
        except (OSError, UnicodeDecodeError) as error:
            name = arguments.webhook_secret_file
            print(f"{PROGRAM}: --webhook-secret-file {name!r}: {error}", file=sys.stderr)
            return 2
        os.environ["STUB_WEBHOOK_SECRET"] = secret
    return main(advice=f"{PROGRAM} --port {{port}}")


def entry() -> None:
    sys.exit(run())
