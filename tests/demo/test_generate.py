"""The synthetic demo data: determinism, coverage of gemeenten and calibration to the seed figures.

Expected national figures come from the seed documents: RIVM, Monitor Kansrijke Start factsheet 2020
(seed 000: indicators 7, 8, 10, 12-15 and Table 1) and the Haarlem memo 2022 (seed 003). They are
recomputed here with plain SQL on the generated files, independent of the record engine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from kansrijk.area_tables import packaged_tables
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.demo import DemoFiles, generate_demo
from kansrijk.engine.programme import programme_observations
from kansrijk.programme.intake import import_programme
from kansrijk.store import Store

HOFTIEZER = Path(__file__).parents[2] / "src/kansrijk/data/references/hoftiezer_2019_birthweight_percentiles_by_day.csv"
TOLERANCE_PP = 0.3


def _digest(files: DemoFiles) -> dict[str, str]:
    con = duckdb.connect()
    out = {}
    for kind, path in files.records.items():
        count, total = con.execute(f"SELECT count(*), sum(hash(t)) FROM '{path}' t").fetchone()
        out[kind] = f"{count}:{total}"
    out["programme"] = hashlib.sha256(files.programme.read_bytes()).hexdigest()
    return out


def test_same_seed_same_data_other_seed_differs(tmp_path: Path) -> None:
    first = _digest(generate_demo(tmp_path / "a", seed=7, years=[2019]))
    again = _digest(generate_demo(tmp_path / "b", seed=7, years=[2019]))
    other = _digest(generate_demo(tmp_path / "c", seed=8, years=[2019]))
    assert first == again
    # One year has no JGZ contacts (children reach age 2 two years later); every other file differs.
    assert all(first[kind] != other[kind] for kind in first if kind != "jgz")


def _births_view(con: duckdb.DuckDBPyConnection, files: DemoFiles) -> None:
    # Derived columns written out from the record definitions (records.md), not taken from the engine.
    con.execute(
        f"""CREATE TABLE b AS SELECT x.*, year(birth_date) AS y, gestational_age_days AS ga,
        gestational_age_days < 259 AS pre, coalesce(birth_weight_g < h.p10, false) AS sga,
        vital_status = 'levend' AS live,
        gestational_age_days >= 168 AND (vital_status = 'doodgeboren'
            OR (death_date IS NOT NULL AND death_date - birth_date <= 7)) AS perinatal_death,
        row_number() OVER (PARTITION BY pregnancy_id ORDER BY child_id) = 1 AS first_of_pregnancy
        FROM '{files.births}' x
        LEFT JOIN read_csv('{HOFTIEZER}') h ON h.sex = x.sex AND h.ga_days = least(x.gestational_age_days, 294)"""
    )


@pytest.fixture(scope="module")
def con(demo_2015_2019: DemoFiles) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    _births_view(connection, demo_2015_2019)
    return connection


def _pct(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return float(con.execute(sql).fetchone()[0]) * 100


BIRTH_FIGURES = [
    # (what, year, filter, expected %) -- seed 000, indicator 12 and Table 1
    ("pre OR sga", 2018, "ga >= 154", 16.0),
    ("pre OR sga", 2019, "ga >= 154", 15.6),
    ("pre OR sga", 2018, "ga >= 168", 15.7),
    ("pre OR sga", 2019, "ga >= 168", 15.4),
    ("pre OR sga", 2018, "ga >= 154 AND live", 15.6),
    ("pre OR sga", 2019, "ga >= 154 AND live", 15.2),
    ("pre OR sga", 2018, "ga >= 168 AND live", 15.6),
    ("pre OR sga", 2019, "ga >= 168 AND live", 15.2),
    ("pre", 2019, "ga >= 154", 6.9),
    ("sga", 2019, "ga >= 154", 10.2),
    # indicator 7: start of care after 70 days, pregnancies >= 22 weeks
    ("coalesce(start_care_ga_days > 70, false)", 2019, "ga >= 154 AND first_of_pregnancy", 14.6),
    # Haarlem memo: start of care before 10 weeks, NL
    ("coalesce(start_care_ga_days < 70, false)", 2017, "ga >= 154 AND first_of_pregnancy", 71.3),
    ("coalesce(start_care_ga_days < 70, false)", 2018, "ga >= 154 AND first_of_pregnancy", 72.1),
    ("coalesce(start_care_ga_days < 70, false)", 2019, "ga >= 154 AND first_of_pregnancy", 72.6),
]


@pytest.mark.parametrize(("expr", "year", "where", "expected"), BIRTH_FIGURES)
def test_national_birth_figures_match_the_seed(
    con: duckdb.DuckDBPyConnection, expr: str, year: int, where: str, expected: float
) -> None:
    got = _pct(con, f"SELECT avg(({expr})::INT) FROM b WHERE y = {year} AND {where}")
    assert abs(got - expected) <= TOLERANCE_PP, (expr, year, where, got)


@pytest.mark.parametrize(("year", "per_1000"), [(2017, 4.4), (2018, 4.5), (2019, 4.5)])
def test_perinatal_mortality_near_the_memo(con: duckdb.DuckDBPyConnection, year: int, per_1000: float) -> None:
    got = _pct(con, f"SELECT avg(perinatal_death::INT) FROM b WHERE y = {year} AND ga >= 168") * 10
    assert abs(got - per_1000) <= 0.5


HOUSEHOLD_FIGURES = [
    ("mother_debt", 2015, 3.7),  # indicator 8
    ("mother_debt", 2018, 2.6),
    ("NOT kraamzorg", 2019, 5.0),  # indicator 10
    ("income_percentile < 10", 2019, 10.0),  # below P10: about 10% nationally
]


@pytest.mark.parametrize(("expr", "year", "expected"), HOUSEHOLD_FIGURES)
def test_national_household_figures_match_the_seed(
    demo_2015_2019: DemoFiles, expr: str, year: int, expected: float
) -> None:
    got = _pct(
        duckdb.connect(),
        f"SELECT avg(coalesce({expr}, false)::INT) FROM '{demo_2015_2019.households}' WHERE birth_year = {year}",
    )
    assert abs(got - expected) <= TOLERANCE_PP


@pytest.mark.parametrize(("year", "per_1000"), [(2015, 1.7), (2019, 1.6)])
def test_out_of_home_placement_per_1000(demo_2015_2019: DemoFiles, year: int, per_1000: float) -> None:
    got = _pct(
        duckdb.connect(),
        f"SELECT avg((youth_protection AND residential_care)::INT) FROM '{demo_2015_2019.children}' "
        f"WHERE year = {year}",
    ) * 10
    assert abs(got - per_1000) <= 0.3


def test_children_under_2_hold_two_birth_cohorts(demo_2015_2019: DemoFiles) -> None:
    con = duckdb.connect()
    per_year = dict(con.execute(f"SELECT year, count(*) FROM '{demo_2015_2019.children}' GROUP BY 1").fetchall())
    births = dict(con.execute(f"SELECT birth_year, count(*) FROM '{demo_2015_2019.households}' GROUP BY 1").fetchall())
    assert 0.95 * (births[2018] + births[2019]) < per_year[2019] <= births[2018] + births[2019]


@pytest.mark.parametrize(("year", "speech", "overweight"), [(2018, 5.5, 7.8), (2019, 6.2, 8.2)])
def test_jgz_figures_match_the_seed(demo_2015_2019: DemoFiles, year: int, speech: float, overweight: float) -> None:
    con = duckdb.connect()
    iotf = Path(__file__).parents[2] / "src/kansrijk/data/references/iotf_cole2000_table4.csv"
    got_speech = _pct(
        con,
        f"SELECT avg((vw_zinnen = '-' AND vw_lichaamsdelen = '-')::INT) FROM '{demo_2015_2019.jgz}' "
        f"WHERE year(contact_date) = {year} AND vw_zinnen <> '' AND vw_lichaamsdelen <> ''",
    )
    # IOTF cut-off, linear between the half years of Cole et al. 2000 table 4.
    got_over = _pct(
        con,
        f"""WITH j AS (SELECT *, age_days / 365.25 AS age, weight_kg / (height_cm / 100) ^ 2 AS bmi
                FROM '{demo_2015_2019.jgz}' WHERE year(contact_date) = {year} AND weight_kg IS NOT NULL),
            t AS (SELECT * FROM read_csv('{iotf}'))
        SELECT avg((bmi >= lo.overweight + (hi.overweight - lo.overweight) * (age - lo.age_years) / 0.5)::INT)
        FROM j JOIN t lo ON lo.sex = j.sex AND lo.age_years = floor(age * 2) / 2
               JOIN t hi ON hi.sex = j.sex AND hi.age_years = floor(age * 2) / 2 + 0.5""",
    )
    assert abs(got_speech - speech) <= TOLERANCE_PP
    assert abs(got_over - overweight) <= TOLERANCE_PP


def test_every_current_gemeente_has_births_every_year(demo_2015_2019: DemoFiles) -> None:
    carry = packaged_tables().carry
    current = {cur for y, _, cur in carry if y == 2023}
    rows = duckdb.connect().execute(
        f"SELECT DISTINCT year(birth_date), gemeente_code FROM '{demo_2015_2019.births}'"
    ).fetchall()
    valid = {(y, code): cur for y, code, cur in carry}
    assert len(current) == 342
    for year in range(2015, 2020):
        codes = {code for y, code in rows if y == year}
        assert all((year, code) in valid for code in codes), year
        assert {valid[(year, code)] for code in codes} == current, year


def test_smallest_gemeenten_are_small(demo_2015_2019: DemoFiles) -> None:
    counts = duckdb.connect().execute(
        f"SELECT gemeente_code, year(birth_date), count(*) FROM '{demo_2015_2019.births}' "
        "WHERE gemeente_code IN ('GM0088', 'GM0096') GROUP BY ALL"
    ).fetchall()
    assert len(counts) == 10  # Schiermonnikoog and Vlieland, 5 years each
    assert all(0 < n < 20 for _, _, n in counts)


def test_deprived_gemeenten_have_worse_outcomes(demo_2015_2019: DemoFiles) -> None:
    # Both driven by the latent deprivation score: gemeenten with many low incomes have more debts
    # and more late starts of care (rank correlation over gemeenten with at least 500 children).
    con = duckdb.connect()
    con.execute(
        f"""CREATE VIEW g AS SELECT h.gemeente_code, avg((income_percentile < 10)::INT) AS low,
            avg(mother_debt::INT) AS debt, avg(coalesce(b.start_care_ga_days > 70, false)::INT) AS late
        FROM '{demo_2015_2019.households}' h JOIN '{demo_2015_2019.births}' b USING (child_id)
        GROUP BY 1 HAVING count(*) >= 500"""
    )
    low_debt, low_late = con.execute(
        "SELECT corr(rank_low, rank_debt), corr(rank_low, rank_late) FROM (SELECT "
        "rank() OVER (ORDER BY low) AS rank_low, rank() OVER (ORDER BY debt) AS rank_debt, "
        "rank() OVER (ORDER BY late) AS rank_late FROM g)"
    ).fetchone()
    assert low_debt > 0.3
    assert low_late > 0.2


def test_haarlem_near_its_memo(con: duckdb.DuckDBPyConnection) -> None:
    # Memo 2017-2019: Haarlem starts care before 10 weeks 78.0-78.4% (NL 71.3-72.6); Big2 below NL.
    early = _pct(
        con,
        "SELECT avg(coalesce(start_care_ga_days < 70, false)::INT) FROM b "
        "WHERE gemeente_code = 'GM0392' AND y BETWEEN 2017 AND 2019 AND ga >= 154 AND first_of_pregnancy",
    )
    big2_h, big2_nl = con.execute(
        "SELECT avg((pre OR sga)::INT) FILTER (WHERE gemeente_code = 'GM0392'), avg((pre OR sga)::INT) "
        "FROM b WHERE y BETWEEN 2017 AND 2019 AND ga >= 168"
    ).fetchone()
    assert abs(early - 78.3) <= 2.5
    assert big2_h < big2_nl


def _facts(con: duckdb.DuckDBPyConnection, files: DemoFiles) -> dict[str, dict[str, int]]:
    """Fact kind -> value -> number of subjects, read from the registry file with plain SQL."""
    rows = con.execute(
        f"SELECT feit, waarde, count(*) FROM read_csv('{files.programme}', delim=';', header=true, all_varchar=true) "
        "GROUP BY ALL"
    ).fetchall()
    out: dict[str, dict[str, int]] = {}
    for fact, value, count in rows:
        out.setdefault(fact, {})[value] = count
    return out


def test_programme_facts_follow_the_factsheet(demo_2015_2019: DemoFiles) -> None:
    facts = _facts(duckdb.connect(), demo_2015_2019)
    impuls = sum(facts[f"impuls_tranche_{t}"]["ja"] for t in (1, 2, 3))
    assert impuls == 275 and sum(facts["coalitie"].values()) == 275
    assert facts["coalitie"]["ja"] == 59  # ks01: coalitions among the Impuls gemeenten of 2020
    assert (facts["plan_van_aanpak"]["afgerond"], facts["plan_van_aanpak"]["in ontwikkeling"]) == (37, 96)  # ks02
    assert (facts["nnz_gestart"]["ja"], sum(facts["nnz_gestart"].values())) == (29, 50)  # ks03
    assert facts["nnz_centrumgemeente"] == {"ja": 50}
    assert (facts["phb_jgz"]["ja"], sum(facts["phb_jgz"].values())) == (181, 280)  # ks04, of those responding
    assert (facts["voorzorg"]["ja"], sum(facts["voorzorg"].values())) == (130, 355)  # ks05
    assert facts["centering_pregnancy"] == {"ja": 203} and facts["aantal_verloskundigenpraktijken"] == {"579": 1}
    assert facts["centering_parenting"] == {"ja": 8} and facts["aantal_jgz_organisaties"] == {"37": 1}


def test_programme_facts_import_into_the_registry_and_give_the_factsheet_figures(demo_2015_2019: DemoFiles) -> None:
    areas, catalogues = AreaRegistry.load(), Catalogues.load()
    with Store.open(":memory:") as store:
        (outcome,) = import_programme(store, [demo_2015_2019.programme], areas, synthetic=True)
        assert outcome.rows > 0
        measures = [catalogues.measure(i) for i in ("ks01", "ks02", "ks03", "ks04", "ks05", "ks06", "ks09")]
        rows = programme_observations(store, measures, areas)
    national = rows.groupby("indicator")[["numerator", "denominator"]].sum()
    expected = {"ks01": (59, 275), "ks02": (133, 275), "ks03": (29, 50), "ks04": (181, 280), "ks05": (130, 355),
                "ks06": (203, 579), "ks09": (8, 37)}  # factsheet 2020 (seed 000)
    assert {i: (int(n), int(d)) for i, (n, d) in national.iterrows()} == expected
    assert set(rows["period_start"]) == {2020} and rows["synthetic"].all()
