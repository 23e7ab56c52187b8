"""Measures whose definitions relate their numerators are protected against an attacker who uses
that: Big2 (ks12.a) counts the births that are preterm (ks12.vroeg) or small for gestational age
(ks12.klein), and the catalogue says so (``within``).

The counts are random with a fixed seed, for every gemeente of Gelderland 2016-2021 (with 5-year
pooled figures), drawn as the four kinds of birth (preterm only, small only, both, neither) so that
they obey the definitions; they are imported as an aggregate file through the real CLI. Published
Big2 and preterm figures of a gemeente bound its small-for-gestational-age births from below (at
least their difference), so unless the three are checked as one, an attacker who adds these
inequalities confines small numbers (checked below on the same data with the relations left out
of the catalogue). The attacker is the suite's own (tests/features/test_disclosure_lp_attack.py),
written without any of kansrijk.disclosure.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.store import Store
from tests.features.test_disclosure_lp_attack import (
    LEVEL, THRESHOLD, YEARS, attack, births, import_counts, told_small,
)

FAMILY = ("ks12.a", "ks12.vroeg", "ks12.klein")
IMPLIED = [("ks12.vroeg", ["ks12.a"]), ("ks12.klein", ["ks12.a"]), ("ks12.a", ["ks12.vroeg", "ks12.klein"])]
# Shares of births: preterm only, small for gestational age only, both (the rest: neither).
KINDS = (0.055, 0.085, 0.015)


def _counts(areas: AreaRegistry, rng: np.random.Generator) -> str:
    lines = ["indicator,gebied,periode,teller,noemer"]
    for code, year, born in births(areas, set(areas.members("PV25")), YEARS, rng, [60, 120, 250, 600, 2000]):
        preterm_only, small_only, both, _ = rng.multinomial(born, [*KINDS, 1 - sum(KINDS)])
        numerators = {"ks12.a": preterm_only + small_only + both, "ks12.vroeg": preterm_only + both,
                      "ks12.klein": small_only + both}
        lines += [f"{m},{code},{year},{n},{born}" for m, n in numerators.items()]
    return "\n".join(lines) + "\n"


def _small(results: list[dict]) -> dict:
    out = {}
    for r in results:
        if r["indicator"] in FAMILY and r["numerator"] is not None:
            counts = {"teller": r["numerator"], "noemer": r["denominator"],
                      "complement": r["denominator"] - r["numerator"]}
            out[(r["indicator"], r["area_code"], r["period"])] = {k for k, v in counts.items() if v < THRESHOLD + LEVEL}
    return out


def _publication(folder: Path, areas: AreaRegistry) -> tuple[list[dict], list[dict]]:
    db = import_counts(folder, _counts(areas, np.random.default_rng(2026)))
    with Store.open(db, read_only=True) as store:
        return store.query("SELECT * FROM published"), store.query("SELECT * FROM results")


def test_the_family_is_checked_with_what_its_definitions_imply(tmp_path: Path, areas: AreaRegistry):
    published, results = _publication(tmp_path, areas)
    rows = [r for r in published if r["indicator"] in FAMILY]
    assert sum(r["status"] == "te_klein" for r in rows) >= 30  # the data really holds small numbers
    assert attack(rows, areas, _small(results), implied=IMPLIED, told_small=told_small(results, *FAMILY)) == []


def test_without_the_relations_in_the_catalogue_the_attacker_confines_small_numbers(
        tmp_path: Path, areas: AreaRegistry, monkeypatch: pytest.MonkeyPatch):
    """The same data with ``within`` left out of the catalogue: the measures are checked one by one,
    and the attacker who knows the definitions confines small numbers."""
    load = Catalogues.load

    def without_within(cls: type[Catalogues], *args: object, **kwargs: object) -> Catalogues:
        def plain(indicator):  # type: ignore[no-untyped-def]
            return replace(indicator, measures=tuple(replace(m, within=()) for m in indicator.measures))
        return Catalogues([replace(c, indicators=tuple(plain(i) for i in c.indicators)) for c in load(*args, **kwargs)])

    monkeypatch.setattr(Catalogues, "load", classmethod(without_within))
    published, results = _publication(tmp_path, areas)
    rows = [r for r in published if r["indicator"] in FAMILY]
    assert attack(rows, areas, _small(results)) == []  # each measure alone holds
    assert attack(rows, areas, _small(results), implied=IMPLIED) != []
