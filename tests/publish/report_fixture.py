"""A small synthetic aggregate data set for the report tests: Gelderland Midden, Fryslan, Land van Cuijk.

Counts are random (seeded) around national levels; the Wadden islands get a handful of births so
most of their values are suppressed. The national figures are supplied as NL01 rows. Imported with ``--synthetic`` and computed by the real pipeline.
"""

from pathlib import Path

import numpy as np

from kansrijk.areas import AreaRegistry

YEARS = range(2019, 2024)
# measure id -> (denominator per 1.000 inhabitants-ish scale, probability). The Big2 variants share
# the births here: their denominators are ks12.a's everywhere, the same persons rather than nested
# populations, which rule 6 leaves alone (docs/disclosure.md);
# ks13 and ks14 give the region report more per-gemeente figures.
MEASURES = {"ks07": 0.11, "ks12.a": 0.12, "ks12.b": 0.11, "ks12.c": 0.115, "ks12.d": 0.105, "ks13": 0.06,
            "ks14": 0.08}
CURRENT = ("RGGM", "PV21")  # Gelderland Midden and Fryslan (with the Wadden islands)
MERGED = "GM1982"  # Land van Cuijk, formed in 2022
TINY = ("GM0088", "GM0096", "GM0093", "GM0060")  # Schiermonnikoog, Vlieland, Terschelling, Ameland


def write_counts(folder: Path, areas: AreaRegistry, seed: int = 11) -> Path:
    """Write ``counts.csv`` (indicator, gebied, periode, teller, noemer) and return its path."""
    rng = np.random.default_rng(seed)
    wanted = {c for code in CURRENT for c in areas.members(code)} | {MERGED}
    lines = ["indicator,gebied,periode,teller,noemer"]
    for year in YEARS:
        for gemeente in areas.gemeenten(year):
            if areas.current_code(gemeente.code, year) not in wanted:
                continue
            births = int(rng.integers(4, 25)) if gemeente.code in TINY else int(rng.integers(80, 2500))
            for measure, p in MEASURES.items():
                local = min(max(p * rng.normal(1.0, 0.25), 0.01), 0.6)
                lines.append(f"{measure},{gemeente.code},{year},{int(rng.binomial(births, local))},{births}")
    # The national figures are supplied (the counts above cover two regions, not Nederland).
    for year in YEARS:
        for measure, p in MEASURES.items():
            lines.append(f"{measure},NL01,{year},{int(p * 170_000) + 40 * (year - 2019)},{170_000}")
    path = folder / "counts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
