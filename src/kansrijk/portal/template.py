"""The partner template: an Excel workbook in the aggregate-import format, one row per measure and gemeente.

Partner organisations (JGZ, projectpartners) supply counts per gemeente and year. kansrijk writes them
a workbook they fill in and send back; it is read by :func:`kansrijk.intake.aggregates.parse_aggregates`
with exactly the rules and messages of ``kansrijk import`` (no rules of its own):

- sheet ``Invullen`` (the first sheet, which the import reads) holds the import columns ``indicator``,
  ``gebied``, ``periode``, ``teller``, ``noemer`` and ``status``, and three columns for the reader only
  (``Omschrijving``, ``Naam gebied``, ``Opmerking``) whose headers mean nothing to the import. One row
  per measure and gemeente is pre-filled; teller, noemer and status are empty. Excel checks what is
  typed: whole numbers from 0 (a decimal number only for the numerator of a mean), nothing in a noemer
  that does not apply (``n.v.t.``: the measure is a count), and a status from the list.
- sheet ``Uitleg`` says how to fill in and gives, per measure, its id, Dutch name and the numerator and
  denominator definitions from the catalogue.

A row left empty is an error of the import (``teller ontbreekt``), as in every aggregate file: a row
without a figure must say why in ``status`` (``niet_aangeboden``, ``niet_geregistreerd``,
``geen_data``) or be deleted. A blank template is therefore refused with one problem per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kansrijk.areas import Area, AreaRegistry
from kansrijk.catalogue import LABELS, Catalogues, Measure
from kansrijk.disclosure import REASONS
from kansrijk.engine.programme import REGISTRY_MEASURES
from kansrijk.errors import BadRequest, UnknownIndicator
from kansrijk.intake.aggregates import UNITS_WITH_DENOMINATOR, UNITS_WITHOUT_NUMBERS
from kansrijk.vocabulary import STATUSES_WITHOUT_NUMBERS

INPUT_SHEET = "Invullen"
HELP_SHEET = "Uitleg"
NOT_APPLICABLE = "n.v.t."

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
_UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")  # n.v.t.


@dataclass(frozen=True)
class _Column:
    header: str
    width: float


# Import columns where the import finds them, the reader's columns beside what they explain.
_COLUMNS = (
    _Column("indicator", 18),
    _Column("Omschrijving", 60),
    _Column("gebied", 10),
    _Column("Naam gebied", 22),
    _Column("periode", 9),
    _Column("teller", 11),
    _Column("noemer", 11),
    _Column("status", 20),
    _Column("Opmerking", 34),
)
_POSITION = {c.header: i for i, c in enumerate(_COLUMNS, start=1)}


def has_denominator(measure: Measure) -> bool:
    """Whether the import needs a noemer for ``measure`` (percentage, per 1000, mean)."""
    return measure.unit in UNITS_WITH_DENOMINATOR


def template_measures(catalogues: Catalogues, catalogue: str | None = None, ids: Sequence[str] = ()) -> list[Measure]:
    """The measures of a template: ``ids`` as given, else every aggregate measure of ``catalogue``.

    The default is every measure with ``data: aggregate``, except those computed from the programme
    registry (such as ``gm03.gemeenten``), which come from registry facts rather than counts. A measure
    that is a text, or not of ``catalogue`` when one is named, raises an error with a Dutch message.
    """
    if not ids:
        if catalogue is None:
            raise BadRequest("kies een catalogus of ten minste één indicator")
        chosen = [m for m in catalogues.measures(catalogue) if m.data == "aggregate" and m.id not in REGISTRY_MEASURES]
        if not chosen:
            raise BadRequest(f"catalogus {catalogue} heeft geen indicatoren met aangeleverde aantallen")
        return chosen
    if catalogue is not None:
        catalogues.catalogue(catalogue)  # an unknown key is an error of its own
    measures = []
    for measure_id in dict.fromkeys(i.strip().lower() for i in ids):
        measure = catalogues.measure(measure_id)
        if catalogue is not None and measure.catalogue != catalogue:
            raise UnknownIndicator(f"indicator {measure.id} hoort niet bij catalogus {catalogue}")
        if measure.unit in UNITS_WITHOUT_NUMBERS:
            raise BadRequest(f"indicator {measure.id} is een tekst en kan niet als cijfer worden aangeleverd")
        measures.append(measure)
    return measures


def template_gemeenten(areas: AreaRegistry, texts: Iterable[str], year: int) -> list[Area]:
    """The gemeenten of ``year``'s division meant by ``texts``: gemeenten, or areas that hold them.

    A region, province, GGD region or ``NL01`` gives each gemeente of that year which is (or was
    merged into) one of its members; a gemeente must exist in ``year``. In order of name.
    """
    of_year = areas.gemeenten(year)  # UnknownArea for a year outside the divisions
    wanted: set[str] = set()
    for text in texts:
        area = areas.resolve(text, year)
        if area.level == "gemeente":
            wanted.add(area.code)
            continue
        members = set(areas.members(area.code))
        wanted.update(g.code for g in of_year if areas.current_code(g.code, year) in members)
    if not wanted:
        raise BadRequest("kies ten minste één gemeente of regio")
    return [g for g in of_year if g.code in wanted]


def write_template(
    path: Path, measures: Sequence[Measure], gemeenten: Sequence[Area], year: int, *, title: str | None = None
) -> Path:
    """Write the template for ``measures`` x ``gemeenten`` in ``year`` to ``path`` (``.xlsx``); returns it."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise BadRequest(f"een sjabloon is een Excel-bestand: geef {path.name!r} de extensie .xlsx")
    template_workbook(measures, gemeenten, year, title=title).save(path)
    return path


