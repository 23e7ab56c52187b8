"""Catalogue YAML read with line numbers, and the field tables every catalogue mapping follows.

A catalogue file is composed with PyYAML into nodes (which carry their source marks) and turned into
plain dicts and lists that remember the line of every key and item (`LocMap`, `LocList`). The field
tables (`FieldSpec`) say which fields each mapping has, their kind and allowed values; `check_fields`
reports unknown fields (with a suggestion), missing fields and wrong kinds. The meaning of every field
is documented in docs/catalogue-format.md (a test checks that every field appears there).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kansrijk.errors import InvalidPeriod, Problem
from kansrijk.periods import parse_period

# --- located YAML ----------------------------------------------------------------------------------


class LocMap(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


@dataclass
class RawFile:
    """One catalogue file as read: its path (as shown in messages) and its located content."""

    path: str
    data: object
    problems: list[Problem] = field(default_factory=list)


# libyaml's loader where PyYAML was built with it (the same nodes and marks, several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_located(path: Path) -> RawFile:
    """Compose `path` with PyYAML and convert it, recording lines; YAML errors become problems."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return RawFile(shown, None, [Problem(shown, f"bestand niet te lezen: {exc.strerror}")])
    return located(text, shown)


def located(text: str, shown: str) -> RawFile:
    """YAML ``text`` (named ``shown`` in messages) with the line of every mapping, key and item."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        problems: list[Problem] = []
        data = _convert(node, loader, shown, problems) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return RawFile(shown, None, [Problem(shown, f"geen geldige YAML: {reason}", line)])
    finally:
        loader.dispose()
    return RawFile(shown, data, problems)


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: str, problems: list[Problem]) -> object:
    if isinstance(node, yaml.MappingNode):
        out = LocMap()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in out.key_lines:
                problems.append(
                    Problem(path, f"veld '{key}' staat er twee keer (ook op regel {out.key_lines[key]})", line)
                )
                continue
            out.key_lines[key] = line
            out[key] = _convert(value_node, loader, path, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LocList(_convert(item, loader, path, problems) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    return loader.construct_object(node, deep=True)


# --- the schema ------------------------------------------------------------------------------------

TYPES = ("programmabreed", "proces", "uitkomst")
UNITS = ("percentage", "per_1000", "count", "mean", "text")
POLARITIES = ("higher_is_better", "lower_is_better", "no_judgement")
AGGREGATIONS = ("sum", "national_only", "none")
DATA_KINDS = ("records", "aggregate", "registry", "survey")
MEASURE_KINDS = ("parts", "variants")
MAP_PERIODS = ("latest", "pooled")
POOLED_WINDOWS = ("latest", "all")
# The higher areas whose sums of gemeenten a measure may publish (areas.py has the levels).
SUMMED_LEVELS = ("provincie", "ggd", "jeugdregio", "regio", "land")
_AREA_LEVELS = ("the higher areas whose sums of gemeenten are published (default: all of provincie, ggd, jeugdregio, "
                "regio, land); every level published beside the others adds differences that force secondary "
                "suppression")
GOALS_BY_LINE = {1: (1, 2), 2: (3, 4), 3: (5, 6)}

# Columns per record type as imported, plus the derived columns the record engine adds.
RECORD_COLUMNS: dict[str, frozenset[str]] = {
    "births": frozenset(
        "child_id mother_id birth_date gemeente_code gestational_age_days birth_weight_g sex "
        "vital_status death_date start_care_ga_days pregnancy_id "
        "preterm sga live perinatal_death late_care early_care first_of_pregnancy".split()
    ),
    "households": frozenset(
        "child_id birth_year gemeente_code mother_debt parent_debt income_percentile single_parent "
        "kraamzorg low_income vulnerable_any".split()
    ),
    "children": frozenset(
        "child_id year gemeente_code youth_protection residential_care placed".split()
    ),
    "jgz": frozenset(
        "child_id contact_date gemeente_code sex age_days height_cm weight_kg vw_zinnen "
        "vw_lichaamsdelen bmi overweight speech_negative speech_known".split()
    ),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a catalogue mapping: its kind, whether it is required, allowed values, meaning."""

    name: str
    kind: str  # text | key | int | bool | number | ints | list | map | period | choice
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""


def _f(name: str, kind: str, required: bool = True, choices: tuple[str, ...] = (), help: str = "") -> FieldSpec:
    return FieldSpec(name, kind, required, choices, help)


