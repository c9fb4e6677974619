"""Print HTML pages to PDF (A4, the pages' print styles) with Chromium driven by Playwright.

Optional: ``pip install 'cpmc-course[pdf]'`` brings Playwright; the browser is
Debian's ``chromium`` package (``bash scripts/install-browser.sh``), never a
download. Without them, :func:`require_printer` says in French how to get them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import CpmcError

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HOW_TO = ("installez Playwright (pip install -e '.[pdf]') et le navigateur Chromium de Debian "
          "(bash scripts/install-browser.sh), ou imprimez les pages HTML depuis un navigateur (Ctrl+P, format A4).")


def chromium_path() -> str | None:
    """The chromium on the PATH, else Debian's ``/usr/bin/chromium``, else ``None``."""
    found = shutil.which("chromium")
    if found:
        return found
    return DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None


def require_printer() -> str:
    """The chromium to print with; a French :class:`CpmcError` saying how to get it when printing is impossible."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise CpmcError(f"Impression PDF impossible : le paquet Python playwright est absent ; {HOW_TO}") from None
    chromium = chromium_path()
    if chromium is None:
        raise CpmcError(f"Impression PDF impossible : Chromium est introuvable ; {HOW_TO}")
    return chromium


def print_pages(pages: list[Path]) -> list[Path]:
    """Print each HTML page to a PDF beside it (same name, ``.pdf``), A4 with its print CSS; returns the PDFs."""
    from playwright.sync_api import sync_playwright

    chromium = require_printer()
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html_path in pages:
                page.goto(html_path.resolve().as_uri())
                target = html_path.with_suffix(".pdf")
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
                written.append(target)
        finally:
            browser.close()
    return written


def pdf_page_count(path: Path) -> int:
    """Number of pages of a PDF written by Chromium (its page objects, ``/Type /Page``, are not compressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", Path(path).read_bytes()))
