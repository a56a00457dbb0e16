"""Settings parsing, the string table's completeness and the font locator."""

from __future__ import annotations

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
profile = "generic-58"
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


STATION = '[station]\nid="a"\nsite="b"\ndatabase="x"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "[station] is required but missing"),
        ('[station]\nid="a"\nsite="b"\n', "[station] database is required but missing"),
        ('[station]\nid=""\nsite="b"\ndatabase="x"\n', "[station] id = '' is not allowed; it must have at least 1"),
        ('[station]\nid=7\nsite="b"\ndatabase="x"\n', "[station] id = 7 is not allowed; it must be a valid string"),
        (STATION + 'language="fr"\n', "[station] language = 'fr' is not allowed; it must be 'zh-Hans', 'zh-Hant' or"),
        (STATION + "color=1\n", "[station] color is not a known key; allowed: assets_dir, database, id, language"),
        (STATION + '[kiosk]\nidle_seconds="soon"\n', "[kiosk] idle_seconds = 'soon' is not allowed; it must be a"),
        (STATION + "[kiosk]\nidle_seconds=-5\n", "[kiosk] idle_seconds = -5 is not allowed; it must be greater than 0"),
        (STATION + "[kiosk]\ndpi=0\n", "[kiosk] dpi = 0 is not allowed; it must be greater than 0"),
        (STATION + "[kiosk]\nundo_seconds=true\n", "[kiosk] undo_seconds = True is not allowed; it must be a valid"),
        (STATION + "[kiosk]\ntally_ceiling=2.5\n", "[kiosk] tally_ceiling = 2.5 is not allowed; it must be a valid"),
        (STATION + '[kiosk]\ntally_ceiling="500"\n', "[kiosk] tally_ceiling = '500' is not allowed"),
        (STATION + '[kiosk]\nsounds="yes"\n', "[kiosk] sounds = 'yes' is not allowed; it must be a valid boolean"),
        (
            STATION + '[kiosk]\nnot_checked_in="maybe"\n',
            "[kiosk] not_checked_in = 'maybe' is not allowed; it must be 'refuse' or 'auto_check_in'",
        ),
        (STATION + "[scale]\nspeed=1\n", "[scale] speed is not a known key; allowed: port, profile"),
        (STATION + '[scale]\nprofile=""\n', "[scale] profile = '' is not allowed"),
        (STATION + "[printer]\ntarget=9100\n", "[printer] target = 9100 is not allowed; it must be a valid string"),
        (STATION + "[sync]\npassword_file=3\n", "[sync] password_file = 3 is not allowed"),
        ("scale=3\n" + STATION, "[scale] = 3 is not allowed; it must be a table"),
        (STATION + "[scales]\n", "[scales] is not a known key; allowed: kiosk, printer, scale, station, sync"),
        ("[station\n", "is not valid TOML"),
    ],
)
def test_bad_settings_get_one_sentence_naming_file_key_and_what_is_allowed(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    said = str(caught.value)
    assert said.startswith(f"settings file {path}") and message in said, said
    assert "\n" not in said and said.endswith(".") or "TOML" in said, said
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")


def test_relative_paths_resolve_against_the_settings_folder(tmp_path):
    path = tmp_path / "conf" / "station.toml"
    path.parent.mkdir()
    path.write_text(STATION + 'assets_dir="art"\n[sync]\nbroker="mqtt://x"\nca_file=""\npassword_file="~/pw"\n')
    s = load_settings(path)
    assert s.database == path.parent / "x" and s.assets_dir == path.parent / "art"
    assert s.sync.ca_file is None and s.sync.password_file == Path("~/pw").expanduser()


def test_a_printer_section_without_a_profile_gets_one_that_exists(tmp_path):
    from station.printing import DEFAULT_PROFILE, load_profile

    path = tmp_path / "s.toml"
    path.write_text(STATION + '[printer]\ntarget="file:/tmp/x"\n')
    assert load_settings(path).printer.profile == DEFAULT_PROFILE
    assert load_profile(DEFAULT_PROFILE).name == DEFAULT_PROFILE


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
    assert "[kiosk] idle_seconds = -1 is not allowed; it must be greater than 0" in proc.stderr
    assert "Traceback" not in proc.stderr


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
