"""schemathesis hooks for `make contract`, loaded through SCHEMATHESIS_HOOKS.

- The tally (tally.TallyHandler): what every check found on every operation, and
  progress while the run goes on.
- `MAX_REQUESTS=N`: counts the requests that schemathesis sends for test cases and checks,
  and stops the run, as Ctrl-C would, instead of sending request N+1: the cap holds across
  every phase and worker.
- A run whose first AUTH_PROBE answers are all 401 or 403 stops there the same way: the token
  is wrong or missing, and the thousands of requests after them would test nothing. So does a
  run that meets AUTH_PROBE of them in a row later on: the token stopped working (expired,
  revoked), and what followed would be checks "passing" on 401s.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import schemathesis
import schemathesis.cli

from .tally import ACTIVITY, PREFIX, TallyHandler

MAX_REQUESTS = int(os.environ.get("CONTRACT_RUN_MAX_REQUESTS", "0"))
# The line run.py looks for, to tell the cap from a Ctrl-C.
REACHED = PREFIX + "MAX_REQUESTS reached"
AUTH_PROBE = 50
REFUSED = PREFIX + f"the first {AUTH_PROBE} answers were all 401 or 403"
REVOKED = PREFIX + f"{AUTH_PROBE} answers in a row were 401 or 403, after others that were not"
_sent = 0
_said = False
_answers = 0
_streak = 0  # the 401 and 403 answers since the last other one
_lock = threading.Lock()

schemathesis.cli.handler()(TallyHandler)


class RequestCapReached(KeyboardInterrupt):
    """A KeyboardInterrupt: schemathesis ends the run cleanly and writes its reports, where an
    ordinary exception in a hook would count as an error of the test case and go on."""


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    global _sent, _said
    with _lock:
        if _streak >= AUTH_PROBE:
            if not _said:
                said = REFUSED if _answers == _streak else REVOKED
                print(f"{said}: stopping the run", flush=True)
                _said = True
            raise RequestCapReached
        if not MAX_REQUESTS:
            return
        if _sent >= MAX_REQUESTS:
            if not _said:  # once, though each worker thread stops here
                print(f"{REACHED} ({MAX_REQUESTS}): stopping the run", flush=True)
                _said = True
            raise RequestCapReached
        _sent += 1


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    global _answers, _streak
    ACTIVITY.sent(case.operation.label)
    # A method the path does not list (unsupported_method) is answered 405 before any token
    # is looked at: it says nothing of the token.
    if case.method.upper() != case.operation.method.upper():
        return
    with _lock:
        if _streak >= AUTH_PROBE:
            return  # stopping: what the other workers still hear changes nothing
        _answers += 1
        refused = getattr(response, "status_code", None) in (401, 403)
        _streak = _streak + 1 if refused else 0
