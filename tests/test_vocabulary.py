"""One vocabulary: every outcome the statistics can give has its Dutch words (and colour, arrow,
sentence) in kansrijk.vocabulary, and the readers use them."""

from __future__ import annotations

import itertools

from click.testing import CliRunner

from kansrijk import vocabulary
from kansrijk.cli import cli
from kansrijk.stats.benchmark import POLARITIES, benchmark
from kansrijk.stats.trend import FALLING, INSUFFICIENT, NO_CHANGE, RISING, trend_label


def test_every_benchmark_outcome_has_words_and_a_colour() -> None:
    # Intervals (95% and 99,8%) around 10 against benchmarks below, inside, between and above them.
    outcomes = {benchmark(9.0, 11.0, value, polarity, 8.0, 12.0)
                for value, polarity in itertools.product((7.0, 8.5, 10.0, 11.5, 13.0), POLARITIES)}
    outcomes.add(benchmark(None, 11.0, 10.0, POLARITIES[0]))
    assert len(outcomes) == 10
    assert outcomes | {vocabulary.SUPPRESSED} == set(vocabulary.BENCHMARKS)
    assert set(vocabulary.SIGNIFICANT) == outcomes - {"gelijk", vocabulary.NOT_TESTED}
    for key, (label, colour) in vocabulary.BENCHMARKS.items():
        assert label[:1].isupper() and colour.startswith("#") and len(colour) == 7, key


def test_every_trend_outcome_has_a_label_an_arrow_and_a_sentence() -> None:
    outcomes = {trend_label(direction, polarity)
                for direction, polarity in itertools.product((RISING, FALLING, NO_CHANGE, INSUFFICIENT), POLARITIES)}
    # and the marker disclosure control gives where a year of the test is not published.
    assert outcomes | {vocabulary.TREND_HIDDEN} == set(vocabulary.TRENDS)
    for key in outcomes | {vocabulary.TREND_HIDDEN}:
        assert vocabulary.trend_label(key) and vocabulary.trend_sentence(key), key
        assert vocabulary.trend_sentence(key).startswith(("In de laatste jaren", "Er zijn te weinig", "Geen trend"))  # type: ignore[union-attr]
    assert vocabulary.trend_arrow("stijgend_beter") == "↑" and vocabulary.trend_arrow("onvoldoende_data") == ""
    assert vocabulary.trend_label(None) == "" and vocabulary.trend_sentence(None) is None


def test_the_cli_dashboard_speaks_the_vocabulary(pooled_db) -> None:
    result = CliRunner().invoke(cli, ["dashboard", "--db", str(pooled_db), "--area", "Leeuwarden"])
    assert result.exit_code == 0, result.output
    assert "geen significante verandering" in result.output
    assert "geen_verandering" not in result.output and "geen verandering" not in result.output
