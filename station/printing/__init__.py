"""Receipt slips for workers who may not read: picture, big numeral, dots, QR of the event id.

`PrintService` is what the kiosk uses; the modules below it are small and separately testable:
receipt_layout (data -> blocks, pure), escpos_render / png_render (blocks -> bytes / PNG),
raster (Pillow pictures), profiles (firmware_config/printers/*.toml), targets (python-escpos
connections), slips (data from the store), queue (the job table's worker thread).
"""

from station.printing.errors import (
    InvalidProfile,
    InvalidTarget,
    NotPrintable,
    PrinterUnavailable,
    PrintingError,
    UnknownProfile,
)
from station.printing.profiles import DEFAULT_PROFILE, PrinterProfile, available_profiles, load_profile
from station.printing.queue import PrintService
from station.printing.receipt_layout import ReceiptData
from station.printing.renderer import SlipRenderer
from station.printing.targets import PrinterStatus, parse_target

__all__ = [
    "DEFAULT_PROFILE",
    "InvalidProfile",
    "InvalidTarget",
    "NotPrintable",
    "PrintService",
    "PrinterProfile",
    "PrinterStatus",
    "PrinterUnavailable",
    "PrintingError",
    "ReceiptData",
    "SlipRenderer",
    "UnknownProfile",
    "available_profiles",
    "load_profile",
    "parse_target",
]
