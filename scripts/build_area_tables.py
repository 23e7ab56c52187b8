"""Derive the packaged area tables (src/kansrijk/data/areas/*.csv) from the reference data.

Run from the repository root::

    .venv/bin/python scripts/build_area_tables.py [--source /work/shared/data] [--out src/kansrijk/data/areas]

This script is the only place that reads the shared reference data; the package reads the CSV files
it writes. Every derived fact is checked against a second source where one exists, and the script
stops with a message naming the failed check instead of writing tables it cannot vouch for.

The rules (also in docs/areas.md):

* A year's division is the one in force on 1 January of that year (as in CBS annual tables).
  Weesp (annexed by Amsterdam on 2022-03-24) is therefore a gemeente of its own in 2022 and its 2022
  data are carried onto Amsterdam.
* Years 2015-2021 come from the CBS conversion table (every code of a year -> its 2021 code). That
  table books Haaren (split over Boxtel, Oisterwijk, Tilburg and Vught in 2021) wholly to Boxtel; we
  follow it.
* Later mergers (2022-01-01, 2022-03-24, 2023-01-01) are applied in date order; 2024 and 2025 have
  the division of 2023 (checked against the 2025 boundary file).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FIRST_YEAR = 2015
TABLE_LAST_YEAR = 2021  # the CBS conversion table ends with the 2021 division
CURRENT_YEAR = 2025
NATIONAL_POPULATION_2019 = 17_282_163  # CBS 70072NED / 84378NED, 1 January 2019

# Names of the codes that were valid in 2015-2018 and dissolved before 2019. No code list with names
# for those years is among the reference data, so they are written out here (CBS gemeentelijke
# indeling 2015-2018). The script checks each one against CBS 70072NED 2019, which still lists every
# dissolved gemeente by name (with empty figures), and against the conversion table's successor.
DISSOLVED_2015_2018: dict[str, str] = {
    "GM0005": "Bedum",
    "GM0007": "Bellingwedde",
    "GM0009": "Ten Boer",
    "GM0015": "Grootegast",
    "GM0017": "Haren",
    "GM0018": "Hoogezand-Sappemeer",
    "GM0022": "Leek",
    "GM0025": "Marum",
    "GM0040": "Slochteren",
    "GM0048": "Vlagtwedde",
    "GM0053": "Winsum",
    "GM0056": "Zuidhorn",
    "GM0058": "Dongeradeel",
    "GM0063": "het Bildt",
    "GM0070": "Franekeradeel",
    "GM0079": "Kollumerland en Nieuwkruisland",
    "GM0081": "Leeuwarderadeel",
    "GM0140": "Littenseradiel",
    "GM0196": "Rijnwaarden",
    "GM0236": "Geldermalsen",
    "GM0241": "Groesbeek",
    "GM0304": "Neerijnen",
    "GM0381": "Bussum",
    "GM0393": "Haarlemmerliede en Spaarnwoude",
    "GM0424": "Muiden",
    "GM0425": "Naarden",
    "GM0478": "Zeevang",
    "GM0545": "Leerdam",
    "GM0576": "Noordwijkerhout",
    "GM0584": "Oud-Beijerland",
    "GM0585": "Binnenmaas",
    "GM0588": "Korendijk",
    "GM0611": "Cromstrijen",
    "GM0617": "Strijen",
    "GM0620": "Vianen",
    "GM0689": "Giessenlanden",
    "GM0707": "Zederik",
    "GM0733": "Lingewaal",
    "GM0738": "Aalburg",
    "GM0844": "Schijndel",
    "GM0846": "Sint-Oedenrode",
    "GM0860": "Veghel",
    "GM0870": "Werkendam",
    "GM0874": "Woudrichem",
    "GM0881": "Onderbanken",
    "GM0951": "Nuth",
    "GM0962": "Schinnen",
    "GM1651": "Eemsmond",
    "GM1663": "De Marne",
    "GM1722": "Ferwerderadiel",
    "GM1908": "Menameradiel",
    "GM1921": "De Friese Meren",
    "GM1927": "Molenwaard",
    "GM1987": "Menterwolde",
}

# Everyday names that people type (seed 002 speaks of "Den Bosch").
COLLOQUIAL_ALIASES: dict[str, str] = {"Den Haag": "GM0518", "Den Bosch": "GM0796"}


class BuildError(Exception):
    """A check on the reference data failed; nothing is written."""


@dataclass(frozen=True)
class Merger:
    effective: date
    old_code: str
    old_name: str
    new_code: str
    new_name: str


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded once as Latin-1/cp1252 ("FryslÃ¢n" -> "Fryslân")."""
    if "Ã" not in text and "Â" not in text:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    raise BuildError(f"cannot repair encoding of {text!r}")


