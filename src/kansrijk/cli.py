"""The `kansrijk` command: parse, call one library function, present. Errors become one line, exit 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from kansrijk import __version__
from kansrijk.errors import KansrijkError, ProblemsError

F = TypeVar("F", bound=Callable[..., Any])

SYNTHETIC_NOTICE = "LET OP: synthetische gegevens (demo) - geen echte cijfers."
# The names of kansrijk.import_kinds.IMPORT_KINDS, written out so that `kansrijk --help` stays quick;
# a test checks that they agree.
IMPORT_KIND_NAMES = ("aggregates", "births", "households", "children", "jgz", "programme", "survey-gemeenten",
                     "survey-professionals", "statements", "contacts")


def friendly_errors(func: F) -> F:
    """Turn every KansrijkError into a one-line message (plus listed problems) and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProblemsError as exc:
            click.echo(f"Fout: {exc.summary}", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(1)
        except KansrijkError as exc:
            click.echo(f"Fout: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="DuckDB-bestand (standaard: kansrijk.duckdb in de gebruikersmap, of $KANSRIJK_DB).",
    )(func)


SERVER_ENV = "KANSRIJK_SERVER"


def server_option(func: F) -> F:
    return click.option(
        "--server", "server", envvar=SERVER_ENV, default=None, metavar="URL",
        help="PostgreSQL-database in plaats van een DuckDB-bestand, bv. postgresql://kansrijk@db/kansrijk "
             "(of $KANSRIJK_SERVER).",
    )(func)


def chosen_server(db: Path | None, server: str | None) -> str | None:
    """The PostgreSQL URL to work on, or None for the DuckDB file; an explicit --db wins over $KANSRIJK_SERVER."""
    if server is None or db is None:
        return server
    if click.get_current_context().get_parameter_source("server") is ParameterSource.ENVIRONMENT:
        return None
    raise click.UsageError("kies --db of --server, niet allebei")


@contextmanager
def steps_bar(label: str, steps: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar over named steps, on stderr; the callback advances it."""
    with click.progressbar(length=len(steps), label=label, file=sys.stderr, show_pos=True) as bar:
        seen: set[str] = set()

        def advance(step: str) -> None:
            if step not in seen:
                seen.add(step)
                bar.label = f"{label}: {step}"
                bar.update(1)

        yield advance


# Findings of the audit listed one by one at most; the rest are counted.
MAX_LISTED = 200


def _echo_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    widths = {c: max([len(c)] + [len(str(r.get(c, "") or "")) for r in rows]) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    click.echo("  ".join("-" * widths[c] for c in columns))
    for row in rows:
        click.echo("  ".join(str(row.get(c, "") or "").ljust(widths[c]) for c in columns))


@click.group()
@click.version_option(__version__, prog_name="kansrijk")
def cli() -> None:
    """Monitor Kansrijke Start: indicatoren per gemeente, regio en Nederland.

    \b
    Voorbeeld:
      kansrijk demo
    """


@cli.command()
@click.option("--catalogue", "catalogue", default=None, help="Alleen deze catalogus (ks, gm, haarlem, vws).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def indicators(catalogue: str | None, fmt: str) -> None:
    """Toon de indicatoren van de catalogi.

    \b
    Voorbeeld:
      kansrijk indicators --catalogue ks --format json
    """
    from kansrijk.catalogue import Catalogues, describe

    rows = describe(Catalogues.load(), catalogue)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _echo_table(rows, ["id", "short_name", "type", "unit", "polarity", "source"])


@cli.command()
@click.option("--level", default=None, help="gemeente, provincie, ggd, jeugdregio, regio of land.")
@click.option("--regions", "region_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra bestand met eigen regio's (YAML).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def areas(level: str | None, region_files: tuple[Path, ...], fmt: str) -> None:
    """Toon gemeenten, provincies, GGD-regio's, jeugdregio's, eigen regio's en Nederland.

    \b
    Voorbeeld:
      kansrijk areas --level ggd
    """
    from kansrijk.areas import AreaRegistry, describe_areas

    rows = describe_areas(AreaRegistry.load(region_files), level)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = [c for c in ("code", "name", "level", "valid_from", "valid_to", "successor") if any(c in r for r in rows)]
    _echo_table(rows, columns)


@cli.command()
@click.option("--catalogue", default=None, help="Catalogus (ks, gm, haarlem, vws); zonder --measure: al zijn "
              "indicatoren met aangeleverde aantallen.")
@click.option("--measure", "measures", multiple=True, help="Indicator, bv. gm08.phb (herhaalbaar).")
@click.option("--area", "areas_", multiple=True, required=True,
              help="Regio (bv. RGGM) of gemeente (code of naam); herhaalbaar.")
@click.option("--year", type=int, required=True, help="Jaar van de aantallen.")
@click.option("--title", default=None, help="Titel op het werkblad Uitleg.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Het .xlsx-bestand.")
@friendly_errors
def template(catalogue: str | None, measures: tuple[str, ...], areas_: tuple[str, ...], year: int,
             title: str | None, out: Path) -> None:
    """Maak een invulsjabloon (Excel) voor partners: per indicator en gemeente een regel.

    Het ingevulde sjabloon wordt ingelezen met `kansrijk import`.

    \b
    Voorbeeld:
      kansrijk template --catalogue gm --measure gm08.phb --measure gm08.voorzorg \\
        --area RGGM --year 2023 --out sjabloon.xlsx
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.portal.template import template_gemeenten, template_measures, write_template

    chosen = template_measures(Catalogues.load(), catalogue, measures)
    gemeenten = template_gemeenten(AreaRegistry.load(), areas_, year)
    write_template(out, chosen, gemeenten, year, title=title)
    click.echo(f"{out}: {len(chosen) * len(gemeenten)} regels ({len(chosen)} indicatoren x "
               f"{len(gemeenten)} gemeenten) om in te vullen")


def store_options(func: F) -> F:
    """``--db`` and ``--server``: the store a command works on."""
    return db_option(server_option(func))


def import_options(func: F) -> F:
    """What every import command takes: the store, ``--synthetic``, ``--compute/--no-compute`` and the files."""
    func = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))(func)
    func = click.option("--compute/--no-compute", default=True, show_default=True,
                        help="Daarna opnieuw berekenen.")(func)
    func = click.option("--synthetic", is_flag=True, help="Markeer de invoer als synthetisch (demo).")(func)
    return store_options(func)


