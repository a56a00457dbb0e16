"""Issue 12, item 14: a slip is recognisably *mine* without reading: the worker's own photo (from
the office, or the shipped picture of a demo worker), dithered, at the top of the paper and of the
PNG preview. Checked by decoding the real ESC/POS bytes the print service wrote."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from station.printing import PrintService
from station.printing.png_render import MARGIN_DOTS
from station.printing.raster import picture_image
from station.printing.receipt_layout import PHOTO_WIDTH
from station.services.workshop import WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from sync.protocol.events import CountMethod
from sync.protocol.photos import PLACEHOLDER_PHOTO, PhotoStore
from tests.printing.escpos_decode import decode, same_picture
from tests.printing.helpers import ASSETS, wait_until

PROFILE = "generic-58"


def a_photo() -> bytes:
    """A stand-in portrait: a dark head and shoulders on a light ground."""
    image = Image.new("RGB", (256, 256), (235, 225, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((78, 30, 178, 140), fill=(90, 60, 40))
    draw.pieslice((28, 140, 228, 340), 180, 360, fill=(40, 70, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def print_slips(service: PrintService, workshop: WorkshopService, folder: Path, *workers: str) -> dict[str, Path]:
    """worker -> the .bin file of their slip, printed through the real queue into a folder."""
    files = {}
    for worker in workers:
        before = set(folder.glob("*.bin"))
        event = workshop.record_tally(worker, "bead-stringing", 7, CountMethod.TAP)
        service.enqueue_receipt(event.event_id)
        wait_until(lambda seen=before: len(set(folder.glob("*.bin")) - seen) == 1 and service.pending() == 0)
        (files[worker],) = set(folder.glob("*.bin")) - before
    return files


def test_each_slip_carries_its_own_workers_photo(
    make_service, workshop: WorkshopService, db: Database, tmp_path: Path
) -> None:
    photos = PhotoStore(tmp_path / "photos")
    ref = photos.put(a_photo())
    catalog = SqliteCatalog(db)
    demo = catalog.load()
    workers = tuple(dataclasses.replace(w, photo=ref) if w.worker_id == "w02" else w for w in demo.workers)
    catalog.replace(dataclasses.replace(demo, workers=workers))
    workshop.check_in("w02")
    folder = tmp_path / "slips"
    service = make_service(f"png-dir:{folder}", PROFILE, photos=photos)
    width = service.profile.width_dots
    service.start()
    slips = print_slips(service, workshop, folder, "w01", "w02")
    service.stop()

    shipped = picture_image(ASSETS / "photos/placeholder_01.png", width, PHOTO_WIDTH)  # 张伟, demo
    fetched = picture_image(photos.path(ref), width, PHOTO_WIDTH)  # 王芳, from the office
    assert shipped is not None and fetched is not None and not same_picture(shipped, fetched)
    for worker, own, other in (("w01", shipped, fetched), ("w02", fetched, shipped)):
        pictures = decode(slips[worker].read_bytes(), "gb18030", width).pictures
        assert same_picture(pictures[0], own), f"{worker}'s slip starts with their photo"
        assert not any(same_picture(p, other) for p in pictures)
        # The PNG preview (what the demo shows) starts with the same picture.
        page = Image.open(slips[worker].with_suffix(".png"))
        top = page.crop((0, MARGIN_DOTS, width, MARGIN_DOTS + own.height))
        assert same_picture(top, own)


@pytest.mark.parametrize(
    "missing",
    ["sha256:" + "0" * 64, PLACEHOLDER_PHOTO],
    ids=["photo not arrived yet", "no photo taken yet"],
)
def test_a_worker_without_a_photo_of_their_own_gets_no_borrowed_one(
    make_service, workshop: WorkshopService, db: Database, tmp_path: Path, missing: str
) -> None:
    catalog = SqliteCatalog(db)
    demo = catalog.load()
    workers = tuple(dataclasses.replace(w, photo=missing) if w.worker_id == "w01" else w for w in demo.workers)
    catalog.replace(dataclasses.replace(demo, workers=workers))
    folder = tmp_path / "slips"
    service = make_service(f"png-dir:{folder}", PROFILE, photos=PhotoStore(tmp_path / "photos"))
    width = service.profile.width_dots
    service.start()
    slip = print_slips(service, workshop, folder, "w01")["w01"]
    service.stop()
    pictures = decode(slip.read_bytes(), "gb18030", width).pictures
    product = picture_image(ASSETS / "pictograms/product_bead_stringing.png", width, 0.5)
    assert product is not None and same_picture(pictures[0], product)
    for borrowed in (PLACEHOLDER_PHOTO, "photos/placeholder_01.png"):  # the generic one; w01's in the demo
        picture = picture_image(ASSETS / borrowed, width, PHOTO_WIDTH)
        assert picture is not None and not any(same_picture(p, picture) for p in pictures)
