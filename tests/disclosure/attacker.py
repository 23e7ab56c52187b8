"""An attacker written from a table alone, without any of kansrijk.disclosure: every published
figure is an equation over inner cells (numerator and denominator), every count is at least 0, a
numerator is at most its denominator, and a figure marked ``privacy`` holds at least the threshold
in each count; told which count of a ``te_klein`` figure is small, that count is at most the
threshold less one."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def independent_exposures(cells, published, num, den, privacy, targets, level=3.0, threshold=10.0, den_known=None,
                          told=None):
    """Exposed counts by two linear programmes per count (scipy), written from the table itself;
    ``den_known`` marks hidden figures whose denominator the attacker has from elsewhere; ``told``
    maps a row to the counts ("teller", "noemer", "complement") the attacker knows are small."""
    found = set()
    for (i, q), (lo, hi) in independent_intervals(cells, published, num, den, privacy, targets, threshold,
                                                  den_known, told).items():
        pinned = np.floor(hi + 1e-6) - np.ceil(lo - 1e-6) < 1
        if lo < threshold - 1e-6 and (pinned or hi - lo < level - 1e-6):
            found.add((i, q))
    return found


def independent_intervals(cells, published, num, den, privacy, targets, threshold=10.0, den_known=None, told=None):
    """Per count (row, quantity) of ``targets``, the attacker's interval (see :func:`independent_exposures`)."""
    n = len(num)
    inner = [i for i, c in enumerate(cells) if c == [i]]
    column = {c: j for j, c in enumerate(inner)}
    m = len(inner)

    def row_of(i, quantity):  # the count over the columns (numerators, then denominators)
        v = np.zeros(2 * m)
        for c in cells[i]:
            if quantity != "noemer":
                v[column[c]] += 1.0 if quantity == "teller" else -1.0
            if quantity != "teller":
                v[m + column[c]] += 1.0
        return v

    eq, rhs = [], []
    for i in range(n):
        if published[i]:
            eq += [row_of(i, "teller"), row_of(i, "noemer")]
            rhs += [num[i], den[i]]
        elif den_known is not None and den_known[i]:
            eq.append(row_of(i, "noemer"))
            rhs.append(den[i])
    ub, ub_rhs = [], []
    for j in range(m):  # a numerator is at most its denominator
        v = np.zeros(2 * m)
        v[j], v[m + j] = 1.0, -1.0
        ub.append(v)
        ub_rhs.append(0.0)
    for i in range(n):
        if privacy[i]:
            for q in ("teller", "noemer", "complement"):
                ub.append(-row_of(i, q))
                ub_rhs.append(-threshold)
    for i, quantities in (told or {}).items():
        for q in quantities:
            ub.append(row_of(i, q))
            ub_rhs.append(threshold - 1.0)
    out = {}
    for i in targets:
        for q in ("teller", "noemer", "complement"):
            c = row_of(i, q)
            lo = linprog(c, A_ub=ub, b_ub=ub_rhs, A_eq=eq, b_eq=rhs, bounds=(0, None)).fun
            top = linprog(-c, A_ub=ub, b_ub=ub_rhs, A_eq=eq, b_eq=rhs, bounds=(0, None))
            out[(i, q)] = (lo, np.inf if top.status == 3 else -top.fun)  # status 3: no upper bound
    return out
