"""The `kansrijk portal` commands on a real PostgreSQL database."""

from __future__ import annotations

import json
from pathlib import Path

from argon2 import PasswordHasher
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.portal import accounts
from kansrijk.server.pgstore import PgStore


def test_add_organisation_users_and_list(pg_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["portal", "add-organisation", "--server", pg_url, "--name", "Verloskunde Zuid",
                               "--region", "RGGM", "--measure", "gm08.phb", "--gemeente", "Renkum",
                               "--gemeente", "GM0289"])
    assert made.exit_code == 0, made.output
    assert "Verloskunde Zuid" in made.output and "2 gemeenten" in made.output
    prompted = runner.invoke(cli, ["portal", "add-user", "--server", pg_url, "--email", "A@Zuid.example",
                                   "--name", "Anna", "--role", "partner", "--organisation", "verloskunde zuid"],
                             input="lang genoeg wachtwoord\nlang genoeg wachtwoord\n")
    assert prompted.exit_code == 0, prompted.output
    secret = tmp_path / "wachtwoord.txt"
    secret.write_text("nog een lang wachtwoord\n", encoding="utf-8")
    from_file = runner.invoke(cli, ["portal", "add-user", "--server", pg_url, "--email", "c@ggd.example",
                                    "--name", "Cor", "--role", "coordinator", "--region", "RGGM",
                                    "--password-file", str(secret)])
    assert from_file.exit_code == 0, from_file.output
    short = tmp_path / "kort.txt"
    short.write_text("kort\n", encoding="utf-8")
    refused = runner.invoke(cli, ["portal", "add-user", "--server", pg_url, "--email", "v@x.example", "--name", "V",
                                  "--role", "viewer", "--gemeente", "Ede", "--password-file", str(short)])
    assert refused.exit_code == 1 and "Fout: het wachtwoord moet minstens 12 tekens" in refused.output
    no_binding = runner.invoke(cli, ["portal", "add-user", "--server", pg_url, "--email", "v@x.example",
                                     "--name", "V", "--role", "viewer", "--password-file", str(secret)])
    assert no_binding.exit_code == 1 and "gemeente" in no_binding.output
    listed = runner.invoke(cli, ["portal", "list-users", "--server", pg_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(u["email"], u["role"], u["scope"]) for u in json.loads(listed.output)] == [
        ("a@zuid.example", "partner", "Verloskunde Zuid"), ("c@ggd.example", "coordinator", "RGGM")]
    with PgStore.open(pg_url) as pg:
        assert accounts.authenticate(pg, "a@zuid.example", "lang genoeg wachtwoord", "127.0.0.1").name == "Anna"
        stored = pg.query("SELECT password_hash FROM users WHERE email = 'c@ggd.example'")[0]["password_hash"]
        assert PasswordHasher().verify(stored, "nog een lang wachtwoord")
