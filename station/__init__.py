"""The workshop station: the kiosk at the bench, its devices and its local record."""

__version__ = "0.1.0"
