"""Matching a request's raw path to a path template of the contract."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

PARAMETER = re.compile(r"\{(\w+)\}")
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class PathMatcher:
    template: str
    raw_pattern: re.Pattern[str]

    @classmethod
    def of(cls, template: str) -> PathMatcher:
        return cls(template, raw_path_pattern(template))

    def match(self, raw_path: str) -> dict[str, str] | None:
        """Path parameters, percent-decoded, or None when the path is not this template's."""
        found = self.raw_pattern.fullmatch(raw_path)
        if found is None:
            return None
        values = found.groupdict()
        # A malformed escape (%zz) or one that is not UTF-8 (%C3 alone) names nothing.
        if any(BAD_ESCAPE.search(value) for value in values.values()):
            return None
        try:
            return {name: unquote(value, errors="strict") for name, value in values.items()}
        except UnicodeDecodeError:
            return None


def raw_path_pattern(template: str) -> re.Pattern[str]:
    # Matched against the raw path, so an encoded "/" (%2F) stays inside its parameter.
    parts = PARAMETER.split(template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex)
