"""Killing portal clients with SIGKILL in the middle of their work leaves the store consistent.

Four client processes (two per organisation) submit and approve big uploads (every gemeente of GGD Regio
Utrecht x its organisation's measures x ten years) in a loop and are killed one by one after different
delays. The
invariants are checked here with plain SQL, independent of the portal code:

- every submission has exactly its declared number of rows, and every row belongs to a submission;
- the versions of a cell per organisation are 1..n without gaps or doubles;
- every import has exactly its declared number of aggregate rows, every aggregate row an import;
- each organisation has at most one import of approved submissions, the one it points to, holding its
  current approved cells.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import accounts
from kansrijk.server.pgstore import PgStore
from tests.portal.killed_worker import COUNTS, PERCENTAGES, REGION, big_upload
from tests.portal.world import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
DELAYS = (0.05, 0.4, 0.9, 1.6)  # seconds after the first approval, one client each


def start(url: str, names: tuple[str, ...], files: dict[str, list[str]], scratch: Path) -> list[subprocess.Popen[str]]:
    """Start one client per partner name (with its uploads); return once every one is ready to work.
    A killed client leaves its temporary files behind: in ``scratch``, not in /tmp."""
    scratch.mkdir(exist_ok=True)
    processes = [
        subprocess.Popen([sys.executable, "-c",
                          f"from tests.portal.killed_worker import main; main({url!r}, {n!r}, {files[n]!r})"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         env={**os.environ, "TMPDIR": str(scratch)})
        for n in names
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    return processes


def wait_for_first_approval(pg: PgStore, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not pg.query("SELECT 1 FROM submissions WHERE state <> 'ingediend' LIMIT 1"):
        assert time.monotonic() < deadline, "no client approved a submission in time"
        time.sleep(0.05)


def check_invariants(pg: PgStore) -> None:
    def rows(sql: str, params: list[object] | None = None) -> list[dict]:
        return pg.query(sql, params)

    assert rows("SELECT s.submission_id FROM submissions s LEFT JOIN submission_rows r USING (submission_id) "
                "GROUP BY s.submission_id, s.row_count HAVING count(r.submission_id) <> s.row_count") == []
    assert rows("SELECT r.submission_id FROM submission_rows r LEFT JOIN submissions s USING (submission_id) "
                "WHERE s.submission_id IS NULL") == []
    assert rows("SELECT organisation_id, indicator, area_code, period FROM submission_rows GROUP BY 1, 2, 3, 4 "
                "HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)") == []
    assert rows("SELECT i.import_id FROM imports i LEFT JOIN aggregate_rows a USING (import_id) "
                "GROUP BY i.import_id, i.row_count HAVING count(a.import_id) <> i.row_count "
                "OR count(a.import_id) = 0") == []
    assert rows("SELECT a.import_id FROM aggregate_rows a LEFT JOIN imports i USING (import_id) "
                "WHERE i.import_id IS NULL") == []
    assert rows("SELECT s.submission_id FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM submission_events e "
                "WHERE e.submission_id = s.submission_id AND e.state = s.state)") == []
    for org in rows("SELECT organisation_id, name, import_id FROM organisations"):
        own = rows("SELECT import_id FROM imports WHERE kind = 'inzendingen' AND file_name LIKE %s",
                   [f"inzendingen {org['name']} t/m inzending %"])
        assert [i["import_id"] for i in own] == ([] if org["import_id"] is None else [org["import_id"]])
        current = rows("SELECT r.indicator, r.area_code, r.period_start, r.numerator, r.denominator "
                       "FROM submission_rows r JOIN submissions s USING (submission_id) "
                       "WHERE r.organisation_id = %s AND s.state = 'goedgekeurd' AND r.replaced_by IS NULL "
                       "ORDER BY 1, 2, 3", [org["organisation_id"]])
        imported = rows("SELECT indicator, area_code, period_start, numerator, denominator FROM aggregate_rows "
                        "WHERE import_id = %s ORDER BY 1, 2, 3", [org["import_id"]])
        assert imported == current


def test_sigkill_during_submissions_and_approvals(pg: PgStore, catalogues: Catalogues, areas: AreaRegistry,
                                                  tmp_path: Path) -> None:
    files: dict[str, list[str]] = {}
    for name, measures in (("a", COUNTS), ("b", PERCENTAGES)):  # apart, so both may approve their cells
        files[name] = []
        for seed in range(2):  # two versions of every cell, sent in turn: each approval corrects them all
            path = tmp_path / f"{name}{seed}.csv"
            path.write_bytes(big_upload(areas, measures, seed))
            files[name].append(str(path))
        org = accounts.create_organisation(pg, f"Organisatie {name}", REGION, measures, catalogues=catalogues,
                                           areas=areas)
        accounts.create_user(pg, email=f"{name}@partner.example", name=name, role="partner", password=PASSWORD,
                             organisation_id=org.id, areas=areas)
    accounts.create_user(pg, email="c@ggd.example", name="c", role="coordinator", password=PASSWORD,
                         region_code=REGION, areas=areas)
    # Two clients per organisation: they also wait for each other.
    clients = start(pg.url, ("a", "b", "a", "b"), files, tmp_path / "tmp")
    wait_for_first_approval(pg)  # however slow the machine, the kills come while the clients are at work
    began = time.monotonic()
    for delay, process in zip(DELAYS, clients):
        time.sleep(max(0.0, began + delay - time.monotonic()))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    check_invariants(pg)
    stored = pg.query("SELECT count(*) AS n, count(*) FILTER (WHERE state <> 'ingediend') AS reviewed "
                      "FROM submissions")[0]
    assert stored["n"] >= 1 and stored["reviewed"] >= 1  # the clients got work done between the kills
