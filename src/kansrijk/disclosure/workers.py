"""Worker processes for disclosure control.

The measures of a publication are checked independently, so a large one is checked by one process
per core. Where it can, the pool forks its processes from a fork server: a process of its own,
started without threads, that loads the checks and the compiled elimination once
(:mod:`kansrijk.disclosure.preload`); every process forked from it starts at once with them loaded
(rather than taking about a second each to start and load, as a spawned process does), and without
any thread or lock of the process that asked for it (a server, a database connection, a solver's
thread pool). The fork server stays for later publications of the same process. Starting it takes
one to two seconds of CPU, so a caller that knows early that a large publication is coming starts it
ahead (:func:`start_early`); otherwise the pool is set up in a thread of its own while the checks
are prepared. The fork server and its processes run at the lowest priority
(:mod:`kansrijk.background`): they load on what CPU the asking process leaves, and never hold up
the process that waits for them.
"""

from __future__ import annotations

import importlib
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from kansrijk.errors import DisclosureError

MAX_WORKERS = 4
# What the fork server imports before the checks arrive: first the lowest priority, then the checks.
BACKGROUND = "kansrijk.background"
PRELOAD = "kansrijk.disclosure.preload"


class Workers:
    """A pool of ``count`` worker processes, set up in the background from creation on."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None
        self._failed: BaseException | None = None
        self._setting_up = threading.Thread(target=self._set_up, name="kansrijk-workers", daemon=True)
        self._setting_up.start()

    def _set_up(self) -> None:
        try:
            self._pool = ProcessPoolExecutor(self.count, mp_context=_context())
            for _ in range(self.count):
                self._pool.submit(warm_up)
        except BaseException as error:  # handed to the caller by ``pool``
            self._failed = error

    @property
    def pool(self) -> ProcessPoolExecutor:
        """The pool, once it is set up."""
        self._setting_up.join()
        if self._failed is not None or self._pool is None:
            raise DisclosureError("de werkprocessen van de onthullingscontrole starten niet") from self._failed
        return self._pool

    def close(self) -> None:
        """Stop the processes; nothing waits for them to wind down."""
        self._setting_up.join()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    """Processes forked from a fork server that has the checks imported, where there is one."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([BACKGROUND, PRELOAD])
    return context


def start_early() -> None:
    """Start the fork server now: it imports the checks while the caller goes on."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        _context()
        multiprocessing.forkserver.ensure_running()


def stop_fork_server() -> None:
    """Stop the fork server (and with it, once they are done, the processes forked from it)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.forkserver._forkserver._stop()  # the standard library's own way to stop it


def warm_up() -> None:
    """Submitted to each process first, so that it starts and (when spawned) loads what the checks
    need before they arrive."""
    importlib.import_module(PRELOAD)


def worker_count(jobs: int) -> int:
    """How many processes are worth starting for ``jobs`` independent checks (1: none)."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, jobs))
