"""Indicator catalogues: definitions as data (YAML), validated at load, as frozen objects.

The shipped catalogues live in ``kansrijk/data/catalogues/*.yaml``: ``ks`` (the national RIVM set),
``gm`` (Gelderland Midden) and ``haarlem``. Their format is documented in docs/catalogue-format.md;
the validation rules are in `kansrijk.catalogue_rules`. `Catalogues.load()` reports every problem in
every file at once as a `CatalogueError` (file:line per problem).

The computable unit is the `Measure`: an indicator without measures is its own single measure; an
indicator with measures (parts such as ``gm08.phb`` or variants such as ``ks12.a``) is computed per
measure, each resolving the fields it does not set from its indicator.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kansrijk.catalogue_rules import RawFile, read_located, resolve, validate
from kansrijk.catalogue_schema import SUMMED_LEVELS
from kansrijk.errors import CatalogueError, UnknownCatalogue, UnknownIndicator
from kansrijk.periods import Period, parse_period

SHIPPED_DIR = Path(__file__).parent / "data" / "catalogues"
SHIPPED_ORDER = ("ks", "gm", "haarlem", "vws")
DEFAULT_MAP_PERIOD = "latest"
DEFAULT_CATALOGUE = "ks"  # the national set: what commands and pages show unless told otherwise
DEFAULT_POOLED_WINDOWS = "latest"

# Dutch labels of the enumerated catalogue values, for tables, reports and the web.
LABELS: dict[str, dict[str, str]] = {
    "unit": {"percentage": "%", "per_1000": "per 1000", "count": "aantal", "mean": "gemiddelde",
             "text": "tekst"},
    "polarity": {"higher_is_better": "hoger is beter", "lower_is_better": "lager is beter",
                 "no_judgement": "geen oordeel"},
    "aggregation": {"sum": "optelbaar over gebieden", "national_only": "alleen landelijk",
                    "none": "niet optelbaar"},
    "data": {"records": "microdata (records)", "aggregate": "aangeleverde aantallen",
             "registry": "programmaregistratie", "survey": "vragenlijst"},
    "kind": {"single": "indicator", "parts": "deel", "variants": "variant"},
}


@dataclass(frozen=True)
class Disclosure:
    """Small-number rules of a catalogue: threshold, rounding to a multiple (0: none), complement, and
    the protection level: the narrowest interval an attacker may derive for a suppressed count."""

    threshold: int
    rounding: int
    complement: bool
    protection: int = 3


@dataclass(frozen=True)
class Computation:
    """SQL over one record type: rows in ``denominator``; of those, rows in ``numerator``."""

    records: str
    area: str
    year: str
    denominator: str
    numerator: str


@dataclass(frozen=True)
class PublishedFigure:
    """A figure published in the source document (only the numbers the document gives)."""

    area: str
    period: str
    value: float | int | None = None  # as written in the catalogue (5.0 keeps its decimal)
    numerator: int | None = None
    denominator: int | None = None
    note: str | None = None

    @property
    def parsed_period(self) -> Period:
        return parse_period(self.period)


@dataclass(frozen=True)
class Measure:
    """The computable unit: an indicator, or one of its parts/variants, with every field resolved."""

    id: str
    indicator_id: str
    variant: str  # the part after the dot, or ""
    kind: str  # single | parts | variants
    label: str
    catalogue: str
    name: str
    short_name: str
    type: str
    action_lines: tuple[int, ...]
    goals: tuple[int, ...]
    numerator: str | None
    denominator: str | None
    unit: str
    polarity: str
    source: str
    reference: str
    belang: str | None
    notes: str | None
    aggregation: str
    counts_persons: bool
    data: str
    pooled_years: tuple[int, ...]
    figure_period: str  # latest | pooled: the figure users see (pooled: always the latest pooled window)
    survey: str | None  # the questionnaire behind the figure (gemeenten, professionals), for its response
    merged_facts: str  # all | any: how a merged gemeente's ja/nee facts combine (engine/facts.py)
    registered: bool  # False: no source registers it; the engine publishes "niet geregistreerd" for NL
    map_period: str  # latest | pooled: the period maps show (pooled: one window for every gemeente)
    pooled_windows: str  # latest | all: which pooled windows are published next to the single years
    area_levels: tuple[str, ...]  # the higher areas whose sums of gemeenten are published
    computation: Computation | None
    published: tuple[PublishedFigure, ...]
    definition_version: str
    threshold: int
    rounding: int
    complement: bool
    protection: int
    file: str = ""  # the catalogue file and the line of the measure (or its indicator), for messages
    line: int = 0
    # Measures every person of this one is counted by (at least one of them), among the same denominators.
    within: tuple[str, ...] = ()
    # Measures whose denominators count every person this one's denominator counts.
    population_within: tuple[str, ...] = ()
    # Those of them whose difference with this one may be published (it counts no protected condition).
    public_difference: tuple[str, ...] = ()

    @property
    def share(self) -> bool:
        """A percentage or a rate per 1000: the numerator counts part of the denominator."""
        return self.unit in ("percentage", "per_1000")

    @property
    def has_denominator(self) -> bool:
        """False for a count, which has a numerator only."""
        return self.unit != "count"

    @property
    def complement_protected(self) -> bool:
        """Whether the complement (denominator minus numerator) of a percentage is protected too."""
        return self.complement and self.unit == "percentage"

    @property
    def computable_from_records(self) -> bool:
        return self.computation is not None

    @property
    def title(self) -> str:
        """The name users read: ``Big2: ≥ 24 weken, alle geboren kinderen``, ``Vroeggeboorte (< 37 weken)``."""
        return display_title(self.short_name, self.label, self.kind)


def display_title(short_name: str, label: str, kind: str) -> str:
    """A measure's short name with its label, without saying the same word twice."""
    if kind == "single" or label == short_name:
        return short_name
    if label.startswith(short_name):
        return label
    return f"{short_name}: {label}"


