"""Real measures for tests, from a small catalogue written inline as YAML and loaded the way every
catalogue is (``Catalogues.from_files``: the same validation, file and line in every error)."""

from __future__ import annotations

from pathlib import Path

import yaml

from kansrijk.catalogue import Catalogues, Measure


def record_measures(folder: Path, computations: dict[str, dict[str, str] | None]) -> list[Measure]:
    """One percentage indicator per entry (ids such as ``tt01``), computed from records by the given
    ``computation`` block, or given as aggregate counts when it is None."""
    indicators = []
    for ident, computation in computations.items():
        indicator = {
            "id": ident, "name": f"Testindicator {ident}", "short_name": ident, "type": "uitkomst",
            "action_lines": [2], "goals": [4], "numerator": "Teller.", "denominator": "Noemer.",
            "unit": "percentage", "polarity": "lower_is_better", "source": "test", "reference": "kalenderjaar",
            "aggregation": "sum", "counts_persons": True, "pooled_years": [], "published": [],
        }
        if computation is None:
            indicator["data"] = "aggregate"
        else:
            indicator.update(data="records", computation=computation)
        indicators.append(indicator)
    path = folder / "test_catalogus.yaml"
    path.write_text(yaml.safe_dump({
        "catalogue": "tt", "prefix": "tt", "name": "Testcatalogus", "version": "1",
        "source_document": "tests", "disclosure": {"threshold": 10, "rounding": 0, "complement": False},
        "indicators": indicators,
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = {m.id: m for m in Catalogues.from_files([path]).measures()}
    return [found[ident] for ident in computations]
