"""The Jinja2 environment of the pages (issue 26, item 4): templates in ``views/templates/``, escaped by default.

Every page extends ``base.html.j2`` (``lang="fr"``, one ``<main>``, optional header and footer) and inlines the
one stylesheet ``cpmc.css``: pages are opened as files and mailed, they carry their styles. Values are escaped
with :func:`html.escape` (``'`` as ``&#x27;``), as the pages written with f-strings were, so a page moved to a
template keeps its text; HTML built on purpose (Markdown rendered by mistune, the SVG charts, the package's own
texts) is passed as :class:`markupsafe.Markup`, each time with a comment saying why it is safe.
"""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources

from markupsafe import Markup

from ..kit.nombres import fr_nombre, fr_pourcent

STYLESHEET = "cpmc.css"
"""The one stylesheet of the pages, in ``views/templates/``."""


def _finalize(value: object) -> object:
    """``value`` escaped as :func:`html.escape` does; Jinja's autoescape (markupsafe) then leaves it as it is.

    A plain text without quotes is returned unchanged: markupsafe escapes ``& < >`` exactly as :func:`html.escape`
    (only the quotes differ, ``&#39;`` and ``&#34;``), and a thousand student pages write some 600 000 values."""
    if type(value) is str and "'" not in value and '"' not in value:
        return value
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


def css_class(label: str) -> str:
    """The class of a level or status label (``en cours d'acquisition`` → ``en-cours-d-acquisition``)."""
    return label.replace(" ", "-").replace("'", "-")


@lru_cache(maxsize=8192)
def pts(value: float) -> str:
    """Points as a French reader reads them on the pages (``4,5``); the CSV files keep a machine format.

    Cached: a thousand student pages write the same few hundred values some 700 000 times."""
    return fr_nombre(value, 2, zeros=False)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The text of ``cpmc.css``."""
    return resources.files(__package__).joinpath("templates", STYLESHEET).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment():
    """The one environment of the package's page templates (built once, on first use)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("cpmc_course.views", "templates"), autoescape=True,
                             finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    # The stylesheet is the package's own file, not data: inlined as it is.
    env.globals["stylesheet"] = Markup(stylesheet())
    env.globals["badge"] = badge
    env.filters.update(css_class=css_class, pts=pts, pct0=lambda v: fr_pourcent(v, 0), fr2=lambda v: fr_nombre(v, 2))
    return env


@lru_cache(maxsize=256)
def badge(label: str) -> Markup:
    """The badge of a level or status (the ``badge`` macro of ``macros.html.j2``), rendered once per label: a
    thousand student pages show some 60 000 badges of a dozen labels."""
    return environment().get_template("macros.html.j2").module.badge(label)


def render(template: str, **context: object) -> str:
    """The page ``template`` of ``views/templates/`` filled with ``context``."""
    return environment().get_template(template).render(**context)
