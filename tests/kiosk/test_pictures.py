"""Issue #12, item 10: one meaning per picture, written down once and held to it."""

from __future__ import annotations

import re
from pathlib import Path

from station.ui.presenters.counting import STATE_PICTURES
from station.ui.presenters.pictures import MEANINGS, Picture
from station.ui.presenters.trouble import PICTURES

ROOT = Path(__file__).resolve().parents[2]
WORKER_MODULES = (
    "station/ui/widgets.py",
    "station/ui/screens/base.py",
    "station/ui/screens/home.py",
    "station/ui/screens/bench.py",
    "station/ui/screens/count.py",
    "station/ui/presenters/kiosk.py",
    "station/ui/presenters/counting.py",
    "station/ui/presenters/trouble.py",
)


def test_no_picture_file_stands_for_two_meanings():
    assert len(Picture.__members__) == len(list(Picture)), "two Picture names share one file"
    assert set(MEANINGS) == set(Picture)
    assert len(set(MEANINGS.values())) == len(MEANINGS), "two pictures for one written meaning"
    for picture in Picture:
        assert (ROOT / "assets" / picture.file).is_file(), picture


def test_the_docs_table_is_the_code_table():
    docs = (ROOT / "docs/kiosk.md").read_text()
    table = dict(re.findall(r"^\| `([a-z_]+)` \| (.+?) \|$", docs, re.MULTILINE))
    assert table == {p.value: meaning for p, meaning in MEANINGS.items()}


def test_worker_screens_name_pictures_only_through_the_table():
    for module in WORKER_MODULES:
        source = (ROOT / module).read_text()
        assert not re.search(r"pictogram\(\s*[\"']", source), f"{module} names a picture by a bare string"


def test_the_save_tick_is_the_only_tick_and_each_state_has_its_own_picture():
    assert Picture.SAVE not in STATE_PICTURES.values()
    assert len(set(STATE_PICTURES.values())) == len(STATE_PICTURES)
    troubles = [p for p in PICTURES.values() if p is not Picture.ASK_TEACHER]
    assert len(set(troubles)) == len(troubles)  # each device trouble its own picture
    assert not set(troubles) & set(STATE_PICTURES.values())
