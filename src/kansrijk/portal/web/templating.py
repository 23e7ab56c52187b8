"""The Jinja2 environment of the portal pages: its own templates first, then the public site's.

Portal templates extend the public ``base.html.j2`` (same look) and share its filters.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from jinja2 import ChoiceLoader, Environment, PackageLoader

from kansrijk.publish import formatting
from kansrijk.publish.web.templating import environment as public_environment
from kansrijk.vocabulary import PUBLISHED
from kansrijk import vocabulary

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def moment(value: datetime | date | None) -> str:
    """A timestamp as a Dutch reader writes it, in Dutch time: ``3-4-2025 14:07``; a date ``3-4-2025``."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        local = value.astimezone(LOCAL_TIME) if value.tzinfo else value
        return f"{local.day}-{local.month}-{local.year} {local:%H:%M}"
    return f"{value.day}-{value.month}-{value.year}"


def amount(value: float | None) -> str:
    """A submitted count: whole numbers without decimals (``1.234``), a mean's sum with its decimals."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return formatting.count(value)
    return formatting.number(value, 2)


def cell_status(status: str | None) -> str:
    """A submitted cell's status: ``cijfer`` when it has a figure, else why not (``niet aangeboden``)."""
    if status is None:
        return "-"
    return "cijfer" if status == PUBLISHED else vocabulary.status_label(status)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The public environment's settings, filters and globals, with the portal's templates in front."""
    public = public_environment()
    env = Environment(
        loader=ChoiceLoader([PackageLoader("kansrijk.portal.web", "templates"), public.loader]),  # type: ignore[list-item]
        autoescape=public.autoescape,
        trim_blocks=public.trim_blocks,
        lstrip_blocks=public.lstrip_blocks,
    )
    env.filters.update(public.filters)
    env.globals.update(public.globals)
    env.filters.update(moment=moment, amount=amount, cell_status=cell_status)
    return env


def render(template: str, context: dict[str, object]) -> str:
    """One portal page as HTML text."""
    return environment().get_template(template).render(**context)
