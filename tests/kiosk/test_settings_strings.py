"""Settings parsing, the string table's completeness and the font locator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from station.app.settings import SettingsError, load_settings
from station.i18n.fonts import FontNotFound, locate_cjk_font
from station.i18n.strings import STRINGS, text
from sync.protocol.roster import LANGUAGES

EXAMPLE = """
[station]
id = "st-7"
site = "centre-1"
database = "data/station.db"
language = "zh-Hant"

[scale]
profile = "mt-sics"
port = "/dev/workshop-scale"

[printer]
profile = "generic-58mm"
target = "png-dir:receipts"

[sync]
broker = "mqtts://office:8883"
username = "st-7"
password_file = "secret"
ca_file = "/etc/ca.pem"

[kiosk]
idle_seconds = 45
dpi = 210
supervisor_timeout_seconds = 90
undo_seconds = 10
tally_ceiling = 300
not_checked_in = "auto_check_in"
sounds = false
"""


def test_full_settings_file(tmp_path):
    path = tmp_path / "station.toml"
    path.write_text(EXAMPLE)
    s = load_settings(path)
    assert (s.station_id, s.site, s.language) == ("st-7", "centre-1", "zh-Hant")
    assert s.database == tmp_path / "data/station.db"
    assert s.scale.port == "/dev/workshop-scale" and s.printer.target == "png-dir:receipts"
    assert s.sync.password_file == tmp_path / "secret" and s.sync.ca_file == Path("/etc/ca.pem")
    assert (s.kiosk.idle_seconds, s.kiosk.dpi, s.kiosk.tally_ceiling, s.kiosk.sounds) == (45.0, 210.0, 300, False)


def test_the_deploy_example_is_read_as_written():
    s = load_settings(Path(__file__).resolve().parents[2] / "deploy/station.example.toml")
    assert s.station_id == "bench-01" and s.scale.profile == "mt-sics" and s.kiosk.dpi == 132


def test_minimal_settings_mean_tap_only_and_defaults(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[station]\nid="a"\nsite="b"\ndatabase="/tmp/x.db"\n')
    s = load_settings(path)
    assert s.scale is None and s.printer is None and s.sync is None
    assert s.kiosk.idle_seconds == 60 and s.kiosk.undo_seconds == 10 and s.assets_dir.name == "assets"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "no [station]"),
        ('[station]\nid="a"\nsite="b"\n', "database"),
        ('[station]\nid="a"\nsite="b"\ndatabase="x"\nlanguage="fr"\n', "language"),
        ('[station]\nid="a"\nsite="b"\ndatabase="x"\n[kiosk]\nidle_seconds="soon"\n', "positive number"),
        ('[station]\nid="a"\nsite="b"\ndatabase="x"\n[kiosk]\nnot_checked_in="maybe"\n', "not_checked_in"),
        ('[station]\nid="a"\nsite="b"\ndatabase="x"\n[scale]\nspeed=1\n', "unknown keys"),
        ("[station\n", "not valid TOML"),
    ],
)
def test_bad_settings_get_a_clear_message(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(path)
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")


def test_every_string_key_has_every_language():
    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(value.strip() for value in entry.values()), key
        placeholders = {lang: sorted(_fields(value)) for lang, value in entry.items()}
        assert len({tuple(v) for v in placeholders.values()}) == 1, key


def test_worker_sentences_are_short():
    for key, entry in STRINGS.items():
        if key.startswith(("say.", "home.", "bench.", "count.")):
            assert len(entry["en"].split()) <= 10 and len(entry["zh-Hans"]) <= 15, key


def test_missing_key_or_value_never_raises():
    assert text("no.such.key", "en") == "no.such.key"
    assert text("say.saved", "en") == "Saved. {n} done"
    assert text("say.saved", "fr", n=3) == "保存了，3 个"


def test_font_locator_prefers_the_override_and_explains_failure(tmp_path, monkeypatch):
    font = tmp_path / "f.ttc"
    font.write_bytes(b"x")
    monkeypatch.setenv("WORKSHOP_FONT", str(font))
    assert locate_cjk_font() == font
    monkeypatch.delenv("WORKSHOP_FONT")
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        locate_cjk_font((tmp_path / "nope.ttc",))
    assert locate_cjk_font().name.startswith("wqy-")


def _fields(template):
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_run_with_a_bad_settings_file_says_why_without_a_traceback(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "station.toml"
    bad.write_text('[station]\nid = "a"\nsite = "b"\ndatabase = "x.db"\n[kiosk]\nidle_seconds = -1\n')
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-m", "station", "run", "--config", str(bad)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "idle_seconds must be a positive number" in proc.stderr and "Traceback" not in proc.stderr


def test_learned_piece_weights_survive_a_restart_and_a_bad_file(tmp_path):
    from station.app.piece_weights import PieceWeightFile

    path = tmp_path / "piece-weights.json"
    weights = PieceWeightFile(path)
    weights["bead-stringing"] = 9.1
    assert dict(PieceWeightFile(path)) == {"bead-stringing": 9.1}
    path.write_text("{not json")
    assert dict(PieceWeightFile(path)) == {}


def test_a_misconfigured_scale_or_printer_shows_as_trouble_instead_of_stopping_the_kiosk(tmp_path, db):
    from station.app.main import UnusableDevice, _printer, _scale_factory
    from station.app.settings import parse_settings

    settings = parse_settings(
        {
            "station": {"id": "st", "site": "s", "database": str(tmp_path / "x.db")},
            "scale": {"profile": "no-such-scale"},
            "printer": {"profile": "no-such-printer", "target": "file:/tmp/x"},
        }
    )
    scale = _scale_factory(settings)(lambda reading: None)
    printer = _printer(settings, db)
    assert isinstance(scale, UnusableDevice) and not scale.save_allowed()
    assert isinstance(printer, UnusableDevice) and printer.status() == "offline"
    with pytest.raises(RuntimeError, match="printer not usable"):
        printer.enqueue_receipt("e1")
