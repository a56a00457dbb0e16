"""Errors of the wire protocol: anything received that the contract does not allow."""

from __future__ import annotations


class ProtocolError(ValueError):
    """A message or topic that breaks the protocol; the text says what and is safe to log."""


class InvalidPayload(ProtocolError):
    """An event payload that does not match its kind's schema."""
