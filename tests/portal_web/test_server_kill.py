"""Killing the real portal server with SIGKILL while partners upload over HTTP leaves the store usable.

``kansrijk serve --server URL`` runs as a subprocess. Four partner users (two sessions per organisation)
upload big CSV files through the upload form in a loop, and a coordinator approves every other
submission it hears of, all over plain HTTP with the login form, cookies and CSRF tokens a browser
would use. Once three approvals are in the database the server gets SIGKILL, in the middle of that
work (uploads being validated or written, an approval, a recompute of the dashboard). Then:

- no client got a wrong answer before the kill, and the invariants of ``tests/portal/test_kill.py``
  hold (checked with plain SQL);
- a new server on the same database recomputes the dashboard by itself from every approval committed
  before the kill (a recompute afterwards changes no published row);
- an upload the crash cut off, sent again with its idempotency key, gives one submission; a fresh
  upload and its approval work, reach the dashboard, and the invariants still hold.
"""

from __future__ import annotations

import http.client
import itertools
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import accounts
from kansrijk.portal.schema import APPROVED, ensure_portal_schema
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import behind, recompute
from tests.portal.killed_worker import COUNTS, PERCENTAGES, REGION, big_upload
from tests.portal.test_kill import check_invariants
from tests.portal.world import PASSWORD
from tests.portal_web.http_client import PortalClient, submission_id
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024
COORDINATOR = "c@ggd.example"
PARTNERS = ("a", "b", "a", "b")  # two sessions per organisation: their submissions also wait for each other
CLIENTS = len(PARTNERS) + 1


def partner_email(name: str) -> str:
    return f"{name}@partner.example"


@dataclass
class Server:
    """A ``kansrijk serve --server`` process and its log."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path


def start_server(url: str, log: Path) -> Server:
    """Start the server on a free port; return once its login page answers."""
    port = free_port()
    # A killed server leaves its temporary files behind: in the test's folder, not in /tmp.
    scratch = log.parent / "tmp"
    scratch.mkdir(exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "kansrijk", "serve", "--server", url, "--port", str(port)],
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "TMPDIR": str(scratch)})
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if PortalClient(server.base).get("/portaal/inloggen").status == 200:
                return server
        except OSError:
            pass
        assert time.monotonic() < deadline, "the server did not start:\n" + log.read_text()
        time.sleep(0.1)


@dataclass
class Load:
    """The clients' shared state: the kill flag, ids to review, what went wrong and what was cut off."""

    killed: threading.Event = field(default_factory=threading.Event)
    ready: threading.Barrier = field(default_factory=lambda: threading.Barrier(CLIENTS, timeout=120))
    submitted: queue.Queue[int] = field(default_factory=queue.Queue)
    failures: list[str] = field(default_factory=list)
    cut_off: list[tuple[str, str, bytes]] = field(default_factory=list)  # (partner, key, file)

    def fail(self, who: str, what: object) -> None:
        if not self.killed.is_set():  # after the kill every error is expected
            self.failures.append(f"{who}: {what}")


def partner_loop(base: str, name: str, uploads: list[bytes], load: Load) -> None:
    """Log in as partner ``name`` and upload its files in turn until the server dies."""
    client = PortalClient(base)
    try:
        client.login(partner_email(name), PASSWORD)
        load.ready.wait()  # all at work at once
    except Exception as exc:  # noqa: BLE001 - reported in the test
        load.fail(name, repr(exc))
        load.ready.abort()
        return
    for round_ in itertools.count():
        key = f"{threading.get_ident()}-{round_}"
        data = uploads[round_ % len(uploads)]
        try:
            answer = client.upload("groot.csv", data, key, YEAR)
        except (OSError, http.client.HTTPException) as exc:
            if load.killed.is_set():
                load.cut_off.append((name, key, data))
            else:
                load.fail(name, repr(exc))
            return
        if answer.status != 303:
            load.fail(name, f"upload answered {answer.status}: {answer.text[:300]}")
            return
        load.submitted.put(submission_id(answer))


def coordinator_loop(base: str, load: Load) -> None:
    """Log in as the coordinator and approve every other submission the partners made."""
    client = PortalClient(base)
    try:
        client.login(COORDINATOR, PASSWORD)
        load.ready.wait()  # all at work at once
    except Exception as exc:  # noqa: BLE001 - reported in the test
        load.fail("coordinator", repr(exc))
        load.ready.abort()
        return
    for n in itertools.count():
        while True:
            if load.killed.is_set():
                return
            try:
                made = load.submitted.get(timeout=0.1)
                break
            except queue.Empty:
                continue
        if n % 2:
            continue
        try:
            answer = client.approve(made)
        except (OSError, http.client.HTTPException) as exc:
            load.fail("coordinator", repr(exc))
            return
        if answer.status not in (303, 409):  # 409: a newer version of a cell was approved first
            load.fail("coordinator", f"approval answered {answer.status}: {answer.text[:300]}")
            return


