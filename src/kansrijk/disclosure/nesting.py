"""Measures whose populations nest: the difference of their counts is a count of persons.

ks12.b counts the births from 24 weeks, ks12.a those from 22: where both publish a figure for the
same area and period, the one denominator less the other is the number of births at 22 and 23 weeks
there; ks12.b's less ks12.d's (live births from 24 weeks) the stillbirths. The catalogue declares
such nesting (``population_within``, followed through: ks12.d within ks12.b within ks12.a), and so
the numerators nest too when both measures count the same condition; a measure ``within`` one other
gives its difference with that one (Big2 less preterm: the children only small for their age;
followed through, as for populations), and Big2 ``within`` its two parts the children in both. A
measure whose population lies within two others that lie within a third (ks12.d, live births from
24 weeks, within ks12.b and ks12.c, both within ks12.a) splits the third's persons into four groups:
besides the two differences with either, the persons in neither of the two (the stillbirths at 22
and 23 weeks), which the four figures give away together although every two of them differ by 10
or more. Likewise a measure ``within`` three parts (any of the three characteristics of vulnerable
households, ks11.d) less the three gives the children with two or more of them (those with two
once, those with all three twice). Such a difference of four measures is protected where it is
small by hiding one of its four figures there, sparing the figure a reader sees first
(:func:`cell_withholding`). A
``public_difference`` is left alone: it counts no condition the monitor protects (pregnancies within
children: the children after the first of a multiple pregnancy).

Each such difference is a :class:`Difference`; :func:`difference_values` computes it over a table
of counts per area and period. Disclosure control protects a difference between measures with the
same rows cell by cell, as a small number of its own (:class:`NestedCheck`: the measures and their
:class:`Composition` into atoms, checked as one count measure); between measures whose figures are
not for the same areas and periods it withholds the measure that gives the difference away at the
area levels where that difference is below the threshold anywhere (:func:`withholding`). The
audit (:mod:`kansrijk.disclosure.audit`) names every small difference in what is published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import scipy.sparse as sp

from kansrijk.catalogue import Measure
from kansrijk.disclosure.job import Job, any_of, job_columns
from kansrijk.disclosure.relations import MeasureRelations
from kansrijk.errors import DisclosureError
from kansrijk.vocabulary import PUBLISHED

if TYPE_CHECKING:
    from kansrijk.disclosure.secondary import FamilyPass

KEYS = ["area_code", "period", "reference_date"]


@dataclass(frozen=True)
class Difference:
    """The ``count`` ("noemer" or "teller") of the ``outer`` measures together less that of ``inner``
    (``neither``: of two measures within a third, the third's less the first two plus ``inner``'s,
    the persons in neither): a count of persons (``label`` says which, in Dutch). Where it is small,
    ``withhold``'s figure is the one not to publish (for a difference of four measures, unless a
    reader sees it first: :func:`cell_withholding`): the inner measure, or for parts and their
    whole the last part."""

    inner: str
    outer: tuple[str, ...]
    count: str
    label: str
    withhold: str
    neither: bool = False

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.inner, *self.outer)

    @property
    def of_four(self) -> bool:
        """Whether it is a difference of four measures, protected by :func:`cell_withholding`.
        (Checked as a difference of two or three measures is, as one count measure of the measures
        and their groups of persons, the four Big2 definitions took minutes on the national demo
        and hid most of Big2: a repair weighs a figure by its persons, not by the order of the
        measures.)"""
        return len(self.outer) == 3

    @property
    def signs(self) -> dict[str, int]:
        """The difference as a combination of its measures' counts."""
        if self.neither:
            first, second, around = self.outer
            return {self.inner: 1, first: -1, second: -1, around: 1}
        return {self.inner: -1, **{m: 1 for m in self.outer}}


