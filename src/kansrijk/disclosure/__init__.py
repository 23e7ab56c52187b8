"""Disclosure control, in one place, after computation and before anything is published.

1. Primary suppression (``te_klein``): a count of persons below the threshold, see
   :mod:`kansrijk.disclosure.primary`.
2. Secondary suppression (``privacy``): no small number may be derivable from what is published, by
   linear algebra or by a linear programme with every count at least 0. Every published figure is a
   sum of inner cells (:mod:`~kansrijk.disclosure.relations`); candidates are published in order of
   value unless they would reveal a small number (Gaussian elimination,
   :mod:`~kansrijk.disclosure.gauss`); then the interval an attacker can derive for every small count
   is checked by linear programming and more is hidden until none is narrower than the protection
   level (:mod:`~kansrijk.disclosure.secondary`, :mod:`~kansrijk.disclosure.intervals`).
3. Optional rounding of published counts to a base (as RIVM Regiobeeld does), per catalogue: a
   way of presenting them, no protection, as the values published beside them give the exact
   counts back (:mod:`~kansrijk.disclosure.unrounding`); 1 and 2 take every count as exact.

Every row that is not published keeps its status and a Dutch reason, and has every number empty.
The rows are put in one fixed order first, so the same inputs always give the same published
figures (whatever order a working copy happens to hold its rows in).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.disclosure.families import denominator_families
from kansrijk.disclosure.fourfold import fourfold_hidden
from kansrijk.disclosure.nesting import Difference, aligned, cell_withholding, declared, withholding
from kansrijk.disclosure.primary import measure_table, primary_suppression, round_counts, small_counts
from kansrijk.disclosure.relations import inconsistent_rows
from kansrijk.disclosure.secondary import Suppression, headlines, secondary_suppression
from kansrijk.engine.trends import POINTS as TREND_POINTS
from kansrijk.stats.trend import INSUFFICIENT
from kansrijk.vocabulary import NO_DATA, NOT_OFFERED, NOT_REGISTERED, PRIVACY, PUBLISHED, TOO_SMALL, TREND_HIDDEN

# A figure its source withholds (status privacy in the import): it holds no counts and is in no sum,
# unlike a figure hidden by secondary suppression; its own reason tells readers and the audit apart.
SOURCE_PRIVACY = "privacy_bron"
# A figure at a level where it would give away a small difference with a figure its population nests
# in (kansrijk.disclosure.nesting): computed, in the sums, withheld.
LEVEL_WITHHELD = "niet_op_dit_niveau"
# A figure hidden so that its difference with a figure its population nests in (or around) stays
# unknown where that difference is small.
NESTED = "verschil_verwant"

REASONS: dict[str, str] = {
    TOO_SMALL: "Te klein voor een betrouwbare uitkomst (minder dan {threshold} personen).",
    NOT_OFFERED: "De interventie of het programma wordt hier (nog) niet aangeboden.",
    NOT_REGISTERED: "De benodigde gegevens worden niet geregistreerd.",
    PRIVACY: "Niet getoond om privacyredenen: anders is een ander, klein aantal terug te rekenen.",
    SOURCE_PRIVACY: "De bron geeft dit cijfer om privacyredenen niet.",
    LEVEL_WITHHELD: ("Op dit niveau achtergehouden: naast een verwant cijfer zou het verschil een klein "
                     "aantal personen verraden."),
    NESTED: ("Niet getoond om privacyredenen: naast een verwant cijfer is anders een klein aantal personen "
             "terug te rekenen."),
    NO_DATA: "Geen gegevens beschikbaar.",
}

ROW_ORDER = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
NUMBER_COLUMNS = ["numerator", "denominator", "value", "lower", "upper", "lower_998", "upper_998"]
HIDDEN_WITH_NUMBERS = ["benchmark_nl", "benchmark_region", "trend"]


def apply_disclosure(results: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry,
                     earlier: pd.DataFrame | None = None, previous: pd.DataFrame | None = None,
                     meanwhile: Callable[[], object] | None = None) -> pd.DataFrame:
    """The publishable copy of ``results``: suppressed rows emptied with status and reason.

    ``earlier`` lists figures published by earlier editions (the store's ledger: key columns with
    numerator and denominator). A row whose exact counts were published before is known to the
    attacker, so it is published again and the rest is protected with it. ``previous`` is the last
    edition (``Store.previous_edition``): a measure none of whose rows, counts or small numbers
    changed since is published as it was then (that publication was checked, and repeating it tells
    nothing new), without checking it again. ``meanwhile`` is work for the calling process to do
    alongside (a thread of its own): it is called once, when every check has been handed to worker
    processes, or as soon as it is known that no worker process checks.
    """
    meanwhile = _once(meanwhile)
    out = results.sort_values(ROW_ORDER, kind="stable").reset_index(drop=True)
    withheld = (out["status"] == PRIVACY).to_numpy()
    membership = areas.membership()
    primary = primary_suppression(out, measures)
    settled, hidden_then = _unchanged(out, previous, primary)
    # Measures that share their denominators are protected together: one changed, all are checked.
    # So are measures whose populations nest: their differences are protected with them.
    found = declared(out, measures)
    for group in [*denominator_families(out, measures), *(d.measures for d in found)] if settled.any() else []:
        rows = out["indicator"].isin(group).to_numpy()
        settled[rows] = settled[rows].all()
    known = published_before(out, earlier) & ~primary
    # A difference between measures with the same rows is protected cell by cell, as a small number
    # of its own; one between measures with different rows (aggregates of different areas) withholds
    # the inner measure at a whole area level (a withheld figure an earlier edition published is known
    # to the attacker all the same, so the check counts it as published).
    # A difference of four measures hides, where it is small, one of its figures (not, where it can
    # be helped, a figure a reader sees first).
    of_two_or_three = [d for d in found if not d.of_four]
    of_four = [d for d in found if d.of_four]
    per_cell = aligned(out, of_two_or_three)
    unsettled = [d for d in per_cell if not settled[out["indicator"].isin(d.measures).to_numpy()].all()]
    nested = withholding(out, measures, [d for d in of_two_or_three if d not in per_cell])
    can_publish = (out["status"] == PUBLISHED).to_numpy() & ~primary
    by_level = nested.withheld & can_publish
    shown = can_publish & ~by_level
    headline = headlines(out, primary)
    by_cell = cell_withholding(out, measures, of_four, headline & shown, known) & shown
    # Figures of earlier editions that this one does not compute (last year's pooled window) are
    # equations the attacker holds too: they join disclosure control as known rows, as long as they
    # still hold for the current inputs (a corrected input makes an old figure a different sum).
    extra = earlier_only(out, earlier, areas, membership)
    # Measures checked together (sharing their denominators, or a difference cell by cell) need rows
    # for the same keys: a partner's figure under such a key that was not published is a hidden row.
    extra, unpublished = with_partners(extra, out, checked_together(out, measures)) if len(extra) else \
        (extra, np.zeros(0, dtype=bool))
    # A measure without rows to protect is skipped; withheld rows where a difference is small are
    # protected from the published sums (as a small number is, though their own counts are large).
    checked = (primary | (nested.protected & by_level) | by_cell) & ~settled
    withheld_rows = by_level | by_cell
    if not checked.any():
        meanwhile()
    if len(extra):
        joined = pd.concat([out, extra], ignore_index=True)
        small_before = unpublished & small_counts(extra, measures).any(axis=1)
        hidden = _secondary(
            joined, np.concatenate([checked, small_before]), membership, measures,
            np.concatenate([known, ~unpublished]), meanwhile, np.concatenate([withheld_rows & ~known, unpublished]),
            unsettled,
        )
        suppressed = Suppression(hidden.hidden[:len(out)], hidden.nested[:len(out)])
    else:
        suppressed = _secondary(out, checked, membership, measures, known, meanwhile, withheld_rows & ~known,
                                unsettled)
    meanwhile()
    privacy = np.where(settled, hidden_then, suppressed.hidden) | withheld_rows
    # Nor may a difference of four measures follow from what is now published (a region's less its
    # published members), beside what earlier editions published that this one does not compute.
    every = pd.concat([out, extra], ignore_index=True) if len(extra) else out
    fourfold = fourfold_hidden(every, np.concatenate([can_publish & ~privacy, ~unpublished]),
                               np.concatenate([known, ~unpublished]), small_counts(every, measures),
                               np.concatenate([headline, np.zeros(len(extra), dtype=bool)]), measures, of_four,
                               membership)[:len(out)]
    privacy |= fourfold
    out.loc[primary, "status"] = TOO_SMALL
    out.loc[privacy & ~primary, "status"] = PRIVACY
    hidden = out["status"] != PUBLISHED
    out.loc[hidden, NUMBER_COLUMNS] = np.nan
    out.loc[hidden, HIDDEN_WITH_NUMBERS] = None
    out.loc[_trend_over_hidden_years(out, hidden.to_numpy()), "trend"] = TREND_HIDDEN
    # One reason per (status, threshold) pair, spread over the rows.
    thresholds, persons, rounding = measure_table(out, measures, "threshold", "counts_persons", "rounding")
    reason_key = np.select([withheld, by_level, ((suppressed.nested | by_cell) & ~settled | fourfold) & ~primary],
                           [SOURCE_PRIVACY, LEVEL_WITHHELD, NESTED], out["status"].to_numpy())
    keys, key_names = pd.factorize(reason_key)
    levels, level_names = pd.factorize(thresholds)
    texts = np.array([[REASONS[key].format(threshold=level) if key in REASONS else None for level in level_names]
                      for key in key_names], dtype=object).reshape(len(key_names), len(level_names))
    out["reason"] = texts[keys, levels]
    # A benchmark against a region whose own figure is hidden would hint at that figure.
    own, region = _figure_keys(out)
    out.loc[np.isin(region, own[hidden.to_numpy()]), "benchmark_region"] = None
    rounding = np.where(persons.astype(bool), rounding, None)
    for catalogue_rounding in {m.rounding for m in measures.values() if m.rounding}:
        rows = rounding == catalogue_rounding
        for col in ("numerator", "denominator"):
            out.loc[rows, col] = round_counts(out.loc[rows, col], catalogue_rounding)
    return out


def _trend_over_hidden_years(frame: pd.DataFrame, hidden: np.ndarray) -> np.ndarray:
    """The rows whose trend marker was tested over a year that is not published: the test's outcome
    depends on that year's counts (whether they make the series rise significantly), so the marker
    would tell something of them; as the recent trend of Fingertips, it is not given then."""
    single = ((frame["period_start"] == frame["period_end"]) & frame["reference_date"].isna()).to_numpy()
    series = pd.factorize(frame["indicator"] + "\x00" + frame["area_code"])[0].astype(np.int64) * 10_000
    year = frame["period_start"].fillna(0).to_numpy(np.int64)
    key = series + year
    tested = single & ~hidden & frame["trend"].notna().to_numpy() & (frame["trend"] != INSUFFICIENT).to_numpy()
    gone = key[single & hidden]
    return tested & np.any([np.isin(key - back, gone) for back in range(TREND_POINTS)], axis=0)


def _figure_keys(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row an integer for (measure, area, period), and one for (measure, region, period): equal
    keys, same figure; -1 without a region."""
    size = len(frame) + 1
    areas = pd.factorize(pd.concat([frame["area_code"], frame["region_code"]], ignore_index=True))[0]
    figure = pd.factorize(frame["indicator"])[0] * 2 * size * size + pd.factorize(frame["period"])[0]
    own, region = figure + areas[:len(frame)] * size, figure + areas[len(frame):] * size
    return own, np.where(areas[len(frame):] >= 0, region, -1)