def open_monitor(db: Path | None, server: str | None, writable: bool = False) -> Any:
    """The monitor over the chosen store (see :func:`chosen_server`)."""
    from kansrijk.monitor import Monitor

    url = chosen_server(db, server)
    return Monitor.open(url if url is not None else db, writable=writable)


def _compute(monitor: Any) -> int:
    from kansrijk.dutch import count

    with steps_bar("Berekenen", monitor.compute_steps) as advance:
        rows = monitor.compute(progress=advance)
    where = " en gepubliceerd in PostgreSQL" if monitor.on_server else ""
    click.echo(f"{count(rows)} resultaten berekend{where}")
    return rows


def _import(db: Path | None, server: str | None, kind: str, files: tuple[Path, ...], synthetic: bool,
            compute: bool) -> None:
    """The one import loop: import every file of one kind, say per file what happened, then recompute."""
    from kansrijk.import_kinds import import_kind
    from kansrijk.intake.quality import LABELS

    described = import_kind(kind)
    with open_monitor(db, server, writable=True) as monitor:
        for item in monitor.import_files(kind, files, synthetic=synthetic):
            if item.skipped_as_duplicate:
                click.echo(f"{item.file_name}: al eerder ingelezen, overgeslagen")
                continue
            rate = "" if item.response_rate is None else f" (respons {item.response_rate:.0%})".replace(".", ",")
            click.echo(f"{item.file_name}: {described.rows_text(item.rows)} ingelezen{rate}")
            for column, n in item.missing:
                label = LABELS.get((kind, column), column)
                click.echo(f"  {label} ({column}) onbekend in {n} {'rij' if n == 1 else 'rijen'}")
        if compute:
            _compute(monitor)


