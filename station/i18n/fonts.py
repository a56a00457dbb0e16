"""Find one installed font that shows Latin and Chinese with Simplified-Chinese glyph forms.

Kivy's SDL2 text provider has no font fallback and opens face 0 of a .ttc, so the font must
be SC-first (WenQuanYi Micro Hei is; Noto CJK .ttc is Japanese-first). Nothing is bundled:
Debian's fonts-wqy-microhei provides it (scripts/debian-packages.txt).
"""

from __future__ import annotations

import os
from pathlib import Path

FONT_ENV = "WORKSHOP_FONT"
CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf"),
)


class FontNotFound(Exception):
    def __init__(self, tried: list[Path]) -> None:
        super().__init__(
            "no Simplified-Chinese font found; install fonts-wqy-microhei (tried: " + ", ".join(map(str, tried)) + ")"
        )


def locate_cjk_font(candidates: tuple[Path, ...] = CANDIDATES) -> Path:
    """$WORKSHOP_FONT if set, else the first installed candidate."""
    override = os.environ.get(FONT_ENV)
    tried = [Path(override)] if override else []
    tried += list(candidates)
    for path in tried:
        if path.is_file():
            return path
    raise FontNotFound(tried)