def _once(work: Callable[[], object] | None) -> Callable[[], None]:
    """``work`` to be done once, however often the result is called."""
    pending = [work] if work is not None else []

    def run() -> None:
        while pending:
            pending.pop()()
    return run


def _secondary(frame: pd.DataFrame, checked: np.ndarray, membership: list[tuple[str, str]],
               measures: dict[str, Measure], known: np.ndarray, meanwhile: Callable[[], None],
               withheld: np.ndarray, nested: list[Difference]) -> Suppression:
    """Secondary suppression over the measures that count persons: only they have small numbers to
    protect. (A gemeente's programme fact is one ja/nee per gemeente of today, so such a measure's
    regional counts, taken over the gemeenten of that year, are no sum of today's gemeenten.)
    ``withheld`` rows are never published; the ``nested`` differences are protected cell by cell."""
    persons = measure_table(frame, measures, "counts_persons").astype(bool)
    hidden, by_nesting = np.zeros(len(frame), dtype=bool), np.zeros(len(frame), dtype=bool)
    if persons.any():
        part = frame[persons].reset_index(drop=True)
        found = secondary_suppression(part, checked[persons], small_counts(part, measures), membership, measures,
                                      known=known[persons], meanwhile=meanwhile, withheld=withheld[persons],
                                      nested=nested)
        hidden[persons], by_nesting[persons] = found
    return Suppression(hidden, by_nesting)


