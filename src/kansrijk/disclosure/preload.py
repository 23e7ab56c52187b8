"""What a worker process of disclosure control needs, loaded on import: the checks and the compiled
elimination. The fork server imports it once for every process forked from it (see
:mod:`kansrijk.disclosure.workers`); a spawned process imports it itself.

First the process lowers its priority to the lowest (``workers.NICENESS``), before it starts any
thread: the fork server is started while the asking process computes (it loads on what CPU that
leaves), and the processes forked from it inherit the priority, so they never hold up the process
that waits for them (nor a server's requests).
"""

import os

from kansrijk.disclosure.workers import NICENESS

os.nice(max(0, NICENESS - os.nice(0)))

import kansrijk.disclosure.secondary  # noqa: E402, F401  (the checks run from it)
from kansrijk.disclosure.echelon import compile_ahead  # noqa: E402

compile_ahead()
