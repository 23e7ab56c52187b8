"""Synthetic programme and process figures (aggregate rows) at the national rates of the factsheet 2020.

Rows are for the gemeenten of 2020 (355, as in the factsheet), so the counts are the factsheet's own
(scaled only if a different number of gemeenten is passed): Impuls 275 of 355, coalition 59 of 275 (ks01), plan 133 of 275 (ks02), Nu Niet Zwanger 29
of 50 centrumgemeenten (ks03), prenatal home visits 181 of 280 responding (ks04), VoorZorg 130 of 355
(ks05), Centering Pregnancy 203 of 579 practices (ks06, NL only) and Centering Parenting 8 of 37 JGZ
organisations (ks09, NL only). Which gemeenten is drawn with a tilt towards larger and more deprived
gemeenten (Gumbel top-k sampling).
"""

from __future__ import annotations

import numpy as np

PEILDATUM_QUESTIONNAIRE = "2020-09-15"
PEILDATUM_PROGRAMMES = "2020-10-01"
GEMEENTEN_2020 = 355
CENTRUMGEMEENTEN = 50
NL = "NL01"

Row = tuple[str, str, str, int | None, int | None, str]


def _scaled(count: int, total: int) -> int:
    return round(count * total / GEMEENTEN_2020)


def _pick(tilt: np.ndarray, pool: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` members of ``pool`` (boolean mask), drawn with probability growing with ``tilt``."""
    key = np.where(pool, tilt + rng.gumbel(size=tilt.size), -np.inf)
    chosen = np.zeros(tilt.size, dtype=bool)
    chosen[np.argsort(-key, kind="stable")[:k]] = True
    return chosen & pool


def programme_rows(
    codes: tuple[str, ...], population: np.ndarray, deprivation: np.ndarray, rng: np.random.Generator
) -> list[Row]:
    """Rows ``(indicator, area, period, numerator, denominator, status)`` for ks01-ks06 and ks09.

    ``population`` (any size measure) and ``deprivation`` are per code.
    """
    n = len(codes)
    size = np.log(population)
    tilt = (size - size.mean()) / size.std() + deprivation
    everyone = np.ones(n, dtype=bool)
    impuls = _pick(tilt, everyone, _scaled(275, n), rng)
    n_impuls = int(impuls.sum())
    coalition = _pick(tilt, impuls, round(59 / 275 * n_impuls), rng)
    plan = _pick(tilt + 1.5 * coalition, impuls, round(133 / 275 * n_impuls), rng)
    centrum = _pick(size * 100.0, everyone, CENTRUMGEMEENTEN, rng)  # the 50 largest
    nnz = _pick(tilt, centrum, 29, rng)
    responding = _pick(tilt + 1.0 * impuls, everyone, _scaled(280, n), rng)
    phb = _pick(tilt, responding, round(181 / 280 * int(responding.sum())), rng)
    voorzorg = _pick(tilt, everyone, _scaled(130, n), rng)

    rows: list[Row] = []
    for i, code in enumerate(codes):
        if impuls[i]:
            rows.append(("ks01", code, PEILDATUM_QUESTIONNAIRE, int(coalition[i]), 1, ""))
            rows.append(("ks02", code, PEILDATUM_QUESTIONNAIRE, int(plan[i]), 1, ""))
        if centrum[i]:
            rows.append(("ks03", code, PEILDATUM_PROGRAMMES, int(nnz[i]), 1, ""))
        if responding[i]:
            rows.append(("ks04", code, PEILDATUM_QUESTIONNAIRE, int(phb[i]), 1, ""))
        else:
            rows.append(("ks04", code, PEILDATUM_QUESTIONNAIRE, None, None, "geen_data"))
        rows.append(("ks05", code, PEILDATUM_PROGRAMMES, int(voorzorg[i]), 1, ""))
    rows.append(("ks06", NL, PEILDATUM_PROGRAMMES, 203, 579, ""))
    rows.append(("ks09", NL, PEILDATUM_PROGRAMMES, 8, 37, ""))
    return rows