@dataclass(frozen=True)
class Indicator:
    """An indicator as the source document defines it; ``measures`` are its computable units."""

    id: str
    catalogue: str
    name: str
    short_name: str
    type: str
    action_lines: tuple[int, ...]
    goals: tuple[int, ...]
    numerator: str | None
    denominator: str | None
    unit: str
    polarity: str
    source: str
    reference: str
    belang: str | None
    notes: str | None
    aggregation: str
    counts_persons: bool
    data: str
    pooled_years: tuple[int, ...]
    figure_period: str
    survey: str | None
    merged_facts: str
    registered: bool
    map_period: str
    pooled_windows: str
    computation: Computation | None
    measures: tuple[Measure, ...]
    line: int

    @property
    def has_measures(self) -> bool:
        """True when the indicator is computed as parts or variants rather than as itself."""
        return not (len(self.measures) == 1 and self.measures[0].kind == "single")


@dataclass(frozen=True)
class Catalogue:
    """One catalogue file: its header and its indicators in file order."""

    key: str
    prefix: str
    name: str
    version: str
    source_document: str
    disclosure: Disclosure
    indicators: tuple[Indicator, ...]
    path: Path
    comparison_periods: int = 0  # a gemeente factsheet's table of its last N periods against NL (0: none)


class Catalogues:
    """Every loaded catalogue, with look-ups by catalogue key, indicator id and measure id."""

    def __init__(self, catalogues: Sequence[Catalogue]) -> None:
        self._catalogues = tuple(catalogues)
        self._by_key = {c.key: c for c in self._catalogues}
        self._indicators = {i.id: i for c in self._catalogues for i in c.indicators}
        self._measures = {m.id: m for i in self._indicators.values() for m in i.measures}

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Catalogues:
        """The shipped catalogues plus ``extra`` files; raises `CatalogueError` listing every problem.

        Loading is cached per set of files (and their modification times).
        """
        shipped = sorted(SHIPPED_DIR.glob("*.yaml"), key=_shipped_rank)
        paths = [*shipped, *(Path(p) for p in extra)]
        stamp = tuple((str(p), _mtime(p)) for p in paths)
        return _load_cached(stamp)

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> Catalogues:
        """Exactly these catalogue files (no shipped ones); raises `CatalogueError` on any problem."""
        raws = [read_located(Path(p)) for p in paths]
        problems = validate(raws)
        if problems:
            raise CatalogueError(problems, f"{len(problems)} probleem/problemen in de indicatorcatalogi")
        return cls([_build_catalogue(raw, Path(p)) for raw, p in zip(raws, paths)])

    def __iter__(self) -> Iterator[Catalogue]:
        return iter(self._catalogues)

    def __len__(self) -> int:
        return len(self._catalogues)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._by_key)

    def catalogue(self, key: str) -> Catalogue:
        """The catalogue with this key; `UnknownCatalogue` (Dutch message) if none."""
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownCatalogue(
                f"onbekende catalogus: {key!r} (bekend: {', '.join(self._by_key)})"
            ) from None

    def indicator(self, id: str) -> Indicator:
        """The indicator with this id (``ks07``); `UnknownIndicator` with a suggestion if none."""
        try:
            return self._indicators[id]
        except KeyError:
            raise UnknownIndicator(_unknown_message(id, self._indicators)) from None

    def measure(self, id: str) -> Measure:
        """The measure with this id (``ks12.a``, or ``ks07`` for a single indicator)."""
        try:
            return self._measures[id]
        except KeyError:
            raise UnknownIndicator(_unknown_message(id, self._measures)) from None

    def indicators(self, catalogue: str | None = None) -> tuple[Indicator, ...]:
        """Indicators in catalogue and file order, optionally of one catalogue."""
        cats = [self.catalogue(catalogue)] if catalogue else self._catalogues
        return tuple(i for c in cats for i in c.indicators)

    def measures(self, catalogue: str | None = None) -> tuple[Measure, ...]:
        """Every computable measure in catalogue and file order, optionally of one catalogue."""
        return tuple(m for i in self.indicators(catalogue) for m in i.measures)


