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
RECORD_KINDS = ("births", "households", "children", "jgz")
IMPORT_KINDS = ("aggregates", *RECORD_KINDS)


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
@click.option("--catalogue", "catalogue", default=None, help="Alleen deze catalogus (ks, gm, haarlem).")
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
@click.option("--catalogue", default=None, help="Catalogus (ks, gm, haarlem); zonder --measure: al zijn "
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


@cli.command(name="import")
@db_option
@server_option
@click.option("--kind", type=click.Choice(IMPORT_KINDS), default="aggregates", show_default=True,
              help="Soort invoer: geaggregeerde tellingen of een recordtype.")
@click.option("--synthetic", is_flag=True, help="Markeer de invoer als synthetisch (demo).")
@click.option("--compute/--no-compute", default=True, show_default=True, help="Daarna opnieuw berekenen.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly_errors
def import_(db: Path | None, server: str | None, kind: str, synthetic: bool, compute: bool,
            files: tuple[Path, ...]) -> None:
    """Lees bestanden in (CSV, XLSX of Parquet); een bestand met fouten wordt helemaal niet ingelezen.

    \b
    Voorbeeld:
      kansrijk import --db monitor.duckdb tellingen_2023.xlsx
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues

    catalogues, registry = Catalogues.load(), AreaRegistry.load()
    with _import_target(db, server, compute, catalogues, registry) as store:
        if kind == "aggregates":
            from kansrijk.intake.importer import import_aggregates

            outcomes = import_aggregates(store, files, catalogues, registry, synthetic)
        else:
            from kansrijk.intake.quality import LABELS
            from kansrijk.intake.records import import_records

            outcomes = import_records(store, kind, files, synthetic=synthetic)
        for item in outcomes:
            if item.skipped_as_duplicate:
                click.echo(f"{item.file_name}: al eerder ingelezen, overgeslagen")
            else:
                click.echo(f"{item.file_name}: {item.rows} rijen ingelezen")
                for column, n in item.missing:
                    label = LABELS.get((kind, column), column)
                    click.echo(f"  {label} ({column}) onbekend in {n} {'rij' if n == 1 else 'rijen'}")


def _compute(store: Any, catalogues: Any, registry: Any) -> int:
    from kansrijk.engine.compute import COMPUTE_STEPS, compute

    with steps_bar("Berekenen", COMPUTE_STEPS) as advance:
        rows = compute(store, catalogues, registry, progress=advance)
    click.echo(f"{rows} resultaten berekend")
    return rows


def _compute_on_server(pg: Any, store: Any, catalogues: Any, registry: Any) -> int:
    """Recompute on PostgreSQL (with the open working copy ``store``, or a new one when None)."""
    from kansrijk.publish.formatting import count
    from kansrijk.server.recompute import RECOMPUTE_STEPS, recompute, recompute_on

    with steps_bar("Berekenen", RECOMPUTE_STEPS) as advance:
        if store is None:
            rows = recompute(pg, catalogues, registry, progress=advance)
        else:
            rows = recompute_on(pg, store, catalogues, registry, progress=advance)
    click.echo(f"{count(rows)} resultaten berekend en gepubliceerd in PostgreSQL")
    return rows


@contextmanager
def _import_target(db: Path | None, server: str | None, compute: bool, catalogues: Any,
                   registry: Any) -> Iterator[Any]:
    """The store to import into; afterwards the imports are kept (on a server: added to PostgreSQL in
    one transaction) and, with ``compute``, everything is recomputed."""
    from kansrijk.store import Store

    server = chosen_server(db, server)
    if server is None:
        with Store.open(db) as store:
            yield store
            if compute:
                _compute(store, catalogues, registry)
        return
    from kansrijk.server.intake import importing
    from kansrijk.server.pgstore import PgStore

    with PgStore.open(server) as pg, importing(pg) as session:
        yield session.store
        session.commit()
        if compute:
            _compute_on_server(pg, session.store, catalogues, registry)


@contextmanager
def _published_store(db: Path | None, server: str | None) -> Iterator[Any]:
    """A read-only DuckDB store, or a working copy of the published results on a server."""
    from kansrijk.store import Store

    server = chosen_server(db, server)
    if server is None:
        with Store.open(db, read_only=True) as store:
            yield store
        return
    from kansrijk.server.pgstore import PgStore
    from kansrijk.server.working import working_copy

    with PgStore.open(server, create=False) as pg, working_copy(pg, inputs=False) as store:
        yield store


@cli.command(name="import-registry")
@db_option
@server_option
@click.option("--synthetic", is_flag=True, help="Markeer de invoer als synthetisch (demo).")
@click.option("--compute/--no-compute", default=True, show_default=True, help="Daarna opnieuw berekenen.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly_errors
def import_registry_(db: Path | None, server: str | None, synthetic: bool, compute: bool,
                     files: tuple[Path, ...]) -> None:
    """Lees programmafeiten in (CSV of XLSX: feit, onderwerp, waarde, geldig vanaf).

    Een bestand met fouten wordt helemaal niet ingelezen; de geschiedenis blijft bewaard.

    \b
    Voorbeeld:
      kansrijk import-registry --db monitor.duckdb programmas_2020.xlsx
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.registry.intake import import_registry

    catalogues, registry = Catalogues.load(), AreaRegistry.load()
    with _import_target(db, server, compute, catalogues, registry) as store:
        for item in import_registry(store, files, registry, synthetic):
            if item.skipped_as_duplicate:
                click.echo(f"{item.file_name}: al eerder ingelezen, overgeslagen")
            else:
                click.echo(f"{item.file_name}: {item.rows} feiten ingelezen")


@cli.command(name="import-survey")
@db_option
@server_option
@click.option("--kind", type=click.Choice(["gemeenten", "professionals"]), required=True,
              help="Vragenlijst onder gemeenten of onder professionals.")
@click.option("--synthetic", is_flag=True, help="Markeer de invoer als synthetisch (demo).")
@click.option("--compute/--no-compute", default=True, show_default=True, help="Daarna opnieuw berekenen.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly_errors
def import_survey_(db: Path | None, server: str | None, kind: str, synthetic: bool, compute: bool,
                   files: tuple[Path, ...]) -> None:
    """Lees een vragenlijst in (een rij per respondent, CSV of XLSX).

    \b
    Voorbeeld:
      kansrijk import-survey --kind professionals --db monitor.duckdb vragenlijst_2024.xlsx
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.registry.surveys import import_survey

    catalogues, registry = Catalogues.load(), AreaRegistry.load()
    with _import_target(db, server, compute, catalogues, registry) as store:
        for item in import_survey(store, kind, files, registry, synthetic):
            if item.skipped_as_duplicate:
                click.echo(f"{item.file_name}: al eerder ingelezen, overgeslagen")
                continue
            rate = "" if item.response_rate is None else f" (respons {item.response_rate:.0%})".replace(".", ",")
            click.echo(f"{item.file_name}: {item.rows} respondenten ingelezen{rate}")


@cli.command(name="compute")
@db_option
@server_option
@friendly_errors
def compute_(db: Path | None, server: str | None) -> None:
    """Bereken alle indicatoren opnieuw uit alle invoer, met onthullingscontrole.

    Met --server wordt gerekend op een werkkopie van de PostgreSQL-database en worden de nieuwe
    resultaten in één keer gepubliceerd.

    \b
    Voorbeeld:
      kansrijk compute --server postgresql://kansrijk@db/kansrijk
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.store import Store

    server = chosen_server(db, server)
    if server is not None:
        from kansrijk.server.pgstore import PgStore

        with PgStore.open(server) as pg:
            _compute_on_server(pg, None, Catalogues.load(), AreaRegistry.load())
        return
    with Store.open(db) as store:
        _compute(store, Catalogues.load(), AreaRegistry.load())


@cli.command(name="audit")
@db_option
@server_option
@click.option("--indicator", "indicators_", multiple=True, help="Alleen deze indicator(en), bv. ks12.a.")
@friendly_errors
def audit_(db: Path | None, server: str | None, indicators_: tuple[str, ...]) -> None:
    """Controleer de publicatie zoals een aanvaller dat zou doen.

    Per klein aantal (te_klein) het interval dat uit alle gepubliceerde cijfers af te leiden is
    (lineair programma, aantallen niet negatief). Een klein aantal dat vastligt of in een interval
    smaller dan het beschermingsniveau valt, wordt genoemd; dan is de exitcode 1. Daarnaast het
    informatieverlies per indicator: extra onderdrukkingen per klein aantal en de grootste noemer
    die om privacyredenen verborgen is.

    \b
    Voorbeeld:
      kansrijk audit --db monitor.duckdb --indicator ks12.a
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.disclosure.audit import audit_publication
    from kansrijk.errors import DisclosureError
    from kansrijk.publish.formatting import number

    measures = {m.id: m for m in Catalogues.load().measures() if m.unit != "text"}
    if indicators_:
        unknown = sorted(set(indicators_) - set(measures))
        if unknown:
            raise DisclosureError(f"onbekende indicator: {', '.join(unknown)}")
        measures = {i: measures[i] for i in indicators_}
    local = chosen_server(db, server) is None  # a server's working copy holds only what is published
    with _published_store(db, server) as store:
        published = store.con.execute("SELECT * FROM published").df()
        results = store.con.execute("SELECT * FROM results").df() if local else None
    audits = audit_publication(published, measures, AreaRegistry.load().membership(), results)
    rows = []
    for a in audits:
        rows.append({
            "indicator": a.indicator, "te_klein": str(a.primary), "privacy": str(a.secondary),
            "privacy per te_klein": number(a.secondary / a.primary, 2) if a.primary else "",
            "grootste verborgen noemer": number(a.largest_hidden_denominator, 0)
            if a.largest_hidden_denominator is not None else "",
            "af te leiden": str(len(a.findings)), "seconden": number(a.seconds, 1),
        })
    _echo_table(rows, list(rows[0]) if rows else ["indicator"])
    findings = [f for a in audits for f in a.findings]
    if findings:
        click.echo("")
        _echo_table([{"indicator": f.indicator, "gebied": f.area_code, "periode": f.period, "aantal": f.count,
                      "interval": f"{number(f.lower, 2)}-{number(f.upper, 2)}"} for f in findings],
                    ["indicator", "gebied", "periode", "aantal", "interval"])
        raise DisclosureError(f"{len(findings)} kleine aantallen zijn te nauw af te leiden uit de publicatie")
    click.echo(f"Geen klein aantal af te leiden ({sum(a.primary for a in audits)} gecontroleerd).")


@cli.command(name="quality")
@db_option
@click.option("--area", default=None, help="Per jaar voor deze gemeente (code of naam) in plaats van per jaar voor heel Nederland.")
@friendly_errors
def quality_(db: Path | None, area: str | None) -> None:
    """Toon wat er in de ingelezen records ontbreekt: per gegeven en jaar het aantal lege waarden.

    Voor de analist (het zijn aantallen personen, ook kleine): niet om te publiceren.

    \b
    Voorbeeld:
      kansrijk quality --db monitor.duckdb --area Haarlem
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.intake.quality import LABELS, missing_values
    from kansrijk.publish.formatting import count, number
    from kansrijk.store import Store

    registry = AreaRegistry.load()
    with Store.open(db, read_only=True) as store:
        frame = missing_values(store, registry)
        row = store.con.execute("SELECT coalesce(bool_or(synthetic), false) FROM imports "
                                "WHERE kind IN ('births', 'households', 'children', 'jgz')").fetchone()
    synthetic = bool(row and row[0])
    if synthetic:
        click.echo(SYNTHETIC_NOTICE)
    if area is not None:
        frame = frame[frame["area_code"] == registry.resolve(area).code]
    totals = frame.groupby(["kind", "column", "year"], as_index=False)[["missing", "total"]].sum()
    rows = [{
        "gegeven": LABELS[(r.kind, r.column)], "kolom": r.column, "jaar": str(r.year),
        "leeg": count(r.missing), "records": count(r.total),
        "procent": number(100 * r.missing / r.total, 2) if r.total else "",
    } for r in totals.itertuples()]
    _echo_table(rows, ["gegeven", "kolom", "jaar", "leeg", "records", "procent"])
    if synthetic:
        click.echo(SYNTHETIC_NOTICE)


@cli.command(name="export")
@db_option
@server_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Uitvoerbestand (csv en json mogen naar het scherm).")
@click.option("--indicator", "indicators_", multiple=True, help="Alleen deze indicator(en), bv. ks12.a.")
@click.option("--area", "area_codes", multiple=True, help="Alleen deze gebiedscode(s), bv. GM0363.")
@click.option("--catalogue", default=None, help="Alleen deze catalogus.")
@friendly_errors
def export_(db: Path | None, server: str | None, fmt: str, out: Path | None, indicators_: tuple[str, ...],
            area_codes: tuple[str, ...], catalogue: str | None) -> None:
    """Schrijf alle gepubliceerde resultaten als open data (onderdrukte waarden leeg, met reden).

    \b
    Voorbeeld:
      kansrijk export --format xlsx --out kansrijk.xlsx
    """
    from kansrijk.publish.export import ResultFilter, export, published_frame, to_text

    selection = ResultFilter(indicators=indicators_, areas=area_codes, catalogue=catalogue)
    with _published_store(db, server) as store:
        if out is None:
            click.echo(to_text(published_frame(store, selection), fmt))
            return
        rows = export(store, fmt, out, selection)
    click.echo(f"{rows} rijen geschreven naar {out}", err=True)


@cli.command()
@db_option
@click.option("--area", "area", default="NL01", show_default=True, help="Gebiedscode of naam.")
@click.option("--catalogue", default="ks", show_default=True)
@friendly_errors
def dashboard(db: Path | None, area: str, catalogue: str) -> None:
    """Toon het dashboard: per indicator het meest recente cijfer voor een gebied.

    \b
    Voorbeeld:
      kansrijk dashboard --area Haarlem
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.store import Store

    code = AreaRegistry.load().resolve(area).code
    with Store.open(db, read_only=True) as store:
        print_dashboard(store, Catalogues.load(), code, catalogue)


def print_dashboard(store: Any, catalogues: Any, area_code: str, catalogue: str) -> None:
    from kansrijk.publish.dashboard import tiles
    from kansrijk.publish.formatting import STATUS_LABELS
    from kansrijk.statuses import PUBLISHED

    found = tiles(store, catalogues, area_code, catalogue)
    if any(t.synthetic for t in found):
        click.echo(SYNTHETIC_NOTICE)
    rows = [
        {
            "indicator": t.indicator,
            "naam": t.short_name,
            "periode": t.period_text,
            "waarde": t.value_text if t.status == PUBLISHED else STATUS_LABELS.get(t.status, t.status),
            "95%-interval": t.interval_text,
            "trend": (t.trend or "").replace("_", " "),
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
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.demo.pipeline import DEMO_STEPS, build_demo
    from kansrijk.store import Store

    catalogues, registry = Catalogues.load(), AreaRegistry.load()
    with Store.open(db) as store:
        with steps_bar("Demo", DEMO_STEPS) as advance:
            build_demo(store, catalogues, registry, seed=seed, progress=advance)
        click.echo(f"Demodatabase: {store.path or ':memory:'}")
        print_dashboard(store, catalogues, "NL01", "ks")


@cli.command()
@db_option
@server_option
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

    server = chosen_server(db, server)
    if server is not None:
        from kansrijk.errors import NotComputed
        from kansrijk.portal.web.server import create_portal_app

        app = create_portal_app(server)
        try:
            synthetic = app.state.live.current().synthetic
        except NotComputed:
            click.echo("Nog geen resultaten: het dashboard toont ze na de eerste berekening.", err=True)
            synthetic = False
    else:
        from kansrijk.publish.web.app import create_app
        from kansrijk.publish.web.pages import WebData
        from kansrijk.store import Store

        with Store.open(db, read_only=True) as store:
            web = WebData.load(store)
        app, synthetic = create_app(web), web.synthetic
    click.echo(f"Dashboard op http://{host}:{port}/ (stoppen: Ctrl+C)", err=True)
    if synthetic:
        click.echo(SYNTHETIC_NOTICE, err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@db_option
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Doelmap.")
@friendly_errors
def site(db: Path | None, out: Path) -> None:
    """Schrijf de hele openbare site als statische bestanden (voor elke webserver of CDN).

    \b
    Voorbeeld:
      kansrijk site --db monitor.duckdb --out publiek/
    """
    from kansrijk.publish.web.pages import WebData
    from kansrijk.publish.web.site import build_site
    from kansrijk.store import Store

    with Store.open(db, read_only=True) as store:
        web = WebData.load(store)
    count = build_site(web, out, progress=lambda step: click.echo(f"Site: {step}", err=True))
    click.echo(f"{count} bestanden geschreven in {out}")


@cli.command()
@db_option
@click.option("--area", "area", default=None, help="Gebiedscode of naam (gemeente, regio of NL01).")
@click.option("--all", "all_gemeenten", is_flag=True, help="Een factsheet voor elke gemeente.")
@click.option("--catalogue", default="ks", show_default=True)
@click.option("--year", type=int, default=None, help="Laatste jaar in de factsheet (standaard: het meest recente).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Uitvoermap.")
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf of html,pdf.")
@click.option("--text", type=click.Path(exists=True, path_type=Path), default=None,
              help="Markdown met samenvatting en aanbevelingen (bestand, of map met <CODE>.md).")
@friendly_errors
def report(db: Path | None, area: str | None, all_gemeenten: bool, catalogue: str, year: int | None,
           out: Path, formats: str, text: Path | None) -> None:
    """Maak factsheets (HTML en PDF) per gemeente, regio of voor Nederland.

    \b
    Voorbeeld:
      kansrijk report --area Arnhem --out factsheets --format html,pdf
    """
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.publish.reports.render import render_reports
    from kansrijk.store import Store

    catalogues, registry = Catalogues.load(), AreaRegistry.load()
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    count = len(registry.gemeenten()) if all_gemeenten else 1
    with Store.open(db, read_only=True) as store:
        with click.progressbar(length=count, label="Factsheets", file=sys.stderr, show_pos=True) as bar:
            made = render_reports(store, catalogues, registry, area=area, catalogue=catalogue, year=year,
                                  out=out, formats=chosen, text=text, progress=lambda _name: bar.update(1),
                                  all_gemeenten=all_gemeenten)
    for item in made:
        for path in item.paths:
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
