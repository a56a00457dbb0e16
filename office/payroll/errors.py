"""Typed refusals of the office: each names what was wrong in a sentence a clerk can act on.

A refusal carries a key of office.i18n (`error.<key>`) and the values it names, so the web
page shows it in the clerk's language; `str(exc)` is the English sentence for logs and the CLI.
"""

from __future__ import annotations

from office.i18n import STRINGS, translate


class OfficeError(Exception):
    """Base of every refusal raised by the central office's payroll, exports and roster."""

    def __init__(self, key: str, **values: object) -> None:
        if f"error.{key}" not in STRINGS:
            raise KeyError(f"no office string error.{key}")  # a typo at a raise site fails loudly in tests
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        return translate(f"error.{self.key}", language, **self.values)


class PeriodError(OfficeError):
    """A pay period that cannot be created, closed or used as asked."""


class RateError(OfficeError):
    """A piece rate or pay rule that cannot be set as asked."""


class ExportError(OfficeError):
    """A bank file or pay sheet that cannot be produced as asked."""


class RosterError(OfficeError):
    """A worker, product, station or supervisor record that cannot be saved as given."""


class MoneyError(OfficeError):
    """An amount typed by a clerk that is not yuan with at most two decimals."""


class InputError(OfficeError):
    """A value typed or sent that the field does not take (a date out of range, a bad character)."""