@cli.command(name="import")
@import_options
@click.option("--kind", type=click.Choice(IMPORT_KIND_NAMES), default="aggregates", show_default=True,
              help="Soort invoer (zie de lijst hierboven).")
@friendly_errors
def import_(db: Path | None, server: str | None, kind: str, synthetic: bool, compute: bool,
            files: tuple[Path, ...]) -> None:
    """Lees bestanden in (CSV, XLSX of Parquet); een bestand met fouten wordt helemaal niet ingelezen.

    Soorten invoer: aggregates (tellingen), births, households, children, jgz (records), programme
    (programmafeiten), survey-gemeenten en survey-professionals (vragenlijsten).

    \b
    Voorbeeld:
      kansrijk import --db monitor.duckdb tellingen_2023.xlsx
    """
    _import(db, server, kind, files, synthetic, compute)


@cli.command(name="import-registry")
@import_options
@friendly_errors
def import_registry_(db: Path | None, server: str | None, synthetic: bool, compute: bool,
                     files: tuple[Path, ...]) -> None:
    """Lees programmafeiten in (CSV of XLSX: feit, onderwerp, waarde, geldig vanaf).

    Hetzelfde als `kansrijk import --kind programme`. Een bestand met fouten wordt helemaal niet
    ingelezen; de geschiedenis blijft bewaard.

    \b
    Voorbeeld:
      kansrijk import-registry --db monitor.duckdb programmas_2020.xlsx
    """
    _import(db, server, "programme", files, synthetic, compute)


@cli.command(name="import-survey")
@import_options
@click.option("--kind", type=click.Choice(["gemeenten", "professionals"]), required=True,
              help="Vragenlijst onder gemeenten of onder professionals.")
@friendly_errors
def import_survey_(db: Path | None, server: str | None, kind: str, synthetic: bool, compute: bool,
                   files: tuple[Path, ...]) -> None:
    """Lees een vragenlijst in (een rij per respondent, CSV of XLSX).

    Hetzelfde als `kansrijk import --kind survey-gemeenten` of `--kind survey-professionals`.

    \b
    Voorbeeld:
      kansrijk import-survey --kind professionals --db monitor.duckdb vragenlijst_2024.xlsx
    """
    _import(db, server, f"survey-{kind}", files, synthetic, compute)


@cli.command(name="compute")
@store_options
@friendly_errors
def compute_(db: Path | None, server: str | None) -> None:
    """Bereken alle indicatoren opnieuw uit alle invoer, met onthullingscontrole.

    Met --server wordt gerekend op een werkkopie van de PostgreSQL-database en worden de nieuwe
    resultaten in één keer gepubliceerd.

    \b
    Voorbeeld:
      kansrijk compute --server postgresql://kansrijk@db/kansrijk
    """
    with open_monitor(db, server, writable=True) as monitor:
        _compute(monitor)


