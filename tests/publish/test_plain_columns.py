"""Loading the published table converts whole columns at once; every kind of column gives the same
plain Python values (None for every missing, ISO dates, Python numbers and booleans) as converting
cell by cell."""

from __future__ import annotations

import pandas as pd

from kansrijk.publish.context import _plain_column
from kansrijk.publish.export import plain_value

COLUMNS = {
    "float": pd.Series([1.5, float("nan"), 3.0]),
    "int": pd.Series([2019, 2020, 2021], dtype="int32"),
    "nullable int": pd.Series([1, None, 3], dtype="Int32"),
    "bool": pd.Series([True, False, True]),
    "nullable bool": pd.Series([True, None, False], dtype="boolean"),
    "date": pd.Series(pd.to_datetime(["2020-09-15", None, "2021-10-01"])),
    "text": pd.Series(["ks08", None, "gm13"], dtype=object),
    "string": pd.Series(["a", None, "b"], dtype="string"),
}


def test_every_kind_of_column_converts_like_each_cell():
    for name, column in COLUMNS.items():
        fast = _plain_column(column)
        slow = [plain_value(v) for v in column.astype(object).tolist()]
        assert fast == slow, name
        assert [type(v) for v in fast] == [type(v) for v in slow], name
    assert _plain_column(COLUMNS["nullable bool"]) == [True, None, False]
    assert _plain_column(COLUMNS["date"]) == ["2020-09-15", None, "2021-10-01"]
