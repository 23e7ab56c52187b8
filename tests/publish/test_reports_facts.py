"""A gemeente's process indicator is a 0/1 fact (it has a coalition or not): shown as ja/nee."""

import pytest

from kansrijk.publish.context import figure, is_fact
from kansrijk.publish.reports.sentences import fact_sentence


def row(area_code: str, level: str, numerator: float, denominator: float, value: float) -> dict:
    """A published row as :class:`PublishedData` keeps it (only the columns a page reads)."""
    return {"area_code": area_code, "area_name": "Arnhem" if level == "gemeente" else "Gelderland-Midden",
            "area_level": level, "period": "2021", "period_end": 2021, "status": "gepubliceerd",
            "reason": None, "value": value, "lower": 20.7, "upper": 100.0, "numerator": numerator,
            "denominator": denominator, "benchmark_nl": "beter", "benchmark_region": "gelijk",
            "trend": "geen_verandering"}


@pytest.mark.parametrize("numerator, answer", [(1, "ja"), (0, "nee")])
def test_gemeente_fact_is_ja_or_nee_without_interval(catalogues, numerator, answer):
    coalition = catalogues.measure("ks01")  # counts gemeenten, not persons
    item = row("GM0202", "gemeente", numerator, 1, 100.0 * numerator)
    assert is_fact(coalition, item)
    shown = figure(item, coalition.unit, fact=True)
    assert shown.value_text == answer
    assert shown.interval_text == "-" and shown.benchmark_nl is None and shown.trend is None
    assert "%" not in shown.value_text


def test_region_share_stays_a_percentage(catalogues):
    coalition = catalogues.measure("ks01")
    item = row("RG0601", "ggd", 6, 8, 75.0)  # 6 of the region's 8 gemeenten
    assert not is_fact(coalition, item)
    assert figure(item, coalition.unit).value_text == "75,0%"


def test_person_counts_are_never_facts(catalogues):
    late_start = catalogues.measure("ks07")  # pregnancies: counts persons
    assert not is_fact(late_start, row("GM0202", "gemeente", 1, 1, 100.0))


def test_fact_sentence_gives_answer_and_shares():
    text = fact_sentence("Arnhem", "2021", "ja", 21.0, "Gelderland-Midden", 37.5)
    assert text == ("Voor Arnhem (2021): ja. Aandeel gemeenten waarvoor dit geldt: in Gelderland-Midden "
                    "37,5%, landelijk 21,0%.")
    assert fact_sentence("Arnhem", "2021", "nee") == "Voor Arnhem (2021): nee."
