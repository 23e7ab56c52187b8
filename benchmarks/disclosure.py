"""Benchmark: what disclosure control costs the reader, measured on a computed store.

Per measure with small numbers, prints

- te_klein and privacy rows, and privacy rows per te_klein row (secondary per primary suppression);
- figures withheld at a level where the measure would give away a small difference with another
  (docs/disclosure.md, rule 6), apart from privacy;
- the largest denominator hidden for privacy;
- single-year figures of gemeenten of more than 100.000 inhabitants (2019) lost to privacy;
- the share of gemeenten whose figure a user sees (the latest year, else the latest pooled window)
  is published.

Not a test; run it as ``.venv/bin/python benchmarks/disclosure.py /tmp/demo.duckdb`` after
``kansrijk demo --db /tmp/demo.duckdb``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd

from kansrijk.disclosure import LEVEL_WITHHELD, NESTED, REASONS, SOURCE_PRIVACY

POPULATION = Path(__file__).parents[1] / "src/kansrijk/data/areas/population_2019.csv"
LARGE = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    con = duckdb.connect(str(args.store), read_only=True)
    published = con.execute("SELECT * FROM published").df()
    results = con.execute("SELECT indicator, area_code, period, denominator FROM results").df()
    large = set(pd.read_csv(POPULATION).query("population > @LARGE")["code"])
    gemeenten = published[published["area_level"] == "gemeente"]
    single = gemeenten["period_start"] == gemeenten["period_end"]
    # Hidden by secondary suppression; a figure its source withholds (its own reason) is no loss of ours,
    # and one hidden for a difference with a measure whose population nests in or around its own
    # (rule 6) is counted apart.
    by_level = published["reason"].isin([REASONS[LEVEL_WITHHELD], REASONS[NESTED]])
    hidden_for_privacy = ((published["status"] == "privacy") & (published["reason"] != REASONS[SOURCE_PRIVACY])
                          & ~by_level)
    rows = []
    for indicator, part in published.groupby("indicator"):
        primary = int((part["status"] == "te_klein").sum())
        if not primary:
            continue
        privacy = part[hidden_for_privacy.loc[part.index]]
        hidden = privacy[["indicator", "area_code", "period"]].merge(results, on=["indicator", "area_code", "period"], how="left")
        mine = gemeenten[gemeenten["indicator"] == indicator]
        lost_large = mine[single.loc[mine.index] & hidden_for_privacy.loc[mine.index] & mine["area_code"].isin(large)]
        rows.append({
            "indicator": indicator,
            "te_klein": primary,
            "privacy": len(privacy),
            "privacy/te_klein": round(len(privacy) / primary, 2),
            "for a difference": int(by_level.loc[part.index].sum()),
            "largest hidden denominator": hidden["denominator"].max(),
            "large gemeenten losing a year": len(lost_large),
            "figure shown (%)": round(100 * _shown(mine), 1),
        })
    print(pd.DataFrame(rows).to_string(index=False))


def _shown(rows: pd.DataFrame) -> float:
    """Share of gemeenten whose latest single year, else latest pooled window, is published."""
    latest = rows["period_end"].max()
    year = rows[(rows["period_start"] == rows["period_end"]) & (rows["period_end"] == latest)]
    pooled = rows[(rows["period_start"] < rows["period_end"]) & (rows["period_end"] == latest)]
    ok = set(year.loc[year["status"] == "gepubliceerd", "area_code"]) | set(
        pooled.loc[pooled["status"] == "gepubliceerd", "area_code"])
    return len(ok) / max(1, rows["area_code"].nunique())


if __name__ == "__main__":
    main()
