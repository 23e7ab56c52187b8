"""Importing aggregate figures: one row per indicator, area and period with a numerator and denominator.

The file is a CSV or XLSX read by :func:`kansrijk.intake.tabular.read_table`; its format is described in
``docs/import-format.md``. Every row is checked against the indicator catalogues and the area registry,
and every problem of the whole file is collected. If there is any, :class:`InputError` is raised with
all of them and nothing is returned, so a file is imported whole or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kansrijk.areas import Area, AreaLookup, AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.errors import (
    InputError,
    InvalidNumber,
    InvalidPeriod,
    Problem,
    UnknownArea,
    UnknownIndicator,
)
from kansrijk.intake.columns import map_columns, summary, text_of
from kansrijk.intake.tabular import (
    TABLE_LIMITS, Cell, Limits, Row, Table, excel_serial_date, parse_number, read_table,
)
from kansrijk.periods import LAST_YEAR, Period, parse_period
from kansrijk.vocabulary import PUBLISHED, SOURCE_STATUSES, WITHHELD_STATUSES

UNITS_WITH_DENOMINATOR = frozenset({"percentage", "per_1000", "mean"})
UNITS_NUMERATOR_AT_MOST_DENOMINATOR = frozenset({"percentage"})
UNITS_WITHOUT_NUMBERS = frozenset({"text"})

# Field -> accepted header names (normalised). Dutch names first: they are the documented ones.
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_id", "indicatorcode", "measure"),
    "variant": ("variant",),
    "area": (
        "gebied", "area", "gebiedscode", "gebiedsnaam", "gemeente", "gemeentecode", "regio",
        "regiocode",
    ),
    "period": ("periode", "period", "jaar", "year", "peildatum"),
    "numerator": ("teller", "numerator"),
    "denominator": ("noemer", "denominator"),
    "status": ("status", "toelichting"),
}
REQUIRED = ("indicator", "area", "period", "numerator", "denominator")
DUTCH_NAME = {
    "indicator": "indicator",
    "variant": "variant",
    "area": "gebied",
    "period": "periode",
    "numerator": "teller",
    "denominator": "noemer",
    "status": "status",
}


@dataclass(frozen=True)
class AggregateRow:
    """One imported figure; ``area_code`` is the code valid in the period's (last) year."""

    indicator: str
    area_code: str
    area_input: str
    period: Period
    numerator: float | None
    denominator: float | None
    status: str
    source_row: int


@dataclass(frozen=True)
class AggregateFile:
    """A fully validated aggregate file: its name, the SHA-256 of its bytes, and its rows."""

    file_name: str
    sha256: str
    rows: list[AggregateRow]


def parse_aggregates(path: Path, catalogues: Catalogues, areas: AreaRegistry,
                     limits: Limits = TABLE_LIMITS) -> AggregateFile:
    """Read and validate an aggregate file (CSV or XLSX); all or nothing.

    Each row's indicator (plus optional variant) must be a catalogue measure, its area must exist in
    the last year of its period, its numbers must be non-negative, whole where the measure counts
    persons, with a denominator where the unit needs one and numerator <= denominator for percentages;
    (indicator, area, period) must be unique. Raises :class:`InputError` carrying every problem found.
    """
    path = Path(path)
    table = read_table(path, limits=limits)
    columns = map_columns(table, COLUMNS, REQUIRED, DUTCH_NAME)
    checker = _RowChecker(table, columns, catalogues, areas)
    rows: list[AggregateRow] = []
    for row in table.rows:
        parsed = checker.check(row)
        if parsed is not None:
            rows.append(parsed)
    if not table.rows:
        checker.problems.append(table.problem(None, "het bestand bevat geen gegevensrijen"))
    if checker.problems:
        raise InputError(checker.problems, summary=summary(table.file_name, checker.problems))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return AggregateFile(file_name=table.file_name, sha256=digest, rows=rows)