@cli.command(name="audit")
@store_options
@click.option("--indicator", "indicators_", multiple=True, help="Alleen deze indicator(en), bv. ks12.a.")
@friendly_errors
def audit_(db: Path | None, server: str | None, indicators_: tuple[str, ...]) -> None:
    """Controleer de publicatie zoals een aanvaller dat zou doen.

    Per klein aantal (te_klein) het interval dat uit alle gepubliceerde cijfers af te leiden is
    (lineair programma, aantallen niet negatief). Een klein aantal dat vastligt of in een interval
    smaller dan het beschermingsniveau valt, wordt genoemd; dan is de exitcode 1. Zo ook elk klein
    verschil tussen twee gepubliceerde indicatoren waarvan de ene populatie binnen de andere valt
    (population_within in de catalogus: alle geboorten min de levendgeborenen zijn de
    doodgeborenen) of waarvan de ene binnen de andere telt (within: Big2 min vroeggeboorte), en
    met lineaire programma's een klein verschil dat uit de gepubliceerde sommen volgt, ook waar een
    van de twee cijfers verborgen is (waar beide indicatoren cijfers hebben voor dezelfde gebieden
    en perioden). Naast de publicatie staat wat eerdere edities publiceerden (het grootboek): wat
    een aanvaller die ze bewaarde ook weet.
    Daarnaast het informatieverlies per indicator: extra onderdrukkingen per klein aantal, de
    grootste noemer die om privacyredenen verborgen is, en de cijfers die op hun niveau niet
    gepubliceerd worden omdat ze zo'n verschil zouden verraden.

    \b
    Voorbeeld:
      kansrijk audit --db monitor.duckdb --indicator ks12.a
    """
    from kansrijk.dutch import number
    from kansrijk.errors import DisclosureError

    with open_monitor(db, server) as monitor:
        audits = monitor.audit(indicators_)
    rows = []
    for a in audits:
        rows.append({
            "indicator": a.indicator, "te_klein": str(a.primary), "privacy": str(a.secondary),
            "privacy per te_klein": number(a.secondary / a.primary, 2) if a.primary else "",
            "voor een verschil": str(a.withheld) if a.withheld else "",
            "grootste verborgen noemer": number(a.largest_hidden_denominator, 0)
            if a.largest_hidden_denominator is not None else "",
            "af te leiden": str(len(a.findings)), "seconden": number(a.seconds, 1),
        })
    _echo_table(rows, list(rows[0]) if rows else ["indicator"])
    findings = [f for a in audits for f in a.findings]
    if findings:
        click.echo("")
        _echo_table([{"indicator": f.indicator, "gebied": f.area_code, "periode": f.period, "aantal": f.count,
                      "interval": f"{number(f.lower, 2)}-{number(f.upper, 2)}"} for f in findings[:MAX_LISTED]],
                    ["indicator", "gebied", "periode", "aantal", "interval"])
        if len(findings) > MAX_LISTED:
            click.echo(f"... en {number(len(findings) - MAX_LISTED, 0)} meer (per indicator: de tabel hierboven)")
        raise DisclosureError(f"{number(len(findings), 0)} kleine aantallen zijn te nauw af te leiden uit de publicatie")
    click.echo(f"Geen klein aantal af te leiden ({sum(a.primary for a in audits)} gecontroleerd, met de verschillen "
               "tussen indicatoren waarvan de ene populatie binnen de andere valt).")


@cli.command(name="quality")
@store_options
@click.option("--area", default=None, help="Per jaar voor deze gemeente (code of naam) in plaats van per jaar voor heel Nederland.")
@friendly_errors
def quality_(db: Path | None, server: str | None, area: str | None) -> None:
    """Toon wat er in de ingelezen records ontbreekt: per gegeven en jaar het aantal lege waarden.

    Voor de analist (het zijn aantallen personen, ook kleine): niet om te publiceren.

    \b
    Voorbeeld:
      kansrijk quality --db monitor.duckdb --area Haarlem
    """
    from kansrijk.dutch import count, number
    from kansrijk.intake.quality import LABELS

    with open_monitor(db, server) as monitor:
        totals, synthetic = monitor.quality(area)
    if synthetic:
        click.echo(SYNTHETIC_NOTICE)
    rows = [{
        "gegeven": LABELS[(r.kind, r.column)], "kolom": r.column, "jaar": str(r.year),
        "leeg": count(r.missing), "records": count(r.total),
        "procent": number(100 * r.missing / r.total, 2) if r.total else "",
    } for r in totals.itertuples()]
    _echo_table(rows, ["gegeven", "kolom", "jaar", "leeg", "records", "procent"])
    if synthetic:
        click.echo(SYNTHETIC_NOTICE)


@cli.command(name="export")
@store_options
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Uitvoerbestand (csv en json mogen naar het scherm).")
@click.option("--indicator", "indicators_", multiple=True, help="Alleen deze indicator(en), bv. ks12.a.")
@click.option("--area", "area_codes", multiple=True, help="Alleen deze gebiedscode(s), bv. GM0363.")
@click.option("--catalogue", default=None, help="Alleen deze catalogus.")
@click.option("--dialect", type=click.Choice(["machine", "nl"]), default="machine", show_default=True,
              help="CSV: machine (komma, decimale punt) of nl (puntkomma, decimale komma; opent goed in Excel).")
