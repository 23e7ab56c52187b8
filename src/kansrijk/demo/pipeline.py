"""`kansrijk demo`: generate the synthetic national data set, import it (marked synthetic), compute.

The record files go in through the record import, the programme facts through the programme registry
(`kansrijk.programme.intake`), a GGD coordinator's regional counts through the aggregate import, the
professionals' questionnaire through the survey import, client statements and wegwijzer contacts
through their imports, as a real monitor's inputs would.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.demo.generate import DEFAULT_SEED, DemoFiles, generate_demo
from kansrijk.pipeline import COMPUTE_STEPS, compute
from kansrijk.intake.records import import_records
from kansrijk.intake.importer import import_aggregates
from kansrijk.programme.contacts import import_contacts
from kansrijk.programme.intake import import_programme
from kansrijk.programme.statements import import_statements
from kansrijk.programme.surveys import import_survey
from kansrijk.store import Store

DEMO_STEPS = ("synthetische gegevens maken", "records inlezen", "programmaregister inlezen",
              "regionale tellingen en vragenlijst inlezen", *COMPUTE_STEPS)


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
        import_demo(store, files, catalogues, areas, step)
    store.set_meta("synthetic", "true")
    store.set_meta("demo_seed", str(seed))
    return compute(store, catalogues, areas, progress=step)


def import_demo(store: Store, files: DemoFiles, catalogues: Catalogues, areas: AreaRegistry,
                progress: Callable[[str], None] | None = None) -> None:
    """Import the generated demo files into ``store``, each through its own import and marked synthetic."""
    step = progress or (lambda _msg: None)
    step(DEMO_STEPS[1])
    for kind, path in files.records.items():
        import_records(store, kind, [path], synthetic=True, areas=areas)
    step(DEMO_STEPS[2])
    import_programme(store, [files.programme], areas, synthetic=True)
    step(DEMO_STEPS[3])
    if files.regional is not None and files.professionals is not None:
        import_aggregates(store, [files.regional], catalogues, areas, synthetic=True)
        import_survey(store, "professionals", [files.professionals], areas, synthetic=True)
    if files.statements is not None:
        import_statements(store, [files.statements], catalogues, areas, synthetic=True)
    if files.contacts is not None:
        import_contacts(store, [files.contacts], catalogues, areas, synthetic=True)
