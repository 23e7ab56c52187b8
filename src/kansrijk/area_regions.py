"""User regions and organisations: named groups of current gemeenten, defined in YAML files.

Format (see docs/areas.md)::

    regions:
      - code: RGGM                 # "RG" + 2-8 capitals or digits, unique
        name: Gelderland Midden    # unique among all area names
        description: ...           # optional, free text
        members: [Arnhem, GM0203, 228]   # current gemeenten: code in any spelling or exact name
      - code: VSKRACHT             # type vsv: "VS" + 2-8 capitals or digits
        type: vsv                  # regio (default), vsv or jgz
        name: VSV Kracht
        practices: 9               # optional, a VSV's number of midwifery practices
        members: [Arnhem, Renkum]  # the gemeenten it serves

A ``regio`` is a geographic area: its figures are the sums of its members. A ``vsv`` (obstetric
collaboration) or ``jgz`` organisation is a unit of observation that serves its members: it supplies
figures about itself (gm06: midwives using a validated instrument), which are never summed from, or
into, gemeenten.

Every file is validated completely before anything is used; all problems of all files are raised
together as one :class:`~kansrijk.errors.RegionFileError`, each with file:line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from kansrijk.errors import Problem, RegionFileError, UnknownArea

REGION = "regio"
# type -> code prefix
TYPES = {REGION: "RG", "vsv": "VS", "jgz": "JG"}
ALLOWED_KEYS = ("code", "type", "name", "description", "members", "practices")
MIN_MEMBERS = {REGION: 2, "vsv": 1, "jgz": 1}


@dataclass(frozen=True)
class RegionDefinition:
    """One validated user region: its members are current gemeente codes."""

    code: str
    name: str
    members: tuple[str, ...]
    description: str
    file: str
    line: int
    type: str = REGION
    practices: int | None = None


MemberResolver = Callable[[str], str]
"""Turns a member text into a current gemeente code, or raises UnknownArea with a Dutch reason."""


def read_region_files(
    paths: Sequence[Path],
    resolve_member: MemberResolver,
    taken_names: Mapping[str, str],
    normalise: Callable[[str], str],
) -> list[RegionDefinition]:
    """Read and validate region files in order; raise RegionFileError listing every problem.

    ``taken_names`` maps the normalised name of every existing area to its code; a region may not
    reuse one (its name would become ambiguous). ``normalise`` is the registry's name key.
    """
    problems: list[Problem] = []
    regions: list[RegionDefinition] = []
    seen_codes: dict[str, str] = {}  # code -> "file:line" of its first definition
    seen_names: dict[str, str] = {}
    for path in paths:
        for region in _read_one(Path(path), resolve_member, problems):
            where = f"{region.file}:{region.line}"
            if region.code in seen_codes:
                problems.append(Problem(region.file, f"code {region.code} is al gebruikt in "
                                        f"{seen_codes[region.code]}", region.line))
                continue
            key = normalise(region.name)
            owner = taken_names.get(key) or seen_names.get(key)
            if owner is not None:
                problems.append(Problem(region.file, f"naam '{region.name}' is al in gebruik "
                                        f"(door {owner})", region.line))
                continue
            seen_codes[region.code] = where
            seen_names[key] = region.code
            regions.append(region)
    if problems:
        order = {str(Path(path)): index for index, path in enumerate(paths)}
        problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
        raise RegionFileError(problems, summary=f"{len(problems)} probleem/problemen in regiobestanden")
    return regions


def _read_one(path: Path, resolve_member: MemberResolver, problems: list[Problem]) -> list[RegionDefinition]:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(file, "bestand bestaat niet"))
        return []
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(file, f"bestand is niet te lezen als UTF-8-tekst ({error})"))
        return []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        problems.append(Problem(file, f"geen geldige YAML: {reason}", mark.line + 1 if mark else None))
        return []
    if root is None:
        problems.append(Problem(file, "bestand is leeg; verwacht 'regions:' met een lijst regio's"))
        return []
    entries = _mapping(root, file, problems, ("regions",), "het bestand")
    listing = entries.get("regions")
    if listing is None:
        if "regions" not in entries:
            problems.append(Problem(file, "'regions:' ontbreekt bovenaan het bestand", _line(root)))
        return []
    if not isinstance(listing, yaml.SequenceNode):
        problems.append(Problem(file, "'regions' moet een lijst van regio's zijn", _line(listing)))
        return []
    result = []
    for node in listing.value:
        region = _read_region(node, file, resolve_member, problems)
        if region is not None:
            result.append(region)
    return result


def _read_region(
    node: yaml.Node, file: str, resolve_member: MemberResolver, problems: list[Problem]
) -> RegionDefinition | None:
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(file, "een regio moet de sleutels code, name en members hebben", line))
        return None
    before = len(problems)
    fields = _mapping(node, file, problems, ALLOWED_KEYS, "een regio")
    for key in ("code", "name", "members"):
        if key not in fields:
            problems.append(Problem(file, f"'{key}' ontbreekt", line))
    code = _scalar(fields.get("code"), file, "code", problems)
    name = _scalar(fields.get("name"), file, "name", problems)
    description = _scalar(fields.get("description"), file, "description", problems) or ""
    kind = _scalar(fields.get("type"), file, "type", problems) or REGION
    if kind not in TYPES:
        problems.append(Problem(file, f"type moet een van {', '.join(TYPES)} zijn", _line(fields["type"]), value=kind))
        return None
    if code is not None and not re.fullmatch(rf"{TYPES[kind]}[A-Z0-9]{{2,8}}", code):
        problems.append(Problem(file, f"code van een {kind} moet beginnen met {TYPES[kind]}, gevolgd door 2 tot 8 "
                                "hoofdletters of cijfers", _line(fields["code"]), value=code))
    if name is not None and not name.strip():
        problems.append(Problem(file, "naam is leeg", _line(fields["name"])))
    practices = _practices(fields.get("practices"), kind, file, problems)
    members = _read_members(fields.get("members"), file, resolve_member, problems, MIN_MEMBERS[kind])
    if len(problems) > before or code is None or name is None:
        return None
    return RegionDefinition(code, name.strip(), tuple(members), description.strip(), file, line, kind, practices)


def _practices(node: yaml.Node | None, kind: str, file: str, problems: list[Problem]) -> int | None:
    text = _scalar(node, file, "practices", problems)
    if text is None or node is None:
        return None
    if kind != "vsv":
        problems.append(Problem(file, "'practices' hoort alleen bij een vsv", _line(node)))
        return None
    if not (text.isdigit() and 0 < int(text) < 10_000):
        problems.append(Problem(file, "'practices' moet een positief geheel getal zijn", _line(node), value=text))
        return None
    return int(text)


def _read_members(
    node: yaml.Node | None, file: str, resolve_member: MemberResolver, problems: list[Problem], minimum: int,
) -> list[str]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(file, "'members' moet een lijst van gemeenten zijn", _line(node)))
        return []
    members: list[str] = []
    first_line: dict[str, int] = {}
    for item in node.value:
        text = _scalar(item, file, "members", problems)
        if text is None:
            continue
        try:
            code = resolve_member(text)
        except UnknownArea as error:
            problems.append(Problem(file, str(error), _line(item)))
            continue
        if code in first_line:
            problems.append(Problem(file, f"gemeente {code} staat al in deze regio (regel "
                                    f"{first_line[code]})", _line(item), value=text))
            continue
        first_line[code] = _line(item)
        members.append(code)
    if len(node.value) < minimum:
        problems.append(Problem(file, f"een regio heeft ten minste {minimum} gemeenten nodig", _line(node)))
    return members


def _mapping(
    node: yaml.Node, file: str, problems: list[Problem], allowed: Sequence[str], what: str
) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(file, f"{what} moet sleutels hebben ({', '.join(allowed)})", _line(node)))
        return {}
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            problems.append(Problem(file, f"onbekende sleutel '{key}' in {what} (toegestaan: "
                                    f"{', '.join(allowed)})", _line(key_node)))
        elif key in fields:
            problems.append(Problem(file, f"sleutel '{key}' staat twee keer in {what}", _line(key_node)))
        else:
            fields[key] = value_node
    return fields


def _scalar(node: yaml.Node | None, file: str, key: str, problems: list[Problem]) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        problems.append(Problem(file, f"'{key}' moet een tekst zijn", _line(node)))
        return None
    return str(node.value)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