@friendly_errors
def export_(db: Path | None, server: str | None, fmt: str, out: Path | None, indicators_: tuple[str, ...],
            area_codes: tuple[str, ...], catalogue: str | None, dialect: str) -> None:
    """Schrijf alle gepubliceerde resultaten als open data (onderdrukte waarden leeg, met reden).

    CSV en XLSX geven waarden afgerond op de decimalen van de indicator; Parquet en JSON in volle
    precisie.

    \b
    Voorbeeld:
      kansrijk export --format xlsx --out kansrijk.xlsx
      kansrijk export --format csv --dialect nl --out kansrijk.csv
    """
    from kansrijk.publish.export import ResultFilter, to_text

    selection = ResultFilter(indicators=indicators_, areas=area_codes, catalogue=catalogue)
    with open_monitor(db, server) as monitor:
        if out is None:
            click.echo(to_text(monitor.published(selection), fmt, dialect))
            return
        rows = monitor.export(fmt, out, selection, dialect)
    click.echo(f"{rows} rijen geschreven naar {out}", err=True)


@cli.command()
@store_options
@click.option("--area", "area", default="NL01", show_default=True, help="Gebiedscode of naam.")
@click.option("--catalogue", default="ks", show_default=True)
@friendly_errors
def dashboard(db: Path | None, server: str | None, area: str, catalogue: str) -> None:
    """Toon het dashboard: per indicator het meest recente cijfer voor een gebied.

    \b
    Voorbeeld:
      kansrijk dashboard --area Haarlem
    """
    with open_monitor(db, server) as monitor:
        print_dashboard(monitor.tiles(area, catalogue))


def print_dashboard(found: list[Any]) -> None:
    from kansrijk.vocabulary import PUBLISHED, status_label, trend_label

    if any(t.synthetic for t in found):
        click.echo(SYNTHETIC_NOTICE)
    rows = [
        {
            "indicator": t.indicator,
            "naam": t.short_name,
            "periode": t.period_text,
            "waarde": t.value_text if t.status == PUBLISHED else status_label(t.status),
            "95%-interval": t.interval_text,
            "trend": trend_label(t.trend),
        }
        for t in found
    ]
    _echo_table(rows, ["indicator", "naam", "periode", "waarde", "95%-interval", "trend"])
    if any(t.synthetic for t in found):
        click.echo(SYNTHETIC_NOTICE)


@cli.command()
@db_option
@click.option("--seed", default=2020, show_default=True, help="Startwaarde van de toevalsgenerator.")
@friendly_errors
def demo(db: Path | None, seed: int) -> None:
    """Maak de synthetische landelijke demodatabase en toon het landelijke dashboard.

    \b
    Voorbeeld:
      kansrijk demo --db demo.duckdb
    """
    from kansrijk.demo.pipeline import DEMO_STEPS

    with open_monitor(db, None, writable=True) as monitor:
        with steps_bar("Demo", DEMO_STEPS) as advance:
            monitor.build_demo(seed=seed, progress=advance)
        click.echo(f"Demodatabase: {monitor.location}")
        print_dashboard(monitor.tiles("NL01", "ks"))


