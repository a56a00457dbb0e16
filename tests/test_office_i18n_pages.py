"""Every office page in each language, for each role, with no untranslated word (issue #14.1);
money as ¥1,234.56, times on the site's clock, and refusals as HTML pages, never JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from office.db import open_office
from office.demo.sample_events import EventFactory
from office.i18n import STRINGS
from office.payroll import store
from office.payroll.money import money
from office.web.app import create_app
from office.web.formatting import SiteZones, TimeFormat, UnknownTimeZone
from sync.central.tables import stations
from sync.i18n import gaps
from sync.protocol.roster import LANGUAGES
from tests.office_fixtures import close_by_checklist, seed_office
from tests.office_page_words import known_data, office_urls, untranslated
from tests.test_office_web import login, office, token  # noqa: F401  (office is a fixture)


def _two_periods(office) -> None:  # noqa: F811
    """January closed (bank summary, sent/paid/reopen forms), February open (close link, adjust form),
    a correction and a void on the corrections page."""
    events = EventFactory(station_id="demo-station-1")
    tally = events.tally("w02", "bead-stringing", 30, date(2026, 1, 13), "09:00")
    events.correct(tally, "w02", "bead-stringing", 30, 28, date(2026, 1, 13), "09:30")
    events.correct(tally, "w02", "bead-stringing", 28, None, date(2026, 1, 13), "10:00")
    with office.engine.begin() as conn:
        events.insert(conn)
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "admin1")
        store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "admin1")
    login(office, "admin1")
    close_by_checklist(office, 1)
    office.post("/logout", data={"csrf": token(office, "/")})


@pytest.mark.parametrize("role", ["admin1", "clerk1"])
def test_every_page_in_every_language_has_no_untranslated_word(office, role):  # noqa: F811
    _two_periods(office)
    data = known_data(office.engine)
    found = {}
    for language in LANGUAGES:
        office.cookies.clear()
        office.get(f"/login?lang={language}")
        pages = {"/login (signed out)": office.get("/login")}
        login(office, role)
        pages |= {url: office.get(url) for url in office_urls(office.app)}
        for url, answer in pages.items():
            assert not answer.headers["content-type"].startswith("application/json"), url
            if answer.headers["content-type"].startswith("text/html"):
                assert "=&#34;" not in answer.text, f"an attribute escaped into text on {url}"
                words = untranslated(answer.text, language, data)
                if words:
                    found[(language, url)] = words
    assert found == {}
    corrections = office.get("/corrections?start=2026-01-01&end=2026-01-31").text  # the last language: en
    assert "miscount" in corrections and "void" in corrections


def test_the_string_table_has_every_language_of_every_key():
    assert gaps(STRINGS) == []


def test_unknown_pages_and_bad_ids_are_html_pages_in_the_users_language(office):  # noqa: F811
    login(office, "clerk1")
    for url, status in (("/no-such-page", 404), ("/periods/abc", 400), ("/periods/999", 404), ("/tallies", 200)):
        answer = office.get(f"{url}{'&' if '?' in url else '?'}lang=en")
        assert answer.status_code == status and answer.headers["content-type"].startswith("text/html")
        assert "{" not in answer.text.split("<main", 1)[1]  # no JSON body
    assert "There is no such page or record" in office.get("/no-such-page").text
    assert "没有这个页面或记录" in office.get("/no-such-page?lang=zh-Hans").text
    assert "沒有這個頁面或記錄" in office.get("/no-such-page?lang=zh-Hant").text


def test_money_has_a_yuan_sign_thousands_separators_and_two_decimals():
    assert [money(f) for f in (0, 5, 984874, 123456789, -250)] == [
        "¥0.00",
        "¥0.05",
        "¥9,848.74",
        "¥1,234,567.89",
        "-¥2.50",
    ]


def test_times_are_on_the_sites_clock_to_the_minute_and_last_seen_is_relative():
    zones = SiteZones.parse(sites={"site-x": "Europe/Berlin"})
    now = datetime(2026, 1, 14, 9, 30, 15, 123456, tzinfo=UTC)
    shown = TimeFormat(zones, "zh-Hans", now)
    assert shown.exact(datetime(2026, 1, 12, 9, 0, 5, 999999, tzinfo=UTC)) == "2026-01-12 17:00"
    assert shown.exact("2026-01-12T09:00:05.999999+00:00", "site-x") == "2026-01-12 10:00"
    assert shown.exact(datetime(2026, 1, 12, 9, 0)) == "2026-01-12 17:00"  # SQLite's naive UTC
    assert shown.ago(datetime(2026, 1, 12, 9, 0, tzinfo=UTC)) == "2 天前"
    assert shown.ago(datetime(2026, 1, 14, 9, 25, tzinfo=UTC)) == "5 分钟前"
    assert TimeFormat(zones, "en", now).ago(datetime(2026, 1, 14, 7, 0, tzinfo=UTC)) == "2 h ago"
    assert shown.ago(datetime(2026, 1, 14, 9, 31, tzinfo=UTC)) == "0 秒前"  # a clock a little ahead
    with pytest.raises(UnknownTimeZone):
        SiteZones.parse(sites={"site-y": "Mars/Olympus"})


def test_today_is_the_offices_calendar_day_not_the_servers(central_url):
    """At 20:00 UTC on 31 March it is already 1 April in Shanghai: the pages open on April, and a period
    ending on 31 March may be closed (a UTC server's `date.today()` would still say March)."""
    assert SiteZones().today(datetime(2026, 3, 31, 20, 0, tzinfo=UTC)) == date(2026, 4, 1)
    assert SiteZones.parse("Europe/Berlin").today(datetime(2026, 3, 31, 20, 0, tzinfo=UTC)) == date(2026, 3, 31)
    engine = open_office(central_url)
    seed_office(engine)
    with engine.begin() as conn:
        store.create_period(conn, date(2026, 3, 1), date(2026, 3, 31), "admin1")
    with TestClient(create_app(engine, clock=lambda: datetime(2026, 3, 31, 20, 0, tzinfo=UTC))) as client:
        login(client, "admin1")
        assert "2026-04" in client.get("/").text
        assert 'value="2026-04-01"' in client.get("/tallies").text
        assert "才结束" not in client.get("/periods/1/close").text
    engine.dispose()


def test_the_dashboard_shows_last_seen_relative_with_the_exact_time_on_hover(office):  # noqa: F811
    with office.engine.begin() as conn:
        conn.execute(update(stations).values(last_seen=datetime(2026, 1, 12, 9, 0, 5, 123456, tzinfo=UTC)))
    login(office, "clerk1")
    page = office.get("/").text
    assert 'title="2026-01-12 17:00">' in page and "天前</time>" in page
    assert ".123456" not in page.split("<main", 1)[1].replace('datetime="2026-01-12T09:00:05.123456', "")


def test_switching_language_keeps_the_day_shown(office):  # noqa: F811
    login(office, "clerk1")
    page = office.get("/tallies?day=2026-01-12&lang=zh-Hant").text
    assert 'href="?day=2026-01-12&amp;lang=en" lang="en"' in page and "每日計件" in page
