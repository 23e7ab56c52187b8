"""The worker processes of disclosure control: a pool that cannot start says so in the product's terms."""

from __future__ import annotations

import os

import pytest

from kansrijk.disclosure import workers
from kansrijk.errors import DisclosureError


def test_a_pool_that_cannot_start_stops_disclosure_control_with_its_own_error(monkeypatch):
    def no_processes():
        raise OSError("no processes may be started here")

    monkeypatch.setattr(workers, "_context", no_processes)
    pool = workers.Workers(2)
    with pytest.raises(DisclosureError, match="werkprocessen") as raised:
        pool.pool
    assert isinstance(raised.value.__cause__, OSError)
    pool.close()  # nothing to stop


LOWEST_PRIORITY = 19  # the largest niceness a Linux process can have


def test_the_worker_processes_yield_to_the_process_that_waits_for_them():
    asking = os.nice(0)
    pool = workers.Workers(1)
    try:
        niceness = pool.pool.submit(os.nice, 0).result(timeout=120)
    finally:
        pool.close()
    assert niceness == LOWEST_PRIORITY
    assert os.nice(0) == asking  # the asking process keeps its own priority