def differences(measures: dict[str, Measure], related: dict[str, Measure]) -> list[Difference]:
    """The differences the catalogue declares for each of ``measures`` (their outer measures from
    ``related``). Those that withhold a part or a variant come first (then the catalogue's order):
    a part of an indicator goes before an indicator of its own (ks11.c, parents' debts, before ks08,
    the mother's)."""
    out: list[Difference] = []
    for name, measure in measures.items():
        for outer in _populations_around(name, related):
            out.append(Difference(name, (outer,), "noemer", f"noemer van {outer} min deze", name))
            if _same_numerator(measure, related[outer]):
                out.append(Difference(name, (outer,), "teller", f"teller van {outer} min deze", name))
        for outer in _within_around(name, related):
            out.append(Difference(name, (outer,), "teller", f"teller van {outer} min deze", name))
        parts = [m for m in measure.within if m in related]
        if len(parts) == 2 and all(name in related[m].within for m in parts):
            out.append(Difference(name, tuple(parts), "teller", f"in {parts[0]} en in {parts[1]}", parts[1]))
        if len(parts) == 3 and all(name in related[m].within for m in parts):
            out.append(Difference(name, tuple(parts), "teller", f"in twee of meer van {', '.join(parts)}", parts[2]))
        out += _in_neither(name, measure, related)
    kind = {d.withhold: (related.get(d.withhold) or measures[d.withhold]).kind for d in out}
    return sorted(out, key=lambda d: kind[d.withhold] == "single")


def declared(frame: pd.DataFrame, measures: dict[str, Measure]) -> list[Difference]:
    """The differences (:func:`differences`) between measures ``frame`` holds, in their order."""
    computed = set(pd.unique(frame["indicator"]))
    present = {m: measure for m, measure in measures.items() if m in computed}  # in the catalogues' order
    return [d for d in differences(present, measures) if set(d.measures) <= set(present)]


def aligned(frame: pd.DataFrame, found: list[Difference]) -> list[Difference]:
    """The differences of ``found`` whose measures have counts for the same areas and periods, with
    the same sums (``frame`` sorted by measure and key): then every figure of one has its twin in
    each other, and their differences can be protected cell by cell."""
    with_counts = (frame["numerator"].notna() | frame["denominator"].notna()).to_numpy()
    indicator = frame["indicator"].to_numpy()
    keys = {}
    for m in {m for d in found for m in d.measures}:
        rows = frame[with_counts & (indicator == m)]
        keys[m] = keyed(rows, []).assign(summed=rows["members_with_data"].notna()).reset_index(drop=True)
    return [d for d in found if all(keys[m].equals(keys[d.inner]) for m in d.outer)]


@dataclass(frozen=True)
class Composition:
    """The measures of a difference as sums of *atoms*, cell by cell: counts of persons each measure
    adds up, none negative, among them the difference. ``atoms`` gives each atom as a combination
    of the ``members``' counts (one row per atom); ``sums`` per member the atoms it adds up.

    A measure within one other: the inner measure's persons and the difference; the outer measure
    adds up both. Big2 within its two parts (and each part within Big2): the children only preterm,
    only small for their age, and both; Big2 adds up all three, each part two."""

    members: tuple[str, ...]
    atoms: np.ndarray
    sums: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, difference: Difference) -> Composition:
        if len(difference.outer) == 1:
            return cls((difference.inner, difference.outer[0]), np.array([[1, 0], [-1, 1]]), ((0,), (0, 1)))
        first, second = difference.outer
        return cls((difference.inner, first, second), np.array([[1, 0, -1], [1, -1, 0], [-1, 1, 1]]),
                   ((0, 1, 2), (0, 2), (1, 2)))

    @property
    def pure(self) -> list[int]:
        """The atoms that are no member's count (the others are cells of that member's own rows)."""
        return [a for a, row in enumerate(self.atoms) if np.abs(row).sum() != 1]

    def relations(self, base: MeasureRelations, name: str) -> MeasureRelations:
        """The relations of the members (each with ``base``'s rows and sums) and then of the pure
        atoms, a block of ``base.size`` rows each, every row a sum of atom cells: the cells of an
        atom that is a member's count are that member's cells, those of a pure atom its own."""
        n, m = base.size, len(self.members)
        pure = self.pure
        block = {a: pure.index(a) + m if a in pure else int(np.flatnonzero(row)[0]) for a, row in enumerate(self.atoms)}
        row_of, cell = base.matrix_entries()
        pairs = [(j * n + row_of, block[a] * n + cell) for j, atoms in enumerate(self.sums) for a in atoms]
        pairs += [((m + i) * n + row_of, block[a] * n + cell) for i, a in enumerate(pure)]
        rows, cols = (np.concatenate(x) for x in zip(*pairs))
        size = (m + len(pure)) * n
        matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size))
        matrix.sort_indices()
        return MeasureRelations(name, np.arange(size), matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64))

    def counts(self, members: np.ndarray) -> np.ndarray:
        """The pure atoms' counts (one row each) from the members' (one row per member)."""
        return self.atoms[self.pure] @ members


