"""The lowest CPU priority for the process that imports this module, set on import.

The fork server of disclosure control imports it before anything else
(:mod:`kansrijk.disclosure.workers`): the server is started while the asking process computes, and
should load on what CPU that process leaves; the worker processes forked from it inherit the
priority, so they never hold up the process that waits for them (nor a server's requests). It lives
outside :mod:`kansrijk.disclosure`, whose package alone imports pandas and scipy: set any later, the
priority would come after most of the loading.
"""

import os

NICENESS = 19

os.nice(max(0, NICENESS - os.nice(0)))
