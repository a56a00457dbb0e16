"""A small ESC/POS decoder for the tests: bytes back into text lines, pictures, QR codes, cuts.

It knows exactly the commands the station sends (and DLE EOT status queries); anything else
is an error, so a stray byte in a slip fails a test instead of printing garbage on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image


class Incomplete(Exception):
    """The buffer ends inside a command (the stand-in printer waits for more bytes)."""


@dataclass(frozen=True)
class TextLine:
    text: str
    align: int  # 0 left, 1 centre
    scale: int
    bold: bool


@dataclass(frozen=True)
class Picture:
    image: Image.Image  # mode "1", black = 0


@dataclass(frozen=True)
class QrCode:
    payload: str
    module_dots: int


@dataclass(frozen=True)
class Control:
    """A command without content: "init", "feed" (n lines), "cut", "status" (DLE EOT n)."""

    kind: str
    n: int = 0


INIT, CUT = Control("init"), Control("cut")

Item = TextLine | Picture | QrCode | Control


@dataclass
class Decoder:
    encoding: str
    paper_dots: int | None = None  # place pictures on paper this wide, as the printer would
    chinese: bool = False
    align: int = 0
    scale: int = 1
    bold: bool = False
    qr_data: bytes = b""
    qr_module: int = 3
    text: bytearray = field(default_factory=bytearray)

    def step(self, buf: bytes, pos: int) -> tuple[Item | None, int]:
        """Decode the command (or text byte) at `pos`; returns an item or None, and the next pos."""
        b = buf[pos]
        if b == 0x0A:
            line = bytes(self.text).decode(
                self.encoding if self.chinese else "ascii"
            )  # strict: bad bytes fail
            self.text.clear()
            return TextLine(line, self.align, self.scale, self.bold), pos + 1
        if b >= 0x20:
            self.text += bytes([b])
            return None, pos + 1
        if self.text:
            raise ValueError(f"command 0x{b:02x} inside a text line at {pos}")
        head = _need(buf, pos, 2)
        match head:
            case b"\x1b@":
                self.align, self.scale, self.bold = 0, 1, False
                return INIT, pos + 2
            case b"\x1ba":
                self.align = _need(buf, pos, 3)[2]
                return None, pos + 3
            case b"\x1bE":
                self.bold = bool(_need(buf, pos, 3)[2])
                return None, pos + 3
            case b"\x1bd":
                return Control("feed", _need(buf, pos, 3)[2]), pos + 3
            case b"\x1d!":
                n = _need(buf, pos, 3)[2]
                if n >> 4 != n & 0x0F:
                    raise ValueError("width and height scale differ")
                self.scale = (n & 0x0F) + 1
                return None, pos + 3
            case b"\x1c&":
                self.chinese = True
                return None, pos + 2
            case b"\x1c.":
                self.chinese = False
                return None, pos + 2
            case b"\x10\x04":
                return Control("status", _need(buf, pos, 3)[2]), pos + 3
            case b"\x1dV":
                m = _need(buf, pos, 3)[2]
                return CUT, pos + (4 if m in (65, 66) else 3)
            case b"\x1dv":
                return self._raster(buf, pos)
            case b"\x1d(":
                return self._qr(buf, pos)
        raise ValueError(f"unknown command {head.hex()} at {pos}")

    def _raster(self, buf: bytes, pos: int) -> tuple[Item, int]:
        header = _need(buf, pos, 8)
        if header[2:4] != b"0\x00":
            raise ValueError("only GS v 0 mode 0 is expected")
        width_bytes = int.from_bytes(header[4:6], "little")
        height = int.from_bytes(header[6:8], "little")
        data = _need(buf, pos + 8, width_bytes * height)
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(x ^ 0xFF for x in data))
        if self.paper_dots is not None:
            paper = Image.new("1", (self.paper_dots, height), 1)
            paper.paste(image, ((self.paper_dots - image.width) // 2 if self.align == 1 else 0, 0))
            image = paper
        return Picture(image), pos + 8 + width_bytes * height

    def _qr(self, buf: bytes, pos: int) -> tuple[Item | None, int]:
        header = _need(buf, pos, 5)
        if header[2:3] != b"k":
            raise ValueError("only GS ( k is expected")
        length = int.from_bytes(header[3:5], "little")
        body = _need(buf, pos + 5, length)
        cn, fn, rest = body[0], body[1], body[2:]
        if cn != 0x31:
            raise ValueError("only QR (cn 49) is expected")
        end = pos + 5 + length
        if fn == 0x43:
            self.qr_module = rest[0]
        elif fn == 0x50:
            self.qr_data = rest[1:]
        elif fn == 0x51:
            return QrCode(self.qr_data.decode("utf-8"), self.qr_module), end
        return None, end


def _need(buf: bytes, pos: int, n: int) -> bytes:
    if pos + n > len(buf):
        raise Incomplete
    return buf[pos : pos + n]


@dataclass
class Decoded:
    items: list[Item]

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def pictures(self) -> list[Image.Image]:
        return [i.image for i in self.items if isinstance(i, Picture)]

    @property
    def qr_codes(self) -> list[QrCode]:
        return [i for i in self.items if isinstance(i, QrCode)]

    def count(self, item: Item) -> int:
        return sum(i == item for i in self.items)


def decode(data: bytes, encoding: str, paper_dots: int | None = None) -> Decoded:
    """Decode a whole stream; raises on unknown commands, bad text bytes or a truncated end."""
    decoder, items, pos = Decoder(encoding, paper_dots), [], 0
    while pos < len(data):
        item, pos = decoder.step(data, pos)
        if item is not None:
            items.append(item)
    if decoder.text:
        raise ValueError("stream ends inside a text line")
    return Decoded(items)


def same_picture(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and a.convert("1").tobytes() == b.convert("1").tobytes()


def qr_modules(picture: Image.Image, modules: int) -> list[list[bool]]:
    """Read a raster QR symbol back into its module grid (the symbol is centred, square)."""
    box = picture.height // modules
    x0 = (picture.width - modules * box) // 2
    return [
        [picture.getpixel((x0 + c * box + box // 2, r * box + box // 2)) == 0 for c in range(modules)]
        for r in range(modules)
    ]