def earlier_only(frame: pd.DataFrame, earlier: pd.DataFrame | None, areas: AreaRegistry,
                  membership: list[tuple[str, str]]) -> pd.DataFrame:
    """Rows published by an earlier edition under a key this one lacks, that still add up."""
    if earlier is None or earlier.empty:
        return frame.iloc[:0]
    keys = ROW_ORDER
    mine = _keyed(frame, keys, here=True)
    theirs = _keyed(earlier, list(earlier.columns))
    theirs = theirs[theirs["indicator"].isin(set(frame["indicator"]))]
    missing = theirs.merge(mine, on=keys, how="left")
    missing = missing[missing["here"].isna()].drop(columns="here")
    if missing.empty:
        return frame.iloc[:0]
    # Only figures without a peildatum: those of a peildatum are recomputed in every edition.
    missing = missing[missing["reference_date"].isna()]
    levels = {a.code: a.level for a in areas.areas()}
    rows = missing[["indicator", "area_code", "period_start", "period_end", "numerator", "denominator"]].copy()
    rows["reference_date"] = frame["reference_date"].iloc[:0].reindex(range(len(rows))).to_numpy()
    rows["area_level"] = rows["area_code"].map(levels).fillna("gemeente")
    rows["members_with_data"] = np.where(rows["area_level"] == "gemeente", np.nan, 1.0)
    rows["status"] = PUBLISHED
    rows["period"] = [str(a) if a == b else f"{a}-{b}" for a, b in zip(rows["period_start"], rows["period_end"])]
    rows = rows.reset_index(drop=True)
    joined = pd.concat([frame, rows], ignore_index=True)
    wrong = set(inconsistent_rows(joined, membership).tolist())
    keep = [i for i in range(len(rows)) if len(frame) + i not in wrong]
    return rows.iloc[keep].reset_index(drop=True)


