"""Receipt slips for workers who may not read: picture, big numeral, dots, QR of the event id.

`PrintService` is what the kiosk uses; the modules below it are small and separately testable:
receipt_layout (data -> blocks, pure), escpos_render / png_render (blocks -> bytes / PNG),
raster (Pillow pictures), profiles (firmware_config/printers/*.toml), targets (python-escpos
connections), slips (data from the store), queue (the job table's worker thread).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name is imported on first use (PEP 562): the settings need only the profiles, and the
# kiosk should not load the renderer, Pillow and qrcode before Home is drawn.
_SUBMODULE = {
    "InvalidProfile": "errors",
    "InvalidTarget": "errors",
    "NotPrintable": "errors",
    "PrinterUnavailable": "errors",
    "PrintingError": "errors",
    "UnknownProfile": "errors",
    "DEFAULT_PROFILE": "profiles",
    "PrinterProfile": "profiles",
    "available_profiles": "profiles",
    "load_profile": "profiles",
    "PrintService": "queue",
    "ReceiptData": "receipt_layout",
    "SlipRenderer": "renderer",
    "PrinterStatus": "targets",
    "parse_target": "targets",
}


def __getattr__(name: str) -> Any:
    if name not in _SUBMODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_SUBMODULE[name]}"), name)


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
