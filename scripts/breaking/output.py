"""The formats a list of changes is printed in: text for a person, json for a program,
markdown for a pull-request comment, github for annotations on the contract's lines."""

from __future__ import annotations

import json
from typing import Any

from contract import HTTP_METHODS, resolve, unescape

from breaking.model import Change

FORMATS = ("text", "json", "markdown", "github")


def schema_path(tokens: list[str]) -> str:
    """A schema pointer as a person reads it: properties by name, array items as []."""
    text, index = "", 0
    while index < len(tokens):
        token = tokens[index]
        if token == "properties" and index + 1 < len(tokens):
            text += f"/{tokens[index + 1]}"
            index += 2
            continue
        text += "[]" if token == "items" else f"/{token}"
        index += 1
    return text


def parameter_name(documents: tuple[Any, ...], pointer: str) -> str:
    for document in documents:
        try:
            node = resolve(document, "#" + pointer)
            while isinstance(node, dict) and isinstance(node.get("$ref"), str):
                node = resolve(document, node["$ref"])
            return f"{node['name']} ({node['in']})"
        except (KeyError, TypeError):
            continue
    return pointer.rsplit("/", 1)[-1]


def where(pointer: str, *documents: Any) -> str:
    """Where a change is, as a person writes it: `POST /things/{id} request body /name`.
    Outside /paths, the pointer with its tokens unescaped."""
    tokens = [unescape(token) for token in pointer.split("/")[1:]]
    if len(tokens) < 2 or tokens[0] != "paths":
        return "/" + "/".join(tokens)
    path, rest = tokens[1], tokens[2:]
    head = path
    if rest and rest[0] in HTTP_METHODS:
        head, rest = f"{rest[0].upper()} {path}", rest[1:]
    if len(rest) >= 4 and rest[:2] == ["requestBody", "content"] and rest[3] == "schema":
        media = "" if rest[2] == "application/json" else f" ({rest[2]})"
        return f"{head} request body{media} {schema_path(rest[4:]) or 'schema'}"
    if len(rest) >= 5 and rest[0] == "responses" and rest[2] == "content" and rest[4] == "schema":
        media = "" if rest[3] == "application/json" else f" ({rest[3]})"
        return f"{head} response {rest[1]} body{media} {schema_path(rest[5:]) or 'schema'}"
    if len(rest) >= 2 and rest[0] == "responses":
        return f"{head} response {rest[1]}" + "".join(f" {token}" for token in rest[2:])
    if len(rest) >= 2 and rest[0] == "parameters":
        prefix = pointer.split("/parameters/", 1)[0] + f"/parameters/{rest[1]}"
        name = parameter_name(documents, prefix)
        tail = rest[2:]
        if tail[:1] == ["schema"]:
            return f"{head} parameter {name} schema{schema_path(tail[1:])}"
        return f"{head} parameter {name}" + "".join(f" {token}" for token in tail)
    if rest[:1] == ["requestBody"]:
        return f"{head} request body" + "".join(f" {token}" for token in rest[1:])
    return head + "".join(f" {token}" for token in rest)


def as_json(change: Change, *documents: Any) -> dict[str, Any]:
    return {
        "pointer": change.pointer,
        "where": where(change.pointer, *documents),
        "side": change.side,
        "rule": change.rule,
        "level": change.level,
        "message": change.reason,
    }


def text_line(change: Change, *documents: Any) -> str:
    return f"  {change.label:<10}  {where(change.pointer, *documents)}: {change.reason}"


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(found: list[Change], *documents: Any) -> list[str]:
    lines = ["| level | where | change | rule |", "| --- | --- | --- | --- |"]
    for change in found:
        cells = (change.label, f"`{where(change.pointer, *documents)}`", change.reason, change.rule)
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return lines


def github_escape(text: str, property_: bool = False) -> str:
    """GitHub workflow commands: %, CR and LF escaped; in properties, : and , too."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def line_of(pointer: str, lines: dict[str, int]) -> int:
    """The contract's line of a pointer, or of its nearest ancestor still in the contract."""
    while pointer and pointer not in lines:
        pointer = pointer.rsplit("/", 1)[0]
    return lines.get(pointer, 1)


def github_annotation(
    change: Change, file: str, lines: dict[str, int], *documents: Any, base: Any = None
) -> str:
    """The annotation, on the contract's line of the change; a removal (what the contract no
    longer holds) on its line in the base file, or, when the base is a git revision that a
    pull request cannot show, on the line of what holds it now, with its line there said."""
    command = "error" if change.breaking else "notice"
    title = github_escape(f"check-breaking {change.rule}", property_=True)
    message = f"{where(change.pointer, *documents)}: {change.reason}"
    line = line_of(change.pointer, lines)
    if base is not None and change.pointer not in lines and change.pointer in base.lines:
        if base.file is not None:
            file, line = base.file, base.lines[change.pointer]
        else:
            message += f" (line {base.lines[change.pointer]} of {base.label})"
    return (
        f"::{command} file={github_escape(file, True)},line={line},"
        f"title={title}::{github_escape(message)}"
    )


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
