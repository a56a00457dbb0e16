"""Issue #15 item 1, payroll: a tally above its product's limits is stored but held out of pay,
listed as an issue, until a clerk accepts it (audited); an acceptance after a close is paid in
the next period."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from office.demo.sample_events import EventFactory
from office.payroll import store
from office.payroll.errors import PeriodError
from office.tables import audit_log
from sync.central.tables import products
from tests.office_fixtures import JANUARY, csrf_of
from tests.test_office_web import login, office  # noqa: F401  (the fixture)

BEAD_FEN = 5  # seed_office: bead-stringing at ¥0.05 a piece; w01 made 100 + 20 on JANUARY


def holds(payroll) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(i.kind, i.event_id) for i in payroll.issues if i.kind.startswith("held_")]


def pieces(payroll, worker_id: str) -> int:  # type: ignore[no-untyped-def]
    return sum(line.count for line in payroll.workers[worker_id].lines if line.kind == "piece")


def test_a_huge_tally_is_held_until_a_clerk_accepts_it(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    factory = EventFactory(station_id="st-2")
    huge = factory.tally("w01", "bead-stringing", 100_000, JANUARY, "11:00")
    with office.engine.begin() as conn:
        factory.insert(conn)
        held = store.compute_range(conn, JANUARY, JANUARY)
    assert pieces(held, "w01") == 120
    assert holds(held) == [("held_over_tally_limit", huge)]

    login(office, "clerk1")
    page = office.get(f"/tallies/check?day={JANUARY}").text
    assert "超过每次上限，暂不计薪" in page and f'name="event_id" value="{huge}"' in page
    assert office.post("/tallies/accept", data={"event_id": huge}).status_code == 403  # no CSRF token
    office.post("/tallies/accept", data={"event_id": huge, "csrf": csrf_of(page)})
    again = office.post("/tallies/accept", data={"event_id": huge, "csrf": csrf_of(page)})
    assert "没有待核查" in again.text  # accepted once; a second accept is refused in words
    with office.engine.begin() as conn:
        paid = store.compute_range(conn, JANUARY, JANUARY)
        entry = conn.execute(select(audit_log.c.username).where(audit_log.c.action == "tally.accept")).all()
    assert pieces(paid, "w01") == 100_120 and holds(paid) == [] and entry == [("clerk1",)]


def test_the_tallies_past_the_days_limit_are_held_and_the_ones_before_paid(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    factory = EventFactory(station_id="st-2")
    late = factory.tally("w01", "bead-stringing", 30, JANUARY, "15:00")
    with office.engine.begin() as conn:
        conn.execute(update(products).where(products.c.product_id == "bead-stringing").values(max_per_day=130))
        factory.insert(conn)
        payroll = store.compute_range(conn, JANUARY, JANUARY)
    assert pieces(payroll, "w01") == 120 and pieces(payroll, "w02") == 50
    assert holds(payroll) == [("held_over_day_limit", late)]


def test_an_acceptance_after_the_close_is_paid_in_the_next_period(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    factory = EventFactory(station_id="st-2")
    huge = factory.tally("w01", "bead-stringing", 20_000, JANUARY, "11:00")
    with office.engine.begin() as conn:
        factory.insert(conn)
        january = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        february = store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "clerk1")
        closed = store.close_period(conn, january, "clerk1")
    assert closed.workers["w01"].total_fen == 120 * BEAD_FEN  # held: not paid, still stored
    with office.engine.begin() as conn:
        store.accept_tally(conn, huge, "clerk1")
        next_period = store.compute(conn, february)
    assert next_period.workers["w01"].total_fen == 20_000 * BEAD_FEN
    assert [a.late_event_ids for a in next_period.adjustments] == [(huge,)]


def test_an_admin_sets_a_products_limits_and_bad_ones_are_refused_in_words(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    login(office, "admin1")
    csrf = csrf_of(office.get("/products").text)
    form = {"product_id": "bead-stringing", "name_zh_hans": "串珠", "name_zh_hant": "串珠", "name_en": "Beads"}
    form |= {"pictogram": "p.png", "count_mode": "tap", "active": "on", "csrf": csrf}
    refused = office.post("/products", data={**form, "max_per_tally": "-5"})
    assert "上限必须是 1 或以上的整数" in refused.text
    office.post("/products", data={**form, "max_per_tally": "500", "max_per_day": "2000"})
    with office.engine.connect() as conn:
        limits = conn.execute(select(products.c.max_per_tally, products.c.max_per_day)).all()
    assert ("500", "2000") not in limits and (500, 2000) in limits


def test_a_paid_tally_cannot_be_accepted_so_it_is_never_paid_twice(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    factory = EventFactory(station_id="st-2")
    normal = factory.tally("w01", "bead-stringing", 7, JANUARY, "11:00")
    with office.engine.begin() as conn:
        factory.insert(conn)
    with pytest.raises(PeriodError) as refused, office.engine.begin() as conn:
        store.accept_tally(conn, normal, "clerk1")
    assert refused.value.key == "tally_not_held"
    with pytest.raises(PeriodError), office.engine.begin() as conn:
        store.accept_tally(conn, "no-such-event", "clerk1")
