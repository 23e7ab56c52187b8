"""`kansrijk demo`: generate the synthetic national data set, import it (marked synthetic), compute.

The record files go in through the record import, the programme facts through the programme registry
(`kansrijk.programme.intake`), as a real monitor's inputs would.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.demo.generate import DEFAULT_SEED, generate_demo
from kansrijk.pipeline import COMPUTE_STEPS, compute
from kansrijk.intake.records import import_records
from kansrijk.programme.intake import import_programme
from kansrijk.store import Store

DEMO_STEPS = ("synthetische gegevens maken", "records inlezen", "programmaregister inlezen", *COMPUTE_STEPS)


def build_demo(
    store: Store,
    catalogues: Catalogues,
    areas: AreaRegistry,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Fill ``store`` with the synthetic demo data and compute every result; returns the row count."""
    step = progress or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="kansrijk-demo-") as tmp:
        step(DEMO_STEPS[0])
        files = generate_demo(Path(tmp), seed=seed)
        step(DEMO_STEPS[1])
        for kind, path in files.records.items():
            import_records(store, kind, [path], synthetic=True, areas=areas)
        step(DEMO_STEPS[2])
        import_programme(store, [files.programme], areas, synthetic=True)
    store.set_meta("synthetic", "true")
    store.set_meta("demo_seed", str(seed))
    return compute(store, catalogues, areas, progress=step)
