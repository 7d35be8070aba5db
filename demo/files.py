"""The demo's literal data: TOML files in demo/data/, one per builder."""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict:
    """The parsed contents of demo/data/<name>.toml."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def check_choice(value: str, choices: Iterable[str], what: str) -> str:
    """`value` if it is one of `choices`, else a ValueError naming the data file's mistake."""
    choices = list(choices)
    if value not in choices:
        raise ValueError(f"demo data: {what} {value!r} is not one of {choices}")
    return value
