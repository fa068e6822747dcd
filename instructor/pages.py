"""HTML pages from the Jinja2 templates in instructor/templates/, escaped by default.

A value is escaped unless it is marked safe: only markup built here (breakable, nl2br) or an embedded PNG is.
"""
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


def fmt(x):
    """A score: "2", "1.5", "0.33"."""
    return f"{x:g}" if abs(x - round(x, 2)) < 1e-9 else f"{x:.2f}"


def breakable(name):
    """An identifier that may wrap after its underscores, so a long function name never widens a column."""
    return Markup("_<wbr>").join(escape(part) for part in str(name).split("_"))


def nl2br(text):
    return Markup("<br>").join(escape(line) for line in str(text).split("\n"))


def shorten(text, limit):
    """`text` cut at a word boundary to at most about `limit` characters, with "..." when cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ;,") + " ..."


_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_environment.filters.update(fmt=fmt, g=lambda x: f"{x:g}", breakable=breakable, nl2br=nl2br, shorten=shorten)


def render(template, **context):
    return _environment.get_template(template).render(**context)
