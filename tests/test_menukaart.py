"""The menukaart file is checked completely when read, every problem named with its line."""

from __future__ import annotations

import pytest

from kansrijk.errors import CatalogueError
from kansrijk.menukaart import menukaart, parse_menukaart

GOOD = """\
interventions:
  - id: stevig-ouderschap
    name: Stevig Ouderschap
    action_line: 3
    goals: [5]
    target_group: ouders
    phase: na de geboorte
    funding: gemeente
    source: "001"
"""


def test_the_shipped_menukaart_reads():
    assert len(menukaart()) == 8


def test_a_good_file_gives_its_interventions():
    [item] = parse_menukaart(GOOD)
    assert (item.id, item.action_line, item.goals) == ("stevig-ouderschap", 3, (5,))


def test_every_problem_is_named_with_its_line():
    twice = GOOD.split("\n", 1)[1].replace("Stevig Ouderschap", "Twee keer")  # the same id again
    text = GOOD + twice + """\
  - id: zonder-bron
    name: Zonder bron
    action_line: 9
"""
    with pytest.raises(CatalogueError) as info:
        parse_menukaart(text, "m.yaml")
    found = {(p.line, p.message) for p in info.value.problems}
    assert found == {
        (10, "id 'stevig-ouderschap' is geen unieke naam van kleine letters en streepjes"),
        (18, "zonder-bron: ontbreekt: goals, target_group, phase, funding, source"),
    }


def test_broken_yaml_is_one_problem_with_its_line():
    with pytest.raises(CatalogueError) as info:
        parse_menukaart("interventions:\n  - id: [unclosed\n", "m.yaml")
    [problem] = info.value.problems
    assert problem.message.startswith("geen geldige YAML") and problem.line == 3
