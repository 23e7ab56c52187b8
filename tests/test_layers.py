"""The modules import along the data flow only: definitions -> intake -> engine -> disclosure -> publish,
with the server, the portal and the front door on top. A module that imports a later layer (at the top
of the file or inside a function) fails this test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kansrijk

PACKAGE = Path(kansrijk.__file__).parent

# From the bottom up; a module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("foundations", frozenset({"kansrijk", "errors", "dutch", "vocabulary", "periods", "store", "background"})),
    ("definitions", frozenset({"catalogue", "catalogue_rules", "catalogue_schema", "menukaart", "areas", "area_regions",
                               "area_tables"})),
    ("intake", frozenset({"intake", "programme"})),
    ("statistical methods", frozenset({"stats"})),
    ("engine", frozenset({"engine"})),
    ("disclosure", frozenset({"disclosure"})),
    ("publish", frozenset({"publish"})),
    ("pipeline", frozenset({"pipeline", "demo"})),
    ("server", frozenset({"server"})),
    ("portal", frozenset({"portal"})),
    ("front door", frozenset({"backend", "monitor", "import_kinds", "cli", "__main__"})),
)
RANK = {part: rank for rank, (_, parts) in enumerate(LAYERS) for part in parts}


def _part(module: str) -> str:
    """The top-level part of a kansrijk module: ``kansrijk.engine.compute`` -> ``engine``."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "kansrijk"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported kansrijk module) for every import in the file, wherever it is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kansrijk":
                found += [(node.lineno, f"kansrijk.{alias.name}") for alias in node.names]
            elif node.module.startswith("kansrijk."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kansrijk"]
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert {_part(_module(path)) for path in SOURCES} <= set(RANK)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_data_flow(path: Path) -> None:
    own = RANK[_part(_module(path))]
    against = [f"{path.relative_to(PACKAGE)}:{line} imports {target} ({LAYERS[RANK[_part(target)]][0]})"
               for line, target in _imports(path) if RANK.get(_part(target), 0) > own]
    assert not against, "\n".join(against)


def test_the_check_sees_an_import_against_the_flow(tmp_path: Path) -> None:
    """The parser finds imports inside functions too (a hidden cycle is still a cycle)."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from kansrijk.publish.formatting import number\n    import kansrijk.engine\n")
    assert _imports(sample) == [(2, "kansrijk.publish.formatting"), (3, "kansrijk.engine")]
    assert RANK[_part("kansrijk.publish.formatting")] > RANK[_part("kansrijk.errors")]
