"""Validation rules for indicator catalogues: each returns a list of `Problem`s (file:line).

In the manner of dbt-semantic-interfaces' validations, every rule is a small function over one file
(or, for uniqueness, over all files), so one run reports every problem in every file. The YAML reading
and field tables are in `kansrijk.catalogue_schema`; `kansrijk.catalogue` builds the frozen objects
once the rules find nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kansrijk.catalogue_schema import (
    COMPUTATION_FIELDS,
    DATA_KINDS,
    DISCLOSURE_FIELDS,
    GOALS_BY_LINE,
    HEADER_FIELDS,
    INDICATOR_FIELDS,
    KEY_PATTERN,
    MEASURE_FIELDS,
    PUBLISHED_FIELDS,
    RECORD_COLUMNS,
    LocList,
    LocMap,
    RawFile,
    check_fields,
    is_int,
    is_number,
    read_located,
)
from kansrijk.errors import Problem

__all__ = ["RawFile", "read_located", "resolve", "validate"]

_SQL_WORDS = frozenset(
    "and or not is null true false in between like ilike case when then else end as cast date "
    "interval distinct".split()
)
_AREA = re.compile(r"^(NL01|GM\d{4}|PV\d{2}|GG\d{4}|JZ\d{2}|RG[A-Z0-9]+)$")
_SUFFIX = re.compile(r"^[a-z0-9_]+$")

# --- walking a file --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An indicator or measure mapping with its resolved (inherited) fields, for the rules."""

    id: str
    raw: LocMap
    resolved: dict
    parent: LocMap | None  # the indicator, for a measure


def indicators_of(raw: RawFile) -> Iterator[LocMap]:
    """The indicator mappings of a file (skipping anything that is not a mapping)."""
    if isinstance(raw.data, LocMap) and isinstance(raw.data.get("indicators"), list):
        for item in raw.data["indicators"]:
            if isinstance(item, LocMap):
                yield item


def measures_of(indicator: LocMap) -> list[LocMap]:
    items = indicator.get("measures")
    return [m for m in items if isinstance(m, LocMap)] if isinstance(items, list) else []


def resolve(indicator: LocMap, measure: LocMap | None) -> dict:
    """The fields of a measure: its own, else its indicator's; computation merged field by field."""
    out = {k: v for k, v in indicator.items() if k not in ("measures", "published")}
    out["published"] = indicator.get("published", [])
    if measure is None:
        return out
    out["published"] = measure.get("published", [])
    for key, value in measure.items():
        if key == "computation" and isinstance(value, dict) and isinstance(out.get("computation"), dict):
            out["computation"] = {**out["computation"], **value}
        elif key != "published":
            out[key] = value
    return out


def entries(raw: RawFile) -> Iterator[Entry]:
    """Every computable unit: each indicator without measures, and each measure."""
    for ind in indicators_of(raw):
        ms = measures_of(ind)
        if not ms:
            yield Entry(str(ind.get("id")), ind, resolve(ind, None), None)
        for m in ms:
            yield Entry(str(m.get("id")), m, resolve(ind, m), ind)


# --- the rules -------------------------------------------------------------------------------------

Rule = Callable[[RawFile], list[Problem]]


def rule_structure(raw: RawFile) -> list[Problem]:
    """Header, disclosure, indicator, measure, computation and published fields: presence and kind."""
    if not isinstance(raw.data, LocMap):
        return [Problem(raw.path, "een catalogus moet een mapping met 'catalogue' en 'indicators' zijn", 1)]
    p = raw.path
    problems = check_fields(raw.data, HEADER_FIELDS, p, raw.data.line, "")
    disclosure = raw.data.get("disclosure")
    if isinstance(disclosure, LocMap):
        problems += check_fields(disclosure, DISCLOSURE_FIELDS, p, disclosure.line, "disclosure: ")
    items = raw.data.get("indicators")
    for item, line in _located_items(items):
        problems += check_fields(item, INDICATOR_FIELDS, p, line, _who(item))
    for ind in indicators_of(raw):
        for item, line in _located_items(ind.get("measures")):
            problems += check_fields(item, MEASURE_FIELDS, p, line, _who(item))
        for owner in [ind, *measures_of(ind)]:
            comp = owner.get("computation")
            if isinstance(comp, LocMap):  # completeness is checked on the resolved block (rule_computation)
                problems += check_fields(comp, COMPUTATION_FIELDS, p, comp.line, _who(owner, "computation"), False)
            for item, line in _located_items(owner.get("published")):
                problems += check_fields(item, PUBLISHED_FIELDS, p, line, _who(owner, "published"))
    return problems


