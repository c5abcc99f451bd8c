"""Headless Chromium for the tests that look at a page as a person does.

The browser is Debian's `chromium` (`.ci/run` installs it when it is missing), driven by
Playwright; Playwright's own browser downloads are never used (no network here). Without
Chromium a browser test fails under CI and is skipped elsewhere, saying why.

Every page may talk to one origin only (the server under test): any other request is refused
and recorded in `Browsed.refused`, so a test can show that a page works offline and calls
nothing else (no CDN, no validator badge, no font service).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# Screenshots are kept here as artefacts of a run (reports/ is not committed).
REPORTS = ROOT / "reports"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# What Chromium needs to start quietly as root in a sandboxless container with no network:
# without the background-networking flags it keeps trying Google's hosts.
ARGUMENTS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium() -> Path:
    """Chromium's executable; a failure under CI when it is missing, a skip elsewhere."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"headless Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs it, and browser tests do not skip in CI")
    pytest.skip(reason)


@dataclass
class Browsed:
    """A page, with what the browser refused to fetch and what the page's scripts reported."""

    page: Page
    origin: str
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str, of: Locator | None = None, full_page: bool = True) -> Path:
        """Save the whole page (or what the window shows, or one element `of` it) as
        reports/<name>; its path."""
        REPORTS.mkdir(exist_ok=True)
        path = REPORTS / name
        if of is not None:
            of.screenshot(path=path)
        else:
            self.page.screenshot(path=path, full_page=full_page)
        return path


@contextmanager
def browse(origin: str, width: int = 1280, height: int = 900) -> Iterator[Browsed]:
    """A fresh headless Chromium page that may only reach `origin` (scheme://host:port)."""
    executable = chromium()
    same_origin = re.compile(re.escape(origin.rstrip("/")) + r"(/|$)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(ARGUMENTS)
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            browsed = Browsed(context.new_page(), origin)

            def only_origin(route: Route) -> None:
                url = route.request.url
                if same_origin.match(url) or url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    browsed.refused.append(url)
                    route.abort()

            context.route("**/*", only_origin)
            browsed.page.on("pageerror", lambda error: browsed.errors.append(str(error)))
            browsed.page.on(
                "console",
                lambda message: (
                    browsed.errors.append(message.text) if message.type == "error" else None
                ),
            )
            yield browsed
        finally:
            browser.close()
