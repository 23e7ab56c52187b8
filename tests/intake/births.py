"""Birth records shared by the record-import tests and the server-mode stores."""

from __future__ import annotations

from collections.abc import Iterator

BIRTHS_HEADER = (
    "child_id;mother_id;birth_date;gemeente_code;gestational_age_days;birth_weight_g;sex;"
    "vital_status;death_date;start_care_ga_days"
)
GOOD_BIRTHS = [
    "c1;m1;2019-03-01;GM0363;280;3500;M;levend;;60",
    "c2;m2;2019-03-02;GM0363;250;2100;F;levend;2019-03-04;75",
    "c3;m3;2020-01-05;gm0518;200;900;F;doodgeboren;2020-01-05;",
]


class TwoGemeenten:
    """A registry knowing GM0363 and GM0518 in 2019 and 2020 only."""

    def carry_table(self) -> Iterator[tuple[int, str, str]]:
        for year in (2019, 2020):
            for code in ("GM0363", "GM0518"):
                yield (year, code, code)
