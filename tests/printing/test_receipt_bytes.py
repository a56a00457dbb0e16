"""Slips decode back to their content for both widths and both Chinese paths (font / raster)."""

from __future__ import annotations

import pytest

from station.printing.raster import qr_image, qr_matrix, text_image
from station.printing.receipt_layout import Align
from tests.printing.escpos_decode import CUT, INIT, Control, decode, qr_modules, same_picture
from tests.printing.helpers import EVENT_ID, renderer, slip

FONT_PROFILES = ["generic-58", "generic-80", "gbk-58"]
RASTER_PROFILES = ["raster-58", "raster-80"]


def _decoded(profile: str, **changes: object):  # type: ignore[no-untyped-def]
    r = renderer(profile)
    return r, decode(r.escpos(slip(**changes)), r.profile.encoding, r.profile.width_dots)


@pytest.mark.parametrize("profile", FONT_PROFILES + RASTER_PROFILES + ["big5-80"])
def test_every_slip_starts_with_init_and_ends_with_a_cut_where_the_printer_cuts(profile: str) -> None:
    r, out = _decoded(profile)
    assert out.items[0] == INIT
    assert out.items[-1] == (CUT if r.profile.cut else Control("feed", 4))
    assert out.count(CUT) == (1 if r.profile.cut else 0)
    assert all(p.width == r.profile.width_dots for p in out.pictures)


@pytest.mark.parametrize("profile", FONT_PROFILES + RASTER_PROFILES + ["big5-80"])
def test_the_count_prints_as_very_large_numerals(profile: str) -> None:
    _, out = _decoded(profile)
    big = [line for line in out.lines if line.text == "12"]
    assert len(big) == 1 and big[0].scale == 6 and big[0].bold and big[0].align == 1


@pytest.mark.parametrize("profile", FONT_PROFILES)
def test_chinese_goes_as_text_in_the_profiles_encoding(profile: str) -> None:
    _, out = _decoded(profile)
    assert "张三" in out.texts and "串珠" in out.texts
    assert "今日合计: 串珠 36" in out.texts
    assert "工位: demo-station-1" in out.texts
    assert "2026-11-23 10:05" in out.texts
    assert [q.payload for q in out.qr_codes] == [EVENT_ID]


def test_big5_printer_gets_traditional_labels_and_a_raster_line_for_a_simplified_only_name() -> None:
    r, out = _decoded("big5-80")
    assert "今日合計: 串珠 36" in out.texts
    assert "张三" not in out.texts  # 张 has no Big5 code: the name is drawn instead
    name = text_image("张三", 576, r.font_path, 2, Align.CENTER, bold=True)
    assert any(same_picture(p, name) for p in out.pictures)


@pytest.mark.parametrize("profile", RASTER_PROFILES)
def test_without_a_chinese_font_chinese_lines_are_pictures_and_ascii_stays_text(profile: str) -> None:
    r, out = _decoded(profile)
    width = r.profile.width_dots
    assert all(text.isascii() for text in out.texts)
    assert "2026-11-23 10:05" in out.texts
    for text, scale, align, bold in [
        ("张三", 2, Align.CENTER, True),
        ("串珠", 2, Align.CENTER, True),
        ("今日合计: 串珠 36", 1, Align.LEFT, False),
    ]:
        expected = text_image(text, width, r.font_path, scale, align, bold)
        assert any(same_picture(p, expected) for p in out.pictures), text


@pytest.mark.parametrize("profile", RASTER_PROFILES)
def test_a_raster_qr_code_reads_back_as_the_event_id(profile: str) -> None:
    r, out = _decoded(profile)
    assert out.qr_codes == []
    matrix = qr_matrix(EVENT_ID)
    symbols = [p for p in out.pictures if same_picture(p, qr_image(EVENT_ID, r.profile.width_dots))]
    assert len(symbols) == 1
    assert qr_modules(symbols[0], len(matrix)) == matrix


def test_full_width_punctuation_survives_where_python_escpos_would_print_question_marks() -> None:
    _, out = _decoded("generic-58", worker_name="张三，李四（甲）")
    assert "张三，李四（甲）" in out.texts


@pytest.mark.parametrize("profile", ["generic-58", "raster-80"])
def test_a_correction_slip_shows_old_and_new(profile: str) -> None:
    _, out = _decoded(profile, old_count=12, count=10, today_total=34)
    assert "12 -> 10" in out.texts
    if profile == "generic-58":
        assert "== 更正 ==" in out.texts and "今日合计: 串珠 34" in out.texts


def test_a_void_slip_shows_the_old_count_going_to_zero() -> None:
    _, out = _decoded("generic-80", old_count=12, count=0, voided=True, today_total=24)
    assert "== 作废 ==" in out.texts and "12 -> 0" in out.texts


def test_a_reprint_says_so() -> None:
    _, out = _decoded("generic-58", reprint=True)
    assert out.texts[0] == "** 补打 **"


def test_the_png_preview_has_the_papers_width() -> None:
    import io

    from PIL import Image

    for profile in ("generic-58", "raster-80"):
        r = renderer(profile)
        image = Image.open(io.BytesIO(r.png(slip())))
        assert image.format == "PNG" and image.width == r.profile.width_dots and image.height > 600


def test_white_sides_of_pictures_are_not_sent() -> None:
    r = renderer("generic-80")
    raw = decode(r.escpos(slip()), "gb18030")
    assert all(p.width < 576 for p in raw.pictures)


def test_pictures_and_native_qr_codes_are_encoded_as_python_escpos_encodes_them() -> None:
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy
    from PIL import Image

    from station.printing.escpos_render import native_qr, raster_bytes
    from station.printing.raster import qr_module_dots, qr_size

    picture = Image.new("1", (64, 10), 0)  # black to both edges: nothing to trim
    reference = Dummy(profile="TM-T88III")
    reference.image(picture, impl="bitImageRaster")
    assert reference.output in raster_bytes(picture)
    reference = Dummy(profile="TM-T88III")
    reference.qr(EVENT_ID, native=True, ec=QR_ECLEVEL_M, size=qr_module_dots(qr_size(EVENT_ID), 384))
    assert reference.output in native_qr(EVENT_ID, 384)


def _dot_groups(picture) -> list[int]:  # type: ignore[no-untyped-def]
    """Sizes of the groups of dots along the picture's darkest row (a wide gap separates groups)."""
    rows = [[picture.getpixel((x, y)) == 0 for x in range(picture.width)] for y in range(picture.height)]
    row = max(rows, key=sum)  # through the dots' centres
    starts = [x for x in range(1, len(row)) if row[x] and not row[x - 1]]
    ends = [x for x in range(len(row) - 1) if row[x] and not row[x + 1]]
    gaps = [start - end for end, start in zip(ends, starts[1:], strict=False)]
    groups, size = [], 1
    for gap in gaps:
        if gap > min(gaps) * 2:
            groups.append(size)
            size = 0
        size += 1
    return [*groups, size]


@pytest.mark.parametrize("profile", ["generic-58", "raster-80"])
def test_the_count_is_also_dots_in_groups_of_five(profile: str) -> None:
    _, out = _decoded(profile)
    numeral = next(i for i, item in enumerate(out.items) if getattr(item, "text", None) == "12")
    dots = out.items[numeral + 1]
    assert _dot_groups(dots.image) == [5, 5, 2]  # type: ignore[union-attr]
