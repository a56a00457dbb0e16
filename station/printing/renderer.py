"""One slip's data -> its blocks -> ESC/POS bytes or a PNG, for one printer profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from station.printing.escpos_render import render_escpos
from station.printing.png_render import render_png
from station.printing.profiles import PrinterProfile
from station.printing.raster import find_cjk_font
from station.printing.receipt_layout import Block, ReceiptData, build_layout


@dataclass(frozen=True, slots=True)
class SlipRenderer:
    profile: PrinterProfile
    assets_dir: Path
    font_path: Path | None

    @classmethod
    def for_profile(cls, profile: PrinterProfile, assets_dir: Path) -> SlipRenderer:
        return cls(profile, assets_dir, find_cjk_font())

    def blocks(self, data: ReceiptData) -> tuple[Block, ...]:
        return build_layout(data, self.profile.chars_per_line, self.profile.language)

    def escpos(self, data: ReceiptData) -> bytes:
        return render_escpos(self.blocks(data), self.profile, self.assets_dir, self.font_path)

    def png(self, data: ReceiptData) -> bytes:
        return render_png(self.blocks(data), self.profile.width_dots, self.assets_dir, self.font_path)
