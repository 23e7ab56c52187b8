"""Areas: gemeenten per year (with mergers), provinces, GGD regions, jeugdregio's, user regions, NL.

:meth:`AreaRegistry.load` builds the registry from the packaged tables (``data/areas/``, derived
from CBS/PDOK code lists by ``scripts/build_area_tables.py``), the shipped ``data/regions.yaml`` and
any extra region files. The rules (a year's division is the one of 1 January; historical codes are
carried onto the current division; Haaren goes wholly to Boxtel) are in ``docs/areas.md``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kansrijk.area_regions import RegionDefinition, read_region_files
from kansrijk.area_tables import AreaTables, packaged_tables
from kansrijk.errors import AmbiguousArea, InvalidPeriod, UnknownArea

LEVELS = ("gemeente", "provincie", "ggd", "jeugdregio", "regio", "vsv", "jgz", "land")
LEVEL_LABELS = {
    "gemeente": "gemeente",
    "provincie": "provincie",
    "ggd": "GGD-regio",
    "jeugdregio": "jeugdregio",
    "regio": "regio",
    "vsv": "VSV",
    "jgz": "JGZ-organisatie",
    "land": "land",
}
# Organisations that serve gemeenten (verloskundige samenwerkingsverbanden, JGZ organisations): units
# of observation with figures of their own, never sums of their gemeenten (area_regions.py).
ORGANISATION_LEVELS = ("vsv", "jgz")
NL_CODE = "NL01"
MAX_NAME_SHOWN = 60
_PARENT_LEVELS = ("provincie", "ggd", "jeugdregio", "land")
# Of enclosing areas of equal size, the one a reader expects first.
ENCLOSING_ORDER = ("regio", "ggd", "jeugdregio", "provincie")
_GEMEENTE_CODE = re.compile(r"^(?:GM)?(\d{1,4})$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


@dataclass(frozen=True)
class Area:
    """An area. Gemeenten carry the years they were valid; a dissolved one names its successor."""

    code: str
    name: str
    level: str
    valid_from: int | None = None
    valid_to: int | None = None
    successor: str | None = None

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


@dataclass(frozen=True)
class SearchHit:
    """A search result: the current area, and the historical name that led to it (if any)."""

    area: Area
    via: str | None = None


def name_key(text: str) -> str:
    """The key names are compared by: NFC, trimmed, single spaces, straight apostrophe, casefolded."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(text.split()).casefold()


