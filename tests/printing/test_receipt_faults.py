"""Odd input still gives a sensible slip: long names, rare characters, emoji, no picture, no font."""

from __future__ import annotations

import pytest

from station.printing.raster import dots_image, text_image
from station.printing.receipt_layout import Align, Dots, Picture, Text, build_layout, columns, wrap
from tests.printing.escpos_decode import decode, same_picture
from tests.printing.helpers import EVENT_ID, renderer, slip

LONG_NAME = "欧阳" + "明" * 40


def test_wrap_keeps_every_line_within_the_columns_and_marks_a_cut_with_an_ellipsis() -> None:
    lines = wrap(LONG_NAME, 16, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(columns(line) <= 16 for line in lines)
    assert wrap("  ", 16, 1) == ["-"]


@pytest.mark.parametrize("profile", ["generic-58", "generic-80", "raster-58"])
def test_a_long_name_wraps_to_two_lines_at_most(profile: str) -> None:
    r = renderer(profile)
    names = [
        b for b in r.blocks(slip(worker_name=LONG_NAME)) if isinstance(b, Text) and b.text.startswith("欧阳")
    ]
    assert len(names) == 1
    name_lines = [
        b for b in r.blocks(slip(worker_name=LONG_NAME)) if isinstance(b, Text) and "明明明" in b.text
    ]
    assert len(name_lines) == 2
    assert all(columns(b.text) * b.scale <= r.profile.chars_per_line for b in name_lines)
    decode(r.escpos(slip(worker_name=LONG_NAME)), r.profile.encoding)  # decodes without error


@pytest.mark.parametrize("name", ["𠀋一", "㐂子", "小明😀"])
def test_characters_the_printer_font_lacks_are_drawn_not_turned_into_question_marks(name: str) -> None:
    r = renderer("generic-58")
    out = decode(r.escpos(slip(worker_name=name)), "gb18030", 384)
    assert name not in out.texts and not any("?" in t for t in out.texts)
    assert any(
        same_picture(p, text_image(name, 384, r.font_path, 2, Align.CENTER, True)) for p in out.pictures
    )
    assert [q.payload for q in out.qr_codes] == [EVENT_ID]


def test_without_any_cjk_font_unprintable_characters_become_question_marks() -> None:
    r = renderer("generic-58", font=False)
    out = decode(r.escpos(slip(worker_name="𠀋张")), "gb18030")
    assert "?张" in out.texts
    raster = renderer("raster-58", font=False)
    out = decode(raster.escpos(slip()), "gb18030")
    assert "??" in out.texts and "12" in out.texts  # the name, then the count still readable
    assert raster.png(slip())[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("pictogram", ["pictograms/no_such_file.png", None, "photos"])
def test_a_missing_or_unreadable_pictogram_leaves_the_rest_of_the_slip(pictogram: str | None) -> None:
    r = renderer("generic-80")
    data = slip(pictogram=pictogram)
    out = decode(r.escpos(data), "gb18030")
    assert "12" in out.texts and "张三" in out.texts
    assert len(out.pictures) == 1  # only the dots
    assert r.png(data)[:4] == b"\x89PNG"


def test_a_corrupt_pictogram_file_is_skipped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken.png").write_bytes(b"not a png")
    r = renderer("generic-58")
    r = type(r)(r.profile, tmp_path, r.font_path)
    out = decode(r.escpos(slip(pictogram="broken.png")), "gb18030")
    assert "12" in out.texts


def test_many_pieces_cap_the_dots_and_still_fit_the_numeral() -> None:
    blocks = build_layout(slip(count=500), 32)
    numeral = next(b for b in blocks if isinstance(b, Text) and b.text == "500")
    assert numeral.scale * 3 <= 32
    assert Dots(500) in blocks
    capped, exact = dots_image(500, 100, 384), dots_image(100, 100, 384)
    assert capped is not None and exact is not None and capped.height > exact.height  # the plus sign
    assert dots_image(0, 100, 384) is None


def test_a_voided_count_has_no_dots_and_the_slip_still_decodes() -> None:
    r = renderer("raster-80")
    out = decode(r.escpos(slip(old_count=7, count=0, voided=True)), "gb18030")
    assert "7 -> 0" in out.texts


def test_the_layout_is_pure_data() -> None:
    blocks = build_layout(slip(), 48, "en")
    assert blocks[0] == Picture("pictograms/product_bead_stringing.png")
    assert Text("Today: 串珠 36") in blocks
