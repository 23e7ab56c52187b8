"""Synthetic programme facts for the registry, at the national rates of the factsheet 2020.

The facts are what a programme registry holds (``kansrijk.programme``): per gemeente of 2020 (355, as in
the factsheet) Impuls tranche, coalition, plan, Nu Niet Zwanger centrumgemeente and start, prenatal
home visit by the JGZ and VoorZorg; per midwifery practice Centering Pregnancy; per JGZ organisation
Centering Parenting; and the national totals of practices and organisations. The engine counts the
indicators from them, so the counts are the factsheet's own (scaled only if a different number of
gemeenten is passed): Impuls 275 of 355, coalition 59 of 275 (ks01), plan 133 of 275 of which 37
finished (ks02), Nu Niet Zwanger 29 of 50 centrumgemeenten (ks03), prenatal home visits 181 of 280
responding (ks04), VoorZorg 130 of 355 (ks05), Centering Pregnancy 203 of 579 practices (ks06) and
Centering Parenting 8 of 37 JGZ organisations (ks09). Which gemeenten is drawn with a tilt towards larger
and more deprived gemeenten (Gumbel top-k sampling).

Dates: the Impuls tranches from the day each closed (figure 2: 98 gemeenten by 15 March 2019, 147
by 31 October 2019, 275 by 15 April 2020), the questionnaire facts (coalition, plan, home visits)
from its peildatum 2020-09-15, the programme facts from 2020-10-01 (Nu Niet Zwanger: 29 of the 50
centrumgemeenten started, 106 surrounding gemeenten joined, figure 4), centrumgemeenten from
2020-01-01; when home visits take place (25% before week 15, 69% after week 25, figure 5) and the
partner domains of 288 gemeenten (91%, 78%, 89%, Tekstbox 3) at the questionnaire's rates. The
indicators need their own facts, so the registry gives figures for 2020 only.
"""

from __future__ import annotations

import numpy as np

PEILDATUM_QUESTIONNAIRE = "2020-09-15"
PEILDATUM_PROGRAMMES = "2020-10-01"
KNOWN_SINCE = "2020-01-01"
# Impuls tranches: (closing day, gemeenten signed up by then), factsheet 2020 figure 2.
TRANCHES = (("2019-03-15", 98), ("2019-10-31", 147), ("2020-04-15", 275))
NNZ_SURROUNDING = 106
GEMEENTEN_2020 = 355
CENTRUMGEMEENTEN = 50
MIDWIFERY_PRACTICES, CENTERING_PREGNANCY = 579, 203
JGZ_ORGANISATIONS, CENTERING_PARENTING = 37, 8
NL = "NL01"
FACT_COLUMNS = ("feit", "onderwerp", "waarde", "geldig vanaf")

Fact = tuple[str, str, str, str]  # feit, onderwerp, waarde, geldig vanaf


def _scaled(count: int, total: int) -> int:
    return round(count * total / GEMEENTEN_2020)


