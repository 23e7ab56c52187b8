from datetime import date

import pytest

from kansrijk.errors import InvalidPeriod
from kansrijk.periods import Period, parse_period, pooled_windows


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2019", Period(2019, 2019)),
        ("2015-2019", Period(2015, 2019)),
        (" 2015 - 2019 ", Period(2015, 2019)),
        ("2020-10-01", Period(2020, 2020, date(2020, 10, 1))),
        ("1-10-2020", Period(2020, 2020, date(2020, 10, 1))),
        (2019, Period(2019, 2019)),
        (2019.0, Period(2019, 2019)),
        (date(2020, 9, 15), Period(2020, 2020, date(2020, 9, 15))),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["19", "2019-2015", "31-02-2020", "twintig", "", True])
def test_parse_period_rejects(text):
    with pytest.raises(InvalidPeriod):
        parse_period(text)


def test_labels():
    assert Period(2015, 2019).label == "2015-2019"
    assert Period(2019, 2019).label == "2019"
    assert Period(2015, 2019).years == 5


def test_pooled_windows_need_every_year():
    assert pooled_windows([2015, 2016, 2017, 2019], 3) == [Period(2015, 2017)]
    assert [p.label for p in pooled_windows(list(range(2015, 2021)), 5)] == ["2015-2019", "2016-2020"]
