"""The contract's string formats (date, uri, email), checked for the pydantic models.

The models hold such a value as the string that was sent (a date stays "1990-12-10", a URI is not
normalised with a trailing slash), and check it with jsonschema-rs, the validator the client
uses: both packages accept the same strings. scripts/generate.py copies this module into the
models package and gives each model the JSON Schema of its formatted fields.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema_rs


@functools.cache
def _validator(schema: str) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(json.loads(schema), validate_formats=True)


def check_format(value: Any, schema: str) -> Any:
    """`value` unchanged when it matches `schema` (JSON text: a format, or items of one);
    ValueError naming the first value that does not, for pydantic to report."""
    validator = _validator(schema)
    if validator.is_valid(value):
        return value
    error = next(iter(validator.iter_errors(value)))
    where = "".join(f"/{part}" for part in error.instance_path)
    raise ValueError(f"{where or 'the value'}: {error.message}")
