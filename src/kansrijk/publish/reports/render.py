"""Factsheets in HTML and PDF from one set of Jinja templates: gemeente, region and national.

The page context comes from :mod:`kansrijk.publish.context` (the ``published`` table only); charts
are offline SVG inlined in the HTML; the PDF is the same HTML laid out by WeasyPrint (no browser).
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kansrijk.areas import NL_CODE, AreaRegistry
from kansrijk.catalogue import DEFAULT_CATALOGUE, Catalogues
from kansrijk.errors import KansrijkError, ReportError
from kansrijk.menukaart import Intervention, menukaart
from kansrijk.publish import formatting
from kansrijk.publish.context import (
    AreaProfile,
    Figure,
    IndicatorView,
    PublishedData,
    area_profile,
    national_page,
    region_table,
)
from kansrijk.publish.menukaart import offers_for
from kansrijk.publish.programme_overview import programme_overview
from kansrijk.publish.charts import palette
from kansrijk.publish.reports import charts
from kansrijk.publish.reports.usertext import markdown_to_html, text_for
from kansrijk.intake.quality import missing_values
from kansrijk.programme.summaries import Summary, saved_summaries
from kansrijk.store import Store
from kansrijk import dutch, vocabulary

HERE = Path(__file__).parent
FORMATS = ("html", "pdf")
SYNTHETIC_NOTICE = "Synthetische gegevens (demo) - geen echte cijfers"


@dataclass(frozen=True)
class Rendered:
    """One written report: the area and the files made."""

    area_code: str
    area_name: str
    paths: tuple[Path, ...]


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["j2", "html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["count"] = formatting.count
    env.filters["svg"] = lambda s: Markup(s) if s else ""
    env.filters["zip"] = lambda a, b: list(zip(a, b))
    env.globals.update(
        benchmark_label=lambda key: palette.benchmark_phrase(key) if key in vocabulary.BENCHMARKS else "",
        trend_label=vocabulary.trend_label,
        status_label=vocabulary.status_label,
        css=Markup((HERE / "report.css").read_text(encoding="utf-8")),
        notice=SYNTHETIC_NOTICE,
    )
    return env


_ENV: Environment | None = None


def environment() -> Environment:
    """The shared Jinja environment (templates and CSS read once)."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def blocks(profile: AreaProfile, whole_indicators: bool = False) -> list[tuple[str, list[list[IndicatorView]]]]:
    """Per action line, the indicators as blocks: a variants indicator (Big2) is one block of all its
    definitions side by side, every other measure a block of one; with ``whole_indicators`` every
    indicator is one block of its measures (the national factsheet's page per indicator)."""
    out = []
    for group, views in profile.groups():
        grouped: list[list[IndicatorView]] = []
        for view in views:
            joins = whole_indicators or view.kind == "variants"
            if joins and grouped and grouped[-1][0].indicator_id == view.indicator_id:
                grouped[-1].append(view)
            else:
                grouped.append([view])
        out.append((group, grouped))
    return out


def _sources(profile: AreaProfile) -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for view in profile.indicators:
        seen.setdefault(view.indicator_id, (view.short_name, view.definition.source,
                                            view.definition.definition_version))
    return list(seen.values())


def _common(profile: AreaProfile, text: Markup | None) -> dict[str, Any]:
    return {"p": profile, "blocks": blocks(profile), "sources": _sources(profile), "user_text": text}


def gemeente_html(profile: AreaProfile, text: Markup | None = None,
                  offers: Sequence[tuple[Intervention, str]] = ()) -> str:
    """The gemeente (or any single area) factsheet as one HTML document; ``offers`` says per
    intervention of the menukaart whether the gemeente offers it."""
    figures = {
        view.id: {"compare": charts.comparison(view, profile.area_name),
                  "trend": charts.trend(view, profile.area_name, profile.region_name)}
        for view in profile.indicators
    }
    return environment().get_template("gemeente.html.j2").render(**_common(profile, text), charts=figures,
                                                                 offers=offers)


