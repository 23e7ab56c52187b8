"""Reference tables: the encoded IOTF table against Cole et al. (2000) table 4, and the Hoftiezer chart."""

from __future__ import annotations

import pytest

from kansrijk.engine.references import hoftiezer_centiles, iotf_cutoff, iotf_table

# Cole TJ, Bellizzi MC, Flegal KM, Dietz WH. BMJ 2000;320:1240, table 4 (BMI 25 and 30 at 18 years).
# (age, boys overweight, girls overweight, boys obese, girls obese)
COLE_2000_TABLE_4 = [
    (2.0, 18.41, 18.02, 20.09, 19.81),
    (2.5, 18.13, 17.76, 19.80, 19.55),
    (3.0, 17.89, 17.56, 19.57, 19.36),
    (3.5, 17.69, 17.40, 19.39, 19.23),
    (4.0, 17.55, 17.28, 19.29, 19.15),
    (4.5, 17.47, 17.19, 19.26, 19.12),
    (5.0, 17.42, 17.15, 19.30, 19.17),
]


def test_encoded_iotf_table_is_table_4() -> None:
    encoded = {(r.age_years, r.sex): (r.overweight, r.obese) for r in iotf_table()}
    expected = {}
    for age, ow_m, ow_f, ob_m, ob_f in COLE_2000_TABLE_4:
        expected[(age, "M")] = (ow_m, ob_m)
        expected[(age, "F")] = (ow_f, ob_f)
    assert encoded == expected


@pytest.mark.parametrize("age, ow_m, ow_f, ob_m, ob_f", COLE_2000_TABLE_4)
def test_cutoff_at_exact_ages_is_the_published_value(
    age: float, ow_m: float, ow_f: float, ob_m: float, ob_f: float
) -> None:
    boys, girls = iotf_cutoff("M", age), iotf_cutoff("F", age)
    assert boys is not None and girls is not None
    assert (boys.overweight, girls.overweight, boys.obese, girls.obese) == (ow_m, ow_f, ob_m, ob_f)


def test_cutoff_between_half_years_is_linear() -> None:
    # 2.25 years: halfway between 2.0 and 2.5; 2.9 years: 80% of the way from 2.5 to 3.0.
    quarter = iotf_cutoff("M", 2.25)
    assert quarter is not None
    assert quarter.overweight == pytest.approx((18.41 + 18.13) / 2)
    assert quarter.obese == pytest.approx((20.09 + 19.80) / 2)
    later = iotf_cutoff("F", 2.9)
    assert later is not None
    assert later.overweight == pytest.approx(17.76 + 0.8 * (17.56 - 17.76))


@pytest.mark.parametrize("age", [1.5, 1.99, 5.01, 6.0])
def test_no_cutoff_outside_the_table(age: float) -> None:
    assert iotf_cutoff("M", age) is None


def test_hoftiezer_chart_covers_days_161_to_294_for_both_sexes() -> None:
    rows = hoftiezer_centiles()
    assert len(rows) == 268
    for sex in ("F", "M"):
        assert sorted(r.ga_days for r in rows if r.sex == sex) == list(range(161, 295))
    # Spot values of the published chart (Hoftiezer et al. 2019, by-day table): P10 at 23+0 and 42+0.
    p10 = {(r.sex, r.ga_days): r.p10 for r in rows}
    assert (p10[("F", 161)], p10[("M", 161)], p10[("F", 294)], p10[("M", 294)]) == (428, 473, 3185, 3318)
    assert all(r.p3 <= r.p5 <= r.p10 <= r.p50 <= r.p90 <= r.p95 <= r.p97 for r in rows)
