"""`python -m station receipt sample` and the printer profiles it reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from station.cli import main
from station.cli.receipt import SAMPLE_EVENT_ID
from station.printing import InvalidProfile, UnknownProfile, available_profiles, load_profile
from tests.printing.escpos_decode import decode

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("profile", ["generic-58", "raster-80"])
def test_sample_writes_decodable_bytes_and_a_png(profile: str, tmp_path: Path) -> None:
    out, png = tmp_path / "sample.bin", tmp_path / "sample.png"
    assert main(["receipt", "sample", "--out", str(out), "--png", str(png), "--profile", profile]) == 0
    decoded = decode(out.read_bytes(), "gb18030")
    assert "12" in decoded.texts
    if profile == "generic-58":
        assert "张三" in decoded.texts and "串珠" in decoded.texts
        assert [q.payload for q in decoded.qr_codes] == [SAMPLE_EVENT_ID]
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_sample_runs_as_a_module(tmp_path: Path) -> None:
    out = tmp_path / "sample.bin"
    result = subprocess.run(
        [sys.executable, "-m", "station", "receipt", "sample", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x1b@")


def test_an_unknown_profile_gets_a_sentence_not_a_traceback(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["receipt", "sample", "--out", str(tmp_path / "x.bin"), "--profile", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no printer profile 'nope'" in err and "generic-58" in err and "Traceback" not in err


def test_every_shipped_profile_loads() -> None:
    names = available_profiles()
    assert {"generic-58", "generic-80", "raster-58", "raster-80", "big5-80", "gbk-58"} <= set(names)
    widths = {load_profile(n).paper_mm: load_profile(n).width_dots for n in names}
    assert widths == {58: 384, 80: 576}


GENERIC_58 = (ROOT / "firmware_config/printers/generic-58.toml").read_text()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("paper_mm = [", "printer profile"),
        ('description = "x"', "paper_mm is required but missing"),
        (GENERIC_58.replace("gb18030", "utf-8"), "encoding = 'utf-8' is not allowed; it must be 'gb18030', 'gbk' or"),
        (GENERIC_58.replace("= 384", '= "384"'), "width_dots = '384' is not allowed; it must be a valid integer"),
        (GENERIC_58.replace("= 384", "= 380"), "width_dots = 380 must be a multiple of 8"),
        (GENERIC_58.replace("= 32 ", "= 49 "), "chars_per_line = 49 must be at most width_dots / 8 = 48"),
        (GENERIC_58.replace("= 58", "= 0"), "paper_mm = 0 is not allowed; it must be greater than 0"),
        (GENERIC_58.replace("cut = true", 'cut = "yes"'), "cut = 'yes' is not allowed; it must be a valid boolean"),
        (GENERIC_58.replace('"zh-Hans"', '"fr"'), "language = 'fr' is not allowed; it must be 'zh-Hans'"),
        (GENERIC_58 + "dpi = 203\n", "dpi is not a known key; allowed: chars_per_line, chinese_font, cut"),
    ],
)
def test_a_broken_profile_is_refused_in_one_sentence_naming_file_and_key(
    text: str, match: str, tmp_path: Path
) -> None:
    (tmp_path / "bad.toml").write_text(text)
    with pytest.raises(InvalidProfile) as caught:
        load_profile("bad", tmp_path)
    said = str(caught.value)
    assert said.startswith(f"printer profile {tmp_path / 'bad.toml'}: ") and match in said, said
    assert "\n" not in said, said
    with pytest.raises(UnknownProfile):
        load_profile("../bad", tmp_path)
