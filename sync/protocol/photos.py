"""Worker and product pictures: content-addressed, so a picture is named by its sha256.

A config document's `photo` / `pictogram` is a `PictureRef`: `sha256:<hex>` for a photo taken
at the office (its bytes travel retained on `workshop/<site>/photo/<hex>`), or the name of a
picture shipped in the assets folder (`photos/placeholder_01.png`), or empty. Nothing else:
a typed path such as `../../etc/x.png` or `/etc/x.png` is refused by the document model, and a
reference is only ever resolved inside the photo store or the assets folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated

from pydantic import Field

from sync.protocol.errors import ProtocolError

HASH_PREFIX = "sha256:"
# "No photo yet": a neutral silhouette without a personal symbol (assets/tools/draw_placeholders.py).
PLACEHOLDER_PHOTO = "photos/placeholder.png"
PICTURE_PATTERN = r"^(|sha256:[0-9a-f]{64}|[A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-]{1,64}\.png)$"
PictureRef = Annotated[str, Field(strict=True, pattern=PICTURE_PATTERN)]
_HASH = re.compile(r"^sha256:([0-9a-f]{64})$")
_ASSET = re.compile(r"^[A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-]{1,64}\.png$")


def photo_ref(data: bytes) -> str:
    """The reference naming `data`."""
    return HASH_PREFIX + hashlib.sha256(data).hexdigest()


def digest_of(ref: str) -> str | None:
    """The hex digest a `sha256:` reference names, else None."""
    found = _HASH.match(ref)
    return found.group(1) if found else None


def is_picture(ref: object) -> bool:
    """Whether `ref` is a PictureRef (a photo hash, an asset name or empty)."""
    return isinstance(ref, str) and re.fullmatch(PICTURE_PATTERN, ref) is not None


def is_asset(ref: str) -> bool:
    return _ASSET.match(ref) is not None


class PhotoStore:
    """Pictures by sha256 in one folder (`<hex>.png`); a name outside that shape is never a path."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, ref: str) -> Path | None:
        """The stored file of `ref`, or None when `ref` is no photo reference or not here yet."""
        digest = digest_of(ref)
        if digest is None:
            return None
        candidate = self.root / f"{digest}.png"
        return candidate if candidate.is_file() else None

    def read(self, ref: str) -> bytes | None:
        found = self.path(ref)
        return found.read_bytes() if found else None

    def put(self, data: bytes, ref: str | None = None) -> str:
        """Store `data` (atomically, once); with `ref`, only if the bytes are what it names."""
        actual = photo_ref(data)
        if ref is not None and ref != actual:
            raise ProtocolError(f"photo {ref} arrived with the bytes of {actual}")
        if self.path(actual) is None:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.root, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.root / f"{digest_of(actual)}.png")
        return actual


def resolve_picture(ref: str, store: PhotoStore | None, assets: Path, placeholder: str = "") -> Path | None:
    """The file to show for `ref`: the stored photo, a shipped asset, else the placeholder asset
    (None when there is none). Never a path taken from `ref` itself."""
    if store is not None and (stored := store.path(ref)) is not None:
        return stored
    for name in (ref, placeholder):
        if is_asset(name) and (assets / name).is_file():
            return assets / name
    return None
