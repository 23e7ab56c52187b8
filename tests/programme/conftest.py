"""A registry file holding the counts of the RIVM factsheet 2020 (seed 000), one fact per row.

Counts from the factsheet text: Impuls 275 gemeenten; coalition 59 of them; plan 37 finished + 96 in
development; 50 centrumgemeenten of which 29 started Nu Niet Zwanger; 280 gemeenten answered on
prenatal home visits, 181 yes; VoorZorg in 130 of 355 gemeenten; 203 of 579 midwifery practices
trained in Centering Pregnancy; 8 of 37 JGZ organisations offer Centering Parenting.
"""

from pathlib import Path

import pytest




def factsheet_2020_lines(codes: list[str]) -> list[str]:
    """The rows of the registry file; ``codes`` are the 355 gemeenten of 2020."""
    assert len(codes) == 355
    lines = ["feit;onderwerp;waarde;geldig vanaf"]
    impuls = codes[:275]
    for i, code in enumerate(impuls):
        tranche = 1 + i % 3
        lines.append(f"impuls_tranche_{tranche};{code};ja;01-0{tranche}-2019")
        lines.append(f"coalitie;{code};{'ja' if i < 59 else 'nee'};15-09-2020")
        plan = "afgerond" if i < 37 else "in ontwikkeling" if i < 37 + 96 else "nee"
        lines.append(f"plan_van_aanpak;{code};{plan};15-09-2020")
    for i, code in enumerate(codes[-50:]):
        lines.append(f"nnz_centrumgemeente;{code};ja;01-01-2020")
        lines.append(f"nnz_gestart;{code};{'ja' if i < 29 else 'nee'};01-10-2020")
    for i, code in enumerate(codes[:280]):
        lines.append(f"phb_jgz;{code};{'ja' if i < 181 else 'nee'};15-09-2020")
    for code in codes[-130:]:
        lines.append(f"voorzorg;{code};ja;01-10-2020")
    for n in range(203):
        lines.append(f"centering_pregnancy;Verloskundigenpraktijk {n + 1};ja;01-10-2020")
    lines.append("aantal_verloskundigenpraktijken;NL01;579;01-10-2020")
    for n in range(8):
        lines.append(f"centering_parenting;JGZ-organisatie {n + 1};ja;01-10-2020")
    lines.append("aantal_jgz_organisaties;Nederland;37;01-10-2020")
    return lines


@pytest.fixture(scope="session")
def factsheet_2020_file(tmp_path_factory, areas) -> Path:
    codes = sorted(a.code for a in areas.gemeenten(2020))
    path = tmp_path_factory.mktemp("registry") / "programmas_2020.csv"
    path.write_text("\n".join(factsheet_2020_lines(codes)) + "\n", encoding="utf-8")
    return path
