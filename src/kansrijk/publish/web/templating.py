"""The Jinja2 environment of the web pages (templates and filters), shared by server and static export."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kansrijk.publish import formatting
from kansrijk.publish.charts import palette
from kansrijk import vocabulary


def _svg(markup: str | None) -> Markup:
    return Markup(markup or "")


def _bench(key: str | None) -> str:
    return palette.benchmark_label(key or "niet_getoetst")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The environment: autoescaped HTML, Dutch number filters, SVG passed through as markup."""
    env = Environment(
        loader=PackageLoader("kansrijk.publish.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(svg=_svg, bench=_bench, count=formatting.count,
                       status=vocabulary.status_label, trend=vocabulary.trend_label)
    env.globals.update(unit_labels=formatting.UNIT_LABELS)
    return env


def render(template: str, context: dict[str, object]) -> str:
    """One page as HTML text."""
    return environment().get_template(template).render(**context)
