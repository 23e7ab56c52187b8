"""The submission form: one numbered row per measure and gemeente of the organisation, for one year.

Rows are in the order of the organisation's template (measure by measure, gemeenten by name), and a
row's number is its position in the form: the number the domain layer's problems name (``Rij 3,
kolom 'teller'``). Measures and gemeenten are never taken from the browser; the form sends only the
year and, per row, ``teller-N``, ``noemer-N`` and ``status-N``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kansrijk.areas import Area, AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.errors import BadRequest, Problem
from kansrijk.portal.accounts import Organisation
from kansrijk.portal.template import has_denominator, template_gemeenten, template_measures
from kansrijk.portal.validation import FormCell
from kansrijk.vocabulary import STATUSES_WITHOUT_NUMBERS

FIELDS = ("teller", "noemer", "status")
YEARS_SHOWN = 6
MAX_VALUE_LENGTH = 40
STATUS_CHOICES = STATUSES_WITHOUT_NUMBERS


@dataclass(frozen=True)
class GridRow:
    """One row of the form: its number, the measure and the gemeente."""

    number: int
    measure: Measure
    gemeente: Area

    @property
    def has_denominator(self) -> bool:
        return has_denominator(self.measure)

    def name(self, field: str) -> str:
        """The form field name of one of its inputs (``teller-3``)."""
        return f"{field}-{self.number}"


def years(areas: AreaRegistry, today: date | None = None) -> list[int]:
    """The years a partner may choose, newest first: the last :data:`YEARS_SHOWN` up to this year that
    have a gemeente division."""
    last = min((today or date.today()).year, areas.current_year)
    return [y for y in range(last, max(areas.first_year, last - YEARS_SHOWN + 1) - 1, -1)]


def default_year(choices: Sequence[int], today: date | None = None) -> int:
    """Last year (counts are supplied after a year ends), or the newest year offered."""
    wanted = (today or date.today()).year - 1
    return wanted if wanted in choices else choices[0]


def chosen_year(text: str | None, choices: Sequence[int]) -> int:
    """The year asked for (``jaar``), which must be one of ``choices``; the default when none is asked."""
    if not text:
        return default_year(choices)
    if not text.strip().isdigit() or int(text) not in choices:
        raise BadRequest(f"kies een jaar uit {', '.join(str(y) for y in sorted(choices))}")
    return int(text)


def template_of(organisation: Organisation, year: int, catalogues: Catalogues,
                areas: AreaRegistry) -> tuple[list[Measure], list[Area]]:
    """The measures and gemeenten of ``organisation``'s form and Excel template for ``year``."""
    return template_measures(catalogues, ids=organisation.measures), template_gemeenten(
        areas, organisation.gemeenten, year)


def rows_for(organisation: Organisation, year: int, catalogues: Catalogues, areas: AreaRegistry) -> list[GridRow]:
    """The form rows of ``organisation`` in ``year``, numbered from 1."""
    measures, gemeenten = template_of(organisation, year, catalogues, areas)
    pairs = [(m, g) for m in measures for g in gemeenten]
    return [GridRow(n, m, g) for n, (m, g) in enumerate(pairs, start=1)]


def cells(rows: Sequence[GridRow], fields: Mapping[str, str], year: int) -> list[FormCell]:
    """The form's cells, one per row (empty rows included, so problems keep the row numbers)."""
    return [
        FormCell(
            measure=row.measure.id,
            gemeente=row.gemeente.code,
            year=year,
            teller=_value(fields, row.name("teller")),
            noemer=_value(fields, row.name("noemer")) if row.has_denominator else None,
            status=_value(fields, row.name("status")),
        )
        for row in rows
    ]


def _value(fields: Mapping[str, str], name: str) -> str | None:
    text = fields.get(name, "").strip()[:MAX_VALUE_LENGTH]
    return text or None


def entered(rows: Sequence[GridRow], fields: Mapping[str, str]) -> dict[str, str]:
    """What the user typed, to show again after a refusal (only the grid's own fields)."""
    names = {row.name(f) for row in rows for f in FIELDS}
    return {name: value[:MAX_VALUE_LENGTH] for name, value in fields.items() if name in names}


def located(problems: Sequence[Problem], rows: Sequence[GridRow]) -> list[tuple[str, str]]:
    """(form field, Dutch sentence) per problem, in order: a cell's problem belongs to its field
    (``teller-3``); a problem of a row's measure, gemeente or year to its teller; one without a row to ``""``."""
    numbers = {row.number for row in rows}
    found = []
    for problem in problems:
        if problem.line in numbers:
            field = problem.column if problem.column in FIELDS else "teller"
            found.append((f"{field}-{problem.line}", problem.for_user()))
        else:
            found.append(("", problem.for_user()))
    return found


def by_field(found: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The sentences of :func:`located` per form field."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for field, sentence in found:
        grouped[field].append(sentence)
    return dict(grouped)
