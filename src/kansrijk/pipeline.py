"""The whole recompute: the engine's exact results -> disclosure control -> the store.

``results`` (exact, never published), ``published`` (after disclosure control) and the ledger of
published figures are replaced in one transaction.

Measures are computed and protected independently of each other (the engine sums and tests one
measure at a time; disclosure control protects one measure's figures at a time, or together those
whose definitions the catalogue relates with ``within``). So when only some measures' inputs changed
(a partner's submission of one indicator), ``compute(..., only=...)`` recomputes and protects those
measures (with the measures related to them) and keeps every other measure's rows as they are.
:func:`changed_measures` says which measures those are: every computation records the imports and
the definitions it was computed from in the store (meta ``computed_inputs``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection

from kansrijk import __version__
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import apply_disclosure
from kansrijk.disclosure.links import related_groups
from kansrijk.disclosure.workers import start_early
from kansrijk.engine.compute import ENGINE_STEPS, Progress, computable, compute_results
from kansrijk.intake.importer import AGGREGATE_KINDS
from kansrijk.programme.contacts import CONTACTS
from kansrijk.programme.statements import STATEMENTS
from kansrijk.programme.summaries import SUMMARY
from kansrijk.store import RESULT_COLUMNS, StagedResults, Store

DISCLOSURE_STEP = "onthullingscontrole"
STORE_STEP = "opslaan"
COMPUTE_STEPS = (*ENGINE_STEPS, DISCLOSURE_STEP, STORE_STEP)
COMPUTED_INPUTS = "computed_inputs"  # meta: the imports and definitions the results come from
LARGE_INPUTS = 1_000_000  # input rows of a national-size store


def compute(store: Store, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None,
            only: Collection[str] | None = None) -> int:
    """Recompute ``results`` and ``published`` from every input in the store; returns the row count.

    ``only``: recompute just these measures and keep the rows of all others from the store's last
    computation (the caller knows that their inputs did not change).
    """
    report = progress or (lambda _msg: None)
    if only is not None and not only:  # nothing changed: the stored rows stand
        return result_rows(store)
    if only is None and _large_publication_coming(store, catalogues, areas):
        # The processes of disclosure control load while the engine computes: at the lowest
        # priority, on what CPU the engine leaves (kansrijk.disclosure.preload).
        start_early()
    results = compute_results(store, catalogues, areas, progress=report, only=only)
    report(DISCLOSURE_STEP)
    earlier, previous = store.ledger(only), store.previous_edition(only)
    exact = results[list(RESULT_COLUMNS)]
    staged: list[StagedResults] = []

    def stage() -> None:
        # A whole recompute's exact results are written while the worker processes check.
        staged.append(store.stage_results(exact))

    try:
        published = apply_disclosure(results, computable(catalogues, only), areas, earlier=earlier,
                                     previous=previous, meanwhile=stage if only is None else None)
        report(STORE_STEP)
        store.replace_results(exact, published[list(RESULT_COLUMNS)], only, staged[0] if staged else None)
    except BaseException:
        for written in staged:  # nothing was replaced: the table written meanwhile goes
            written.discard()
        raise
    store.set_meta(COMPUTED_INPUTS, json.dumps(_inputs(store, catalogues, areas), sort_keys=True))
    return len(results) if only is None else result_rows(store)


def _large_publication_coming(store: Store, catalogues: Catalogues, areas: AreaRegistry) -> bool:
    """Whether the store holds national-size inputs (at least ``LARGE_INPUTS`` rows) that changed
    since its last computation, so that disclosure control will check a large publication."""
    row = store.con.execute("SELECT coalesce(sum(row_count), 0) FROM imports").fetchone()
    return bool(row) and int(row[0]) >= LARGE_INPUTS and changed_measures(store, catalogues, areas) != frozenset()


def result_rows(store: Store) -> int:
    """How many result rows the store holds."""
    row = store.con.execute("SELECT count(*) FROM results").fetchone()
    return int(row[0]) if row else 0


def changed_measures(store: Store, catalogues: Catalogues, areas: AreaRegistry) -> frozenset[str] | None:
    """The measures whose inputs changed since the store's results were computed, when that is
    known: only imports of aggregate rows (files, partners' submissions) came or went, and the
    definitions (catalogues, areas, this version of kansrijk) are the same; with them, the measures
    they are protected together with (``within``, ``population_within``). None: recompute everything
    (never computed, definitions changed, records or programme facts changed)."""
    recorded = store.get_meta(COMPUTED_INPUTS)
    if recorded is None:
        return None
    then, now = json.loads(recorded), _inputs(store, catalogues, areas)
    if then["definitions"] != now["definitions"]:
        return None
    before, after = then["imports"], now["imports"]
    differ = [entry for key in set(before) ^ set(after) for entry in [(before | after)[key]]]
    if any(indicators is None for _kind, indicators in differ):
        return None
    return _with_related({m for _kind, indicators in differ for m in indicators}, catalogues)


def _with_related(changed: set[str], catalogues: Catalogues) -> frozenset[str]:
    """``changed`` and every measure that ``within`` relates to one of them (either way, and so on):
    disclosure control checks them as one, so they are recomputed together; and so are measures
    whose populations nest (``population_within``): what one publishes depends on the other's counts
    (kansrijk.disclosure.nesting)."""
    measures = {m.id: m for m in catalogues.measures()}
    groups = [set(group) for group in related_groups(list(measures), measures)]
    groups += [{m.id, *m.population_within} for m in measures.values() if m.population_within]
    out = set(changed)
    while touched := [group for group in groups if out & group and not group <= out]:
        out = out.union(*touched)
    return frozenset(out)


# Inputs that publications show as they are and no computation reads: importing them recomputes nothing.
NO_RESULTS = (STATEMENTS, CONTACTS, SUMMARY)


def _inputs(store: Store, catalogues: Catalogues, areas: AreaRegistry) -> dict[str, object]:
    """The store's imports (``id:kind:sha256`` -> kind and, for aggregate rows, their measures) and a
    fingerprint of the definitions."""
    indicators: dict[int, list[str]] = {}
    for import_id, indicator in store.con.execute(
        "SELECT DISTINCT import_id, indicator FROM aggregate_rows ORDER BY ALL"
    ).fetchall():
        indicators.setdefault(int(import_id), []).append(str(indicator))
    imports = {
        f"{i}:{kind}:{sha}": [kind, [] if kind in NO_RESULTS else
                              indicators.get(int(i), []) if kind in AGGREGATE_KINDS else None]
        for i, kind, sha in store.con.execute("SELECT import_id, kind, sha256 FROM imports").fetchall()
    }
    definitions = hashlib.sha256(repr((__version__, list(catalogues.measures()), sorted(areas.membership()),
                                       sorted((a.code, a.level) for a in areas.areas()))).encode()).hexdigest()
    return {"definitions": definitions, "imports": imports}
