"""The latent deprivation score per gemeente that drives every synthetic outcome.

Score = 0.45 x standardised log population (cities are worse off, as the seed documents report for the
big cities) + a regional component per province (the north-east, Flevoland, Zuid-Holland and Limburg
worse, Utrecht better) + normal noise (sd 0.6), then standardised to mean 0 and sd 1 weighted by the
under-5 population (so one unit is one standard deviation among children). Entirely invented: it only
gives the demo a realistic pattern, it measures nothing.
"""

from __future__ import annotations

import numpy as np

from kansrijk.demo.inputs import DemoAreas

SIZE_WEIGHT = 0.45
NOISE_SD = 0.6

# Regional component by province code (CBS PV codes).
PROVINCE_COMPONENT: dict[str, float] = {
    "PV20": 0.55,  # Groningen
    "PV21": 0.15,  # Fryslân
    "PV22": 0.15,  # Drenthe
    "PV23": 0.0,  # Overijssel
    "PV24": 0.35,  # Flevoland
    "PV25": -0.10,  # Gelderland
    "PV26": -0.35,  # Utrecht
    "PV27": -0.10,  # Noord-Holland
    "PV28": 0.20,  # Zuid-Holland
    "PV29": 0.05,  # Zeeland
    "PV30": -0.15,  # Noord-Brabant
    "PV31": 0.35,  # Limburg
}


def deprivation_scores(areas: DemoAreas, rng: np.random.Generator) -> np.ndarray:
    """One score per current gemeente (same order as ``areas.codes``); higher is more deprived."""
    log_pop = np.log(areas.population)
    size = (log_pop - log_pop.mean()) / log_pop.std()
    region = np.array([PROVINCE_COMPONENT.get(p, 0.0) for p in areas.province])
    raw = SIZE_WEIGHT * size + region + rng.normal(0.0, NOISE_SD, len(areas.codes))
    weights = areas.under5 / areas.under5.sum()
    mean = float(np.sum(weights * raw))
    sd = float(np.sqrt(np.sum(weights * (raw - mean) ** 2)))
    return (raw - mean) / sd
