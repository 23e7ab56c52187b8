"""Synthetic regional data for the Gelderland Midden catalogue (``gm``), for every GGD region, shaped
like the regional report of 004 (TNO/ZonMw, rapportage regio Zuid, 2024).

What a GGD coordinator collects, per gemeente and year (2019-2023), as aggregate rows:

- partner counts: prenatal home visits (``gm08.phb``, from 2021), Stevig Ouderschap before and after
  birth (``gm08.so_*``, from 2022), VoorZorg (``gm08.voorzorg``) with live births as denominator;
  POP-overleg and MDO cases (``gm07.a``, ``gm07.b``, from 2021); where a gemeente does not offer a
  programme the row says ``niet_aangeboden``, as 004 does (no MDO in regio Zuid);
- Nu Niet Zwanger (``gm03``): whether the gemeente has joined (``gm03.gemeenten``); the conversations and
  trained staff only per GGD region ("om redenen van privacy niet per gemeente", 004), the gemeenten
  carrying the status ``privacy``;
- estimates from RIVM Regiobeeld of pregnant women in a very vulnerable situation (``gm04``), with
  mental-health care (``gm05``) and children born in a very vulnerable situation (``gm09``), around
  the national shares 004 quotes (7,4%, 9,2%, 8,3%);
- what nobody registers per gemeente (``gm06`` signalling by VSV practices, ``gm10``-``gm12`` social
  domain, support and waiting time): ``niet_geregistreerd``, so the report states the reason;
- ``gm06`` per VSV instead (the obstetric collaborations of ``regions.yaml``), midwives using a
  validated signalling instrument: VSV Kracht 7 of 54 (004, "in 2024 onveranderd"), VSV Gelderse
  Vallei about four midwives per practice in the practices 004 names (7 of 14 practices in 2021 and
  2022, 9 in 2023, plus one of the two clinical midwives).

Where 004 states a fact it holds: in Gelderland Midden NNZ started in Arnhem (2019), ran in ten
gemeenten in 2020-2022 and Barneveld, Ede and Wageningen joined in 2023; there is no MDO in regio Zuid;
Rozendaal offers no prenatal home visits, Stevig Ouderschap or VoorZorg. Everything else is invented
at rates near 004's regional figures (PHB 4,6% of births in 2023, VoorZorg 1,1%, Stevig Ouderschap
0,5% before and 1,3% after birth) and marked synthetic on import, like the rest of the demo.

A professionals' questionnaire (one row per respondent: gemeente, year, two ja/nee answers) gives
``gm01`` and ``gm02`` for 2022 and 2024. Client experience (``gm13``) is a handful of invented
statements per GGD region on the themes 004 names (knowing where to go for help, what to expect, the
MamaWegwijzer), each with "synthetisch" in its source.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from kansrijk.areas import AreaRegistry

YEARS = range(2019, 2024)
SURVEY_YEARS = (2022, 2024)
RGGM = "RGGM"
# 004: NNZ in Gelderland Midden, by year.
NNZ_GM = {2019: ("Arnhem",),
          **{y: ("Arnhem", "Doesburg", "Duiven", "Lingewaard", "Overbetuwe", "Renkum", "Rheden", "Rozendaal",
                 "Westervoort", "Zevenaar") for y in (2020, 2021, 2022)}}
NNZ_GM[2023] = (*NNZ_GM[2022], "Barneveld", "Ede", "Wageningen")
NOT_IN_ROZENDAAL = ("gm08.phb", "gm08.so_prenataal", "gm08.so_postnataal", "gm08.voorzorg")
NO_MDO = ("Lingewaard", "Overbetuwe", "Renkum", "Wageningen")  # regio Zuid
# measure -> (first year, share of live births in 2023, share of gemeenten not offering it)
SHARES = {"gm08.phb": (2021, 0.046, 0.05), "gm08.so_prenataal": (2022, 0.005, 0.25),
          "gm08.so_postnataal": (2022, 0.013, 0.25), "gm08.voorzorg": (2019, 0.011, 0.05)}
NOT_REGISTERED = ("gm06", "gm10", "gm11", "gm12")
# gm06 per VSV and year: (midwives with a validated instrument, midwives), see the module docstring.
VSV_SIGNALLING = {"VSKRACHT": {2021: (7, 54), 2022: (7, 54), 2023: (7, 54)},
                  "VSGV": {2021: (29, 58), 2022: (29, 58), 2023: (37, 58)}}
# Estimates per gemeente from RIVM Regiobeeld (004, around NL 2022): measure -> share of live births.
ESTIMATES = {"gm04": 0.074, "gm05": 0.092, "gm09": 0.083}
COLUMNS = ("indicator", "gebied", "periode", "teller", "noemer", "status")
# gm13: invented statements (theme, text); each region gets a few, in the interview year.
STATEMENTS = (
    ("Weten waar je terecht kunt", "Via de verloskundige kwam ik bij het consultatiebureau terecht; zelf had ik "
     "geen idee waar ik moest beginnen."),
    ("Weten waar je terecht kunt", "Ik wist niet dat je ook voor geldzorgen bij het CJG kon aankloppen."),
    ("Weten waar je terecht kunt", "Er zijn zoveel loketten. Eén telefoonnummer zou het makkelijker maken."),
    ("Wat je kunt verwachten", "De jeugdverpleegkundige kwam al voor de bevalling langs; daardoor durfde ik "
     "later makkelijker vragen te stellen."),
    ("Wat je kunt verwachten", "Ik was bang dat hulp vragen betekende dat ze mijn kind zouden meenemen."),
    ("MamaWegwijzer", "Op de flyer stond precies wie ik moest bellen toen het thuis niet goed ging."),
    ("MamaWegwijzer", "Het is fijn dat de nummers van onze eigen gemeente erop staan."),
)
INTERVIEW_YEAR = 2023


def write_regional(folder: Path, live_births: dict[tuple[str, int], int], seed: int,
                   areas: AreaRegistry | None = None) -> tuple[Path, Path, Path]:
    """Write the coordinator's aggregate rows, the professionals' questionnaire and the client
    statements; returns the three paths.

    ``live_births`` holds the demo's live births per (gemeente code of that year, year).
    """
    areas = areas or AreaRegistry.load()
    rng = np.random.default_rng([seed, 4])
    counts, survey = folder / "regio_tellingen.csv", folder / "vragenlijst_professionals.csv"
    statements = folder / "uitspraken_clienten.csv"
    with counts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerows(_rows(live_births, areas, rng))
    with survey.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("gemeente", "jaar", "bekend met aanbod", "bekend met afspraken"))
        writer.writerows(_respondents(areas, rng))
    with statements.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("indicator", "gebied", "jaar", "thema", "bron", "uitspraak"))
        writer.writerows(_statements(areas, rng))
    return counts, survey, statements


def _statements(areas: AreaRegistry, rng: np.random.Generator) -> Iterable[tuple]:
    """Four of the invented statements for every GGD region (for Gelderland-Midden: the user region
    of the same gemeenten, the area 004's interviews name)."""
    gm = set(areas.members(RGGM))
    for region in sorted(RGGM if set(areas.members(a.code)) == gm else a.code for a in areas.areas("ggd")):
        for k in sorted(rng.choice(len(STATEMENTS), size=4, replace=False)):
            theme, text = STATEMENTS[int(k)]
            yield ("gm13", region, INTERVIEW_YEAR, theme, "ouder, interview (synthetisch)", text)


def _rows(live_births: dict[tuple[str, int], int], areas: AreaRegistry, rng: np.random.Generator) -> Iterable[tuple]:
    gm_names = {areas.get(code).name: code for code in areas.members(RGGM)}
    # Each gemeente's own level of each programme and whether it offers it at all (drawn once).
    codes = sorted({code for code, _ in live_births})
    level = {code: rng.lognormal(0.0, 0.35) for code in codes}
    absent = {(m, code): rng.random() < share for m, (_, _, share) in SHARES.items() for code in codes}
    has_mdo = {code: rng.random() < 0.6 for code in codes}
    joined = {code: 2019 + int(rng.integers(1, 8)) for code in codes}  # NNZ start; after 2023: not yet
    by_region: dict[tuple[str, int], int] = {}
    for (code, year), births in sorted(live_births.items()):
        name = areas.get(code).name
        in_gm = name in gm_names
        for measure, (first, share, _) in SHARES.items():
            if year < first:
                continue
            if absent[(measure, code)] or (in_gm and name == "Rozendaal" and measure in NOT_IN_ROZENDAAL):
                yield (measure, code, year, "", "", "niet_aangeboden")
                continue
            ramp = 1.0 if year == 2023 else 0.35 if measure == "gm08.phb" else 0.8
            yield (measure, code, year, int(rng.poisson(births * share * ramp * level[code])), births, "")
        if year >= 2021:
            yield ("gm07.a", code, year, int(rng.poisson(births * 0.012 * level[code])), "", "")
            mdo = has_mdo[code] and not (in_gm and name in NO_MDO)
            yield (("gm07.b", code, year, int(rng.poisson(births * 0.006 * level[code])), "", "") if mdo
                   else ("gm07.b", code, year, "", "", "niet_aangeboden"))
        for measure, share in ESTIMATES.items():
            yield (measure, code, year, int(rng.binomial(births, min(0.5, share * level[code]))), births, "")
        member = name in NNZ_GM.get(year, ()) if in_gm else joined[code] <= year
        yield ("gm03.gemeenten", code, year, int(member), 1, "")
        for measure in ("gm03.gesprekken", "gm03.aandachtsfunctionarissen"):
            yield (measure, code, year, "", "", "privacy")
        if member:
            region = areas.region_of(areas.current_code(code, year))
            by_region[(region, year)] = by_region.get((region, year), 0) + births
        for measure in NOT_REGISTERED:
            yield (measure, code, year, "", "", "niet_geregistreerd")
    for vsv, years in sorted(VSV_SIGNALLING.items()):
        for year, (validated, midwives) in sorted(years.items()):
            yield ("gm06", vsv, year, validated, midwives, "")
    # NNZ conversations and trained staff only per GGD region (and for Gelderland Midden as a user region).
    for (region, year), births in sorted(by_region.items()):
        talks = int(rng.poisson(births * 0.03))
        staff = int(rng.poisson(5 + births / 400))
        targets = (region, RGGM) if set(areas.members(region)) == set(gm_names.values()) else (region,)
        for target in targets:
            yield ("gm03.gesprekken", target, year, talks, "", "")
            yield ("gm03.aandachtsfunctionarissen", target, year, staff, "", "")


def _respondents(areas: AreaRegistry, rng: np.random.Generator) -> Iterable[tuple]:
    """About 100 professionals per GGD region per survey year, spread over its gemeenten of that year."""
    regions = sorted(a.code for a in areas.areas("ggd"))
    shares = {region: (rng.uniform(0.45, 0.7), rng.uniform(0.3, 0.6)) for region in regions}
    for year in SURVEY_YEARS:
        members: dict[str, list[str]] = {}
        for gemeente in areas.gemeenten(year):
            members.setdefault(areas.region_of(areas.current_code(gemeente.code, year)), []).append(gemeente.code)
        for region in regions:
            know_offer, know_deals = shares[region]
            codes = sorted(members.get(region, []))
            for _ in range(int(rng.integers(60, 140)) if codes else 0):
                code = codes[int(rng.integers(len(codes)))]
                yield (code, year, "ja" if rng.random() < know_offer else "nee",
                       "ja" if rng.random() < know_deals else "nee")
