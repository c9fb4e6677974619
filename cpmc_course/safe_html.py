"""HTML a copy brings, made inert before a student or a member of staff sees it on an nbconvert page.

nbconvert's own ``clean_html`` filter (bleach with a short allowlist) escapes
paragraphs, headings and the header cells of every pandas table, so that a
sanitised page would show written answers and tables as raw markup.
:func:`clean_html` replaces it on the course's pages (feedback and formgrader,
``c.HTMLExporter.filters`` in ``nbgrader_config.py``): ammonia's allowlist
(through ``nh3``) keeps the structure of text and tables, drops ``<script>``
and ``<style>`` with their content, every event handler (``onerror=``), every
``class``, ``id`` and ``style`` (a copy's output must not pass for the
formgrader's own buttons, nor change their look) and every link that is not
``http``, ``https`` or ``mailto``.
"""

from __future__ import annotations

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(element) -> str:
    """``element`` (HTML text or bytes) with only inert markup left; same signature as nbconvert's filter."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return nh3.clean(text, url_schemes=set(URL_SCHEMES))