def checked_together(frame: pd.DataFrame, measures: dict[str, Measure]) -> list[tuple[str, ...]]:
    """The groups of measures of ``frame`` that are checked together: those sharing their
    denominators, and those of a difference checked cell by cell (rule 6)."""
    return [*denominator_families(frame, measures), *(d.measures for d in aligned(frame, declared(frame, measures)))]


def with_partners(extra: pd.DataFrame, frame: pd.DataFrame,
                  groups: list[tuple[str, ...]]) -> tuple[pd.DataFrame, np.ndarray]:
    """``extra`` (rows of earlier editions, :func:`earlier_only`) with a row for every measure of a
    group of measures checked together under every key another one has there (last year's pooled
    window of Big2, published, beside that of a part, hidden then), and which rows were not published
    before. Such a row is the sum of the measure's years in ``frame``; where a year is missing, the
    key is left out for the whole group. Rows in the order of ``frame`` (measure, then key)."""
    if extra.empty or not groups:
        return extra, np.zeros(len(extra), dtype=bool)
    key = ["area_code", "period_start", "period_end"]
    component = {m: n for n, members in enumerate(_components(groups)) for m in members}
    extra = extra.assign(_group=extra["indicator"].map(component).fillna(-1).astype(int))
    grouped = extra[extra["_group"] >= 0]
    # Every key of a group, for every measure of that group that has no row under it.
    grid = grouped.drop_duplicates(["_group", *key]).drop(columns="indicator").merge(
        pd.DataFrame({"indicator": list(component), "_group": list(component.values())}), on="_group")
    grid = grid.merge(grouped[["indicator", *key]].assign(_have=True), on=["indicator", *key], how="left")
    missing = grid[grid["_have"].isna()].drop(columns="_have").reset_index(drop=True)
    # Their counts: the sums of the measure's years in the window.
    single = frame.loc[(frame["period_start"] == frame["period_end"]) & frame["reference_date"].isna(),
                       ["indicator", "area_code", "period_start", "numerator", "denominator"]]
    years = missing[["indicator", "area_code", *key[1:]]].reset_index().merge(
        single.rename(columns={"period_start": "year"}), on=["indicator", "area_code"])
    years = years[years["year"].between(years["period_start"], years["period_end"])]
    sums = years.groupby("index")[["numerator", "denominator"]].sum().reindex(missing.index)
    whole = years.groupby("index").size().reindex(missing.index, fill_value=0) \
        == missing["period_end"] - missing["period_start"] + 1
    missing[["numerator", "denominator"]] = sums.to_numpy()
    # A key for which a measure lacks a year is left out for its whole group.
    broken = missing.loc[~whole, ["_group", *key]].drop_duplicates().assign(_broken=True)
    rows = pd.concat([extra.assign(_new=False), missing[whole].assign(_new=True)], ignore_index=True)
    rows = rows.merge(broken, on=["_group", *key], how="left")
    rows = rows[rows["_broken"].isna()]
    rows = rows.sort_values(["indicator", *key], kind="stable").reset_index(drop=True)
    return rows.drop(columns=["_group", "_new", "_broken"]), rows["_new"].to_numpy(bool)