def keyed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``KEYS`` and ``columns`` of ``frame``, the reference date as text ("" without one), so that
    rows of one area and period match whatever type the dates were read as."""
    return frame[[*KEYS, *columns]].assign(reference_date=frame["reference_date"].astype(str).fillna(""))


def involved(frame: pd.DataFrame, found: list[Difference]) -> np.ndarray:
    """The positions of the rows of ``frame`` whose measure is in one of the differences ``found``."""
    return np.flatnonzero(frame["indicator"].isin({m for d in found for m in d.measures}).to_numpy())


def count_tables(frame: pd.DataFrame, public: np.ndarray, denominators: np.ndarray | None = None
                 ) -> dict[str, pd.DataFrame]:
    """Per count ("noemer", "teller"): the counts of the ``public`` rows of ``frame``, one column per
    measure, one row per area, period and reference date (with the area level). ``denominators``
    gives the denominators of other rows that are public all the same (NaN: none)."""
    den = frame["denominator"].to_numpy(float)
    rows = keyed(frame, ["area_level", "indicator"]).assign(
        noemer=np.where(public, den, np.nan if denominators is None else denominators),
        teller=np.where(public, frame["numerator"].to_numpy(float), np.nan))
    table = rows.pivot_table(index=[*KEYS, "area_level"], columns="indicator", values=["noemer", "teller"],
                             aggfunc="first", dropna=False)
    return {count: table[count] if count in table else table.iloc[:, :0] for count in ("noemer", "teller")}


def difference_values(tables: dict[str, pd.DataFrame], difference: Difference,
                      inner: dict[str, pd.DataFrame] | None = None) -> pd.Series:
    """The difference per area, period, reference date and level where every count is in
    ``tables`` (the inner measure's own counts from ``inner``, default the same tables)."""
    table, own = tables[difference.count], (inner or tables)[difference.count]
    if difference.inner not in own or any(m not in table for m in difference.outer):
        return pd.Series(dtype=float)
    return sum(sign * (own if m == difference.inner else table)[m] for m, sign in difference.signs.items()).dropna()


def small(values: pd.Series, threshold: float) -> pd.Series:
    """The differences below ``threshold`` (0 included; one below 0 contradicts the declaration,
    as the counts of a source that counts otherwise may, and is left alone)."""
    return values[(values >= 0) & (values < threshold)]


@dataclass(frozen=True)
class Withholding:
    """Per row of a frame of exact figures: ``withheld``, its measure gives a difference away at its
    area level, so it is not published there; ``protected``, for each area and period where a
    difference is small, the withheld row of one of its measures, which no published sum may give
    back (a province less the GGD regions within it can be a single gemeente)."""

    withheld: np.ndarray
    protected: np.ndarray


def withholding(frame: pd.DataFrame, measures: dict[str, Measure], found: list[Difference]) -> Withholding:
    """What ``frame`` (exact figures before disclosure control) withholds: a measure at each area
    level where one of its differences, for any area and period where its counts are not small
    themselves, is below the threshold. A measure not published at a level no longer gives anything
    away there, nor does a difference with it: the differences are settled in the order of
    :func:`differences`, each withholding a measure at a level only where every measure of it is
    still published there."""
    none = np.zeros(len(frame), dtype=bool)
    at = involved(frame, found)
    if not found or not len(at):
        return Withholding(none, none)
    part = frame.iloc[at]
    small_at = _small_differences(part, measures, found)
    withheld: set[tuple[str, str]] = set()
    for d in found:
        for level in sorted({key[-1] for key in small_at[d].index}):
            if not any((m, level) in withheld for m in d.measures):
                withheld.add((d.withhold, level))
    indicator, level = part["indicator"].to_numpy(), part["area_level"].to_numpy()
    out = Withholding(none.copy(), none.copy())
    for m, lvl in withheld:
        out.withheld[at[(indicator == m) & (level == lvl)]] = True
    # Where a difference is small, the row of one measure of it that is withheld there: the one it
    # withholds, else the one already withheld at that level (either keeps the difference unknown).
    keys = []
    for d, values in small_at.items():
        if len(values):
            at_level = values.index.to_frame(index=False)
            for lvl, rows in at_level.groupby("area_level"):
                keys.append(rows.assign(indicator=next(m for m in (d.withhold, *d.measures) if (m, lvl) in withheld)))
    if keys:
        keys = pd.concat(keys, ignore_index=True)
        rows = keyed(part, ["indicator"]).assign(position=at)
        found_rows = rows.merge(keys.drop(columns="area_level").drop_duplicates(), on=[*KEYS, "indicator"])
        out.protected[found_rows["position"].to_numpy()] = True
        out.protected[~out.withheld] = False
    return out


def cell_withholding(frame: pd.DataFrame, measures: dict[str, Measure], found: list[Difference],
                     headline: np.ndarray | None = None, known: np.ndarray | None = None) -> np.ndarray:
    """The rows of ``frame`` (exact figures before disclosure control) withheld for the differences
    of four measures in ``found`` (:attr:`Difference.of_four`): where one is small while its counts
    are not, the figure of one of its measures, unless an earlier one withholds a figure of it there
    already. Any one of the four keeps the difference unknown, so the choice spares the figures a
    reader sees first (``headline``, per row of ``frame``: such a figure that is not too small, as a
    small gemeente's 5-year figure where its latest year is too small). It is the measure the
    difference withholds, unless that figure is a headline and another's there is not: then the
    first such one of the inner measure and the outer ones; where all four are, the inner
    measure's. (In a small gemeente the latest year of the parents' debts is often too small while
    that of any of the three is not: the 5-year figure of any of the three goes rather than the only
    figure of the debts it has. The parts lose figures to their differences with the whole besides,
    the whole none: where every figure is a headline, the whole's goes.) A ``known`` figure (an
    earlier edition published it) cannot be taken back: another goes, and where all four are known
    the difference is public already. Each is to be kept from following from the published sums
    too."""
    out = np.zeros(len(frame), dtype=bool)
    at = involved(frame, found)
    if not found or not len(at):
        return out
    part = frame.iloc[at]
    # The keys of the count tables are those of keyed(): the reference date as text.
    rows = keyed(part, ["area_level", "indicator"]).assign(position=at)

    def keys(mask: np.ndarray | None) -> set[tuple]:
        chosen = rows.loc[np.zeros(len(at), dtype=bool) if mask is None else mask[at]]
        return set(chosen[["indicator", *KEYS, "area_level"]].itertuples(index=False, name=None))

    first_seen, seen_before = keys(headline), keys(known)
    withheld: set[tuple] = set()
    for d, values in _small_differences(part, measures, found).items():
        order = list(dict.fromkeys((d.withhold, d.inner, *d.outer)))
        for key in values.index:
            if any((m, *key) in withheld for m in d.measures):
                continue
            free = [m for m in order if (m, *key) not in seen_before]
            if not free:
                continue
            spared = [m for m in free if (m, *key) not in first_seen]
            withheld.add((spared[0] if spared else d.inner if d.inner in free else free[0], *key))
    chosen = pd.DataFrame(list(withheld), columns=["indicator", *KEYS, "area_level"])
    out[rows.merge(chosen, on=["indicator", *KEYS, "area_level"])["position"].to_numpy()] = True
    return out


def _small_differences(part: pd.DataFrame, measures: dict[str, Measure], found: list[Difference]
                       ) -> dict[Difference, pd.Series]:
    """Per difference of ``found``, its values over the figures of ``part`` that may be published,
    where it is small while none of its counts is."""
    tables = count_tables(part, (part["status"] == PUBLISHED).to_numpy())
    return {d: _not_protected(small(difference_values(tables, d), measures[d.inner].threshold), tables, d,
                              measures[d.inner].threshold) for d in found}


def _not_protected(values: pd.Series, tables: dict[str, pd.DataFrame], difference: Difference,
                   threshold: float) -> pd.Series:
    """The differences of ``values`` whose counts are none of them small: a small count is protected
    as such (primary suppression), and with it the difference (the other count less an interval of
    at least the protection level)."""
    table = tables[difference.count]
    counts = table.loc[values.index, list(difference.measures)]
    return values[(counts >= threshold).all(axis=1).to_numpy()]


def _populations_around(name: str, measures: dict[str, Measure]) -> list[str]:
    """The measures whose populations hold that of ``name``: ``population_within``, followed through;
    less those whose difference with it the catalogue calls public (``public_difference``), though
    the measures around them are followed (their difference holds other persons too)."""
    found: list[str] = []
    public = set(measures[name].public_difference) if name in measures else set()
    todo = list(measures[name].population_within) if name in measures else []
    seen: set[str] = set()
    while todo:
        outer = todo.pop(0)
        if outer in measures and outer not in seen and outer != name:
            seen.add(outer)
            found += [] if outer in public else [outer]
            todo += measures[outer].population_within
    return found


def _in_neither(name: str, measure: Measure, related: dict[str, Measure]) -> list[Difference]:
    """For a measure whose population lies within two others that both lie within a third, the
    persons of the third in neither of the two: a difference of all four (none if the catalogue
    calls a difference of the two with ``name`` public)."""
    around = [m for m in measure.population_within if m in related]
    if len(around) != 2 or set(around) & set(measure.public_difference):
        return []
    first, second = around
    common = [m for m in _populations_around(first, related) if m in _populations_around(second, related)]
    if not common:
        return []
    outer = (first, second, common[0])
    counts = ["noemer"] + (["teller"] if all(_same_numerator(measure, related[m]) for m in outer) else [])
    return [Difference(name, outer, count, f"{count} van {common[0]} buiten {first} en {second}", name, neither=True)
            for count in counts]


def _within_around(name: str, measures: dict[str, Measure]) -> list[str]:
    """The measures whose persons hold those ``name`` counts, among the same denominators: ``within``
    a single measure, followed through (the mother's debts within the parents' debts within any
    vulnerability)."""
    found: list[str] = []
    todo = [name]
    while todo:
        inner = measures[todo.pop(0)].within
        if len(inner) == 1 and inner[0] in measures and inner[0] not in found and inner[0] != name:
            found.append(inner[0])
            todo.append(inner[0])
    return found


def _same_numerator(a: Measure, b: Measure) -> bool:
    """Whether two measures count the same condition among their persons (so their numerators nest
    as their populations do)."""
    return a.computation is not None and b.computation is not None and \
        a.computation.records == b.computation.records and a.computation.numerator == b.computation.numerator


class NestedCheck:
    """The protection of the small differences between measures whose populations nest (see
    :mod:`kansrijk.disclosure.nesting`), cell by cell: the measures of a difference (with the same
    rows) and their atoms checked as one count measure, every figure of a measure a sum of atom
    cells, every small atom a small number to protect (none is ever published). Once ``job`` is
    done, ``hidden`` says per row of the frame which figures stay hidden for it; for a difference of
    denominators in every measure that shares the denominator (``touched`` names them all)."""

    floors = None

    def __init__(self, difference: Difference, touched: set[str], spread: list[list[np.ndarray]], job: Job,
                 size: int) -> None:
        self.difference, self.touched, self.spread, self.job = difference, touched, spread, job
        self.hides_denominators = difference.count == "noemer"
        self.hidden = np.zeros(size, dtype=bool)

    def finish(self, mask: np.ndarray) -> None:
        n = len(self.spread[0][0])
        for j, copies in enumerate(self.spread):
            for rows in copies:
                self.hidden[rows[mask[j * n:(j + 1) * n]]] = True

    @classmethod
    def all_of(cls, frame: pd.DataFrame, nested: Sequence[Difference], relations: dict[str, MeasureRelations],
               family_of: dict[str, FamilyPass], primary: np.ndarray, small: np.ndarray, open_: np.ndarray,
               known: np.ndarray, measures: dict[str, Measure]) -> list[NestedCheck]:
        """A check per difference of ``nested`` with a small atom. A difference of denominators is
        checked once per set of families (ks12.b and the Haarlem set share theirs); the two
        differences of Big2 with each of its parts are atoms of the difference with both; and
        differences whose checks would be the same (two measures with the same counts, each less a
        third) are checked once for both."""
        out: list[NestedCheck] = []
        checked = set()
        by_job: dict[bytes, NestedCheck] = {}
        for d in own_checks(nested):
            composition = Composition.of(d)
            rels = [relations[m] for m in composition.members]
            base = rels[0]
            if not same_rows(rels):
                raise DisclosureError(f"{d.inner}: de cijfers van {', '.join(d.outer)} tellen niet dezelfde "
                                      "cellen op; onthullingscontrole gestopt")
            denominators = d.count == "noemer"
            if denominators and all(m in family_of for m in composition.members) \
                    and len({id(family_of[m]) for m in composition.members}) == 1:
                continue  # the same denominators everywhere: the source counts the same persons for both
            key = (d.count, tuple(family_of[m].family if denominators and m in family_of else (m,)
                                  for m in composition.members))
            if key in checked:
                continue
            checked.add(key)
            spread = [family_of[m].copies(m, r.rows) if denominators and m in family_of else [r.rows]
                      for m, r in zip(composition.members, rels)]
            job = difference_job(frame, d, composition, rels, spread, primary, small, open_, known, measures)
            if job is None:
                continue  # the definitions do not hold for these counts, or nothing is small
            touched = set(composition.members)
            if denominators:
                touched |= {f for m in composition.members if m in family_of for f in family_of[m].family}
            key = _fingerprint(job)
            twin = by_job.get(key)
            if twin is None:
                by_job[key] = cls(d, touched, spread, job, len(frame))
                out.append(by_job[key])
            else:
                twin.touched |= touched
                twin.spread = [[*mine, *theirs] for mine, theirs in zip(twin.spread, spread)]
        return out


def same_rows(rels: Sequence[MeasureRelations]) -> bool:
    """Whether the measures of ``rels`` have the same rows, each the sum of the same cells."""
    base = rels[0]
    return all(np.array_equal(r.indptr, base.indptr) and np.array_equal(r.indices, base.indices) for r in rels[1:])


def own_checks(nested: Sequence[Difference]) -> list[Difference]:
    """The differences of ``nested`` that need a check of their own: not the two of Big2 with each
    of its parts, which are atoms of the difference with both; nor the differences of four measures
    (see :attr:`Difference.of_four`)."""
    both = {(d.count, frozenset(pair)) for d in nested if len(d.outer) == 2
            for pair in ((d.inner, d.outer[0]), (d.inner, d.outer[1]))}
    return [d for d in nested if len(d.outer) == 2 or
            (not d.of_four and (d.count, frozenset(d.measures)) not in both)]


def atom_names(d: Difference) -> list[tuple[str, str]]:
    """Per atom of ``d``'s composition that is no member's count, the measure whose difference it
    is and that difference's label: for Big2 and its two parts, the children only in the first
    part are Big2 less the second part (that part's difference with Big2), and so on."""
    if len(d.outer) == 1:
        return [(d.inner, d.label)]
    first, second = d.outer
    return [(second, f"{d.count} van {d.inner} min deze"), (first, f"{d.count} van {d.inner} min deze"),
            (d.inner, d.label)]


def _fingerprint(job: Job) -> bytes:
    """A digest of what a check depends on: equal for checks that decide alike."""
    digest = hashlib.blake2b()
    for a in (pd.util.hash_pandas_object(job.part, index=False).to_numpy(), job.rel.indptr, job.rel.indices,
              job.primary, job.small, job.candidate, job.known, job.unseen):
        digest.update(np.ascontiguousarray(a).tobytes())
    return digest.digest()


def difference_job(frame: pd.DataFrame, d: Difference, composition: Composition, rels: list[MeasureRelations],
                   spread: list[list[np.ndarray]], primary: np.ndarray, small: np.ndarray, open_: np.ndarray,
                   known: np.ndarray, measures: dict[str, Measure]) -> Job | None:
    """The check of difference ``d``: its measures' rows (``rels``, the same for each; ``spread``
    the rows of the frame each figure stands for) and their atoms as one count measure; None when
    an atom is negative (a source that counts otherwise) or none is small."""
    denominators = d.count == "noemer"
    base = rels[0]
    column = frame["denominator" if denominators else "numerator"].to_numpy(float)
    counts = np.stack([column[r.rows] for r in rels])
    atoms = composition.counts(counts)
    threshold = float(measures[d.inner].threshold)
    if (atoms < 0).any() or not (atoms < threshold).any():
        return None
    name = f"{d.inner}~{'+'.join(d.outer)}:{d.count}"
    values = np.concatenate([counts.ravel(), atoms.ravel()])
    blocks = len(composition.members) + len(atoms)
    # The measure the difference withholds is the last to publish (then the atoms, never); among the
    # figures of one measure, those of most persons first (the checks of the numerators and of the
    # denominators of two measures choose alike).
    last = [m for m in composition.members if m != d.withhold] + [d.withhold]
    persons = frame["denominator"].to_numpy(float)
    part = pd.DataFrame({
        "numerator": values, "denominator": np.nan,
        **{c: np.tile(frame[c].to_numpy()[base.rows], blocks) for c in job_columns(frame)[2:]},
        "priority": np.repeat([last.index(m) for m in composition.members] + [len(last)] * len(atoms), base.size),
        "value": np.concatenate([np.nan_to_num(persons[r.rows]) for r in rels] + [np.zeros(atoms.size)]),
    })
    seen = [any_of([known[c] for c in copies], base.size) for copies in spread]
    # A difference an earlier edition published (both figures) is known: nothing to protect.
    public = np.logical_and.reduce(seen)
    is_small = np.zeros((len(values), 3), dtype=bool)
    is_small[:, 0] = np.concatenate([small[r.rows, 1 if denominators else 0] for r in rels]
                                    + [(atom < threshold) & ~public for atom in atoms])
    none = np.zeros(atoms.size, dtype=bool)
    candidate = np.concatenate([any_of([open_[c] & ~primary[c] for c in copies], base.size) for copies in spread]
                               + [none])
    measure = replace(measures[d.inner], id=name, unit="count", complement=False)
    # Such a check has thousands of small atoms over the pooled years, each round of its interval
    # check long: every figure that gives room in a round is hidden.
    # The atoms are no figures: never published, no status tells an attacker one is not small.
    unseen = np.r_[np.zeros(counts.size, dtype=bool), np.ones(atoms.size, dtype=bool)]
    return Job(part, composition.relations(base, name), is_small[:, 0], is_small, candidate & ~is_small[:, 0],
               np.concatenate([*seen, none]), measure, unseen=unseen)
