"""Typed failures of the printing package. None of them ever touches a saved tally."""


class PrintingError(Exception):
    """Base of every error raised by `station.printing`."""


class UnknownProfile(PrintingError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no printer profile {name!r}; known: {', '.join(known) or 'none'}")
        self.name = name


class InvalidProfile(PrintingError):
    """A profile file that is not valid TOML or lacks / mistypes a field."""


class InvalidTarget(PrintingError):
    """A printer target string that does not parse (see `targets.parse_target`)."""


class PrinterUnavailable(PrintingError):
    """The printer could not be reached or refused the bytes; the job stays queued."""


class NotPrintable(PrintingError):
    """The event is missing or is not a tally or a correction (only those get a slip)."""

    def __init__(self, event_id: str, why: str) -> None:
        super().__init__(f"no receipt for event {event_id!r}: {why}")
        self.event_id = event_id
