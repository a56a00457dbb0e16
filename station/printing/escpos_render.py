"""Slip blocks -> ESC/POS bytes, encoded by us per profile.

python-escpos's automatic encoding only sends text with an ideograph in U+4E00-U+9FA5 as
GB18030 and turns full-width punctuation and rare characters into '?'. Here each text line
is either encoded whole in the profile's encoding (the printer's own font can print it) or
drawn as a raster image (no Chinese font, or a character the font lacks).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageOps

from station.printing import raster
from station.printing.profiles import PrinterProfile
from station.printing.receipt_layout import Align, Block, Qr, Text

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_MODE = FS + b"&"  # select Kanji/Chinese character mode (double-byte text)
ALIGN = {Align.LEFT: ESC + b"a\x00", Align.CENTER: ESC + b"a\x01"}
FEED_LINES = 4
IMAGE_BAND_ROWS = 960  # long pictures go out in bands (printer input buffers are small)


def render_escpos(
    blocks: Iterable[Block], profile: PrinterProfile, assets_dir: Path, font_path: Path | None
) -> bytes:
    """The complete job for one slip: initialise, blocks, feed, and cut where the printer can."""
    out = bytearray(INIT)
    if profile.chinese_font:
        out += CHINESE_MODE
    for block in blocks:
        out += _block(block, profile, assets_dir, font_path)
    out += ALIGN[Align.LEFT] + ESC + b"d" + bytes([FEED_LINES])
    if profile.cut:
        out += GS + b"V\x42\x00"  # feed to the cutter and cut (partial)
    return bytes(out)


def _block(block: Block, profile: PrinterProfile, assets_dir: Path, font_path: Path | None) -> bytes:
    if isinstance(block, Text) and (profile.prints_as_text(block.text) or font_path is None):
        return _text(block, profile)
    if isinstance(block, Qr) and profile.native_qr:
        return native_qr(block.payload, profile.width_dots)
    return raster_bytes(raster.block_image(block, profile.width_dots, assets_dir, font_path))


def _text(block: Text, profile: PrinterProfile) -> bytes:
    size = (block.scale - 1) * 0x11  # width and height multiple in one byte
    return b"".join(
        (
            ALIGN[block.align],
            GS + b"!" + bytes([size]),
            ESC + b"E" + bytes([int(block.bold)]),
            _encode(block.text, profile),
            b"\n",
            GS + b"!\x00" + ESC + b"E\x00",
        )
    )


def _encode(text: str, profile: PrinterProfile) -> bytes:
    """The line in the printer's encoding; characters it cannot print become '?' (no CJK font found)."""
    if profile.prints_as_text(text):
        return text.encode(profile.encoding if profile.chinese_font else "ascii")
    return b"".join(ch.encode(profile.encoding) if profile.prints_as_text(ch) else b"?" for ch in text)


def raster_bytes(image: Image.Image | None) -> bytes:
    """GS v 0: a 1-bit picture, in bands; nothing for no picture.

    The picture's white sides are not sent: a centred picture loses the same width on both sides
    and is centred by the printer (ESC a 1), a left-aligned one loses its right side only, so it
    lands on exactly the same dots as the full-width picture would.
    """
    if image is None:
        return b""
    align, image = _trim(image.convert("1"))
    width_bytes = (image.width + 7) // 8
    out = bytearray(ALIGN[align])
    for top in range(0, image.height, IMAGE_BAND_ROWS):
        band = image.crop((0, top, width_bytes * 8, min(image.height, top + IMAGE_BAND_ROWS)))
        # Pillow's "1" packs 1 = white; ESC/POS wants 1 = black.
        data = bytes(b ^ 0xFF for b in band.tobytes())
        out += GS + b"v0\x00" + _le16(width_bytes) + _le16(band.height) + data
    return bytes(out + ALIGN[Align.LEFT])


def _trim(image: Image.Image) -> tuple[Align, Image.Image]:
    box = ImageOps.invert(image.convert("L")).getbbox()  # where the black dots are
    if box is None or image.width % 8:
        return Align.LEFT, image
    left, right = box[0], image.width - box[2]
    both, tail = min(left, right) // 8 * 8, right // 8 * 8
    if both and 2 * both >= tail:
        return Align.CENTER, image.crop((both, 0, image.width - both, image.height))
    return Align.LEFT, image.crop((0, 0, image.width - tail, image.height))


def native_qr(payload: str, width: int) -> bytes:
    """GS ( k, model 2, error correction M, the same module size as the raster QR."""
    data = payload.encode("utf-8")
    modules = raster.qr_size(payload)
    return b"".join(
        (
            ALIGN[Align.CENTER],
            _qr_function(b"\x41\x32\x00"),  # model 2
            _qr_function(b"\x43" + bytes([raster.qr_module_dots(modules, width)])),  # module size
            _qr_function(b"\x45\x31"),  # error correction M
            _qr_function(b"\x50\x30" + data),  # store the data
            _qr_function(b"\x51\x30"),  # print the symbol
            b"\n",
            ALIGN[Align.LEFT],
        )
    )


def _qr_function(body: bytes) -> bytes:
    return GS + b"(k" + _le16(len(body) + 1) + b"\x31" + body


def _le16(value: int) -> bytes:
    return value.to_bytes(2, "little")