def _located_items(items: object) -> list[tuple[object, int]]:
    return list(zip(items, items.item_lines)) if isinstance(items, LocList) else []


def _who(item: object, part: str = "") -> str:
    """Message prefix naming the indicator or measure (and the block) a problem is in."""
    iid = item.get("id") if isinstance(item, dict) else None
    head = f"{iid}: " if isinstance(iid, str) else ""
    return f"{head}{part}: " if part else head


def rule_ids(raw: RawFile) -> list[Problem]:
    """Indicator ids are <prefix>NN; measure ids are <indicator id>.<suffix>."""
    if not isinstance(raw.data, LocMap):
        return []
    prefix = raw.data.get("prefix", raw.data.get("catalogue"))
    problems = []
    for ind in indicators_of(raw):
        iid = ind.get("id")
        if isinstance(iid, str) and isinstance(prefix, str) and not re.fullmatch(rf"{re.escape(prefix)}\d{{2}}", iid):
            problems.append(
                Problem(raw.path, f"id '{iid}' past niet bij het patroon {prefix}NN (bijvoorbeeld {prefix}01)",
                        ind.line_of("id"))
            )
        for m in measures_of(ind):
            mid = m.get("id")
            if not isinstance(mid, str) or not isinstance(iid, str):
                continue
            head, dot, suffix = mid.partition(".")
            if head != iid or not dot or not _SUFFIX.match(suffix):
                problems.append(
                    Problem(raw.path, f"id '{mid}' past niet bij het patroon {iid}.<achtervoegsel> "
                            f"(kleine letters, cijfers, _)", m.line_of("id"))
                )
    return problems


def rule_goals(raw: RawFile) -> list[Problem]:
    """Action lines are 1-3, goals 1-6; each goal's line is listed and each line has a goal."""
    problems = []
    for entry in entries(raw):
        lines, goals = entry.resolved.get("action_lines"), entry.resolved.get("goals")
        if not (isinstance(lines, list) and isinstance(goals, list)):
            continue
        if not all(is_int(v) for v in lines + goals):
            continue
        at = entry.raw.line_of("goals") if "goals" in entry.raw else (entry.parent or entry.raw).line_of("goals")
        at_lines = entry.raw.line_of("action_lines") if "action_lines" in entry.raw else (
            (entry.parent or entry.raw).line_of("action_lines"))
        if not lines or any(v not in GOALS_BY_LINE for v in lines):
            problems.append(Problem(raw.path, f"{entry.id}: 'action_lines' moet 1 tot 3 actielijnen uit 1, 2, 3 bevatten, "
                                    f"niet {lines}", at_lines))
            continue
        if not goals or any(not 1 <= g <= 6 for g in goals):
            problems.append(Problem(raw.path, f"{entry.id}: 'goals' moet doelen uit 1 tot en met 6 bevatten, niet {goals}", at))
            continue
        for g in goals:
            line = (g + 1) // 2
            if line not in lines:
                problems.append(Problem(raw.path, f"{entry.id}: doel {g} hoort bij actielijn {line}, die ontbreekt in "
                                        f"'action_lines' {lines}", at))
        for line in lines:
            if not set(GOALS_BY_LINE[line]) & set(goals):
                a, b = GOALS_BY_LINE[line]
                problems.append(Problem(raw.path, f"{entry.id}: actielijn {line} heeft geen doel in 'goals' (doel {a} of {b})",
                                        at_lines))
    return problems


def rule_measures(raw: RawFile) -> list[Problem]:
    """An indicator with measures keeps its published figures on the measures."""
    problems = []
    for ind in indicators_of(raw):
        if measures_of(ind) and ind.get("published"):
            problems.append(Problem(raw.path, f"{ind.get('id')}: 'published' hoort bij de measures als de "
                                    f"indicator measures heeft", ind.line_of("published")))
    return problems