def template_workbook(
    measures: Sequence[Measure], gemeenten: Sequence[Area], year: int, *, title: str | None = None
) -> Workbook:
    """The template as an openpyxl workbook (for writing to a file or a download stream)."""
    if not measures or not gemeenten:
        raise BadRequest("een sjabloon heeft ten minste één indicator en één gemeente nodig")
    title = title or f"Aanlevering Kansrijke Start {year}"
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = "kansrijk"
    sheet = workbook.active
    sheet.title = INPUT_SHEET
    _fill_input_sheet(sheet, measures, gemeenten, year)
    _fill_help_sheet(workbook.create_sheet(HELP_SHEET), title, measures, year)
    return workbook


# ---------------------------------------------------------------- Invullen


def _fill_input_sheet(sheet: Worksheet, measures: Sequence[Measure], gemeenten: Sequence[Area], year: int) -> None:
    for column in _COLUMNS:
        cell = sheet.cell(row=1, column=_POSITION[column.header], value=column.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(_POSITION[column.header])].width = column.width
    sheet.freeze_panes = "A2"
    checks = _Validations(sheet)
    row = 1
    for measure in measures:
        for gemeente in gemeenten:
            row += 1
            values = {
                "indicator": measure.id,
                "Omschrijving": measure.name,
                "gebied": gemeente.code,
                "Naam gebied": gemeente.name,
                "periode": year,
                "Opmerking": _remark(measure),
            }
            for header, value in values.items():
                sheet.cell(row=row, column=_POSITION[header], value=value)
            _input_cells(sheet, checks, row, measure)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(_COLUMNS))}{row}"
    checks.status.add(f"{_letter('status')}2:{_letter('status')}{row}")


def _remark(measure: Measure) -> str:
    unit = LABELS["unit"].get(measure.unit, measure.unit)
    if not has_denominator(measure):
        return f"noemer {NOT_APPLICABLE} (eenheid: {unit})"
    return f"teller en noemer (eenheid: {unit})"


def _input_cells(sheet: Worksheet, checks: _Validations, row: int, measure: Measure) -> None:
    numerator = sheet.cell(row=row, column=_POSITION["teller"])
    denominator = sheet.cell(row=row, column=_POSITION["noemer"])
    status = sheet.cell(row=row, column=_POSITION["status"])
    numerator.fill = status.fill = _INPUT_FILL
    (checks.decimal if measure.unit == "mean" else checks.whole).add(numerator.coordinate)
    if has_denominator(measure):
        denominator.fill = _INPUT_FILL
        checks.whole.add(denominator.coordinate)
    else:
        denominator.fill = _UNUSED_FILL
        denominator.comment = Comment(f"{NOT_APPLICABLE}: deze indicator heeft geen noemer; laat leeg.", "kansrijk")
        checks.empty.add(denominator.coordinate)