def gm(code: str | int) -> str:
    """'363', 363, '0363' or 'GM0363' -> 'GM0363'."""
    text = str(code).strip().upper().removeprefix("GM")
    if not text.isdigit():
        raise BuildError(f"not a gemeente code: {code!r}")
    return f"GM{int(text):04d}"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BuildError(message)


def read_csv(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def read_code_years(codes: Path) -> dict[int, dict[str, str]]:
    """year -> {code of that year: code in the 2021 division}, for FIRST_YEAR..2021."""
    by_year: dict[int, dict[str, str]] = defaultdict(dict)
    for row in read_csv(codes / "gemeente_code_year_to_2021.csv"):
        year = int(row["year"])
        if year >= FIRST_YEAR:
            by_year[year][gm(row["gm_code"])] = gm(row["gm_code_2021"])
    return dict(by_year)


def read_mergers(codes: Path) -> list[Merger]:
    rows = read_csv(codes / "gemeente_mergers_2019_2025_compiled.csv")
    mergers = [
        Merger(date.fromisoformat(r["effective_date"]), gm(r["old_code"]), r["old_name"].strip(),
               gm(r["new_code"]), r["new_name"].strip())
        for r in rows
    ]
    return sorted(mergers, key=lambda m: (m.effective, m.old_code))


def divisions(code_years: dict[int, dict[str, str]], mergers: list[Merger]) -> dict[int, set[str]]:
    """The codes in force on 1 January of every year FIRST_YEAR..CURRENT_YEAR."""
    result = {year: set(mapping) for year, mapping in code_years.items()}
    for year in range(TABLE_LAST_YEAR + 1, CURRENT_YEAR + 1):
        codes = set(result[year - 1])
        for m in mergers:
            if date(year - 1, 1, 1) < m.effective <= date(year, 1, 1):
                check(m.old_code in codes, f"{m.effective}: {m.old_code} not in the {year - 1} division")
                codes.discard(m.old_code)
                codes.add(m.new_code)
        result[year] = codes
    return result


def carry(code: str, year: int, code_years: dict[int, dict[str, str]], mergers: list[Merger]) -> str:
    """The current-division code that a code of `year` is carried onto."""
    if year <= TABLE_LAST_YEAR:
        code = code_years[year][code]
        after = date(TABLE_LAST_YEAR, 1, 1)
    else:
        after = date(year, 1, 1)
    for m in mergers:  # date order, so chains (A -> B -> C) resolve
        if m.effective > after and m.old_code == code:
            code = m.new_code
    return code


def read_gebieden_2019(codes: Path) -> dict[str, tuple[str, int]]:
    """CBS 84378NED 2019: code -> (name, population). cp1252, ';', last line a source note."""
    result: dict[str, tuple[str, int]] = {}
    with (codes / "Gebieden_in_Nederland_2019_wkoot.csv").open(encoding="cp1252", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if len(row) > 2 and row[1].startswith("GM"):
                result[gm(row[1])] = (row[0].strip(), int(row[2]))
    return result


def read_kerncijfers_2019(population: Path) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """CBS 70072NED 2019 by name: (total, under 5) for live gemeenten, and the dissolved names."""
    live: dict[str, tuple[int, int]] = {}
    dissolved: set[str] = set()
    path = population / "Regionale_kerncijfers_Nederland_2019_wkoot.csv"
    with path.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        check(header[1] == "Totale bevolking" and header[4] == "Jonger dan 5 jaar",
              f"unexpected columns in {path.name}: {header[:5]}")
        for row in reader:
            if not row or row[0].startswith("Bron:"):
                continue
            name = row[0].strip()
            if row[1].strip():
                check(name not in live, f"{path.name}: {name} twice")
                live[name] = (int(row[1]), int(row[4]))
            else:
                dissolved.add(name)
    return live, dissolved


def read_population_geojson(boundaries: Path) -> dict[str, tuple[str, int, int]]:
    """2019 boundaries with CBS population: code -> (name, inhabitants, age 0-4)."""
    path = boundaries / "gemeente_2019_wgs84_wkoot_covid_viz.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    result = {}
    for feature in data["features"]:
        p = feature["properties"]
        result[gm(p["Code"])] = (fix_mojibake(p["Gemeentena"]), int(p["inwoners"]), int(p["age_0_5"]))
    return result


def geojson_codes(path: Path) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {gm(f["properties"]["statcode"]) for f in data["features"]}


def build(source: Path) -> dict[str, list[list[object]]]:
    """Every packaged table as header + rows, after all checks."""
    codes, boundaries = source / "codes", source / "boundaries"
    code_years = read_code_years(codes)
    mergers = read_mergers(codes)
    division = divisions(code_years, mergers)
    sizes = {y: len(c) for y, c in division.items()}
    expected = {2015: 393, 2016: 390, 2017: 388, 2018: 380, 2019: 355, 2020: 355, 2021: 352,
                2022: 345, 2023: 342, 2024: 342, 2025: 342}
    check(sizes == expected, f"division sizes {sizes} != {expected}")

    # The 2021-01-01 mergers in the compiled list must agree with the CBS conversion table.
    for m in mergers:
        if m.effective == date(2021, 1, 1):
            check(code_years[2020][m.old_code] == m.new_code, f"2021 merger {m} disagrees with CBS")

    current = division[CURRENT_YEAR]
    alfa_2023 = read_csv(codes / "gemeenten-alfabetisch-2023_edugis.csv")
    alfa_2021 = read_csv(codes / "gemeenten-alfabetisch-2021_edugis.csv")
    check({gm(r["GemeentecodeGM"]) for r in alfa_2023} == current, "2023 list != derived 2023 division")
    check({gm(r["GemeentecodeGM"]) for r in alfa_2021} == division[2021], "2021 list != 2021 division")
    for edition in ("2023", "2025"):
        path = boundaries / f"gemeente_{edition}_wgs84_cartomap-via-LarsJanssen.geojson"
        check(geojson_codes(path) == current, f"{path.name} codes != current division")

    # Names: newest source first.
    gebieden = read_gebieden_2019(codes)
    check(set(gebieden) == division[2019], "Gebieden in Nederland 2019 != 2019 division")
    names: dict[str, str] = {}
    for row in alfa_2023:
        names[gm(row["GemeentecodeGM"])] = row["Gemeentenaam"].strip()
    for row in alfa_2021:
        names.setdefault(gm(row["GemeentecodeGM"]), row["Gemeentenaam"].strip())
    for code, (name, _) in gebieden.items():
        names.setdefault(code, name)
    for code, name in DISSOLVED_2015_2018.items():
        check(code not in names, f"{code} has a name in a code list already")
        names[code] = name
    every_code = set().union(*division.values())
    check(set(names) == every_code, f"codes without a name: {sorted(every_code - set(names))}")
    for m in mergers:
        check(names[m.old_code] == m.old_name, f"merger name {m.old_name} != {names[m.old_code]}")
        check(names[m.new_code] == m.new_name, f"merger name {m.new_name} != {names[m.new_code]}")

    live_2019, dissolved_2019 = read_kerncijfers_2019(source / "population")
    for code, name in DISSOLVED_2015_2018.items():
        check(name in dissolved_2019, f"{name} ({code}) is not a dissolved gemeente in CBS 70072NED")

    # Carry-forward table and validity.
    carry_rows: list[list[object]] = []
    years_of: dict[str, list[int]] = defaultdict(list)
    for year in range(FIRST_YEAR, CURRENT_YEAR + 1):
        for code in sorted(division[year]):
            target = carry(code, year, code_years, mergers)
            check(target in current, f"{code} ({year}) carried to {target}, not a current gemeente")
            carry_rows.append([year, code, target])
            years_of[code].append(year)
    successor = {code: target for year, code, target in carry_rows}  # last year wins
    gemeente_rows: list[list[object]] = []
    for code in sorted(every_code):
        years = years_of[code]
        check(years == list(range(years[0], years[-1] + 1)), f"{code} valid in broken years {years}")
        ended = years[-1] < CURRENT_YEAR
        check(ended == (successor[code] != code), f"{code}: validity and successor disagree")
        gemeente_rows.append([code, names[code], years[0], years[-1] if ended else "",
                              successor[code] if ended else ""])

    # Regions of the current gemeenten.
    derived = read_csv(codes / "gemeente_regions_2023_derived.csv")
    ggd = {r["statcode"]: r["statnaam"].strip() for r in read_csv(codes / "ggdregio_2023_codes.csv")}
    jz = {r["statcode"]: r["statnaam"].strip() for r in read_csv(codes / "jeugdregio_2023_codes.csv")}
    province_of = {gm(r["GemeentecodeGM"]): r["ProvinciecodePV"] for r in alfa_2023}
    provinces = {r["ProvinciecodePV"]: r["Provincienaam"].strip() for r in alfa_2023}
    check(len(provinces) == 12 and len(ggd) == 25 and len(jz) == 42, "expected 12/25/42 higher areas")
    region_rows: list[list[object]] = []
    for row in sorted(derived, key=lambda r: r["gm_code"]):
        code = gm(row["gm_code"])
        check(row["pv_code"] == province_of[code], f"{code}: province differs from CBS list")
        check(row["ggd_code"] in ggd and row["jz_code"] in jz, f"{code}: unknown GGD/jeugdregio")
        region_rows.append([code, row["pv_code"], row["ggd_code"], row["jz_code"]])
    check([r[0] for r in region_rows] == sorted(current), "regions table != current division")
    check({r[2] for r in region_rows} == set(ggd) and {r[3] for r in region_rows} == set(jz),
          "a GGD region or jeugdregio without gemeenten")
    higher_rows: list[list[object]] = [["NL01", "Nederland", "land"]]
    higher_rows += [[c, n, "provincie"] for c, n in sorted(provinces.items())]
    higher_rows += [[c, n, "ggd"] for c, n in sorted(ggd.items())]
    higher_rows += [[c, n, "jeugdregio"] for c, n in sorted(jz.items())]

    # 2019 population: boundary file (codes) against 70072NED (names) and 84378NED (totals).
    geo = read_population_geojson(boundaries)
    check(set(geo) == division[2019], "2019 boundary file != 2019 division")
    population_rows: list[list[object]] = []
    for code in sorted(geo):
        _, total, under5 = geo[code]
        cbs_name, cbs_total = gebieden[code]
        check(total == cbs_total, f"{code}: population {total} != {cbs_total} (84378NED)")
        check(live_2019.get(cbs_name) == (total, under5), f"{code}: 70072NED differs for {cbs_name}")
        population_rows.append([code, names[code], total, under5])
    total_2019 = sum(int(r[2]) for r in population_rows)
    check(total_2019 == NATIONAL_POPULATION_2019, f"2019 population sums to {total_2019}")

    # Other spellings of a name (CBS lists disagree on "(gemeente)", "(O.)", dots), for resolving.
    taken = {name.casefold(): code for code, name in names.items()}
    alias_rows: set[tuple[str, str]] = set()
    variants = [(c, n) for c, (n, _) in gebieden.items()] + [(c, g[0]) for c, g in geo.items()]
    variants += [(gm(r["GemeentecodeGM"]), r["Gemeentenaam"].strip()) for r in alfa_2021]
    variants += [(code, alias) for alias, code in COLLOQUIAL_ALIASES.items()]
    for code, alias in variants:
        owner = taken.get(alias.casefold())
        if owner == code:
            continue
        check(owner is None, f"alias {alias!r} of {code} is the name of {owner}")
        alias_rows.add((code, alias))
    alias_count = Counter(alias.casefold() for _, alias in alias_rows)
    check(all(n == 1 for n in alias_count.values()), f"ambiguous aliases: {alias_count}")

    every_text = [str(v) for rows in (gemeente_rows, higher_rows, population_rows) for r in rows for v in r]
    check(not any("Ã" in t for t in every_text), "mis-decoded text left in the tables")
    return {
        "gemeenten.csv": [["code", "name", "valid_from", "valid_to", "successor"], *gemeente_rows],
        "gemeente_years.csv": [["year", "code", "current_code"], *carry_rows],
        "regions.csv": [["code", "provincie", "ggd", "jeugdregio"], *region_rows],
        "higher_areas.csv": [["code", "name", "level"], *higher_rows],
        "population_2019.csv": [["code", "name", "population", "under5"], *population_rows],
        "aliases.csv": [["code", "alias"], *[list(r) for r in sorted(alias_rows)]],
    }


def write(tables: dict[str, list[list[object]]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/kansrijk/data/areas"))
    args = parser.parse_args(argv)
    try:
        tables = build(args.source)
    except BuildError as error:
        print(f"build_area_tables: {error}", file=sys.stderr)
        return 1
    write(tables, args.out)
    for name, rows in tables.items():
        print(f"{args.out / name}: {len(rows) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