class _RowChecker:
    """Checks rows one by one, collecting problems; remembers keys to find duplicates."""

    def __init__(
        self, table: Table, columns: dict[str, str], catalogues: Catalogues, areas: AreaRegistry
    ) -> None:
        self.table = table
        self.columns = columns
        self.catalogues = catalogues
        self.areas = areas
        self.lookup = AreaLookup(areas)
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str, str], int] = {}

    # -- helpers

    def _cell(self, row: Row, field_name: str) -> Cell:
        header = self.columns.get(field_name)
        return row.get(header) if header else None

    def _problem(self, row: Row, field_name: str | None, message: str, value: object = None) -> None:
        header = self.columns[field_name] if field_name else None
        self.problems.append(self.table.problem(row, message, header, value))

    # -- the row

    def check(self, row: Row) -> AggregateRow | None:
        before = len(self.problems)
        measure = self._measure(row)
        period = self._period(row)
        area = self._area(row, period)
        numerator = self._number(row, "numerator", measure)
        denominator = self._number(row, "denominator", measure)
        status = self._status(row, numerator, denominator)
        if measure is not None and status == PUBLISHED:
            self._check_numbers(row, measure, numerator, denominator)
        if len(self.problems) > before or measure is None or period is None or area is None:
            return None
        key = (measure.id, area.code, period.label)
        if key in self.seen:
            self._problem(
                row,
                None,
                f"dubbele rij: indicator, gebied en periode staan ook in rij {self.seen[key]}",
                f"{measure.id} {area.code} {period.label}",
            )
            return None
        self.seen[key] = row.number
        return AggregateRow(
            indicator=measure.id,
            area_code=area.code,
            area_input=text_of(self._cell(row, "area")),
            period=period,
            numerator=numerator,
            denominator=denominator,
            status=status,
            source_row=row.number,
        )

    def _measure(self, row: Row) -> Measure | None:
        base = text_of(self._cell(row, "indicator")).lower()
        variant = text_of(self._cell(row, "variant")).lower()
        if not base:
            self._problem(row, "indicator", "indicator ontbreekt")
            return None
        measure_id = f"{base}.{variant}" if variant else base
        try:
            measure = self.catalogues.measure(measure_id)
        except UnknownIndicator as exc:  # the catalogue's message names the nearest id
            self._problem(row, "indicator", str(exc), measure_id)
            return None
        if measure.unit in UNITS_WITHOUT_NUMBERS:
            message = "deze indicator is een tekst en kan niet als cijfer worden ingelezen"
            self._problem(row, "indicator", message, measure_id)
            return None
        return measure

    def _period(self, row: Row) -> Period | None:
        value = self._cell(row, "period")
        if value is None:
            self._problem(row, "period", "periode ontbreekt")
            return None
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > LAST_YEAR:
                # An XLSX date cell without date formatting arrives as its serial number.
                value = excel_serial_date(value)
            period = parse_period(value)
            self.areas.check_years(period.start, period.end, period.label)
            return period
        except (InvalidPeriod, InvalidNumber) as exc:
            self._problem(row, "period", str(exc), _shown(value))
            return None

    def _area(self, row: Row, period: Period | None) -> Area | None:
        text = text_of(self._cell(row, "area"))
        if not text:
            self._problem(row, "area", "gebied ontbreekt")
            return None
        try:  # the registry's message says what is wrong: unknown (with names), or not in that year
            return self.lookup.resolve(text, period.end if period is not None else None)
        except UnknownArea as exc:
            self._problem(row, "area", str(exc), text)
            return None

    def _number(self, row: Row, field_name: str, measure: Measure | None) -> float | None:
        value = self._cell(row, field_name)
        try:
            number = parse_number(value)
        except InvalidNumber:
            self._problem(row, field_name, "geen getal", _shown(value))
            return None
        if number is None:
            return None
        if number < 0:
            self._problem(row, field_name, "negatief getal", _shown(value))
            return None
        counts = measure is not None and measure.counts_persons
        if field_name == "numerator" and measure is not None and measure.unit == "mean":
            counts = False  # the numerator of a mean is a sum of values, not a number of persons
        if counts and not number.is_integer():
            message = "geen geheel aantal (deze indicator telt personen)"
            self._problem(row, field_name, message, _shown(value))
            return None
        return number

    def _status(self, row: Row, numerator: float | None, denominator: float | None) -> str:
        raw = text_of(self._cell(row, "status"))
        given = "_".join(raw.lower().replace("-", " ").split())
        has_numbers = numerator is not None or denominator is not None
        if not given:
            return PUBLISHED
        if given not in SOURCE_STATUSES:
            self._problem(
                row, "status", f"onbekende status; kies uit {', '.join(SOURCE_STATUSES)} of laat leeg", raw
            )
            return ""
        if given != PUBLISHED and has_numbers:
            self._problem(row, "status", f"status {given} maar de rij heeft wel teller of noemer", raw)
        return given

    def _check_numbers(
        self, row: Row, measure: Measure, numerator: float | None, denominator: float | None
    ) -> None:
        needs_denominator = measure.unit in UNITS_WITH_DENOMINATOR
        no_denominator = self._cell(row, "denominator") is None
        if self._cell(row, "numerator") is None:
            both = needs_denominator and no_denominator
            missing = "teller en noemer ontbreken" if both else "teller ontbreekt"
            statuses = ", ".join(WITHHELD_STATUSES)
            self._problem(row, "numerator", f"{missing} (of geef een status: {statuses})")
            return
        if needs_denominator and no_denominator:
            self._problem(row, "denominator", f"noemer ontbreekt (eenheid {measure.unit})")
            return
        if needs_denominator and denominator == 0:
            self._problem(row, "denominator", "noemer is 0", _shown(self._cell(row, "denominator")))
            return
        if (
            measure.unit in UNITS_NUMERATOR_AT_MOST_DENOMINATOR
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            self._problem(
                row,
                "numerator",
                f"teller is groter dan noemer ({_fmt(numerator)} > {_fmt(denominator)})",
                _shown(self._cell(row, "numerator")),
            )


def _shown(value: object) -> object:
    """A cell value as shown in a message: dates as ISO text, everything else unchanged."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fmt(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number).replace(".", ",")
