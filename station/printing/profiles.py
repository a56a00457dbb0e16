"""Printer profiles: paper width, font and encoding facts kept as data in firmware_config/printers/.

A profile says what the printer can do; the renderer decides per line whether Chinese goes
out as text in the printer's encoding or as a raster image.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import Field, ValidationError, model_validator

from station.config_model import ConfigModel, NonEmptyStr, PositiveInt, explain
from station.printing.errors import InvalidProfile, UnknownProfile
from sync.protocol.roster import Language

PROFILES_DIR = Path(__file__).resolve().parents[2] / "firmware_config" / "printers"
DEFAULT_PROFILE = "generic-58"
Encoding = Literal["gb18030", "gbk", "big5"]
ENCODINGS: tuple[str, ...] = get_args(Encoding)
Flag = Annotated[bool, Field(strict=True)]


class PrinterProfile(ConfigModel):
    name: NonEmptyStr
    description: Annotated[str, Field(strict=True)]
    paper_mm: PositiveInt
    width_dots: PositiveInt  # 58 mm paper = 384 dots, 80 mm = 576 (203 dpi)
    chars_per_line: PositiveInt  # font A columns; a Chinese character takes two
    encoding: Encoding
    chinese_font: Flag  # False: every non-ASCII line is printed as a raster image
    four_byte_glyphs: Flag  # the font covers GB18030 four-byte characters (Ext-A/B, emoji)
    native_qr: Flag  # understands GS ( k; else the QR code is printed as an image
    cut: Flag
    language: Language  # language of the slip's labels and product names

    @model_validator(mode="after")
    def _fits_the_paper(self) -> PrinterProfile:
        """Raster lines are sent in whole bytes, and a column is at least one 8-dot byte wide."""
        if self.width_dots % 8:
            raise ValueError(f"width_dots = {self.width_dots} must be a multiple of 8")
        if self.chars_per_line > self.width_dots // 8:
            raise ValueError(
                f"chars_per_line = {self.chars_per_line} must be at most width_dots / 8 = {self.width_dots // 8}"
            )
        return self

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
    """Read `<directory>/<name>.toml`; a bad field is refused in one sentence naming file and key."""
    path = directory / f"{name}.toml"
    if "/" in name or not path.is_file():
        raise UnknownProfile(name, available_profiles(directory))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidProfile(f"printer profile {path}: {exc}") from exc
    try:
        return PrinterProfile.model_validate({**data, "name": name})
    except ValidationError as exc:
        raise InvalidProfile(explain(exc, f"printer profile {path}", PrinterProfile)) from None