def _letter(header: str) -> str:
    return get_column_letter(_POSITION[header])


class _Validations:
    """The Excel input checks of the sheet, each added once and attached to its cells."""

    def __init__(self, sheet: Worksheet) -> None:
        self.whole = self._add(sheet, DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            error="Vul een heel getal in (0 of meer), zonder punt, komma of procentteken.",
            prompt="Heel getal, 0 of meer.",
        ))
        self.decimal = self._add(sheet, DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            error="Vul een getal in (0 of meer).", prompt="Som van de waarden (getal, 0 of meer).",
        ))
        self.empty = self._add(sheet, DataValidation(
            type="textLength", operator="equal", formula1="0", allow_blank=True,
            error=f"Deze indicator heeft geen noemer ({NOT_APPLICABLE}): laat deze cel leeg.",
            prompt=f"Noemer {NOT_APPLICABLE}: laat leeg.",
        ))
        self.status = self._add(sheet, DataValidation(
            type="list", formula1=f'"{",".join(STATUSES_WITHOUT_NUMBERS)}"', allow_blank=True,
            error="Kies een status uit de lijst, of laat leeg als u een teller invult.",
            prompt="Alleen als u geen teller invult: waarom niet?",
        ))

    @staticmethod
    def _add(sheet: Worksheet, check: DataValidation) -> DataValidation:
        check.showErrorMessage = check.showInputMessage = True
        check.errorTitle = "Ongeldige invoer"
        sheet.add_data_validation(check)
        return check


# ---------------------------------------------------------------- Uitleg


def _fill_help_sheet(sheet: Worksheet, title: str, measures: Sequence[Measure], year: int) -> None:
    sheet.column_dimensions["A"].width = 20
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 55
    sheet.column_dimensions["E"].width = 12
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    row = 2
    for line in _instructions(year):
        row += 1
        sheet.cell(row=row, column=1, value=line)
    row += 2
    headers = ("Indicator", "Naam", "Teller", "Noemer", "Eenheid")
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for measure in measures:
        row += 1
        denominator = measure.denominator if has_denominator(measure) else NOT_APPLICABLE
        values = (measure.id, measure.name, measure.numerator or "", denominator or "",
                  LABELS["unit"].get(measure.unit, measure.unit))
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _instructions(year: int) -> list[str]:
    statuses = [f"  - {s}: {REASONS[s]}" for s in STATUSES_WITHOUT_NUMBERS]
    return [
        f"Vul op het werkblad '{INPUT_SHEET}' per regel de aantallen over {year} in (gele cellen).",
        "  - teller: het aantal, een heel getal zonder punt of procentteken (1234, niet 1.234).",
        f"  - noemer: alleen waar gevraagd; een grijze cel is {NOT_APPLICABLE} (de indicator is een aantal) "
        "en blijft leeg.",
        "  - Bij een percentage is de teller nooit groter dan de noemer.",
        "Laat de kolommen indicator, gebied en periode staan zoals ze zijn. De kolommen Omschrijving, "
        "Naam gebied en Opmerking zijn alleen ter informatie.",
        "Een lege regel wordt niet overgeslagen maar is een fout ('teller ontbreekt'). Heeft u voor een "
        "regel geen cijfer, kies dan in de kolom status waarom niet (en laat teller en noemer leeg):",
        *statuses,
        "  U mag zo'n regel ook verwijderen: dan levert u voor die gemeente niets aan.",
        "Een bestand met een fout wordt in zijn geheel niet ingelezen. U krijgt dan elke fout te zien met "
        "werkblad, rij en kolom, zodat u die kunt verbeteren en het bestand opnieuw kunt aanleveren.",
        "Kleine aantallen worden bij publicatie per gemeente afgeschermd; lever ze wel aan, want ze tellen "
        "mee in de regionale cijfers.",
    ]