def region_html(data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, code: str,
                year: int | None, text: Markup | None = None, made: date | None = None,
                compare: str | None = None) -> str:
    """The regional report: the region's figures against the region holding it (or ``compare``) and
    NL, a member x indicator table and small multiples."""
    table = region_table(data, catalogues, areas, code, year, made, compare)
    multiples = {v.id: charts.members_multiples(table, v) for v in table.profile.indicators}
    return environment().get_template("region.html.j2").render(
        **_common(table.profile, text), table=table, multiples=multiples)


RANKED = 5  # the national factsheet names this many best and worst gemeenten per indicator


def ranking(figures: Sequence[Figure], polarity: str, count: int = RANKED) -> tuple[list[Figure], list[Figure]]:
    """The ``count`` best and worst published gemeenten (by value; for an indicator without a
    judgement the highest and lowest), each best first."""
    shown = [f for f in figures if f.published and not f.fact and f.value is not None]
    if len(shown) < 2 * count:
        return [], []
    ordered = sorted(shown, key=lambda f: (f.value, f.area_name), reverse=polarity != "lower_is_better")
    return ordered[:count], ordered[-count:][::-1]


def recent_periods(views: Sequence[IndicatorView], count: int = 3) -> list[str]:
    """The last ``count`` single-year periods of a set of national series, oldest first."""
    periods = sorted({f.period for v in views for f in v.series if not f.pooled}, key=lambda p: (len(p), p))
    return periods[-count:]


def national_html(data: PublishedData, catalogues: Catalogues, areas: AreaRegistry,
                  year: int | None, text: Markup | None = None, made: date | None = None) -> str:
    """The national factsheet: the dashboard, then one page per indicator: its figure, trend and map
    with the best and worst gemeenten, or for an indicator with parts or definitions a table of each
    over the last years (as Table 1 of the factsheet 2020 does for Big2)."""
    page = national_page(data, catalogues, areas, year, made)
    indicators = blocks(page.profile, whole_indicators=True)
    figures: dict[str, dict[str, Any]] = {}
    for _group, grouped in indicators:
        for block in grouped:
            v = block[0]  # an indicator's page shows its first measure's map (and a lone measure's trend)
            items = list(page.gemeenten[v.id].values())
            # ja/nee facts on a map of their own (and not ranked); no empty map when no gemeente is published
            facts = any(f.fact for f in items)
            skip = facts or not any(f.published for f in items)
            chosen = (charts.fact_map(page.gemeenten[v.id], f"{v.short_name}: gemeenten met ja en nee") if facts
                      else None if skip else charts.national_map(page, v))
            figures[v.id] = {"trend": charts.trend(v, "Nederland", None) if len(block) == 1 else None,
                             "map": chosen, "ranking": ([], []) if skip else ranking(items, v.polarity)}
    return environment().get_template("national.html.j2").render(
        **_common(page.profile, text), page=page, charts=figures, indicators=indicators,
        recent_periods=recent_periods, programme=data.programme, long_date=dutch.long_date,
        programme_maps=charts.programme_maps(data.programme),
        indicator_notes={i.id: i.notes for c in catalogues for i in c.indicators},
        percent=formatting.percent)


_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)


def _svg_image(match: re.Match[str]) -> str:
    svg = match.group(0)
    title = _SVG_TITLE.search(svg)
    alt = title.group(1) if title else ""  # already escaped in the SVG source
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def svg_as_images(html: str) -> str:
    """Inline SVG charts as ``<img>`` data URIs (alt text = the chart title), for the PDF only.

    WeasyPrint then draws each chart as an image instead of styling every SVG element through the
    page's CSS cascade: the same drawing, about 15% less layout time per factsheet.
    """
    return _SVG.sub(_svg_image, html)


