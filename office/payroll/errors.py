"""Typed refusals of the office: each names what was wrong in a sentence a clerk can act on."""

from __future__ import annotations


class OfficeError(Exception):
    """Base of every refusal raised by the central office's payroll, exports and roster."""


class PeriodError(OfficeError):
    """A pay period that cannot be created, closed or used as asked."""


class RateError(OfficeError):
    """A piece rate or pay rule that cannot be set as asked."""


class ExportError(OfficeError):
    """A bank file or pay sheet that cannot be produced as asked."""


class RosterError(OfficeError):
    """A worker, product, station or supervisor record that cannot be saved as given."""
