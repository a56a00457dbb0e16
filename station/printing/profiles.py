"""Printer profiles: paper width, font and encoding facts kept as data in firmware_config/printers/.

A profile says what the printer can do; the renderer decides per line whether Chinese goes
out as text in the printer's encoding or as a raster image.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from station.printing.errors import InvalidProfile, UnknownProfile
from sync.protocol.roster import LANGUAGES

PROFILES_DIR = Path(__file__).resolve().parents[2] / "firmware_config" / "printers"
DEFAULT_PROFILE = "generic-58"
ENCODINGS = ("gb18030", "gbk", "big5")


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    name: str
    description: str
    paper_mm: int
    width_dots: int  # 58 mm paper = 384 dots, 80 mm = 576 (203 dpi)
    chars_per_line: int  # font A columns; a Chinese character takes two
    encoding: str  # gb18030 | gbk | big5
    chinese_font: bool  # False: every non-ASCII line is printed as a raster image
    four_byte_glyphs: bool  # the font covers GB18030 four-byte characters (Ext-A/B, emoji)
    native_qr: bool  # understands GS ( k; else the QR code is printed as an image
    cut: bool
    language: str  # language of the slip's labels and product names

    def prints_as_text(self, text: str) -> bool:
        """Whether the printer's own font can print `text` (else it goes out as an image)."""
        if text.isascii():
            return True
        if not self.chinese_font:
            return False
        try:
            encoded = [ch.encode(self.encoding) for ch in text]
        except UnicodeEncodeError:
            return False
        return self.four_byte_glyphs or all(len(b) <= 2 for b in encoded)


def available_profiles(directory: Path = PROFILES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml"))


def load_profile(name: str = DEFAULT_PROFILE, directory: Path = PROFILES_DIR) -> PrinterProfile:
    """Read `<directory>/<name>.toml`, checking every field's type and the allowed values."""
    path = directory / f"{name}.toml"
    if "/" in name or not path.is_file():
        raise UnknownProfile(name, available_profiles(directory))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidProfile(f"printer profile {path}: {exc}") from exc
    data["name"] = name
    expected = {f.name: f.type for f in fields(PrinterProfile)}
    missing, extra = set(expected) - set(data), set(data) - set(expected)
    if missing or extra:
        raise InvalidProfile(f"printer profile {path}: missing {sorted(missing)}, unknown {sorted(extra)}")
    for key, kind in expected.items():
        if type(data[key]).__name__ != kind:
            raise InvalidProfile(f"printer profile {path}: {key} must be {kind}")
    if data["encoding"] not in ENCODINGS or data["language"] not in LANGUAGES:
        raise InvalidProfile(
            f"printer profile {path}: encoding one of {ENCODINGS}, language one of {LANGUAGES}"
        )
    if data["width_dots"] % 8 or not 0 < data["chars_per_line"] <= data["width_dots"] // 8:
        raise InvalidProfile(
            f"printer profile {path}: width_dots a multiple of 8, chars_per_line up to width/8"
        )
    return PrinterProfile(**data)
