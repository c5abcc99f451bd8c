"""`/docs`: the contract in Swagger UI, whose "Try it out" sends its requests to this stub.

Swagger UI's files come from the swagger-ui-bundle-v2 package, so the page works with no
network. It renders `/docs/openapi.json`: the contract with its `servers` replaced by the stub
itself, so that a request sent from the page reaches the stub, never the vendor; the page's
Content-Security-Policy lets it fetch nothing from any other origin either.

The page is authorized with the default token when the stub accepts it (that token is no
secret). A configured token is a secret and never written into the page: the user enters it
under "Authorize".
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ._contract import Contract

ASSETS = Path(str(swagger_ui_bundle.swagger_ui_path))
# Only the files the page loads are served: nothing else of the package is reachable.
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
# Swagger UI draws its icons from data: URIs and sets inline styles; scripts and requests stay
# on the stub's own origin.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} — stub</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<div id="stub-control"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-initializer.js"></script>
</body>
</html>
"""

INITIALIZER = """window.onload = function () {
  const settings = %s;
  window.ui = SwaggerUIBundle({
    url: "/docs/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    displayRequestDuration: true,
    // Swagger UI otherwise sends the contract to validator.swagger.io for a badge.
    validatorUrl: null,
    onComplete: function () {
      for (const scheme of settings.schemes) {
        if (settings.token !== null) window.ui.preauthorizeApiKey(scheme, settings.token);
      }
    },
  });
  // The stub's own control API (faults on demand), below the contract: not the vendor's.
  window.controlUi = SwaggerUIBundle({
    url: "/docs/stub-control.json",
    dom_id: "#stub-control",
    displayOperationId: true,
    validatorUrl: null,
    onComplete: function () {
      if (settings.token !== null) {
        window.controlUi.preauthorizeApiKey("bearerAuth", settings.token);
      }
    },
  });
};
"""


@lru_cache(maxsize=len(ASSET_TYPES))
def asset_bytes(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def served_here(document: dict[str, Any]) -> dict[str, Any]:
    """The contract as /docs shows it: its one server is this stub (a relative URL, so the
    page calls whatever host and port it was loaded from), and each operation under one tag,
    its last (the resource: `package`, `order`), so that the page lists it once.

    The contract itself keeps the vendor's tags (`[assessment, package]`): openapi-python-client
    files an operation's module under its first tag (`api/assessment/`), and a module that moved
    would break every import of it."""
    paths: dict[str, Any] = {}
    used: list[str] = []
    for path, item in (document.get("paths") or {}).items():
        shown = dict(item) if isinstance(item, dict) else item
        for method, spec in shown.items() if isinstance(shown, dict) else ():
            tags = spec.get("tags") if isinstance(spec, dict) else None
            if isinstance(tags, list) and tags:
                shown[method] = {**spec, "tags": [tags[-1]]}
                used += [tag for tag in tags[-1:] if tag not in used]
        paths[path] = shown
    declared = [tag for tag in document.get("tags") or [] if tag.get("name") in used]
    return {
        **document,
        "paths": paths,
        "tags": declared,
        "servers": [{"url": "/", "description": "this stub"}],
    }


def bearer_schemes(document: dict[str, Any]) -> list[str]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return [
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer"
    ]


def routes(contract: Contract, token: str | None, control: dict[str, Any]) -> list[Route]:
    """The routes of /docs, showing the contract and the stub's `control` API; `token` is the
    one the page is authorized with (None: none)."""
    headers = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff"}
    title = str(contract.document.get("info", {}).get("title", "API"))
    page = PAGE.format(title=title.replace("&", "&amp;").replace("<", "&lt;"))
    document = json.dumps(served_here(contract.document), indent=2)
    control_document = json.dumps(control, indent=2)
    settings = {"schemes": bearer_schemes(contract.document), "token": token}
    # "</" cannot end a script in JSON's escaped form; the script is served apart anyway.
    initializer = INITIALIZER % json.dumps(settings).replace("</", "<\\/")

    async def docs(request: Request) -> Response:
        return HTMLResponse(page, headers=headers)

    async def docs_document(request: Request) -> Response:
        return Response(document, media_type="application/json", headers=headers)

    async def docs_control(request: Request) -> Response:
        return Response(control_document, media_type="application/json", headers=headers)

    async def docs_initializer(request: Request) -> Response:
        return Response(initializer, media_type="text/javascript", headers=headers)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        media_type = ASSET_TYPES.get(name)
        if media_type is None:
            raise HTTPException(404)
        # Whole, from memory: FileResponse would also serve Range requests, and answer a
        # malformed or unsatisfiable one in plain text, not as the stub's Error.
        return Response(asset_bytes(name), media_type=media_type, headers=headers)

    return [
        Route("/docs", docs),
        Route("/docs/openapi.json", docs_document),
        Route("/docs/stub-control.json", docs_control),
        Route("/docs/swagger-initializer.js", docs_initializer),
        Route("/docs/assets/{name}", asset),
    ]
