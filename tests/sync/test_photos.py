"""Worker photos for real: uploaded at the office, cropped, kept by sha256, pushed with the config
over the real broker, verified and stored by the station, shown by the kiosk; and a photo
reference is never a path that gets read, on either end."""

from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from PIL import Image
from sqlalchemy import Engine, select

from office.cli.web import config_publisher
from office.payroll.compute import PayLine, WorkerPay
from office.payslip import render_payslip
from office.photos import office_photos
from office.web.app import create_app
from station.app.pictures import Pictures
from station.app.settings import REPO_ASSETS
from station.store.catalog import SqliteCatalog
from sync.central.tables import workers
from sync.protocol.photos import PLACEHOLDER_PHOTO, PhotoStore, digest_of, photo_ref, resolve_picture
from sync.protocol.topics import photo_topic
from tests.kiosk.fakes import make_rig
from tests.office_fixtures import PASSWORDS, csrf_of, seed_office
from tests.sync.helpers import SITE, wait_for


def _jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (255, 255, 255))
    image.paste(colour, (width // 4, 0, 3 * width // 4, height))  # the face is in the middle
    image.save(out, format="JPEG")
    return out.getvalue()


def _admin(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"username": "admin1", "password": PASSWORDS["admin1"], "csrf": token})


def _worker_form(client: TestClient, worker_id: str, **extra: str) -> dict[str, str]:
    form = {"worker_id": worker_id, "name": "新员工", "language": "zh-Hans", "site": SITE, "active": "on"}
    return form | {"csrf": csrf_of(client.get("/workers").text)} | extra


@pytest.fixture
def office_engine(central_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("OFFICE_PHOTO_DIR", str(tmp_path / "office-photos"))  # where PostgreSQL's go
    seed_office(central_engine)
    return central_engine


def test_an_uploaded_photo_reaches_the_kiosk_through_the_real_config_push(
    office_engine: Engine, make_station, mosquitto, tmp_path: Path
) -> None:
    app = create_app(office_engine, on_catalog_changed=config_publisher(office_engine, mosquitto.url))
    with TestClient(app) as client:
        _admin(client)
        upload = {"photo_file": ("me.jpg", _jpeg(600, 400, (200, 30, 30)), "image/jpeg")}
        page = client.post("/workers", data=_worker_form(client, "w13"), files=upload)
        assert page.status_code == 200 and "未收到更新" not in page.text
        with office_engine.connect() as conn:
            ref = conn.execute(select(workers.c.photo).where(workers.c.worker_id == "w13")).scalar_one()
        digest = digest_of(ref)
        assert digest is not None
        thumbnail = client.get(f"/photos/{ref}")
        square = Image.open(io.BytesIO(thumbnail.content))
        assert square.size == (512, 512) and square.getpixel((256, 256))[0] > 150  # centre kept
        assert hashlib.sha256(thumbnail.content).hexdigest() == digest
        assert f'src="/photos/{ref}"' in client.get("/workers").text

    store = PhotoStore(tmp_path / "station-photos")
    applied = threading.Event()
    sync, db = make_station("st-1", photos=store, on_config_applied=applied.set)
    sync.start()
    wait_for(lambda: store.path(ref) is not None, what="the photo stored on the station")
    stored = store.path(ref)
    assert stored is not None and hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    wait_for(lambda: SqliteCatalog(db).worker("w13") is not None, what="the roster with w13 applied")

    rig = make_rig(db, "st-1")
    rig.presenter.deps.picture = Pictures(store, REPO_ASSETS)
    rig.presenter.catalog_changed()
    tiles = []
    for _page in range(rig.presenter.view.pages):
        tiles += [tile.image for tile in rig.presenter.view.worker_tiles if tile.key == "w13"]
        rig.presenter.page_next()
    assert tiles == [str(stored)]
    rig.presenter.tap_worker("w13")
    assert rig.presenter.view.worker_photo == str(stored)


def test_the_station_keeps_only_bytes_that_match_their_hash(make_station, mosquitto, tmp_path: Path) -> None:
    good, bad = _jpeg(8, 8, (0, 0, 255)), _jpeg(8, 8, (0, 255, 0))
    store = PhotoStore(tmp_path / "station-photos")
    sync, _db = make_station("st-1", photos=store)
    publisher = Client(CallbackAPIVersion.VERSION2, client_id="office-test", protocol=MQTTProtocolVersion.MQTTv5)
    publisher.connect("127.0.0.1", mosquitto.port)
    publisher.loop_start()
    try:
        forged = digest_of(photo_ref(good))
        assert forged is not None
        publisher.publish(photo_topic(SITE, forged), bad, qos=1, retain=True).wait_for_publish(10)
        right = digest_of(photo_ref(bad))
        assert right is not None
        publisher.publish(photo_topic(SITE, right), bad, qos=1, retain=True).wait_for_publish(10)
        sync.start()
        wait_for(lambda: store.path(photo_ref(bad)) is not None, what="the honest photo stored")
        assert store.path(photo_ref(good)) is None  # the forged one was refused
    finally:
        publisher.loop_stop()
        publisher.disconnect()


def test_a_bad_upload_or_a_typed_path_is_refused_or_ignored(office_engine: Engine) -> None:
    with TestClient(create_app(office_engine)) as client:
        _admin(client)
        junk = {"photo_file": ("x.jpg", b"not a picture", "image/jpeg")}
        page = client.post("/workers", data=_worker_form(client, "w15"), files=junk)
        assert "这个文件不是照片" in page.text
        typed = _worker_form(client, "w16", photo="../../../etc/x.png")
        assert client.post("/workers", data=typed).status_code == 200
        assert client.get("/photos/..%2F..%2Fetc%2Fpasswd").status_code == 404
    with office_engine.connect() as conn:
        photos = dict(conn.execute(select(workers.c.worker_id, workers.c.photo)).all())
    assert "w15" not in photos and photos["w16"] == PLACEHOLDER_PHOTO


def test_a_photo_reference_is_only_ever_resolved_inside_the_store_or_the_assets(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), (255, 0, 0)).save(secret)
    store = PhotoStore(tmp_path / "photos")
    for ref in (str(secret), "../../../etc/x.png", f"../{secret.name}", "sha256:" + "0" * 64, "photos/../../x.png"):
        assert resolve_picture(ref, store, REPO_ASSETS) is None
        assert Pictures(store, REPO_ASSETS)(ref) == str(REPO_ASSETS / PLACEHOLDER_PHOTO)  # until the photo arrives
    assert resolve_picture("photos/placeholder_02.png", store, REPO_ASSETS) == REPO_ASSETS / "photos/placeholder_02.png"

    pay = WorkerPay("w1", [PayLine("piece", "p1", 1, 3, 30)])
    slip = Image.open(io.BytesIO(render_payslip("张伟", str(secret), "zh-Hans", "2026-11", pay, {})))
    assert slip.convert("RGB").getpixel((60, 60)) != (255, 0, 0)  # the grey square, not the file


def test_the_office_keeps_photos_next_to_its_sqlite_database(tmp_path: Path) -> None:
    from office.db import open_office

    engine = open_office(f"sqlite:///{tmp_path / 'office.db'}")
    try:
        assert office_photos(engine).root == tmp_path / "office-photos"
    finally:
        engine.dispose()
