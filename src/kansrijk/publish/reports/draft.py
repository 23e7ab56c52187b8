"""A draft summary for a coordinator to edit: what the published figures of an area show, in Dutch.

Rule-based and restrained, like :mod:`kansrijk.publish.reports.sentences`: each point restates a
published figure, never a cause or advice.

- A figure that differs significantly from the region holding the area or from NL (the benchmark
  columns).
- A change from the previous published year: the engine's trend test where it has one; otherwise a
  rise or fall whose 95% intervals do not overlap, or for counts a difference of more than 1,96 times
  the standard error of two Poisson counts.
- A share of professionals or organisations (not of persons reached) below half, where more is
  better (a validated signalling instrument used by a minority of midwives), of the area or of an
  organisation serving it (VSV Kracht).
- What is not offered (``niet_aangeboden``) or not registered (``niet_geregistreerd``) in the area.

The result is Markdown with a heading that says it is a draft, and an empty recommendations section.
The coordinator edits it and gives it to ``kansrijk report --text``.
"""

from __future__ import annotations

import math

from collections.abc import Mapping, Sequence

from kansrijk.publish.context import AreaProfile, Figure, IndicatorView
from kansrijk.vocabulary import NOT_OFFERED, NOT_REGISTERED, SIGNIFICANT

DRAFT_NOTE = ("*Concept, opgesteld door kansrijk uit de gepubliceerde cijfers. Pas de tekst aan, vul de "
              "aanbevelingen in en haal deze regel weg voordat het rapport verschijnt.*")


Organisations = Mapping[str, Sequence[tuple[str, str, Figure]]]  # as RegionTable.organisations


def draft_points(profile: AreaProfile, organisations: Organisations | None = None) -> list[str]:
    """The points of the draft summary, one Dutch sentence each, in catalogue order."""
    points: list[str] = []
    not_offered: list[str] = []
    not_registered: list[str] = []
    for view in profile.indicators:
        name = view.title
        latest = view.latest
        for organisation, _, found in (organisations or {}).get(view.id, ()):
            points += _minority(view, f"{name} bij {organisation}", found)
        if latest is None:
            continue
        if latest.status == NOT_OFFERED:
            not_offered.append(name)
            continue
        if latest.status == NOT_REGISTERED:
            not_registered.append(name)
            continue
        if not latest.published:
            continue
        points += _comparisons(profile, view, name, latest)
        change = _change(view, name, latest)
        if change:
            points.append(change)
        points += _minority(view, name, latest)
    area = profile.area_name
    if not_offered:
        points.append(f"In {area} wordt (nog) niet aangeboden: {_listing(not_offered)}.")
    if not_registered:
        points.append(f"Voor {_listing(not_registered)} zijn geen cijfers: ze worden niet geregistreerd.")
    return points


def draft_markdown(profile: AreaProfile, organisations: Organisations | None = None) -> str:
    """The draft as Markdown for ``kansrijk report --text``."""
    lines = ["# Samenvatting (concept)", "", DRAFT_NOTE, "", f"In {profile.area_name}:", ""]
    lines += [f"- {point}" for point in draft_points(profile, organisations)] or ["- (geen opvallende cijfers)"]
    lines += ["", "# Aanbevelingen", "", "- (in te vullen)", ""]
    return "\n".join(lines)



def _minority(view: IndicatorView, name: str, figure: Figure) -> list[str]:
    """A share of professionals below half where more is better."""
    if (figure.published and not view.counts_persons and view.unit == "percentage"
            and view.polarity == "higher_is_better" and figure.value is not None and figure.value < 50):
        return [f"{name}: {figure.value_text} ({figure.period}), minder dan de helft."]
    return []


def _comparisons(profile: AreaProfile, view: IndicatorView, name: str, latest: Figure) -> list[str]:
    out = []
    for benchmark, other, label in ((latest.benchmark_region, view.region, profile.region_name),
                                    (latest.benchmark_nl, view.nl, "Nederland")):
        if benchmark in SIGNIFICANT and other is not None and other.published and label:
            direction = "hoger" if (latest.value or 0) > (other.value or 0) else "lager"
            out.append(f"{name}: {latest.value_text} ({latest.period}), significant {direction} dan "
                       f"{label} ({other.value_text}).")
    return out


def _change(view: IndicatorView, name: str, latest: Figure) -> str | None:
    """A rise or fall of the latest figure against the previous published single year."""
    if latest.trend and latest.trend.startswith(("stijgend", "dalend")):
        word = "gestegen" if latest.trend.startswith("stijgend") else "gedaald"
        return f"{name} is de laatste jaren significant {word}; nu {latest.value_text} ({latest.period})."
    earlier = [f for f in view.series if f.published and f.period_end < latest.period_end and not f.pooled]
    if not earlier or latest.pooled:
        return None
    before = earlier[-1]
    assert before.value is not None and latest.value is not None
    if view.unit == "count":  # two Poisson counts: a difference beyond about 1,96 standard errors
        moved = abs(latest.value - before.value) > 1.96 * math.sqrt(latest.value + before.value)
    else:
        moved = None not in (before.lower, before.upper, latest.lower, latest.upper) and (
            latest.lower > before.upper or latest.upper < before.lower)  # type: ignore[operator]
    if not moved:
        return None
    word = "gestegen" if latest.value > before.value else "gedaald"
    return (f"{name} is {word}: van {before.value_text} ({before.period}) naar {latest.value_text} "
            f"({latest.period}).")


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