def write_pdf(html: str, path: Path) -> None:
    """Lay out ``html`` as an A4 PDF with WeasyPrint (fonts: DejaVu; nothing fetched), tagged as
    PDF/UA-1 so a screen reader follows headings, lists and tables, with each chart's title as its
    alternative text."""
    from weasyprint import HTML  # imported late: loading pango takes a moment

    try:
        HTML(string=svg_as_images(html), base_url=str(HERE)).write_pdf(path, pdf_variant="pdf/ua-1")
    except Exception as exc:  # WeasyPrint raises many kinds; translate once, at this boundary
        raise ReportError(f"PDF maken mislukt voor {path.name}: {exc}") from exc


def area_html(data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, code: str,
              year: int | None = None, text: Markup | None = None, made: date | None = None,
              compare: str | None = None, menu: dict[str, PublishedData] | None = None) -> str:
    """The right report for an area: national for NL01, regional above gemeente, else a factsheet;
    compared with NL and with ``compare`` (default: the region holding the area). ``menu`` holds the
    published data of the other catalogues that say which gemeente offers what (the menukaart; a
    gemeente factsheet of the national set lists it)."""
    level = areas.get(code).level
    if code == NL_CODE:
        return national_html(data, catalogues, areas, year, text, made)
    if level != "gemeente":
        return region_html(data, catalogues, areas, code, year, text, made, compare)
    offers = (offers_for({**(menu or {}), data.catalogue: data}, catalogues, code, year)
              if data.catalogue == DEFAULT_CATALOGUE else [])
    return gemeente_html(area_profile(data, catalogues, areas, code, year, made, compare), text, offers)


def menu_data(store: Store, catalogues: Catalogues, loaded: str) -> dict[str, PublishedData]:
    """The published data of every other catalogue than ``loaded`` that a menukaart intervention's
    indicator belongs to."""
    out = {}
    for cat in sorted({catalogues.measure(i.measure).catalogue for i in menukaart() if i.measure} - {loaded}):
        try:
            out[cat] = PublishedData.load(store, cat)
        except KansrijkError:  # nothing published for that catalogue: its offers are unknown
            continue
    return out


def _file_stem(code: str, name: str, catalogue: str) -> str:
    """``gm0392-haarlem`` for the national set, ``gm0392-haarlem-haarlem`` for another: reports of
    two catalogues for one area never overwrite each other."""
    safe = "".join(ch if ch.isalnum() else "-" for ch in name.replace("'", "")).strip("-")
    suffix = "" if catalogue == DEFAULT_CATALOGUE else f"-{catalogue}"
    return f"{code}-{safe}{suffix}".lower()


@dataclass(frozen=True)
class _Job:
    """What every worker needs to write reports: loaded once, inherited (fork) or sent once (spawn)."""

    data: PublishedData
    catalogues: Catalogues
    areas: AreaRegistry
    year: int | None
    out: Path
    formats: tuple[str, ...]
    text: Path | None
    made: date
    compare: str | None = None
    saved: dict[tuple[str, int], Summary] = field(default_factory=dict)  # approved texts per (area, edition)
    edition: int = 0  # the last year of the figures: which approved text belongs to this report
    menu: dict[str, PublishedData] = field(default_factory=dict)  # who offers what (menukaart)


_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _write_one(job: _Job, code: str) -> Rendered:
    name = job.areas.get(code).name
    html = area_html(job.data, job.catalogues, job.areas, code, job.year, _text(job, code), job.made, job.compare,
                     job.menu)
    stem = job.out / _file_stem(code, name, job.data.catalogue)
    paths = []
    if "html" in job.formats:
        stem.with_suffix(".html").write_text(html, encoding="utf-8")
        paths.append(stem.with_suffix(".html"))
    if "pdf" in job.formats:
        write_pdf(html, stem.with_suffix(".pdf"))
        paths.append(stem.with_suffix(".pdf"))
    return Rendered(code, name, tuple(paths))


