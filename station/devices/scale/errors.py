"""Typed failures of the scale package; none of them ever escapes the service thread."""


class ScaleError(Exception):
    """Base of every scale-package failure."""


class ProfileError(ScaleError):
    """A scale profile that is missing, unreadable or inconsistent."""


class FrameError(ScaleError):
    """Bytes from the scale that are not a frame of its protocol (garbage, wrong baud, cut frame)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FrameOverflow(FrameError):
    """A line that never ended within the buffer cap: wrong baud rate, wrong protocol or a broken cable."""