@cli.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Poort.")
@friendly_errors
def serve(db: Path | None, server: str | None, host: str, port: int) -> None:
    """Start het openbare dashboard en de open-data-API (HTML, JSON, CSV).

    Met --server komen de cijfers uit PostgreSQL en ververst het dashboard na elke herberekening;
    dan is er ook het portaal voor partners op /portaal (aanleveren, beoordelen, register).

    \b
    Voorbeeld:
      kansrijk serve --db monitor.duckdb --port 8000
    """
    import uvicorn

    with open_monitor(db, server) as monitor:
        app, synthetic = monitor.web_app()
    if synthetic is None:
        click.echo("Nog geen resultaten: het dashboard toont ze na de eerste berekening.", err=True)
    click.echo(f"Dashboard op http://{host}:{port}/ (stoppen: Ctrl+C)", err=True)
    if synthetic:
        click.echo(SYNTHETIC_NOTICE, err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@store_options
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Doelmap.")
@friendly_errors
def site(db: Path | None, server: str | None, out: Path) -> None:
    """Schrijf de hele openbare site als statische bestanden (voor elke webserver of CDN).

    \b
    Voorbeeld:
      kansrijk site --db monitor.duckdb --out publiek/
    """
    with open_monitor(db, server) as monitor:
        count = monitor.site(out, progress=lambda step: click.echo(f"Site: {step}", err=True))
    click.echo(f"{count} bestanden geschreven in {out}")


@cli.command()
@store_options
@click.option("--area", "area", default=None, help="Gebiedscode of naam (gemeente, regio of NL01).")
@click.option("--all", "all_gemeenten", is_flag=True, help="Een factsheet voor elke gemeente.")
@click.option("--catalogue", default="ks", show_default=True)
@click.option("--year", type=int, default=None, help="Laatste jaar in de factsheet (standaard: het meest recente).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Uitvoermap.")
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf of html,pdf.")
@click.option("--text", type=click.Path(exists=True, path_type=Path), default=None,
              help="Markdown met samenvatting en aanbevelingen (bestand, of map met <CODE>.md).")
@click.option("--compare", default=None,
              help="Vergelijk behalve met Nederland met dit gebied (standaard: de regio waar het gebied in ligt; "
                   "voor een gemeente de GGD-regio).")
@friendly_errors
def report(db: Path | None, server: str | None, area: str | None, all_gemeenten: bool, catalogue: str,
           year: int | None, out: Path, formats: str, text: Path | None, compare: str | None) -> None:
    """Maak factsheets (HTML en PDF) per gemeente, regio of voor Nederland.

    Een gebied wordt vergeleken met Nederland en met de regio waar het in ligt (regio Zuid met
    Gelderland-Midden), of met het gebied van --compare.

    \b
    Voorbeeld:
      kansrijk report --area "Regio Zuid" --catalogue gm --out rapport --format html,pdf
    """
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    with open_monitor(db, server) as monitor:
        count = len(monitor.areas.gemeenten()) if all_gemeenten else 1
        with click.progressbar(length=count, label="Factsheets", file=sys.stderr, show_pos=True) as bar:
            made = monitor.report(area=area, catalogue=catalogue, year=year, out=out, formats=chosen, text=text,
                                  progress=lambda _name: bar.update(1), all_gemeenten=all_gemeenten,
                                  compare=compare)
    for item in made:
        for path in item.paths:
            click.echo(str(path))


@cli.command()
@store_options
@click.option("--area", "area", required=True, help="Gebiedscode of naam (gemeente of regio).")
@click.option("--catalogue", default="ks", show_default=True)
@click.option("--compare", default=None, help="Vergelijk met dit gebied (standaard: de regio waar het in ligt).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown-bestand (zonder --out: naar het scherm).")
@friendly_errors
def draft(db: Path | None, server: str | None, area: str, catalogue: str, compare: str | None,
          out: Path | None) -> None:
    """Maak een concept voor samenvatting en aanbevelingen uit de gepubliceerde cijfers.

    Het concept noemt wat de cijfers laten zien (significante verschillen met de regio en Nederland,
    stijgingen en dalingen, wat niet wordt aangeboden of geregistreerd). Pas het aan en geef het aan
    `kansrijk report --text`.

    \b
    Voorbeeld:
      kansrijk draft --area "Regio Zuid" --catalogue gm --out zuid.md
    """
    with open_monitor(db, server) as monitor:
        text = monitor.draft(area, catalogue, compare)
    if out is None:
        click.echo(text)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"Concept geschreven naar {out}; pas het aan en gebruik het met kansrijk report --text {out}")


