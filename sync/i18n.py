"""One shape for every translation table, `{key: {language: text}}`, and its one lookup.

Each package keeps its own table (station.i18n.strings, office.i18n); this module is the
shape they share, so a key's three languages always sit side by side.
"""

from __future__ import annotations

from sync.protocol.roster import LANGUAGES

DEFAULT_LANGUAGE = "zh-Hans"

Table = dict[str, dict[str, str]]


def lookup(table: Table, key: str, language: str) -> str | None:
    """The text of `key` in `language`, falling back to zh-Hans; None for an unknown key."""
    entry = table.get(key)
    if entry is None:
        return None
    return entry.get(language) or entry[DEFAULT_LANGUAGE]


def gaps(table: Table) -> list[str]:
    """`key/language` of every missing or empty text, for the tests that keep tables whole."""
    return [f"{key}/{language}" for key, entry in table.items() for language in LANGUAGES if not entry.get(language)]
