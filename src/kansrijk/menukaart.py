"""The menukaart: the interventions of the action programme as data (``data/menukaart.yaml``), with
action line and goal (001), target group, phase, recognition and funding route, and the indicator
whose gemeente rows say which gemeenten offer it.

The file is checked completely when read; every problem is named with its line
(:class:`~kansrijk.errors.CatalogueError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kansrijk.catalogue_schema import LocList, located
from kansrijk.errors import CatalogueError, Problem
from kansrijk.vocabulary import ACTION_LINES, GOALS

REQUIRED = ("id", "name", "action_line", "goals", "target_group", "phase", "funding", "source")
OPTIONAL = ("recognition", "measure")
_ID = re.compile(r"^[a-z0-9][a-z0-9\-]{1,40}$")


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    action_line: int
    goals: tuple[int, ...]
    target_group: str
    phase: str
    funding: str
    source: str
    recognition: str | None = None  # e.g. a rating in the Databank Effectieve Jeugdinterventies
    measure: str | None = None  # the measure whose gemeente rows say who offers it (ja/nee)

    @property
    def action_line_title(self) -> str:
        return f"Actielijn {self.action_line}: {ACTION_LINES[self.action_line]}"

    @property
    def goal_texts(self) -> tuple[str, ...]:
        return tuple(GOALS[g] for g in self.goals)


def parse_menukaart(text: str, file: str = "menukaart.yaml") -> tuple[Intervention, ...]:
    """The interventions of a menukaart file; CatalogueError listing every problem with its line."""
    raw_file = located(text, file)
    if raw_file.problems:
        raise CatalogueError(raw_file.problems)
    data = raw_file.data
    listing = data.get("interventions") if isinstance(data, dict) else None
    if not isinstance(listing, LocList):
        raise CatalogueError([Problem(file, "'interventions:' met een lijst interventies ontbreekt")])
    problems: list[Problem] = []
    out, seen = [], set()
    for raw, line in zip(listing, listing.item_lines):
        if not isinstance(raw, dict):
            problems.append(Problem(file, "een interventie heeft sleutels (id, name, ...)", line))
            continue
        missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
        unknown = [k for k in raw if k not in REQUIRED + OPTIONAL]
        if missing:
            problems.append(Problem(file, f"{raw.get('id', '?')}: ontbreekt: {', '.join(missing)}", line))
        if unknown:
            problems.append(Problem(file, f"{raw.get('id', '?')}: onbekende sleutel(s): {', '.join(unknown)}", line))
        if missing or unknown:
            continue
        ident = str(raw["id"])
        if not _ID.match(ident) or ident in seen:
            problems.append(Problem(file, f"id '{ident}' is geen unieke naam van kleine letters en streepjes", line))
            continue
        seen.add(ident)
        goals = raw["goals"] if isinstance(raw["goals"], list) else []
        if raw["action_line"] not in ACTION_LINES or not goals or any(g not in GOALS for g in goals):
            problems.append(Problem(file, f"{ident}: actielijn 1-3 en doelen 1-6", line))
            continue
        out.append(Intervention(ident, str(raw["name"]), int(raw["action_line"]), tuple(goals),
                                str(raw["target_group"]), str(raw["phase"]), " ".join(str(raw["funding"]).split()),
                                str(raw["source"]), raw.get("recognition"), raw.get("measure")))
    if problems:
        raise CatalogueError(problems)
    return tuple(out)


@lru_cache(maxsize=1)
def menukaart() -> tuple[Intervention, ...]:
    """The interventions that ship with kansrijk."""
    text = resources.files("kansrijk").joinpath("data", "menukaart.yaml").read_text(encoding="utf-8")
    return parse_menukaart(text)