def rule_definition(raw: RawFile) -> list[Problem]:
    """Teller/noemer present where the unit needs them; data, computation and unit agree."""
    problems = []
    for e in entries(raw):
        r, at = e.resolved, e.raw.line
        unit, data = r.get("unit"), r.get("data")
        if unit != "text" and not r.get("numerator"):
            problems.append(Problem(raw.path, f"{e.id}: 'numerator' (teller) ontbreekt", at))
        if unit not in ("text", "count") and not r.get("denominator"):
            problems.append(Problem(raw.path, f"{e.id}: 'denominator' (noemer) ontbreekt", at))
        has_comp = isinstance(r.get("computation"), dict)
        if data == "records" and not has_comp:
            problems.append(Problem(raw.path, f"{e.id}: 'data: records' vraagt een 'computation'-blok", at))
        if has_comp and data in DATA_KINDS and data != "records":
            problems.append(Problem(raw.path, f"{e.id}: een 'computation'-blok hoort alleen bij 'data: records', "
                                    f"niet bij 'data: {data}'", at))
        if unit == "text" and r.get("aggregation") not in (None, "none"):
            problems.append(Problem(raw.path, f"{e.id}: een indicator met 'unit: text' is niet optelbaar "
                                    f"('aggregation: none')", at))
    return problems


def rule_map_period(raw: RawFile) -> list[Problem]:
    """Pooled figures need pooled figures: ``map_period: pooled`` and ``figure_period: pooled`` ask for
    ``pooled_years``."""
    problems = []
    for e in entries(raw):
        pooled = e.resolved.get("pooled_years")
        if not isinstance(pooled, list) or [n for n in pooled if is_int(n) and n >= 2]:
            continue
        for key in ("figure_period", "map_period"):
            if e.resolved.get(key) != "pooled":
                continue
            problems.append(Problem(raw.path, f"{e.id}: '{key}: pooled' vraagt meerjarige cijfers: geef "
                                    f"'pooled_years' (bijvoorbeeld [5])", _line(e, key)))
    return problems


def rule_public_difference(raw: RawFile) -> list[Problem]:
    """A measure's ``public_difference`` names measures of its ``population_within``."""
    problems = []
    for e in entries(raw):
        public, around = e.resolved.get("public_difference"), e.resolved.get("population_within")
        for other in public if isinstance(public, list) else []:
            if other not in (around if isinstance(around, list) else []):
                problems.append(Problem(raw.path, f"{e.id}: public_difference noemt '{other}', dat niet in "
                                        "population_within staat", _line(e, "public_difference")))
    return problems


def _line(e: Entry, key: str) -> int:
    """The line of ``key`` in the measure, else in its indicator."""
    return e.raw.line_of(key) if key in e.raw else (e.parent or e.raw).line_of(key)


def rule_computation(raw: RawFile) -> list[Problem]:
    """Resolved computation blocks are complete and name only columns of their record type."""
    problems = []
    for e in entries(raw):
        comp = e.resolved.get("computation")
        if not isinstance(comp, dict) or e.resolved.get("data") != "records":
            continue
        own = e.raw.get("computation")
        own = own if isinstance(own, LocMap) else None
        inherited = e.parent.get("computation") if e.parent is not None else None
        inherited = inherited if isinstance(inherited, LocMap) else None
        block = own or inherited
        at = block.line if block is not None else e.raw.line

        def line_of(name: str) -> int:
            for src in (own, inherited):
                if src is not None and name in src:
                    return src.line_of(name)
            return at

        missing = [s.name for s in COMPUTATION_FIELDS if s.name not in comp]
        for name in missing:
            problems.append(Problem(raw.path, f"{e.id}: computation: verplicht veld '{name}' ontbreekt", at))
        records = comp.get("records")
        if records not in RECORD_COLUMNS:
            continue  # an unknown record type is reported by rule_structure
        columns = RECORD_COLUMNS[records]
        for name in ("area", "year", "denominator", "numerator"):
            expr = comp.get(name)
            if not isinstance(expr, str):
                continue
            for word in _identifiers(expr):
                if word not in columns:
                    hint = difflib.get_close_matches(word, sorted(columns), n=1)
                    tip = f"; bedoelde je '{hint[0]}'?" if hint else ""
                    problems.append(Problem(raw.path, f"{e.id}: computation.{name}: onbekende kolom '{word}' "
                                            f"voor {records}{tip}", line_of(name)))
    return problems


def _identifiers(expr: str) -> list[str]:
    """Column names in an SQL expression: words outside quotes that are neither keywords nor calls."""
    bare = re.sub(r"'(?:[^']|'')*'", "''", expr)
    out = []
    for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", bare):
        word = m.group(0)
        rest = bare[m.end():].lstrip()
        if word.lower() in _SQL_WORDS or rest.startswith("("):
            continue
        out.append(word)
    return out


def rule_published(raw: RawFile) -> list[Problem]:
    """Published figures: known area code, some number given, numbers in range and consistent."""
    problems = []
    for e in entries(raw):
        pub = e.resolved.get("published")
        if not isinstance(pub, LocList):
            continue
        unit = e.resolved.get("unit")
        for item in pub:
            if isinstance(item, LocMap):
                problems += [Problem(raw.path, f"{e.id}: published: {m}", item.line_of(k))
                             for k, m in _published_problems(item, unit)]
    return problems