SURVEY_KINDS = ("gemeenten", "professionals")
MERGED_FACT_RULES = ("all", "any")
HEADER_FIELDS = (
    _f("catalogue", "key", help="short key of the catalogue (ks, gm, haarlem)"),
    _f("prefix", "key", False, help="id prefix of its indicators; defaults to the catalogue key"),
    _f("name", "text", help="Dutch name of the indicator set"),
    _f("version", "text", help="definition version, e.g. the edition year of the source document"),
    _f("source_document", "text", help="the document the definitions are taken from"),
    _f("disclosure", "map", help="small-number rules for publication"),
    _f("comparison_periods", "int", False,
       help="a gemeente factsheet shows a table of the last N periods of every indicator against NL "
            "(a local memo's table, e.g. 3); 0 or absent: no table"),
    _f("area_levels", "choices", False, choices=SUMMED_LEVELS, help="default for every indicator: " + _AREA_LEVELS),
    _f("indicators", "list", help="the indicators"),
)
DISCLOSURE_FIELDS = (
    _f("threshold", "int", help="counts of persons below this are suppressed"),
    _f("rounding", "int", help="published counts are rounded to a multiple of this (0: not rounded)"),
    _f("complement", "bool", help="also suppress the complement (denominator - numerator) when small"),
    _f("protection", "int", False,
       help="narrowest interval (in counts) an attacker may derive for a suppressed count; default 3"),
)
_OVERRIDABLE = (
    _f("name", "text", help="Dutch name, as in the source document"),
    _f("short_name", "text", help="short Dutch label for tables and charts"),
    _f("type", "choice", choices=TYPES, help="programme-wide, process or outcome indicator"),
    _f("action_lines", "ints", help="action lines 1-3 of the programme"),
    _f("goals", "ints", help="goals 1-6 of the programme"),
    _f("numerator", "text", False, help="teller, as in the source document"),
    _f("denominator", "text", False, help="noemer, as in the source document"),
    _f("unit", "choice", choices=UNITS, help="what a value is"),
    _f("polarity", "choice", choices=POLARITIES, help="which direction is better"),
    _f("source", "text", help="bron"),
    _f("reference", "text", help="the year or reference-date rule"),
    _f("belang", "text", False, help="why the indicator matters (Belang indicator)"),
    _f("notes", "text", False, help="computation notes and choices"),
    _f("aggregation", "choice", choices=AGGREGATIONS, help="how counts combine over areas"),
    _f("counts_persons", "bool", help="whether counts are persons (small-number threshold applies)"),
    _f("data", "choice", choices=DATA_KINDS, help="where the counts come from"),
    _f("pooled_years", "ints", help="pooled period lengths computed besides single years"),
    _f("registered", "bool", False,
       help="false: no source registers the figure; publications say 'niet geregistreerd' (default true)"),
    _f("merged_facts", "choice", False, choices=MERGED_FACT_RULES,
       help="how the ja/nee facts of gemeenten merged into one combine for the years before the merger: "
            "all (default: ja when every one had it) or any"),
    _f("survey", "choice", False, choices=SURVEY_KINDS,
       help="the questionnaire the figure comes from (gemeenten, professionals): reports print its response"),
    _f("figure_period", "choice", False, choices=MAP_PERIODS,
       help="the figure users see: the latest year, or a pooled window when the latest year is hidden (latest, "
            "default); or always the latest pooled window, for an indicator defined over several years (pooled)"),
    _f("map_period", "choice", False, choices=MAP_PERIODS,
       help="period maps show: each gemeente's figure (default: as figure_period) or the latest pooled window for all"),
    _f("pooled_windows", "choice", False, choices=POOLED_WINDOWS,
       help="pooled windows published besides single years: latest (default, the window ending in the latest "
            "year) or all (every window; overlapping windows force more secondary suppression)"),
    _f("area_levels", "choices", False, choices=SUMMED_LEVELS, help=_AREA_LEVELS),
    _f("rounding", "int", False,
       help="published counts rounded to a multiple of this; overrides the catalogue's rounding (0: exact)"),
    _f("computation", "map", False, help="SQL filters over a record type (data: records)"),
    _f("within", "list", False,
       help="measure ids: every person this measure counts is counted by at least one of them, among the same "
            "denominators (Big2 within preterm birth and small for gestational age, each of those within Big2); "
            "disclosure control checks such measures together"),
    _f("population_within", "list", False,
       help="measure ids whose denominators count every person this measure's denominator counts (births "
            "from 24 weeks within births from 22 weeks): the difference of two published denominators is "
            "then a count of persons; disclosure control withholds this measure at the levels where it is small"),
    _f("public_difference", "list", False,
       help="ids of population_within whose difference with this measure may be published: it counts no "
            "condition the monitor protects (pregnancies within children: the children after the first of a "
            "multiple pregnancy); disclosure control and the audit leave it alone"),
    _f("published", "list", help="figures published in the source document"),
)
INDICATOR_FIELDS = (_f("id", "key", help="<prefix>NN, e.g. ks07"),) + _OVERRIDABLE + (
    _f("measures", "list", False, help="parts or variants, each a computable measure"),
)
MEASURE_FIELDS = (
    _f("id", "key", help="<indicator id>.<suffix>, e.g. ks12.a"),
    _f("kind", "choice", choices=MEASURE_KINDS, help="parts (pieces of the indicator) or variants (definitions)"),
    _f("label", "text", help="Dutch label that tells the measure apart"),
) + tuple(FieldSpec(s.name, s.kind, False, s.choices, s.help) for s in _OVERRIDABLE if s.name != "type")
COMPUTATION_FIELDS = (
    _f("records", "choice", choices=tuple(RECORD_COLUMNS), help="record type"),
    _f("area", "key", help="column holding the gemeente code of that year"),
    _f("year", "text", help="SQL expression giving the year"),
    _f("denominator", "text", help="SQL filter selecting the denominator rows"),
    _f("numerator", "text", help="SQL filter, applied within the denominator rows"),
)
PUBLISHED_FIELDS = (
    _f("area", "key", help="area code (NL01, GM0392, RGGM...)"),
    _f("period", "period", help="year, year range or reference date"),
    _f("value", "number", False, help="the value in the unit"),
    _f("numerator", "int", False, help="teller"),
    _f("denominator", "int", False, help="noemer"),
    _f("note", "text", False, help="remark on this figure"),
)
ALL_FIELD_TABLES = {
    "header": HEADER_FIELDS,
    "disclosure": DISCLOSURE_FIELDS,
    "indicator": INDICATOR_FIELDS,
    "measure": MEASURE_FIELDS,
    "computation": COMPUTATION_FIELDS,
    "published": PUBLISHED_FIELDS,
}

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.]+$")