def _components(groups: list[tuple[str, ...]]) -> list[list[str]]:
    """The measures of overlapping ``groups`` together: each set of groups joined by a measure."""
    out: list[set[str]] = []
    for group in groups:
        joined = [c for c in out if c & set(group)]
        out = [c for c in out if not c & set(group)] + [set(group).union(*joined)]
    return [sorted(c) for c in out]


def _unchanged(frame: pd.DataFrame, previous: pd.DataFrame | None,
               primary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the measures whose every row is in ``previous`` with the same counts, source status and
    small numbers (and no row of which has gone), and which of them were hidden for privacy then."""
    nothing = np.zeros(len(frame), dtype=bool)
    if previous is None or previous.empty:
        return nothing, nothing
    keys = ROW_ORDER
    mine = _keyed(frame, [*keys, "numerator", "denominator", "status"], small=primary,
                  position=np.arange(len(frame)))
    theirs = _keyed(previous, [*keys, "numerator", "denominator", "status", "published_status"])
    theirs = theirs[theirs["indicator"].isin(set(frame["indicator"]))]
    both = mine.merge(theirs, on=keys, how="outer", suffixes=("", "_then"), indicator=True)

    def same(column: str) -> pd.Series:
        now, then = both[column], both[column + "_then"]
        return (now == then) | (now.isna() & then.isna())

    agrees = ((both["_merge"] == "both") & same("numerator") & same("denominator") & same("status")
              & (both["small"] == (both["published_status"] == TOO_SMALL)))
    steady = agrees.groupby(both["indicator"]).all()
    here = both[both["position"].notna()]
    settled, hidden_then = nothing.copy(), nothing.copy()
    at = here["position"].to_numpy(int)
    settled[at] = here["indicator"].map(steady).fillna(False).to_numpy(bool)
    hidden_then[at] = (here["published_status"] == PRIVACY).to_numpy(bool) & ~here["small"].to_numpy(bool)
    return settled, hidden_then


def _keyed(frame: pd.DataFrame, columns: list[str], **extra: object) -> pd.DataFrame:
    """``columns`` of ``frame`` ready to be matched by key with another edition: the reference date
    as a timestamp whatever type it was stored with, plus the ``extra`` columns."""
    return frame[columns].assign(reference_date=pd.to_datetime(frame["reference_date"]), **extra)


def published_before(frame: pd.DataFrame, earlier: pd.DataFrame | None) -> np.ndarray:
    """Which rows of ``frame`` were published before with the counts they have now."""
    if earlier is None or earlier.empty:
        return np.zeros(len(frame), dtype=bool)
    keys = [*ROW_ORDER, "numerator", "denominator"]
    mine = _keyed(frame, keys)
    theirs = _keyed(earlier, keys, seen=True)
    found = mine.merge(theirs.drop_duplicates(keys), on=keys, how="left")["seen"]
    return found.fillna(False).to_numpy(bool)


__all__ = [
    "PRIVACY", "PUBLISHED", "REASONS", "SOURCE_PRIVACY", "TOO_SMALL", "apply_disclosure", "primary_suppression", "round_counts",
]
