"""The audit's attacker reads the te_klein statuses as the checks do."""

from __future__ import annotations

import numpy as np

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.audit import audit_publication
from tests.disclosure.test_secondary import _frame


def test_the_audit_knows_which_count_a_te_klein_status_says_is_small(catalogues: Catalogues):
    # GG9999 = A + B + C in one year, published as is: A (9 of 200) and B (9 of 150) too small, C and
    # the region published. A + B = 18 with each at most 9 gives each away; without the statuses'
    # bounds each lies in [0, 18].
    results = _frame({"GM0001": (9, 200), "GM0002": (9, 150), "GM0003": (300, 3000), "GG9999": (318, 3350)})
    published = results.assign(reason=None)
    published.loc[:1, "status"] = "te_klein"
    published.loc[:1, ["numerator", "denominator"]] = np.nan
    measures = {"ks12.a": catalogues.measure("ks12.a")}
    membership = [("GG9999", code) for code in ("GM0001", "GM0002", "GM0003")]
    (audit,) = audit_publication(published, measures, membership, results)
    assert sorted((f.area_code, f.count, f.lower, f.upper) for f in audit.findings) == [
        ("GM0001", "teller", 9.0, 9.0), ("GM0002", "teller", 9.0, 9.0)]
    # Without the exact results the audit cannot tell which count is small, and finds nothing.
    (alone,) = audit_publication(published, measures, membership)
    assert alone.findings == ()
