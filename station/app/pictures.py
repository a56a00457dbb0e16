"""The station's pictures: photos fetched from the office, kept by sha256 under the data dir.

The kiosk shows a worker photo or product picture through `Pictures`: the stored photo when it
has arrived, a picture shipped in the assets folder, else the placeholder. A reference is never
a path of its own (sync.protocol.photos).
"""

from __future__ import annotations

from pathlib import Path

from sync.protocol.photos import PLACEHOLDER_PHOTO, PhotoStore, resolve_picture


def photo_store(database: Path) -> PhotoStore:
    """The photo store beside the station's database."""
    return PhotoStore(database.parent / "photos")


class Pictures:
    def __init__(self, store: PhotoStore, assets: Path, placeholder: str = PLACEHOLDER_PHOTO) -> None:
        self.store, self.assets, self.placeholder = store, assets, placeholder

    def __call__(self, ref: str) -> str:
        found = resolve_picture(ref, self.store, self.assets, self.placeholder)
        return str(found) if found is not None else ""
