"""Twenty partners' requests at once, each on its own connection: every submission is stored once, versions
of a cell are 1..20 without gaps or doubles, and twenty copies of one request store exactly one."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import submissions
from kansrijk.portal.validation import FormCell
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World

N = 20
CELLS = [("gm07.a", "GM0228", 2023), ("gm07.a", "GM0274", 2023), ("gm08.phb", "GM0228", 2023)]


def at_once(work: Callable[[int, PgStore], int], url: str) -> list[int]:
    """Run ``work(i, own store)`` in N threads released together; returns the submission ids."""
    barrier = threading.Barrier(N)
    results: list[int | BaseException] = [0] * N

    def run(i: int) -> None:
        try:
            with PgStore.open(url) as store:
                barrier.wait()
                results[i] = work(i, store)
        except BaseException as exc:  # reported below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return [int(r) for r in results]  # type: ignore[arg-type]


def test_twenty_concurrent_submissions(pg: PgStore, world: World, catalogues: Catalogues,
                                       areas: AreaRegistry) -> None:
    def submit(i: int, store: PgStore) -> int:
        cells = [FormCell(m, g, y, 10 + i, 500 if m == "gm08.phb" else None) for m, g, y in CELLS]
        return submissions.submit_form(store, world.partner, cells, f"sleutel-{i}", catalogues, areas).id

    ids = at_once(submit, pg.url)
    assert len(set(ids)) == N
    assert pg.query("SELECT count(*) AS n FROM submissions")[0]["n"] == N
    versions = pg.query("SELECT indicator, area_code, period, array_agg(version ORDER BY version) AS v, "
                        "count(DISTINCT submission_id) AS s FROM submission_rows GROUP BY 1, 2, 3")
    assert len(versions) == len(CELLS)
    for cell in versions:
        assert cell["v"] == list(range(1, N + 1)) and cell["s"] == N
    # One submission at a time per organisation: all cells of a submission get the same version.
    order = pg.query("SELECT submission_id, min(version) AS lo, max(version) AS hi FROM submission_rows "
                     "GROUP BY submission_id ORDER BY submission_id")
    assert all(r["lo"] == r["hi"] for r in order)


def test_twenty_concurrent_double_submits_store_one(pg: PgStore, world: World, catalogues: Catalogues,
                                                    areas: AreaRegistry) -> None:
    cells = [FormCell("gm07.a", "GM0228", 2023, 4)]

    def submit(i: int, store: PgStore) -> int:
        return submissions.submit_form(store, world.partner, cells, "een-sleutel", catalogues, areas).id

    ids = at_once(submit, pg.url)
    assert len(set(ids)) == 1
    assert pg.query("SELECT count(*) AS n FROM submissions")[0]["n"] == 1
    assert pg.query("SELECT count(*) AS n FROM submission_rows")[0]["n"] == 1
    assert pg.query("SELECT count(*) AS n FROM submission_events")[0]["n"] == 1