@cli.command()
@store_options
@click.option("--area", "area", required=True, help="Gebiedscode of naam (gemeente of regio).")
@click.option("--catalogue", default="ks", show_default=True)
@click.option("--file", "text_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="De vastgestelde tekst (Markdown), bv. het bewerkte concept van kansrijk draft.")
@click.option("--by", "approved_by", required=True, help="Naam van wie de tekst vaststelt.")
@click.option("--year", type=int, default=None,
              help="Editie: het laatste jaar van de cijfers (standaard: het laatste jaar in de database).")
@friendly_errors
def summary(db: Path | None, server: str | None, area: str, catalogue: str, text_file: Path, approved_by: str,
            year: int | None) -> None:
    """Sla een vastgestelde samenvatting met aanbevelingen op voor een gebied en editie.

    Elk volgend rapport van dat gebied en die editie neemt de tekst op, met wie hem vaststelde en
    wanneer (tenzij --text bij kansrijk report een andere tekst geeft). Een tekst die nog de
    conceptregel bevat, wordt geweigerd.

    \b
    Voorbeeld:
      kansrijk summary --area "Regio Zuid" --catalogue gm --file zuid.md --by "J. de Vries"
    """
    from kansrijk.programme.summaries import read_summary_file

    text = read_summary_file(text_file)
    with open_monitor(db, server, writable=True) as monitor:
        code, edition, new = monitor.save_summary(area, catalogue, text, approved_by, year, source=text_file.name)
    click.echo(f"Samenvatting voor {code} ({catalogue}, editie {edition}) "
               + ("opgeslagen; rapporten nemen hem op." if new else "was al zo opgeslagen."))


@cli.command()
@store_options
@click.option("--area", "area", required=True, help="Gemeente (code of naam).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf of beide.")
@friendly_errors
def wegwijzer(db: Path | None, server: str | None, area: str, out: Path, formats: str) -> None:
    """Maak de wegwijzer van een gemeente: één A4 met waar ouders terechtkunnen.

    De contacten van de gemeente en de regio komen uit kansrijk import --kind contacts; de
    landelijke contacten worden meegeleverd.

    \b
    Voorbeeld:
      kansrijk wegwijzer --area Ede --out wegwijzer
    """
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    with open_monitor(db, server) as monitor:
        for path in monitor.wegwijzer(area, out, chosen):
            click.echo(str(path))


@cli.command(name="migrate")
@click.option("--db", "db", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Het DuckDB-bestand om over te zetten.")
@click.option("--server", "server", envvar=SERVER_ENV, required=True, metavar="URL",
              help="De lege PostgreSQL-database, bv. postgresql://kansrijk@db/kansrijk (of $KANSRIJK_SERVER).")
@friendly_errors
def migrate_(db: Path, server: str) -> None:
    """Zet een hele DuckDB-database over naar een lege PostgreSQL-database (alles of niets).

    \b
    Voorbeeld:
      kansrijk migrate --db monitor.duckdb --server postgresql://kansrijk@db/kansrijk
    """
    from kansrijk.publish.formatting import count
    from kansrijk.server.migrate import migrate, migrate_steps
    from kansrijk.server.pgstore import PgStore

    with PgStore.open(server) as pg, steps_bar("Overzetten", migrate_steps()) as advance:
        counts = migrate(db, pg, progress=advance)
    _echo_table([{"tabel": name, "rijen": count(rows)} for name, rows in counts.items()], ["tabel", "rijen"])
    click.echo(f"{db} staat nu in PostgreSQL ({server.split('@')[-1]})")


# ---------------------------------------------------------------- portal (server mode)


def portal_server_option(func: F) -> F:
    return click.option(
        "--server", "server", envvar="KANSRIJK_SERVER", required=True,
        help="PostgreSQL-database van de server, bv. postgresql://kansrijk@db/kansrijk (of $KANSRIJK_SERVER).",
    )(func)


@contextmanager
def _portal_store(server: str) -> Iterator[Any]:
    from kansrijk.portal.schema import ensure_portal_schema
    from kansrijk.server.pgstore import PgStore

    with PgStore.open(server) as pg:
        ensure_portal_schema(pg)
        yield pg


@cli.group()
def portal() -> None:
    """Beheer het aanleverportaal: organisaties en gebruikers (alleen met een PostgreSQL-server).

    \b
    Voorbeeld:
      kansrijk portal add-organisation --server postgresql://kansrijk@db/kansrijk \\
        --name "JGZ Gelderland-Midden" --region RGGM --measure gm08.phb --measure gm08.voorzorg
    """


@portal.command(name="add-organisation")
@portal_server_option
@click.option("--name", required=True, help="Naam van de organisatie.")
@click.option("--region", required=True, help="GGD-regio of eigen regio waarin zij werkt, bv. RGGM of GG1911.")
@click.option("--measure", "measures", multiple=True, required=True,
              help="Indicator die zij mag aanleveren (herhaalbaar), bv. gm08.phb.")
@click.option("--gemeente", "gemeenten", multiple=True,
              help="Gemeente waarvoor zij aanlevert (herhaalbaar; standaard: alle gemeenten van de regio).")
@friendly_errors
def portal_add_organisation(server: str, name: str, region: str, measures: tuple[str, ...],
                            gemeenten: tuple[str, ...]) -> None:
    """Voeg een partnerorganisatie toe.

    \b
    Voorbeeld:
      kansrijk portal add-organisation --server postgresql://kansrijk@db/kansrijk \\
        --name "Verloskunde Zuid" --region RGGM --measure gm08.phb --gemeente Renkum --gemeente Wageningen
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.portal.accounts import create_organisation

    with _portal_store(server) as pg:
        made = create_organisation(pg, name, region, measures, gemeenten, catalogues=Catalogues.load(),
                                   areas=AreaRegistry.load())
    click.echo(f"Organisatie {made.id} '{made.name}' toegevoegd: regio {made.region_code}, "
               f"{len(made.gemeenten)} gemeenten, indicatoren {', '.join(made.measures)}")


@portal.command(name="add-user")
@portal_server_option
@click.option("--email", required=True, help="E-mailadres (de inlognaam).")
@click.option("--name", required=True, help="Naam van de gebruiker.")
@click.option("--role", type=click.Choice(["partner", "coordinator", "viewer"]), required=True,
              help="partner (levert aan voor een organisatie), coordinator (beoordeelt in een regio) of viewer "
                   "(ziet de vertrouwelijke cijfers van een gemeente).")
@click.option("--organisation", default=None, help="Organisatie (naam of nummer) van een partner.")
@click.option("--region", default=None, help="Regio van een coördinator, bv. RGGM.")
@click.option("--gemeente", default=None, help="Gemeente (code of naam) van een viewer.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Bestand met het wachtwoord op de eerste regel (anders wordt erom gevraagd).")
@friendly_errors
def portal_add_user(server: str, email: str, name: str, role: str, organisation: str | None, region: str | None,
                    gemeente: str | None, password_file: Path | None) -> None:
    """Voeg een gebruiker van het portaal toe (wachtwoord: minstens 12 tekens).

    \b
    Voorbeeld:
      kansrijk portal add-user --server postgresql://kansrijk@db/kansrijk --email j.jansen@jgz.nl \\
        --name "J. Jansen" --role partner --organisation "JGZ Gelderland-Midden"
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.portal.accounts import create_user, organisation_by_name

    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord")
    with _portal_store(server) as pg:
        organisation_id = organisation_by_name(pg, organisation).id if organisation else None
        made = create_user(pg, email=email, name=name, role=role, password=password,
                           organisation_id=organisation_id, region_code=region, gemeente_code=gemeente,
                           areas=AreaRegistry.load())
    click.echo(f"Gebruiker {made.id} {made.email} ({made.role}) toegevoegd")


@portal.command(name="list-users")
@portal_server_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def portal_list_users(server: str, fmt: str) -> None:
    """Toon de gebruikers van het portaal met hun rol en waar zij bij horen.

    \b
    Voorbeeld:
      kansrijk portal list-users --server postgresql://kansrijk@db/kansrijk
    """
    from kansrijk.portal.accounts import organisations, users

    with _portal_store(server) as pg:
        names = {o.id: o.name for o in organisations(pg)}
        rows = [{"id": u.id, "email": u.email, "name": u.name, "role": u.role,
                 "scope": names.get(u.organisation_id or -1) or u.region_code or u.gemeente_code,
                 "active": "ja" if u.active else "nee"} for u in users(pg)]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _echo_table(rows, ["id", "email", "name", "role", "scope", "active"])



def main() -> None:
    cli(prog_name="kansrijk")
