"""Generated Dutch sentences that state what the published numbers show, and nothing more.

Each sentence restates a value, a comparison or a trend that is already in the ``published`` table
(the benchmark and trend columns, computed by the engine with 95% intervals; see
:mod:`kansrijk.stats`). No cause, judgement or advice is added: "significant" is only said when the
benchmark column says the difference is significant, and a suppressed value yields its reason only.
"""

from __future__ import annotations

from kansrijk.publish import formatting
from kansrijk.vocabulary import PUBLISHED, SIGNIFICANT


def comparison(
    value: float | None,
    other: float | None,
    benchmark: str | None,
    unit: str,
    other_label: str,
) -> str | None:
    """A clause comparing a value with a reference (``het landelijk gemiddelde``, a region).

    ``benchmark`` is the engine's polarity-aware outcome (``beter``, ``gelijk``, ``slechter``,
    ``hoger``, ``lager``, ``niet_getoetst``); the direction word (hoger/lager) comes from the values.
    Returns None when there is nothing to compare.
    """
    if value is None or other is None or benchmark is None:
        return None
    shown = formatting.value(other, unit)
    if benchmark in SIGNIFICANT:
        if value == other:
            return None
        direction = "hoger" if value > other else "lager"
        return f"ligt significant {direction} dan {other_label} ({shown})"
    if benchmark == "gelijk":
        return f"verschilt niet significant van {other_label} ({shown})"
    return f"is niet getoetst tegen {other_label} ({shown})"


def figure_sentence(
    area_name: str,
    period: str,
    value: float | None,
    unit: str,
    status: str,
    reason: str | None,
    nl_value: float | None = None,
    benchmark_nl: str | None = None,
    region_name: str | None = None,
    region_value: float | None = None,
    benchmark_region: str | None = None,
) -> str:
    """The sentence for one indicator of one area: the value and how it compares with NL and region.

    A value that is not published yields only its reason (never a number).
    """
    if status != PUBLISHED or value is None:
        return f"Voor {area_name} ({period}) is geen waarde gepubliceerd. {reason or 'Geen gegevens beschikbaar.'}"
    text = f"In {area_name} is de waarde {formatting.value(value, unit)} ({period})"
    clauses = [
        c
        for c in (
            comparison(value, nl_value, benchmark_nl, unit, "het landelijk gemiddelde"),
            comparison(value, region_value, benchmark_region, unit, f"het gemiddelde van {region_name}")
            if region_name
            else None,
        )
        if c
    ]
    if clauses:
        text += "; dat " + " en ".join(clauses)
    return text + "."


def fallback_sentence(period: str, reason: str | None, shown_period: str) -> str:
    """Why a pooled figure stands in for a year: that year's figure is hidden (with its reason)."""
    because = f" {reason}" if reason else ""
    return (f"Het cijfer over {period} is niet gepubliceerd.{because} "
            f"Daarom staat hier het cijfer over {shown_period}.")


def also_hidden_sentence(period: str, reason: str | None) -> str:
    """Why no pooled figure stands in for a hidden year: it is hidden too (with its reason)."""
    because = f" {reason}" if reason else ""
    closed = "," if "," in period else ""  # "2019-2023, 5 jaar samen," as an aside
    return f"Ook het cijfer over {period}{closed} is niet gepubliceerd.{because}"


def fact_sentence(
    area_name: str,
    period: str,
    answer: str,
    nl_share: float | None = None,
    region_name: str | None = None,
    region_share: float | None = None,
) -> str:
    """The sentence for a 0/1 fact of one gemeente ("ja"/"nee"), with the share of gemeenten in its
    region and in NL for which it holds (percentages of gemeenten, no interval: a count, not a sample)."""
    text = f"Voor {area_name} ({period}): {answer}."
    shares = []
    if region_name and region_share is not None:
        shares.append(f"in {region_name} {formatting.value(region_share, 'percentage')}")
    if nl_share is not None:
        shares.append(f"landelijk {formatting.value(nl_share, 'percentage')}")
    if shares:
        text += " Aandeel gemeenten waarvoor dit geldt: " + ", ".join(shares) + "."
    return text
