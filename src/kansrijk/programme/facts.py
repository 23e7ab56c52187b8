"""The kinds of programme fact the registry holds, as data.

A fact says something about one subject (a gemeente, a midwifery practice, a JGZ organisation, or the
country) from a date on (``geldig vanaf``), until a later fact of the same kind about the same subject
replaces it. Yes/no facts take ``ja`` or ``nee``; a few take one of a short list of words; counts
(the size of a population such as the number of midwifery practices) take a whole number.

Sources of the kinds: RIVM, Monitor Kansrijke Start, factsheet 2020 (seed 000: Impuls tranches,
coalition, plan, Nu Niet Zwanger, prenatal home visit, VoorZorg, Centering Pregnancy and Parenting)
and the regional monitor (seed 004: NNZ joined gemeenten, Stevig Ouderschap).
"""

from __future__ import annotations

from dataclasses import dataclass

GEMEENTE = "gemeente"
PRACTICE = "verloskundigenpraktijk"
JGZ = "jgz_organisatie"
COUNTRY = "land"

YES_NO = ("ja", "nee")
COUNT = "aantal"


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: its key (as written in files), Dutch label, subject and allowed values.

    ``values`` is the tuple of allowed words, or :data:`COUNT` for a whole number; ``positive`` are
    the words that count as "yes" for an indicator numerator.
    """

    key: str
    label: str
    subject: str
    values: tuple[str, ...] | str = YES_NO
    positive: frozenset[str] = frozenset({"ja"})

    @property
    def is_count(self) -> bool:
        return self.values == COUNT


FACT_KINDS: tuple[FactKind, ...] = (
    FactKind("impuls_tranche_1", "Impuls Kansrijke Start, tranche 1", GEMEENTE),
    FactKind("impuls_tranche_2", "Impuls Kansrijke Start, tranche 2", GEMEENTE),
    FactKind("impuls_tranche_3", "Impuls Kansrijke Start, tranche 3", GEMEENTE),
    FactKind("coalitie", "Lokale of regionale coalitie Kansrijke Start", GEMEENTE),
    FactKind(
        "plan_van_aanpak",
        "Gezamenlijk plan van aanpak Kansrijke Start",
        GEMEENTE,
        ("afgerond", "in ontwikkeling", "nee"),
        frozenset({"afgerond", "in ontwikkeling"}),
    ),
    FactKind("nnz_centrumgemeente", "Centrumgemeente (Nu Niet Zwanger)", GEMEENTE),
    FactKind("nnz_gestart", "Nu Niet Zwanger gestart", GEMEENTE),
    FactKind("nnz_aangesloten", "Aangesloten bij Nu Niet Zwanger (ingekocht)", GEMEENTE),
    FactKind("phb_jgz", "Prenataal huisbezoek door de jeugdgezondheidszorg", GEMEENTE),
    FactKind("phb_voor_week_15", "Prenataal huisbezoek vóór week 15 van de zwangerschap", GEMEENTE),
    FactKind("phb_week_15_25", "Prenataal huisbezoek in week 15 tot 25", GEMEENTE),
    FactKind("phb_na_week_25", "Prenataal huisbezoek na week 25", GEMEENTE),
    FactKind("overleg_sociaal", "Overlegt met partners uit het sociale/publieke domein", GEMEENTE),
    FactKind("overleg_medisch", "Overlegt met partners uit het medische domein", GEMEENTE),
    FactKind("overleg_gemeente", "Overlegt binnen de gemeentelijke organisatie", GEMEENTE),
    FactKind("voorzorg", "VoorZorg aangeboden", GEMEENTE),
    FactKind("stevig_ouderschap", "Stevig Ouderschap aangeboden", GEMEENTE),
    FactKind("centering_pregnancy", "Getraind in Centering Pregnancy", PRACTICE),
    FactKind("centering_parenting", "Biedt Centering Parenting aan", JGZ),
    FactKind("aantal_verloskundigenpraktijken", "Aantal verloskundigenpraktijken", COUNTRY, COUNT, frozenset()),
    FactKind("aantal_jgz_organisaties", "Aantal JGZ-organisaties", COUNTRY, COUNT, frozenset()),
)

KINDS: dict[str, FactKind] = {k.key: k for k in FACT_KINDS}

IMPULS = ("impuls_tranche_1", "impuls_tranche_2", "impuls_tranche_3")


def fact_kind(key: str) -> FactKind | None:
    """The fact kind written as ``key`` (case and spaces ignored: ``Impuls tranche 1``); None if unknown."""
    return KINDS.get("_".join(key.strip().lower().replace("-", " ").split()))

# The moments of a prenatal home visit (factsheet 2020, figure 5) and the partner domains a gemeente
# consults (Tekstbox 3), as the municipal questionnaire asks them.
PHB_MOMENTS = ("phb_voor_week_15", "phb_week_15_25", "phb_na_week_25")
PARTNER_DOMAINS = ("overleg_sociaal", "overleg_medisch", "overleg_gemeente")