def _pick(tilt: np.ndarray, pool: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` members of ``pool`` (boolean mask), drawn with probability growing with ``tilt``."""
    key = np.where(pool, tilt + rng.gumbel(size=tilt.size), -np.inf)
    chosen = np.zeros(tilt.size, dtype=bool)
    chosen[np.argsort(-key, kind="stable")[:k]] = True
    return chosen & pool


def _top(tilt: np.ndarray, pool: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` members of ``pool`` with the highest ``tilt`` (no randomness)."""
    order = [i for i in np.argsort(-tilt, kind="stable") if pool[i]]
    chosen = np.zeros(tilt.size, dtype=bool)
    chosen[order[:k]] = True
    return chosen


def _yes(flag: bool) -> str:
    return "ja" if flag else "nee"


def programme_facts(
    codes: tuple[str, ...], population: np.ndarray, deprivation: np.ndarray, rng: np.random.Generator
) -> list[Fact]:
    """Registry facts ``(feit, onderwerp, waarde, geldig vanaf)`` behind ks01-ks06 and ks09.

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
    finished = _top(tilt + 1.5 * coalition, plan, round(37 / 133 * int(plan.sum())))
    centrum = _pick(size * 100.0, everyone, CENTRUMGEMEENTEN, rng)  # the 50 largest
    nnz = _pick(tilt, centrum, 29, rng)
    surrounding = _pick(tilt, ~centrum, _scaled(NNZ_SURROUNDING, n), rng)
    responding = _pick(tilt + 1.0 * impuls, everyone, _scaled(280, n), rng)
    phb = _pick(tilt, responding, round(181 / 280 * int(responding.sum())), rng)
    voorzorg = _pick(tilt, everyone, _scaled(130, n), rng)
    # the questionnaire's details (figure 5, Tekstbox 3), drawn last so the picks above stay as they were
    early, late = rng.random(n) < 0.25, rng.random(n) < 0.69
    partners = _pick(tilt, responding | impuls, _scaled(288, n), rng)
    domains = {kind: rng.random(n) < share for kind, share in
               (("overleg_sociaal", 0.91), ("overleg_medisch", 0.78), ("overleg_gemeente", 0.89))}

    # the Impuls gemeenten in sign-up order: the first of them in tranche 1, and so on (figure 2)
    order = np.flatnonzero(impuls)[np.argsort(-tilt[impuls], kind="stable")]
    bounds = [round(k / 275 * n_impuls) for _, k in TRANCHES]
    tranche_of = {int(i): next(t for t, bound in enumerate(bounds) if rank < bound)
                  for rank, i in enumerate(order)}
    facts: list[Fact] = []
    for i, code in enumerate(codes):
        if impuls[i]:
            t = tranche_of[i]
            plan_word = "afgerond" if finished[i] else "in ontwikkeling" if plan[i] else "nee"
            facts.append((f"impuls_tranche_{t + 1}", code, "ja", TRANCHES[t][0]))
            facts.append(("coalitie", code, _yes(coalition[i]), PEILDATUM_QUESTIONNAIRE))
            facts.append(("plan_van_aanpak", code, plan_word, PEILDATUM_QUESTIONNAIRE))
        if centrum[i]:
            facts.append(("nnz_centrumgemeente", code, "ja", KNOWN_SINCE))
            facts.append(("nnz_gestart", code, _yes(nnz[i]), PEILDATUM_PROGRAMMES))
        elif surrounding[i]:
            facts.append(("nnz_aangesloten", code, "ja", PEILDATUM_PROGRAMMES))
        if responding[i]:
            facts.append(("phb_jgz", code, _yes(phb[i]), PEILDATUM_QUESTIONNAIRE))
        if phb[i]:
            facts.append(("phb_voor_week_15", code, _yes(early[i]), PEILDATUM_QUESTIONNAIRE))
            facts.append(("phb_na_week_25", code, _yes(late[i]), PEILDATUM_QUESTIONNAIRE))
        if partners[i]:
            facts += [(kind, code, _yes(said[i]), PEILDATUM_QUESTIONNAIRE) for kind, said in domains.items()]
        facts.append(("voorzorg", code, _yes(voorzorg[i]), PEILDATUM_PROGRAMMES))
    facts += [("centering_pregnancy", f"Verloskundigenpraktijk {k:03d}", "ja", PEILDATUM_PROGRAMMES)
              for k in range(1, CENTERING_PREGNANCY + 1)]
    facts.append(("aantal_verloskundigenpraktijken", NL, str(MIDWIFERY_PRACTICES), PEILDATUM_PROGRAMMES))
    facts += [("centering_parenting", f"JGZ-organisatie {k:02d}", "ja", PEILDATUM_PROGRAMMES)
              for k in range(1, CENTERING_PARENTING + 1)]
    facts.append(("aantal_jgz_organisaties", NL, str(JGZ_ORGANISATIONS), PEILDATUM_PROGRAMMES))
    return facts
