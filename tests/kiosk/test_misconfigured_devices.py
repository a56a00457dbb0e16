"""A scale or printer whose configuration is invalid is device trouble on a running kiosk, in one sentence."""

from __future__ import annotations

import pytest

from station.app.main import UnusableDevice, _printer, _scale_factory
from station.app.settings import parse_settings
from station.domain.weighing import ScaleStatus
from station.ui.presenters.view import SupervisorTab
from tests.kiosk.fakes import make_rig
from tests.kiosk.test_presenters import enter_supervisor

SCALE_FILE = 'protocol = "cas"\nmode = "continuous"\nbaudrate = "fast"\n'
PRINTER_FILE = """description = "x"
paper_mm = 58
width_dots = 384
chars_per_line = 32
encoding = "utf-8"
chinese_font = true
four_byte_glyphs = false
native_qr = true
cut = true
language = "zh-Hans"
"""


def _settings(tmp_path, scale_profile="mt-sics", printer_profile="generic-58"):  # type: ignore[no-untyped-def]
    return parse_settings(
        {
            "station": {"id": "st", "site": "s", "database": str(tmp_path / "x.db")},
            "scale": {"profile": scale_profile, "port": str(tmp_path / "no-scale")},
            "printer": {"profile": printer_profile, "target": f"file:{tmp_path / 'slip.bin'}"},
        }
    )


def _scale(settings):  # type: ignore[no-untyped-def]
    readings: list = []
    scale = _scale_factory(settings)(readings.append)
    scale.start()
    return scale, readings


def test_an_unknown_scale_profile_name_is_an_error_reading_listing_the_profiles(tmp_path):
    scale, readings = _scale(_settings(tmp_path, scale_profile="mt-sic"))
    assert isinstance(scale, UnusableDevice) and not scale.save_allowed()
    [reading] = readings
    assert reading.status is ScaleStatus.ERROR
    assert reading.detail == scale.latest().detail
    assert "no scale profile 'mt-sic'; available: and, cas, mt-sics" in reading.detail


def test_a_bad_baudrate_in_the_scale_profile_file_is_an_error_reading_naming_file_and_key(tmp_path):
    profile = tmp_path / "odd-scale.toml"
    profile.write_text(SCALE_FILE)
    scale, readings = _scale(_settings(tmp_path, scale_profile=str(profile)))
    assert isinstance(scale, UnusableDevice)
    detail = readings[0].detail
    assert detail.startswith(f"scale profile {profile}: baudrate = 'fast' is not allowed; it must be 110, 300")
    assert "\n" not in detail


def test_an_unknown_printer_profile_name_is_an_offline_printer_listing_the_profiles(tmp_path, db):
    printer = _printer(_settings(tmp_path, printer_profile="generic-58mm"), db)
    assert isinstance(printer, UnusableDevice) and printer.status() == "offline"
    assert "no printer profile 'generic-58mm'; known: big5-80, gbk-58, generic-58" in printer.reason
    with pytest.raises(RuntimeError, match="printer not usable"):
        printer.enqueue_receipt("e1")


def test_a_bad_printer_profile_file_is_an_offline_printer_naming_file_and_key(tmp_path, db, monkeypatch):
    from station.printing import profiles, queue

    (tmp_path / "utf.toml").write_text(PRINTER_FILE)
    monkeypatch.setattr(queue, "load_profile", lambda name, _dir: profiles.load_profile(name, tmp_path))
    printer = _printer(_settings(tmp_path, printer_profile="utf"), db)
    assert isinstance(printer, UnusableDevice) and printer.status() == "offline"
    assert printer.reason == (
        f"printer profile {tmp_path / 'utf.toml'}: encoding = 'utf-8' is not allowed; "
        "it must be 'gb18030', 'gbk' or 'big5'."
    )


def test_the_supervisor_reads_the_sentence_and_the_worker_sees_the_trouble_picture(tmp_path, db):
    rig = make_rig(db, "st")
    p = rig.presenter
    profile = tmp_path / "odd-scale.toml"
    profile.write_text(SCALE_FILE)
    scale = _scale_factory(_settings(tmp_path, scale_profile=str(profile)))(p.on_reading)
    p.deps.scale = scale
    p.deps.printer = UnusableDevice("printer", "no printer profile 'x'; known: gbk-58")
    scale.start()
    enter_supervisor(rig, "2468")
    p.supervisor.show_tab(SupervisorTab.STATUS)
    lines = p.view.supervisor.status_lines
    assert any(f"scale profile {profile}: baudrate = 'fast' is not allowed" in line for line in lines), lines
    assert any("no printer profile 'x'; known: gbk-58" in line for line in lines), lines
    p.supervisor.exit_supervisor()
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    p.poll_devices_now()
    assert {t.picture for t in p.view.troubles} == {"scale_unplugged", "printer"}
