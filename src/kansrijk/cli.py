"""The `kansrijk` command: parse, call one library function, present. Errors become one line."""

from __future__ import annotations

import click

from kansrijk import __version__


@click.group()
@click.version_option(__version__, prog_name="kansrijk")
def cli() -> None:
    """Monitor Kansrijke Start: indicatoren per gemeente, regio en Nederland."""


def main() -> None:
    cli()