def set_up(pg: PgStore, catalogues: Catalogues, areas: AreaRegistry) -> dict[str, list[bytes]]:
    """Two organisations of the region (apart measures) with a partner each, a coordinator; their files."""
    ensure_portal_schema(pg)
    files = {}
    for name, measures in (("a", COUNTS), ("b", PERCENTAGES)):
        files[name] = [big_upload(areas, measures, seed) for seed in range(2)]
        org = accounts.create_organisation(pg, f"Organisatie {name}", REGION, measures, catalogues=catalogues,
                                           areas=areas)
        accounts.create_user(pg, email=partner_email(name), name=name, role="partner", password=PASSWORD,
                             organisation_id=org.id, areas=areas)
    accounts.create_user(pg, email=COORDINATOR, name="c", role="coordinator", password=PASSWORD,
                         region_code=REGION, areas=areas)
    return files


def wait_for_approvals(pg: PgStore, count: int, load: Load, timeout: float = 120.0) -> None:
    """Wait until ``count`` submissions have been approved (they may since have been replaced)."""
    deadline = time.monotonic() + timeout
    while pg.query("SELECT count(*) AS n FROM submissions WHERE reviewed_at IS NOT NULL")[0]["n"] < count:
        assert not load.failures, load.failures
        assert time.monotonic() < deadline, f"{count} approvals did not come in time"
        time.sleep(0.05)


def published_rows(pg: PgStore) -> list[str]:
    return sorted(map(repr, pg.query("SELECT * FROM published")))


def wait_until_computed(pg: PgStore, timeout: float = 120.0) -> None:
    """Wait until the published results are computed from every import the store holds."""
    deadline = time.monotonic() + timeout
    while behind(pg):
        assert time.monotonic() < deadline, "the server did not recompute the dashboard from the committed inputs"
        time.sleep(0.1)


def run_and_kill(pg: PgStore, files: dict[str, list[bytes]], log: Path) -> Load:
    """Serve, let the clients work, SIGKILL the server once approvals are coming in; what the clients saw."""
    server = start_server(pg.url, log)
    load = Load()
    threads = [threading.Thread(target=partner_loop, args=(server.base, name, files[name], load))
               for name in PARTNERS]
    threads.append(threading.Thread(target=coordinator_loop, args=(server.base, load)))
    try:
        for thread in threads:
            thread.start()
        # Three approvals: one organisation's import has been replaced, and the recomputes they asked
        # for are running or waiting when the kill comes.
        wait_for_approvals(pg, 3, load)
        load.killed.set()
        os.kill(server.process.pid, signal.SIGKILL)
        assert server.process.wait(timeout=30) == -signal.SIGKILL
    finally:
        load.killed.set()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        for thread in threads:
            thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return load


def test_sigkill_of_the_server_during_uploads_and_approvals(pg_url: str, catalogues: Catalogues,
                                                            areas: AreaRegistry, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with PgStore.open(pg_url) as pg:
        files = set_up(pg, catalogues, areas)
        load = run_and_kill(pg, files, log)
        assert load.failures == []  # before the kill every upload and review was answered as it should
        check_invariants(pg)

        server = start_server(pg_url, log)
        try:
            # The approvals committed before the kill reach the dashboard without anyone doing anything:
            # the new server recomputes, and a recompute now changes no published row.
            wait_until_computed(pg)
            published = published_rows(pg)
            assert published
            recompute(pg, catalogues, areas)
            assert published_rows(pg) == published

            partners = {name: PortalClient(server.base) for name in ("a", "b")}
            for name, client in partners.items():
                client.login(partner_email(name), PASSWORD)
            for name, key, data in load.cut_off:  # sent again: stored once, whether or not it got in before
                again = submission_id(partners[name].upload("groot.csv", data, key, YEAR))
                stored = pg.query("SELECT s.submission_id, s.row_count FROM submissions s JOIN users u USING (user_id) "
                                  "WHERE u.email = %s AND s.idempotency_key = %s", [partner_email(name), key])
                assert [r["submission_id"] for r in stored] == [again]
                assert stored[0]["row_count"] == data.count(b"\n") - 1  # every line but the header
            fresh = files["a"][0]
            made = submission_id(partners["a"].upload("na-herstart.csv", fresh, "na-herstart", YEAR))
            page = partners["a"].get(f"/portaal/inzendingen/{made}")
            assert page.status == 200 and "na-herstart.csv" in page.text

            coordinator = PortalClient(server.base)
            coordinator.login(COORDINATOR, PASSWORD)
            approval = coordinator.approve(made)
            assert approval.status == 303 and approval.location == f"/portaal/inzendingen/{made}", approval.text[:500]
            assert pg.query("SELECT state FROM submissions WHERE submission_id = %s", [made]) == [{"state": APPROVED}]
            org = pg.query("SELECT i.file_name, i.row_count FROM organisations o JOIN imports i USING (import_id) "
                           "WHERE o.name = 'Organisatie a'")
            assert org and org[0]["file_name"].endswith(f"t/m inzending {made}")
            assert org[0]["row_count"] == fresh.count(b"\n") - 1  # the fresh upload holds every cell of a
            check_invariants(pg)
            wait_until_computed(pg)  # and the approval reaches the dashboard
        finally:
            server.process.terminate()
            server.process.wait(timeout=30)