def _unknown_message(id: str, known: dict[str, object]) -> str:
    hint = difflib.get_close_matches(id, list(known), n=1)
    tip = f"; bedoelde je {hint[0]}?" if hint else ""
    return f"onbekende indicator: {id!r}{tip} (zie `kansrijk indicators`)"


def _shipped_rank(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (SHIPPED_ORDER.index(stem) if stem in SHIPPED_ORDER else len(SHIPPED_ORDER), stem)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=8)
def _load_cached(stamp: tuple[tuple[str, int], ...]) -> Catalogues:
    return Catalogues.from_files([Path(p) for p, _ in stamp])


# --- building the frozen objects from validated YAML -------------------------------------------------


def _build_catalogue(raw: RawFile, path: Path) -> Catalogue:
    data = raw.data
    assert isinstance(data, dict)  # guaranteed by validation
    key = data["catalogue"]
    disc = data["disclosure"]
    disclosure = Disclosure(disc["threshold"], disc["rounding"], disc["complement"],
                            disc.get("protection", Disclosure.protection))
    header = (key, data["version"], disclosure, str(path), tuple(data.get("area_levels", SUMMED_LEVELS)))
    indicators = tuple(_build_indicator(ind, header) for ind in data["indicators"])
    return Catalogue(key, data.get("prefix", key), data["name"], data["version"], data["source_document"],
                     disclosure, indicators, path, data.get("comparison_periods", 0))


def _build_indicator(raw: dict, header: tuple[str, str, Disclosure, str, tuple[str, ...]]) -> Indicator:
    fields = resolve(raw, None)  # type: ignore[arg-type]
    specs = raw.get("measures") or []
    line = getattr(raw, "line", 0)
    if specs:
        measures = tuple(_build_measure(resolve(raw, m), m, header, getattr(m, "line", line))  # type: ignore[arg-type]
                         for m in specs)
    else:
        measures = (_build_measure(fields, None, header, line),)
    return Indicator(
        id=raw["id"], catalogue=header[0], name=raw["name"], short_name=raw["short_name"], type=raw["type"],
        action_lines=tuple(raw["action_lines"]), goals=tuple(raw["goals"]),
        numerator=raw.get("numerator"), denominator=raw.get("denominator"), unit=raw["unit"],
        polarity=raw["polarity"], source=raw["source"], reference=raw["reference"],
        belang=raw.get("belang"), notes=raw.get("notes"), aggregation=raw["aggregation"],
        counts_persons=raw["counts_persons"], data=raw["data"], pooled_years=tuple(raw["pooled_years"]),
        **_options(raw), pooled_windows=raw.get("pooled_windows", DEFAULT_POOLED_WINDOWS),
        computation=_computation(raw.get("computation")), measures=measures, line=getattr(raw, "line", 0),
    )