# --- checking one mapping against a field table -------------------------------------------------------


def check_fields(
    raw: object, specs: tuple[FieldSpec, ...], path: str, line: int, where: str, require: bool = True
) -> list[Problem]:
    """Unknown fields (with a suggestion), missing required fields and the kind of every value."""
    if not isinstance(raw, LocMap):
        return [Problem(path, f"{where}moet een mapping (veld: waarde) zijn", line)]
    known = {s.name: s for s in specs}
    problems = []
    for key in raw:
        if key not in known:
            hint = difflib.get_close_matches(str(key), list(known), n=1)
            tip = f"; bedoelde je '{hint[0]}'?" if hint else ""
            problems.append(Problem(path, f"{where}onbekend veld '{key}'{tip}", raw.line_of(key)))
    for spec in specs:
        if spec.name not in raw:
            if require and spec.required:
                problems.append(Problem(path, f"{where}verplicht veld '{spec.name}' ontbreekt", raw.line))
            continue
        message = _kind_problem(spec, raw[spec.name])
        if message:
            problems.append(Problem(path, f"{where}{message}", raw.line_of(spec.name)))
    return problems


def _kind_problem(spec: FieldSpec, value: object) -> str | None:
    name = spec.name
    if spec.kind == "text":
        if not isinstance(value, str) or not value.strip():
            return f"'{name}' moet tekst zijn, niet {value!r}"
    elif spec.kind == "key":
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            return f"'{name}' moet een code zonder spaties zijn, niet {value!r}"
    elif spec.kind == "choice":
        if value not in spec.choices:
            return f"'{name}' moet een van {', '.join(spec.choices)} zijn, niet {value!r}"
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            return f"'{name}' moet true of false zijn, niet {value!r}"
    elif spec.kind == "int":
        if not is_int(value) or value < 0:
            return f"'{name}' moet een geheel getal van 0 of meer zijn, niet {value!r}"
    elif spec.kind == "number":
        if not is_number(value):
            return f"'{name}' moet een getal zijn (met een punt als decimaalteken), niet {value!r}"
    elif spec.kind == "ints":
        if not isinstance(value, list) or not all(is_int(v) for v in value):
            return f"'{name}' moet een lijst van gehele getallen zijn, niet {value!r}"
    elif spec.kind == "choices":
        if not isinstance(value, list) or any(v not in spec.choices for v in value):
            return f"'{name}' moet een lijst met waarden uit {', '.join(spec.choices)} zijn, niet {value!r}"
    elif spec.kind == "list":
        if not isinstance(value, list):
            return f"'{name}' moet een lijst zijn"
    elif spec.kind == "map":
        if not isinstance(value, dict):
            return f"'{name}' moet een mapping (veld: waarde) zijn"
    elif spec.kind == "period":
        try:
            parse_period(value)
        except InvalidPeriod:
            return f"'{name}' is geen periode: {value!r} (verwacht 2019, 2015-2019 of 2020-10-01)"
    return None


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
