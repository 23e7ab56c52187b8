"""The worker processes of disclosure control: a pool that cannot start says so in the product's terms."""

from __future__ import annotations

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