def _build_measure(r: dict, spec: dict | None, header: tuple[str, str, Disclosure, str, tuple[str, ...]],
                   line: int) -> Measure:
    key, version, disclosure, file, area_levels = header
    mid = spec["id"] if spec else r["id"]
    indicator_id, _, variant = mid.partition(".")
    return Measure(
        id=mid, indicator_id=indicator_id, variant=variant, kind=spec["kind"] if spec else "single",
        label=spec["label"] if spec else r["short_name"], catalogue=key, name=r["name"],
        short_name=r["short_name"], type=r["type"], action_lines=tuple(r["action_lines"]),
        goals=tuple(r["goals"]), numerator=r.get("numerator"), denominator=r.get("denominator"),
        unit=r["unit"], polarity=r["polarity"], source=r["source"], reference=r["reference"],
        belang=r.get("belang"), notes=r.get("notes"), aggregation=r["aggregation"],
        counts_persons=r["counts_persons"], data=r["data"], pooled_years=tuple(r["pooled_years"]),
        **_options(r), pooled_windows=r.get("pooled_windows", DEFAULT_POOLED_WINDOWS),
        area_levels=tuple(r.get("area_levels", area_levels)),
        computation=_computation(r.get("computation")) if r["data"] == "records" else None,
        published=tuple(_figure(p) for p in r.get("published") or []),
        definition_version=version, threshold=disclosure.threshold, rounding=r.get("rounding", disclosure.rounding),
        complement=disclosure.complement, protection=disclosure.protection, file=file, line=line,
        within=tuple(r.get("within") or ()), population_within=tuple(r.get("population_within") or ()),
        public_difference=tuple(r.get("public_difference") or ()),
    )


def _options(raw: dict) -> dict[str, str | bool | None]:
    """``figure_period``, ``map_period`` (a map shows what the figure shows unless told otherwise),
    ``survey``, ``merged_facts`` and ``registered``."""
    figure = raw.get("figure_period", DEFAULT_MAP_PERIOD)
    return {"figure_period": figure, "map_period": raw.get("map_period", figure), "survey": raw.get("survey"),
            "merged_facts": raw.get("merged_facts", "all"), "registered": raw.get("registered", True)}


def _computation(raw: dict | None) -> Computation | None:
    if not raw:
        return None
    return Computation(raw["records"], raw["area"], raw["year"], raw["denominator"], raw["numerator"])


def _figure(raw: dict) -> PublishedFigure:
    return PublishedFigure(
        area=raw["area"], period=str(raw["period"]), value=raw.get("value"),
        numerator=raw.get("numerator"), denominator=raw.get("denominator"), note=raw.get("note"),
    )


# --- descriptions for the CLI and the docs -----------------------------------------------------------

DESCRIBE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"), ("catalogue", "catalogus"), ("indicator", "indicator"), ("kind", "soort"),
    ("short_name", "korte naam"), ("label", "label"), ("name", "naam"), ("type", "type"),
    ("unit", "eenheid"), ("polarity", "polariteit"), ("source", "bron"), ("reference", "jaar/peildatum"),
    ("data", "gegevens"), ("records", "records"), ("pooled_years", "meerjarig"),
    ("published", "gepubliceerde cijfers"), ("definition_version", "definitieversie"),
)


def describe(catalogues: Catalogues, catalogue_key: str | None = None) -> list[dict]:
    """One row per measure (keys as in `DESCRIBE_COLUMNS`, Dutch headings beside them), for listings.

    Raises `UnknownCatalogue` for an unknown ``catalogue_key``.
    """
    rows = []
    for m in catalogues.measures(catalogue_key):
        rows.append({
            "id": m.id, "catalogue": m.catalogue, "indicator": m.indicator_id, "kind": m.kind,
            "short_name": m.short_name, "label": m.label, "name": m.name, "type": m.type, "unit": m.unit,
            "polarity": m.polarity, "source": m.source, "reference": m.reference, "data": m.data,
            "records": m.computation.records if m.computation else None,
            "pooled_years": list(m.pooled_years), "published": len(m.published),
            "definition_version": m.definition_version,
        })
    return rows


