"""The whole recompute: the engine's exact results -> disclosure control -> the store.

``results`` (exact, never published), ``published`` (after disclosure control) and the ledger of
published figures are replaced in one transaction.
"""

from __future__ import annotations

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import apply_disclosure
from kansrijk.engine.compute import ENGINE_STEPS, Progress, computable, compute_results
from kansrijk.store import Store

DISCLOSURE_STEP = "onthullingscontrole"
STORE_STEP = "opslaan"
COMPUTE_STEPS = (*ENGINE_STEPS, DISCLOSURE_STEP, STORE_STEP)


def compute(store: Store, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None) -> int:
    """Recompute ``results`` and ``published`` from every input in the store; returns the row count."""
    step = progress or (lambda _msg: None)
    results = compute_results(store, catalogues, areas, progress=step)
    step(DISCLOSURE_STEP)
    published = apply_disclosure(results, computable(catalogues), areas, earlier=store.ledger(),
                                 previous=store.previous_edition())
    step(STORE_STEP)
    store.replace_results(results, published)
    return len(results)