def _text(job: _Job, code: str) -> Markup | None:
    """The text given with ``--text``, else the approved text of this area and edition, with who
    approved it and when."""
    given = text_for(job.text, code)
    saved = job.saved.get((code, job.edition))
    if given is not None or saved is None:
        return given
    approval = Markup('<p class="approval">Vastgesteld door {} op {}.</p>\n').format(
        saved.approved_by, dutch.long_date(saved.approved_at.date()))
    return approval + markdown_to_html(saved.text)


def _worker_write(code: str) -> Rendered:
    if _WORKER_JOB is None:  # pragma: no cover - the pool initializer always runs first
        raise ReportError("interne fout: rapportwerker zonder gegevens gestart")
    return _write_one(_WORKER_JOB, code)


def default_workers(formats: Sequence[str], count: int) -> int:
    """Worker processes for ``count`` reports: one per core (at most 8) for more than a handful of
    areas (charts and WeasyPrint layout are CPU-bound); a few areas are made in this process."""
    if count < (2 if "pdf" in formats else 8):
        return 1
    return max(1, min(8, os.cpu_count() or 1, count))


def render_reports(
    store: Store,
    catalogues: Catalogues,
    areas: AreaRegistry,
    area: str | None = None,
    catalogue: str = "ks",
    year: int | None = None,
    out: Path = Path("."),
    formats: Sequence[str] = ("html",),
    text: Path | None = None,
    progress: Callable[[str], None] | None = None,
    all_gemeenten: bool = False,
    workers: int | None = None,
    compare: str | None = None,
) -> list[Rendered]:
    """Write the report(s) of ``area`` (a code or name) or, with ``all_gemeenten``, of every current
    gemeente, to ``out`` in each of ``formats``; ``progress`` is called with each area's name. Each
    area is compared with NL and with ``compare`` (a code or name; default: the region holding it).

    The published data are loaded once for all areas (region and NL series are built once and
    shared). With ``workers`` > 1 (default: :func:`default_workers`) the reports are written by that
    many worker processes; the result keeps the order of the areas.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ReportError(f"onbekend formaat {', '.join(unknown) or '(geen)'}; kies uit html, pdf")
    if all_gemeenten == (area is not None):
        raise ReportError("geef een gebied (--area) of kies --all voor alle gemeenten")
    if workers is not None and workers < 1:
        raise ReportError("het aantal werkprocessen moet minstens 1 zijn")
    codes = [a.code for a in areas.gemeenten()] if all_gemeenten else [areas.resolve(str(area)).code]
    data = PublishedData.load(store, catalogue)
    if NL_CODE in codes and catalogue == DEFAULT_CATALOGUE:
        data.programme = programme_overview(store, areas)
    kinds = {m.computation.records for m in catalogues.measures(catalogue) if m.computation is not None}
    if kinds:
        missing = missing_values(store, areas)
        data.missing = missing[missing["kind"].isin(kinds)]
    out.mkdir(parents=True, exist_ok=True)
    compared = areas.resolve(compare).code if compare else None
    edition = year or int(data.frame["period_end"].max())
    job = _Job(data, catalogues, areas, year, out, tuple(formats), text, date.today(), compared,
               saved_summaries(store, catalogue), edition,
               menu_data(store, catalogues, catalogue) if catalogue == DEFAULT_CATALOGUE and any(
                   areas.get(c).level == "gemeente" for c in codes) else {})
    count = workers or default_workers(formats, len(codes))
    made: dict[str, Rendered] = {}
    if count == 1:
        for code in codes:
            made[code] = _write_one(job, code)
            if progress:
                progress(made[code].area_name)
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(count, _init_worker, (job,)) as pool:
            for item in pool.imap_unordered(_worker_write, codes):
                made[item.area_code] = item
                if progress:
                    progress(item.area_name)
    return [made[code] for code in codes]