def _published_problems(item: LocMap, unit: object) -> list[tuple[str, str]]:
    out = []
    area = item.get("area")
    if isinstance(area, str) and KEY_PATTERN.match(area) and not _AREA.match(area):
        out.append(("area", f"onbekende soort gebiedscode {area!r} (NL01, GMnnnn, PVnn, GGnnnn, JZnn of RG...)"))
    value, num, den = item.get("value"), item.get("numerator"), item.get("denominator")
    value = value if is_number(value) else None
    num = num if is_int(num) else None
    den = den if is_int(den) else None
    if not any(k in item for k in ("value", "numerator", "denominator")):
        out.append(("area", "geef ten minste 'value', 'numerator' of 'denominator'"))
    if num is not None and den is not None and num > den:
        out.append(("numerator", f"teller {num} is groter dan noemer {den}"))
    if den == 0:
        out.append(("denominator", "noemer 0"))
    if value is not None and unit == "percentage" and not 0 <= value <= 100:
        out.append(("value", f"percentage {value} ligt niet tussen 0 en 100"))
    if value is not None and unit == "per_1000" and not 0 <= value <= 1000:
        out.append(("value", f"waarde per 1000 {value} ligt niet tussen 0 en 1000"))
    scale = {"percentage": 100, "per_1000": 1000}.get(unit) if isinstance(unit, str) else None
    if value is not None and num is not None and den and scale:
        computed = scale * num / den
        if abs(computed - value) > _half_last_digit(value) + 1e-9:
            out.append(("value", f"waarde {value} past niet bij teller/noemer {num}/{den} "
                                 f"(= {computed:.2f})"))
    return out


def _half_last_digit(value: float) -> float:
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10 ** (-decimals)


FILE_RULES: tuple[Rule, ...] = (
    rule_structure,
    rule_ids,
    rule_goals,
    rule_measures,
    rule_definition,
    rule_map_period,
    rule_public_difference,
    rule_computation,
    rule_published,
)


def rule_unique(raws: list[RawFile]) -> list[Problem]:
    """Catalogue keys and indicator/measure ids are unique over every loaded catalogue."""
    problems = []
    seen_ids: dict[str, tuple[str, int]] = {}
    seen_keys: dict[str, str] = {}
    for raw in raws:
        if not isinstance(raw.data, LocMap):
            continue
        key = raw.data.get("catalogue")
        if isinstance(key, str):
            if key in seen_keys:
                problems.append(Problem(raw.path, f"catalogus '{key}' bestaat al ({seen_keys[key]})",
                                        raw.data.line_of("catalogue")))
            seen_keys.setdefault(key, raw.path)
        for ind in indicators_of(raw):
            for item in [ind, *measures_of(ind)]:
                iid = item.get("id")
                if not isinstance(iid, str):
                    continue
                line = item.line_of("id")
                if iid in seen_ids:
                    other, other_line = seen_ids[iid]
                    problems.append(Problem(raw.path, f"id '{iid}' komt twee keer voor (ook in "
                                            f"{Path(other).name}:{other_line})", line))
                else:
                    seen_ids[iid] = (raw.path, line)
    return problems


def rule_within(raws: list[RawFile]) -> list[Problem]:
    """Every id a measure is ``within`` (or ``population_within``) is a measure of a loaded
    catalogue, other than itself."""
    items = [(raw, item) for raw in raws if isinstance(raw.data, LocMap)
             for ind in indicators_of(raw) for item in [ind, *measures_of(ind)]]
    ids = {item.get("id") for _, item in items}
    problems = []
    for raw, item in items:
        for field in ("within", "population_within"):
            named = item.get(field)
            for other in named if isinstance(named, list) else []:
                if other not in ids or other == item.get("id"):
                    problems.append(Problem(raw.path, f"{item.get('id')}: {field} noemt '{other}', "
                                            "geen andere indicator van de catalogi", item.line_of(field)))
    return problems


def validate(raws: list[RawFile]) -> list[Problem]:
    """Every problem in every file: reading problems, each file rule, then uniqueness across files."""
    problems: list[Problem] = []
    for raw in raws:
        problems += raw.problems
        if raw.data is None and raw.problems:
            continue
        for rule in FILE_RULES:
            problems += rule(raw)
    problems += rule_unique(raws) + rule_within(raws)
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
