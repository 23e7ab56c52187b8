"""The OpenAPI 3.1 description of the open-data twins, served at ``/openapi.json`` and as ``/api``."""

from __future__ import annotations

from typing import Any

from kansrijk import __version__
from kansrijk.publish.web.pages import MAP_MODES, MAX_COMPARE, MAX_QUERY, WebData
from kansrijk.store import RESULT_COLUMNS

ROW_DESCRIPTIONS = {
    "indicator": "indicator-id (ks12.a)",
    "area_code": "gebiedscode (GM0363, GG3406, NL01)",
    "value": "waarde in de eenheid; leeg als niet gepubliceerd",
    "lower": "ondergrens 95%-betrouwbaarheidsinterval",
    "upper": "bovengrens 95%-betrouwbaarheidsinterval",
    "status": "gepubliceerd, te_klein, niet_aangeboden, niet_geregistreerd, privacy of geen_data",
    "benchmark_nl": "vergelijking met Nederland (beter, gelijk, slechter, hoger, lager, niet_getoetst)",
}

ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}}


def _param(name: str, where: str, description: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "description": description, "required": required, "schema": schema}


def _twins(path: str, summary: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fmt, media in (("json", "application/json"), ("csv", "text/csv"), ("nl.csv", "text/csv")):
        schema = {"$ref": "#/components/schemas/Rows"} if fmt == "json" else {"type": "string"}
        out[f"{path}.{fmt}"] = {
            "get": {
                "summary": f"{summary} ({fmt.upper()})",
                "parameters": params,
                "responses": {
                    "200": {"description": "de gepubliceerde rijen van de pagina",
                            "content": {media: {"schema": schema}}},
                    "400": {"description": "onjuiste vraag", "content": ERROR_CONTENT},
                    "404": {"description": "onbekend gebied of indicator", "content": ERROR_CONTENT},
                },
            }
        }
    return out


def spec(web: WebData) -> dict[str, Any]:
    """The OpenAPI document: one path per page twin, the row schema from the results table."""
    catalogue = _param("catalogus", "query", "catalogus", {"type": "string", "enum": list(web.data)})
    code = _param("code", "path", "gebiedscode, bijvoorbeeld GM0363", {"type": "string"}, True)
    paths: dict[str, Any] = {}
    paths.update(_twins("/index", "Landelijk overzicht", []))
    paths.update(_twins("/gebied/{code}", "Gebiedsprofiel (catalogus ks)", [code]))
    paths.update(_twins("/gebied/{code}/{catalogus}", "Gebiedsprofiel van een catalogus", [
        code, _param("catalogus", "path", "catalogus", {"type": "string", "enum": list(web.data)}, True)]))
    paths.update(_twins("/indicator/{id}", "Indicator: alle gebieden", [
        _param("id", "path", "indicator-id, bijvoorbeeld ks12.a", {"type": "string"}, True),
        _param("kaart", "query", "kaartsoort", {"type": "string", "enum": list(MAP_MODES)})]))
    paths.update(_twins("/vergelijk", "Gebieden vergelijken", [
        _param("gebied", "query", f"gebiedscode, herhaalbaar (hoogstens {MAX_COMPARE})",
               {"type": "array", "items": {"type": "string"}, "maxItems": MAX_COMPARE}, True), catalogue]))
    paths.update(_twins("/programma", "Programma-indicatoren", [catalogue]))
    paths.update(_twins("/zoek", "Gebied zoeken op naam of code", [
        _param("q", "query", "naam of code", {"type": "string", "maxLength": MAX_QUERY}, True)]))
    row_props = {c: {"description": ROW_DESCRIPTIONS.get(c, c)} for c in RESULT_COLUMNS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Monitor Kansrijke Start - open data",
            "version": __version__,
            "description": "Elke pagina van de monitor heeft een .json- en een .csv-tweeling met dezelfde "
                           "cijfers als de open-data-export. Niet gepubliceerde waarden zijn leeg.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Rij": {"type": "object", "properties": row_props},
                "Rows": {"type": "object", "properties": {
                    "meta": {"type": "object"},
                    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Rij"}}}},
                "Fout": {"type": "object", "properties": {"fout": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "melding": {"type": "string"}}}}},
            }
        },
    }
