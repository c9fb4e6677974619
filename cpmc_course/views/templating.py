"""The Jinja2 environment of the pages (issue 26, item 4): templates in ``views/templates/``, escaped by default.

Values are escaped with :func:`html.escape` (``'`` as ``&#x27;``), as the pages written with f-strings were,
so a page moved to a template keeps its bytes; HTML built on purpose (rendered Markdown) is passed as
:class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
from functools import lru_cache

from markupsafe import Markup


def _finalize(value: object) -> object:
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


@lru_cache(maxsize=1)
def environment():
    """The one environment of the package's page templates (built once, on first use)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("cpmc_course.views", "templates"), autoescape=True,
                              finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined)


def render(template: str, **context: object) -> str:
    """The page ``template`` of ``views/templates/`` filled with ``context``."""
    return environment().get_template(template).render(**context)