def _fold(text: str) -> str:
    """name_key without diacritics, for search ("sudwest" finds "Súdwest-Fryslân")."""
    decomposed = unicodedata.normalize("NFD", name_key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AreaRegistry:
    """Every area kansrijk knows, with the carry-forward of historical gemeente codes."""

    def __init__(self, tables: AreaTables, regions: Sequence[RegionDefinition] = ()) -> None:
        self.first_year = tables.first_year
        self.current_year = tables.current_year
        self._areas: dict[str, Area] = {}
        for g in tables.gemeenten:
            self._areas[g.code] = Area(g.code, g.name, "gemeente", g.valid_from, g.valid_to, g.successor)
        for h in tables.higher:
            self._areas[h.code] = Area(h.code, h.name, h.level)
        self._carry: dict[int, dict[str, str]] = {}
        for year, code, current in tables.carry:
            self._carry.setdefault(year, {})[code] = current
        self._parents: dict[str, dict[str, str]] = {
            code: {"provincie": pv, "ggd": ggd, "jeugdregio": jz, "land": NL_CODE}
            for code, (pv, ggd, jz) in tables.regions.items()
        }
        self._members: dict[str, list[str]] = {}
        self._served: dict[str, list[str]] = {}  # organisation code -> the gemeenten it serves
        self.practices: dict[str, int] = {}  # VSV code -> number of midwifery practices, where known
        self._enclosing: dict[str, str | None] = {}  # filled on demand (regions are added after this)
        for code in sorted(self._parents):
            for parent in self._parents[code].values():
                self._members.setdefault(parent, []).append(code)
        self._names: dict[str, list[str]] = {}
        for area in self._areas.values():
            self._add_name(area.name, area.code)
        self._aliases: list[tuple[str, str]] = list(tables.aliases)
        for code, alias in tables.aliases:
            self._add_name(alias, code)
        for region in regions:
            self._add_region(region)

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def load(cls, region_files: Sequence[Path] = ()) -> AreaRegistry:
        """The packaged areas plus the shipped regions.yaml plus ``region_files`` (cached per args).

        Raises RegionFileError listing every problem (file:line) of every region file.
        """
        return _load_cached(tuple(Path(p) for p in region_files))

    def _add_name(self, name: str, code: str) -> None:
        codes = self._names.setdefault(name_key(name), [])
        if code not in codes:
            codes.append(code)

    def _add_region(self, region: RegionDefinition) -> None:
        self._enclosing.clear()
        self._areas[region.code] = Area(region.code, region.name, region.type)
        (self._served if region.type in ORGANISATION_LEVELS else self._members)[region.code] = sorted(region.members)
        if region.practices is not None:
            self.practices[region.code] = region.practices
        self._add_name(region.name, region.code)

    def _taken_names(self) -> dict[str, str]:
        return {key: codes[0] for key, codes in self._names.items()}

    def _member_code(self, text: str) -> str:
        """A region member: must be a current gemeente."""
        try:
            area = self.resolve(text, level="gemeente")
        except UnknownArea as error:
            try:
                other = self.resolve(text)
            except UnknownArea:
                raise error from None
            raise UnknownArea(f"'{text}' is een {LEVEL_LABELS[other.level]}, geen gemeente") from None
        if not area.is_current:
            raise UnknownArea(self._dissolved_message(area))
        return area.code

    # -- lookups -------------------------------------------------------------------------------

    def get(self, code: str) -> Area:
        """The area with exactly this code (``GM0363``, ``PV25``, ``GG1911``, ``JZ28``, ``NL01``)."""
        area = self._areas.get(code)
        if area is None:
            raise UnknownArea(f"onbekende gebiedscode '{code}'")
        return area

    def resolve(self, text: str, year: int | None = None, *, level: str | None = None,
                suggest: bool = True) -> Area:
        """The area meant by a code (any spelling: ``GM0363``, ``gm363``, ``363``) or an exact name.

        Names are compared case-insensitively, trimmed, with typographic apostrophes made straight,
        and include the other spellings in CBS lists (``Groningen (gemeente)``, ``Den Haag``). A
        historical name or code gives the historical gemeente. When a name fits several areas, the
        lowest level in LEVELS wins (``Groningen`` is the gemeente; pass ``level="provincie"`` for
        the province). With ``year``, a gemeente must exist in that year's division (UnknownArea
        naming its years otherwise: ``Weesp`` is fine for 2022, not for 2023) and several gemeenten of
        one name are told apart by it; without, the current one wins, else the most recent. An
        unknown name gets "bedoelt u" suggestions unless ``suggest`` is false (they cost a search).
        """
        if level is not None:
            self._check_level(level)
        stripped = " ".join(text.split())
        if not stripped:
            raise UnknownArea("geen gebied opgegeven (lege tekst)")
        code = self._code_of(stripped)
        if code is not None:
            area = self._areas[code]
            if level is not None and area.level != level:
                raise UnknownArea(f"'{stripped}' is een {LEVEL_LABELS[area.level]}, geen "
                                  f"{LEVEL_LABELS[level]}")
            return self._in_year([area], year)[0]
        candidates = [self._areas[c] for c in self._names.get(name_key(stripped), [])]
        if level is not None:
            candidates = [a for a in candidates if a.level == level]
        if not candidates:
            raise UnknownArea(self._unknown_message(stripped, level, suggest))
        lowest = min(LEVELS.index(a.level) for a in candidates)
        candidates = [a for a in candidates if LEVELS.index(a.level) == lowest]
        candidates = self._in_year(candidates, year)
        if len(candidates) > 1:
            candidates = self._most_recent(candidates)
        if len(candidates) > 1:
            listing = ", ".join(f"{a.name} ({a.code}, {a.valid_from}-{a.valid_to or ''})" for a in candidates)
            raise AmbiguousArea(f"'{stripped}' past bij meerdere gebieden: {listing}; geef een code of jaar")
        return candidates[0]

    def _code_of(self, text: str) -> str | None:
        upper = text.upper()
        match = _GEMEENTE_CODE.match(upper)
        if match:
            code = f"GM{int(match.group(1)):04d}"
            return code if code in self._areas else None
        if upper == "NL":
            return NL_CODE
        return upper if upper in self._areas else None

    def _in_year(self, candidates: list[Area], year: int | None) -> list[Area]:
        """The candidates that exist in ``year`` (all of them without a year)."""
        if year is None:
            return candidates
        valid = [a for a in candidates if self._valid_in(a, year)]
        if not valid:
            area = candidates[0]
            raise UnknownArea(self._not_in_year_message(area, year))
        return valid

    @staticmethod
    def _most_recent(candidates: list[Area]) -> list[Area]:
        current = [a for a in candidates if a.is_current]
        if current:
            return current
        latest = max(a.valid_to or 0 for a in candidates)
        return [a for a in candidates if a.valid_to == latest]

    def _valid_in(self, area: Area, year: int) -> bool:
        """Higher areas always; a gemeente from valid_from (the first table year: or earlier) on."""
        if area.level != "gemeente":
            return True
        starts = area.valid_from is None or area.valid_from <= self.first_year or area.valid_from <= year
        return starts and (area.valid_to is None or year <= area.valid_to)

    def _not_in_year_message(self, area: Area, year: int) -> str:
        message = f"gemeente {area.name} ({area.code}) bestond niet in {year}"
        if area.valid_from is not None and year < area.valid_from:
            return message + f"; zij bestaat sinds {area.valid_from}"
        message += f"; zij bestond tot en met {area.valid_to}"
        if area.successor:
            successor = self._areas[area.successor]
            message += f" en is opgegaan in {successor.name} ({successor.code})"
        return message

    def _unknown_message(self, text: str, level: str | None, suggest: bool = True) -> str:
        shown = text if len(text) <= MAX_NAME_SHOWN else text[:MAX_NAME_SHOWN] + "…"
        if level is None or level == "land":
            message = f"onbekend {'gebied' if level is None else 'land'} '{shown}'"
        else:
            message = f"onbekende {LEVEL_LABELS[level]} '{shown}'"
        if not suggest or len(text) > MAX_NAME_SHOWN:  # nobody mistypes a name that long
            return message
        suggestions = [hit.area.name for hit in self.search_hits(text, limit=3)
                       if level is None or hit.area.level == level]
        if not suggestions:
            names = {_fold(a.name): a.name for a in self.areas(level)}
            close = difflib.get_close_matches(_fold(text), list(names), n=3, cutoff=0.75)
            suggestions = [names[key] for key in close]
        if suggestions:
            message += "; bedoelt u: " + ", ".join(suggestions) + "?"
        return message

    def _dissolved_message(self, area: Area) -> str:
        successor = self._areas[area.successor] if area.successor else None
        message = f"{area.name} ({area.code}) bestaat sinds {(area.valid_to or 0) + 1} niet meer"
        if successor is not None:
            message += f" (opgegaan in {successor.name}, {successor.code}); gebruik de huidige gemeente"
        return message

    def search(self, text: str, limit: int = 10) -> list[Area]:
        """Current areas whose name (or a historical gemeente name) matches ``text``; see search_hits."""
        return [hit.area for hit in self.search_hits(text, limit)]

    def search_hits(self, text: str, limit: int = 10) -> list[SearchHit]:
        """Search names for the web: prefix matches first, then word starts, then substrings.

        Case and diacritics are ignored. A historical gemeente leads to its current successor, with
        the historical name in ``via`` (``Weesp`` -> Amsterdam, via Weesp). Each area appears once.
        """
        query = _fold(text)
        if not query:
            return []
        best: dict[str, tuple[tuple[int, int, str], SearchHit]] = {}
        for key, codes in self._names.items():
            folded = _fold(key)
            if folded.startswith(query):
                rank = 0
            elif any(word.startswith(query) for word in re.split(r"[\s\-'(/]+", folded)):
                rank = 1
            elif query in folded:
                rank = 2
            else:
                continue
            for code in codes:
                self._offer(best, self._areas[code], rank)
        code = self._code_of(" ".join(text.split()))
        if code is not None:
            self._offer(best, self._areas[code], -1)
        ranked = sorted(best.values(), key=lambda item: item[0])
        return [hit for _, hit in ranked[:limit]]

    def _offer(self, best: dict[str, tuple[tuple[int, int, str], SearchHit]], area: Area, rank: int) -> None:
        via = None
        if not area.is_current and area.successor:
            via, area = area.name, self._areas[area.successor]
        key = (rank, LEVELS.index(area.level), _fold(area.name))
        if area.code not in best or key < best[area.code][0]:
            best[area.code] = (key, SearchHit(area, via))

    # -- gemeenten over the years --------------------------------------------------------------

    def check_years(self, start: int, end: int, label: str | None = None, today: date | None = None) -> None:
        """InvalidPeriod unless the years ``start``..``end`` lie within the gemeente divisions known
        (first_year..current_year) and not in the future: no figure, fact or record can be about
        other years. A pooled window (``2013-2017``) is given on the division of its last year, as
        waarstaatjegemeente.nl does, so only its last year must be known. The same rule for every
        route in (imports, portal form and upload, registry)."""
        label = label or (str(start) if start == end else f"{start}-{end}")
        this_year = (today or date.today()).year
        if end > this_year:
            raise InvalidPeriod(f"periode {label} ligt in de toekomst")
        if end < self.first_year or end > self.current_year:
            raise InvalidPeriod(f"periode {label} valt buiten de gemeentelijke indelingen "
                                f"{self.first_year}-{self.current_year}")

    def current_code(self, code: str, year: int) -> str:
        """The current-division gemeente onto which a gemeente code of ``year`` is carried.

        A year's division is the one of 1 January (Weesp is a gemeente in 2022, carried onto
        Amsterdam). UnknownArea if ``year`` is outside the table or the code was not valid then.
        """
        mapping = self._carry.get(year)
        if mapping is None:
            raise UnknownArea(f"jaar {year} valt buiten de gemeentelijke indelingen "
                              f"{self.first_year}-{self.current_year}")
        normal = self._code_of(code.strip())
        if normal is None or normal not in mapping:
            raise UnknownArea(f"gemeentecode '{code.strip()}' bestond niet in {year}")
        return mapping[normal]

    def carry_table(self) -> list[tuple[int, str, str]]:
        """(year, code of that year, current code) for every year and code, for SQL joins."""
        return [(year, code, current) for year in sorted(self._carry)
                for code, current in sorted(self._carry[year].items())]

    def gemeenten(self, year: int | None = None) -> list[Area]:
        """The gemeenten of ``year``'s division (1 January), by name; default the current year."""
        year = self.current_year if year is None else year
        mapping = self._carry.get(year)
        if mapping is None:
            raise UnknownArea(f"jaar {year} valt buiten de gemeentelijke indelingen "
                              f"{self.first_year}-{self.current_year}")
        return sorted((self._areas[c] for c in mapping), key=lambda a: (_fold(a.name), a.code))

    # -- higher areas --------------------------------------------------------------------------

    def areas(self, level: str | None = None) -> list[Area]:
        """Current areas of one level, or of every level in LEVELS order; by name within a level.

        Historical gemeenten are never included; use :meth:`gemeenten` with a year for those.
        """
        levels = LEVELS if level is None else (self._check_level(level),)
        chosen = [a for a in self._areas.values() if a.level in levels and a.is_current]
        return sorted(chosen, key=lambda a: (LEVELS.index(a.level), _fold(a.name), a.code))

    def members(self, code: str) -> list[str]:
        """The current gemeente codes in an area (a current gemeente holds itself; NL01 all; an
        organisation the gemeenten it serves)."""
        area = self.get(code)
        if area.level == "gemeente":
            if not area.is_current:
                raise UnknownArea(self._dissolved_message(area))
            return [area.code]
        return list(self._members.get(code, self._served.get(code, [])))

    def serving(self, gemeente_codes: Sequence[str], level: str | None = None) -> list[Area]:
        """The organisations (of ``level``, a VSV or JGZ) serving any of these gemeenten, by name."""
        wanted = set(gemeente_codes)
        found = [self._areas[code] for code, served in self._served.items()
                 if wanted & set(served) and (level is None or self._areas[code].level == level)]
        return sorted(found, key=lambda a: (LEVELS.index(a.level), _fold(a.name)))

    def membership(self) -> list[tuple[str, str]]:
        """(area code, gemeente code) for every area above gemeente, incl. NL01 and user regions; not
        organisations, which are no sums of the gemeenten they serve."""
        return [(area, g) for area in sorted(self._members) for g in self._members[area]]

    def parent(self, gemeente_code: str, level: str) -> str:
        """The provincie, ggd, jeugdregio or land (NL01) a current gemeente belongs to.

        User regions may overlap, so they have no single parent; use :meth:`regions_of`.
        """
        if level not in _PARENT_LEVELS:
            raise UnknownArea(f"niveau '{level}' heeft geen vaste bovenliggende indeling; kies uit "
                              f"{', '.join(_PARENT_LEVELS)}")
        return self._parents_of(gemeente_code)[level]

    def regions_of(self, gemeente_code: str) -> list[str]:
        """The user regions (level ``regio``) a current gemeente is a member of."""
        self._parents_of(gemeente_code)
        return [code for code, area in sorted(self._areas.items())
                if area.level == "regio" and gemeente_code in self._members.get(code, [])]

    def region_of(self, gemeente_code: str) -> str:
        """The benchmark region of a gemeente: its GGD region."""
        return self.parent(gemeente_code, "ggd")

    def enclosing(self, code: str) -> str | None:
        """The region an area is compared with besides NL: for a current gemeente its GGD region; for
        a higher area the area holding all its gemeenten and more - a user region first (regio Zuid ->
        Gelderland-Midden), then a GGD region, a jeugdregio, a province, the smallest of a kind; None
        when only NL holds it."""
        if code in self._enclosing:
            return self._enclosing[code]
        found = self._enclosing[code] = self._enclosing_of(code)
        return found

    def _enclosing_of(self, code: str) -> str | None:
        area = self.get(code)
        if area.level == "gemeente":
            return self.region_of(code) if area.is_current else None
        mine = set(self._members.get(code, []))
        if not mine or code == NL_CODE:
            return None
        rank = {level: k for k, level in enumerate(ENCLOSING_ORDER)}
        candidates = [
            (rank.get(self._areas[other].level, len(rank)), len(members), other)
            for other, members in self._members.items()
            if other not in (code, NL_CODE) and len(members) > len(mine) and mine <= set(members)
        ]
        return min(candidates)[2] if candidates else None

    def holding(self, code: str) -> list[str]:
        """Every other area (not an organisation) holding all gemeenten of ``code``, smallest first, NL
        last: Renkum -> GGD Gelderland-Midden, Gelderland Midden, ..., NL01."""
        mine = set(self.members(code))
        rank = {level: k for k, level in enumerate(ENCLOSING_ORDER)}
        found = [(len(members), rank.get(self._areas[other].level, len(rank)), other)
                 for other, members in self._members.items()
                 if other not in (code, NL_CODE) and mine and mine <= set(members)]
        return [other for *_, other in sorted(found)] + ([NL_CODE] if code != NL_CODE else [])

    def _parents_of(self, gemeente_code: str) -> dict[str, str]:
        parents = self._parents.get(gemeente_code)
        if parents is None:
            area = self.get(gemeente_code)
            if area.level == "gemeente":
                raise UnknownArea(self._dissolved_message(area))
            raise UnknownArea(f"'{gemeente_code}' is geen gemeente maar een {LEVEL_LABELS[area.level]}")
        return parents

    @staticmethod
    def _check_level(level: str) -> str:
        if level not in LEVELS:
            raise UnknownArea(f"onbekend gebiedsniveau '{level}'; kies uit {', '.join(LEVELS)}")
        return level


@lru_cache(maxsize=16)
def _load_cached(region_files: tuple[Path, ...]) -> AreaRegistry:
    registry = AreaRegistry(packaged_tables())
    shipped = resources.files("kansrijk").joinpath("data", "regions.yaml")
    with resources.as_file(shipped) as shipped_path:
        paths = (shipped_path, *region_files)
        regions = read_region_files(paths, registry._member_code, registry._taken_names(), name_key)
    for region in regions:
        registry._add_region(region)
    return registry


def describe_areas(registry: AreaRegistry, level: str | None = None) -> list[dict[str, object]]:
    """One row per current area for listings (``kansrijk areas``).

    Keys follow the results table: ``code``, ``name``, ``level`` (a LEVELS id), ``members`` (number of
    current gemeenten), and for a gemeente the names of its ``provincie``, ``ggd`` and ``jeugdregio``
    (empty for other levels).
    """
    rows: list[dict[str, object]] = []
    for area in registry.areas(level):
        row: dict[str, object] = {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "members": len(registry.members(area.code)),
            "provincie": "",
            "ggd": "",
            "jeugdregio": "",
        }
        if area.level == "gemeente":
            for parent_level in ("provincie", "ggd", "jeugdregio"):
                row[parent_level] = registry.get(registry.parent(area.code, parent_level)).name
        rows.append(row)
    return rows


class AreaLookup:
    """:meth:`AreaRegistry.resolve` for one import: each distinct (text, year, level) is resolved
    once, and only the first :data:`SUGGESTED` unknown names get "bedoelt u" suggestions, so a file of
    thousands of unknown names costs no more than a few searches."""

    SUGGESTED = 10

    def __init__(self, areas: AreaRegistry) -> None:
        self.areas = areas
        self._seen: dict[tuple[str, int | None, str | None], Area | UnknownArea] = {}
        self._unknown = 0

    def resolve(self, text: str, year: int | None = None, *, level: str | None = None) -> Area:
        key = (text, year, level)
        found = self._seen.get(key)
        if found is None:
            try:
                found = self.areas.resolve(text, year, level=level, suggest=self._unknown < self.SUGGESTED)
            except UnknownArea as exc:
                self._unknown += 1
                found = exc
            self._seen[key] = found
        if isinstance(found, UnknownArea):
            raise found
        return found
