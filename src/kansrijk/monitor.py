"""The library's front door: one monitor over one store, an embedded DuckDB file or a PostgreSQL server.

::

    from kansrijk.monitor import Monitor

    with Monitor.open("monitor.duckdb", writable=True) as monitor:
        monitor.import_files("aggregates", [Path("tellingen_2023.xlsx")])
        monitor.compute()
        monitor.report(area="Arnhem", out=Path("factsheets"), formats=["html"])

``Monitor.open("postgresql://kansrijk@db/kansrijk")`` does the same on a server
(:class:`~kansrijk.backend.ServerBackend`). A monitor holds the store, the catalogues and the areas;
every command of ``kansrijk`` opens one, calls one method and shows the result. (The publishers are
imported when first used, so that an import or a recompute does not wait for the report and web
libraries to load.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.backend import Backend, DuckDBBackend, open_backend
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.disclosure.audit import MeasureAudit, audit_publication, with_earlier
from kansrijk.engine.compute import computable
from kansrijk.errors import StoreError, UnknownIndicator
from kansrijk.import_kinds import import_kind
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.quality import missing_values
from kansrijk.intake.records import RECORD_TYPES

if TYPE_CHECKING:
    from kansrijk.publish.dashboard import Tile
    from kansrijk.publish.export import ResultFilter
    from kansrijk.publish.reports.render import Rendered
    from kansrijk.publish.web.pages import WebData

Progress = Callable[[str], None]


class Monitor:
    """The monitor over one store (see the module docstring)."""

    def __init__(self, backend: Backend, catalogues: Catalogues | None = None,
                 areas: AreaRegistry | None = None) -> None:
        self.backend = backend
        self.catalogues = catalogues or Catalogues.load()
        self.areas = areas or AreaRegistry.load()

    @classmethod
    def open(cls, target: str | Path | None = None, writable: bool = False,
             catalogues: Catalogues | None = None, areas: AreaRegistry | None = None) -> Monitor:
        """The monitor over ``target``: a PostgreSQL URL, a DuckDB file, or (None) the embedded default
        store. Only a ``writable`` monitor imports and computes."""
        return cls(open_backend(target, writable=writable), catalogues, areas)

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        return self.backend.location

    @property
    def on_server(self) -> bool:
        return not isinstance(self.backend, DuckDBBackend)

    # -- inputs and computation ---------------------------------------------------------------------
    def import_files(self, kind: str, paths: Sequence[Path], synthetic: bool = False) -> list[ImportOutcome]:
        """Check and import files of one kind (see :data:`kansrijk.import_kinds.IMPORT_KINDS`); a file with
        problems is not imported at all. Does not recompute: call :meth:`compute`."""
        run = import_kind(kind).run
        with self.backend.importing() as store:
            return run(store, [Path(p) for p in paths], self.catalogues, self.areas, synthetic)

    @property
    def compute_steps(self) -> tuple[str, ...]:
        return self.backend.compute_steps

    def compute(self, progress: Progress | None = None) -> int:
        """Recompute and publish every result (with disclosure control); returns the number of rows."""
        return self.backend.compute(self.catalogues, self.areas, progress)

    def build_demo(self, seed: int, progress: Progress | None = None) -> None:
        """Generate the synthetic national demo data, import them and compute."""
        from kansrijk.demo.pipeline import build_demo

        if not isinstance(self.backend, DuckDBBackend):
            raise StoreError("de demo wordt in een DuckDB-bestand gemaakt; zet hem daarna over met 'kansrijk migrate'")
        with self.backend.importing() as store:
            build_demo(store, self.catalogues, self.areas, seed=seed, progress=progress)

    # -- what is published --------------------------------------------------------------------------
    def published(self, selection: ResultFilter | None = None) -> pd.DataFrame:
        """The published rows (suppressed ones with status and reason, numbers empty)."""
        from kansrijk.publish.export import published_frame

        with self.backend.reading() as store:
            return published_frame(store, selection)

    def export(self, fmt: str, out: Path, selection: ResultFilter | None = None, dialect: str = "machine") -> int:
        """Write the published rows as open data (csv in ``dialect``, xlsx, parquet or json); returns the
        row count."""
        from kansrijk.publish.export import export

        with self.backend.reading() as store:
            return export(store, fmt, out, selection, dialect)

    def tiles(self, area: str = "NL01", catalogue: str = "ks") -> list[Tile]:
        """Per indicator of ``catalogue`` the figure a reader sees for ``area`` (a code or name)."""
        from kansrijk.publish.dashboard import tiles

        code = self.areas.resolve(area).code
        with self.backend.reading() as store:
            return tiles(store, self.catalogues, code, catalogue)

    def report(self, **options: Any) -> list[Rendered]:
        """Factsheets; ``options`` as :func:`kansrijk.publish.reports.render.render_reports` takes them.
        (Their colophon counts what the imported records lack, so the inputs are read too.)"""
        from kansrijk.publish.reports.render import render_reports

        with self.backend.reading(inputs=True) as store:
            return render_reports(store, self.catalogues, self.areas, **options)

    def draft(self, area: str, catalogue: str = "ks", compare: str | None = None) -> str:
        """A draft summary (Markdown) of what the area's published figures show, for the coordinator to
        edit and give to :meth:`report` as ``text`` (see :mod:`kansrijk.publish.reports.draft`)."""
        from kansrijk.publish.context import PublishedData, region_table
        from kansrijk.publish.reports.draft import draft_markdown

        code = self.areas.resolve(area).code
        with self.backend.reading() as store:
            data = PublishedData.load(store, catalogue)
        table = region_table(data, self.catalogues, self.areas, code, compare=compare)
        return draft_markdown(table.profile, table.organisations)

    def save_summary(self, area: str, catalogue: str, text: str, approved_by: str, year: int | None = None,
                     source: str = "tekst") -> tuple[str, int, bool]:
        """Save a coordinator's approved summary of ``area`` for the edition ending in ``year`` (default:
        the last year of the catalogue's figures); reports of that area and edition then use it.
        Returns (area code, edition, whether it was new)."""
        from kansrijk.programme.summaries import save_summary

        code = self.areas.resolve(area).code
        self.catalogues.catalogue(catalogue)  # UnknownCatalogue naming the ones there are
        edition = year or self._last_year(catalogue)
        with self.backend.importing() as store:
            return code, edition, save_summary(store, catalogue, code, edition, text, approved_by, source)

    def _last_year(self, catalogue: str) -> int:
        """The last year of the published figures of ``catalogue`` (the edition a report shows)."""
        with self.backend.reading() as store:
            row = store.query("SELECT max(period_end) AS last FROM published WHERE catalogue = ?", [catalogue])
        if not row or row[0]["last"] is None:
            raise StoreError(f"er zijn geen gepubliceerde resultaten voor catalogus '{catalogue}'; geef --year")
        return int(row[0]["last"])

    def wegwijzer(self, area: str, out: Path, formats: Sequence[str] = ("html", "pdf")) -> list[Path]:
        """Write the one-page wegwijzer of a gemeente (see :mod:`kansrijk.publish.wegwijzer`)."""
        from kansrijk.publish.wegwijzer import write_wegwijzer

        code = self.areas.resolve(area).code
        with self.backend.reading(inputs=True) as store:
            return write_wegwijzer(store, self.areas, code, out, tuple(formats))

    def web_data(self) -> WebData:
        """Everything the public pages show, loaded once."""
        from kansrijk.publish.web.pages import WebData

        with self.backend.reading() as store:
            return WebData.load(store, self.catalogues, self.areas)

    def site(self, out: Path, progress: Progress | None = None) -> int:
        """Write the public site as static files to ``out``; returns the number of files."""
        from kansrijk.publish.web.site import build_site

        return build_site(self.web_data(), out, progress=progress)

    def web_app(self) -> tuple[Any, bool | None]:
        """The public web app (on a server with the partner portal), and whether it shows synthetic data
        (None: nothing computed yet)."""
        return self.backend.web_app(self.catalogues, self.areas)

    # -- checks ---------------------------------------------------------------------------------------
    def audit(self, indicators: Sequence[str] = ()) -> list[MeasureAudit]:
        """Attack the publication as an outsider would (see :mod:`kansrijk.disclosure.audit`), with
        what earlier editions published beside it, and measure the information loss with the exact
        results."""
        every: dict[str, Measure] = computable(self.catalogues)
        unknown = sorted(set(indicators) - set(every))
        if unknown:
            raise UnknownIndicator(f"onbekende indicator: {', '.join(unknown)}")
        measures = {i: every[i] for i in indicators} if indicators else every
        with self.backend.reading(results=True) as store:
            published = store.con.execute("SELECT * FROM published").df()
            results = store.con.execute("SELECT * FROM results").df()
            ledger = store.ledger()
        published, results = with_earlier(published, results, ledger, self.areas, every)
        return audit_publication(published, measures, self.areas.membership(), results, related=every)

    def quality(self, area: str | None = None) -> tuple[pd.DataFrame, bool]:
        """What the imported records lack, per column and year (for ``area`` only when given), and
        whether the records are synthetic."""
        with self.backend.reading(inputs=True) as store:
            frame = missing_values(store, self.areas)
            kinds = ", ".join(f"'{kind}'" for kind in RECORD_TYPES)  # fixed names, not data
            row = store.con.execute(
                f"SELECT coalesce(bool_or(synthetic), false) FROM imports WHERE kind IN ({kinds})"
            ).fetchone()
        if area is not None:
            frame = frame[frame["area_code"] == self.areas.resolve(area).code]
        totals = frame.groupby(["kind", "column", "year"], as_index=False)[["missing", "total"]].sum()
        return totals, bool(row and row[0])