def render_markdown(catalogues: Catalogues) -> str:
    """docs/indicators.md: every catalogue, indicator and measure, generated from the YAML."""
    out = [
        "# Indicatoren",
        "",
        "<!-- Gegenereerd uit src/kansrijk/data/catalogues/*.yaml door kansrijk.catalogue.render_markdown;",
        "     niet met de hand bewerken. Opnieuw maken: python -c 'from kansrijk.catalogue import",
        "     write_indicator_docs; write_indicator_docs()' -->",
        "",
        "Het formaat van de catalogi staat in [catalogue-format.md](catalogue-format.md).",
        "",
    ]
    for cat in catalogues:
        d = cat.disclosure
        out += [
            f"## {cat.key}: {cat.name}", "",
            f"Bron: {cat.source_document}. Definitieversie {cat.version}. Kleine aantallen: drempel "
            f"{d.threshold}, afronding {'op ' + str(d.rounding) + '-tallen' if d.rounding else 'geen'}, "
            f"complement {'ook onderdrukt' if d.complement else 'niet onderdrukt'}.", "",
            "| id | naam | type | eenheid | bron | gegevens |", "| --- | --- | --- | --- | --- | --- |",
        ]
        out += [f"| {i.id} | {_cell(i.name)} | {i.type} | {LABELS['unit'][i.unit]} | {_cell(i.source)} | "
                f"{LABELS['data'][i.data]} |" for i in cat.indicators]
        out.append("")
        for ind in cat.indicators:
            out += _render_indicator(ind)
    return "\n".join(out).rstrip() + "\n"


def _render_indicator(ind: Indicator) -> list[str]:
    goals = ", ".join(map(str, ind.goals))
    lines = [
        f"### {ind.id}: {ind.name}", "",
        f"- **Type**: {ind.type}; actielijn {', '.join(map(str, ind.action_lines))}; doel {goals}",
        f"- **Eenheid**: {LABELS['unit'][ind.unit]}; {LABELS['polarity'][ind.polarity]}",
        f"- **Bron**: {ind.source}; {ind.reference}",
        f"- **Gegevens**: {LABELS['data'][ind.data]}; {LABELS['aggregation'][ind.aggregation]}; "
        f"{'personen (drempel geldt)' if ind.counts_persons else 'geen personen'}"
        + (f"; ook {', '.join(f'{n}-jaarscijfers' for n in ind.pooled_years)}" if ind.pooled_years else "")
        + ("; het cijfer is steeds het meest recente meerjarige cijfer" if ind.figure_period == "pooled"
           else "; de kaart toont het meest recente meerjarige cijfer" if ind.map_period == "pooled" else ""),
    ]
    if ind.numerator:
        lines.append(f"- **Teller**: {ind.numerator}")
    if ind.denominator:
        lines.append(f"- **Noemer**: {ind.denominator}")
    if ind.belang:
        lines.append(f"- **Belang**: {ind.belang}")
    if ind.notes:
        lines.append(f"- **Toelichting**: {ind.notes}")
    if ind.computation and not ind.has_measures:
        c = ind.computation
        lines.append(f"- **Berekening** ({c.records}, jaar `{c.year}`): noemer `{c.denominator}`; "
                     f"teller `{c.numerator}`")
    lines.append("")
    if ind.has_measures:
        lines += ["| measure | soort | label | teller (records) | noemer (records) |",
                  "| --- | --- | --- | --- | --- |"]
        for m in ind.measures:
            c = m.computation
            lines.append(f"| {m.id} | {LABELS['kind'][m.kind]} | {_cell(m.label)} | "
                         f"{'`' + c.numerator + '`' if c else ''} | {'`' + c.denominator + '`' if c else ''} |")
        lines.append("")
    figures = [(m, f) for m in ind.measures for f in m.published]
    if figures:
        lines += ["| measure | gebied | periode | waarde | teller | noemer |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for m, f in figures:
            note = f" ({f.note})" if f.note else ""
            lines.append(f"| {m.id} | {f.area} | {f.period}{note} | {_number(f.value)} | "
                         f"{_number(f.numerator)} | {_number(f.denominator)} |")
        lines.append("")
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value).replace(".", ",")


def write_indicator_docs(path: Path | None = None) -> Path:
    """Regenerate docs/indicators.md (or ``path``) from the shipped catalogues; returns the path."""
    target = path or Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
    target.write_text(render_markdown(Catalogues.load()), encoding="utf-8")
    return target
