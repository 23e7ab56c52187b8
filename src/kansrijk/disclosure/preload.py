"""What a worker process of disclosure control needs, loaded on import: the lowest priority
(:mod:`kansrijk.background`), the checks and the compiled elimination. The fork server imports it
once for every process forked from it (see :mod:`kansrijk.disclosure.workers`); a spawned process
imports it itself."""

import kansrijk.background  # noqa: F401  (first: the priority)
import kansrijk.disclosure.secondary  # noqa: F401  (the checks run from it)
from kansrijk.disclosure.echelon import compile_ahead

compile_ahead()
