"""The station's use cases: what is recorded, and every refusal writes nothing."""

from __future__ import annotations

import dataclasses

import pytest

from station.domain import errors
from station.services.workshop import NotCheckedInPolicy, WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.protocol.events import CheckIn, CheckOut, Correction, CorrectionReason, CountMethod, Tally
from sync.protocol.roster import Catalog

SCALE = CountMethod.SCALE


@pytest.fixture
def log(db: Database, station_id: str) -> SqliteEventLog:
    return SqliteEventLog(db, station_id)


@pytest.fixture
def service(db: Database, log: SqliteEventLog, clock) -> WorkshopService:
    return WorkshopService(log, SqliteCatalog(db), clock, WorkshopRules(tally_ceiling=200))


def test_a_worker_day(service: WorkshopService, log: SqliteEventLog) -> None:
    service.check_in("w01")
    first = service.record_tally("w01", "bead-stringing", 12, SCALE, 103.2, 8.6)
    service.record_tally("w01", "bead-stringing", 5, CountMethod.TAP)
    service.record_tally("w01", "small-craft", 3, CountMethod.TAP)
    assert service.checked_in_now() == {"w01"}
    assert service.totals_today() == {("w01", "bead-stringing"): 17, ("w01", "small-craft"): 3}
    service.check_out("w01")
    assert service.checked_in_now() == set()
    kinds = [type(e.payload) for e in log.all()]
    assert kinds == [CheckIn, Tally, Tally, Tally, CheckOut]
    assert first.payload == Tally("w01", "bead-stringing", 12, SCALE, 103.2, 8.6)


def test_corrections_and_voids_are_new_events(service: WorkshopService, log: SqliteEventLog) -> None:
    service.check_in("w02")
    a = service.record_tally("w02", "neon-stringing", 10, SCALE)
    b = service.record_tally("w02", "neon-stringing", 7, SCALE)
    fix = service.correct(a.event_id, 8, "s01", CorrectionReason.MISCOUNT)
    service.void(b.event_id, "s02", CorrectionReason.DEFECTIVE)
    assert service.totals_today() == {("w02", "neon-stringing"): 8}
    expected = Correction(a.event_id, "w02", "neon-stringing", 10, 8, False, CorrectionReason.MISCOUNT, "s01")
    assert fix.payload == expected
    # A second correction starts from the corrected count and the latest one wins.
    again = service.correct(a.event_id, 9, "s01", CorrectionReason.MISCOUNT)
    assert again.payload.old_count == 8
    assert service.totals_today() == {("w02", "neon-stringing"): 9}
    assert log.get(a.event_id).payload.count == 10  # the original stays as it was


def test_a_correction_made_the_next_day_still_changes_that_day(service: WorkshopService, log, clock) -> None:
    service.check_in("w02")
    tally = service.record_tally("w02", "neon-stringing", 10, SCALE)
    day = clock.now().local_date
    clock.advance(24 * 3600)
    service.correct(tally.event_id, 4, "s01", CorrectionReason.MISCOUNT)
    from station.domain.totals import totals_by_worker_product

    assert totals_by_worker_product(log.on_date(day)) == {("w02", "neon-stringing"): 4}
    assert service.totals_today() == {}


def test_worker_undo_within_the_window_only(service: WorkshopService, clock) -> None:
    service.check_in("w01")
    tally = service.record_tally("w01", "bead-stringing", 12, SCALE)
    clock.advance(9)
    undo = service.undo(tally.event_id, "w01")
    assert undo.payload.reason is CorrectionReason.UNDO and undo.payload.supervisor_id is None
    assert service.totals_today() == {}
    late = service.record_tally("w01", "bead-stringing", 6, SCALE)
    clock.advance(11)
    with pytest.raises(errors.UndoExpired):
        service.undo(late.event_id, "w01")


def test_undo_refuses_another_workers_tally_and_a_second_undo(service: WorkshopService) -> None:
    service.check_in("w01")
    tally = service.record_tally("w01", "bead-stringing", 12, SCALE)
    with pytest.raises(errors.UndoExpired):
        service.undo(tally.event_id, "w02")
    service.undo(tally.event_id, "w01")
    with pytest.raises(errors.UndoExpired):
        service.undo(tally.event_id, "w01")


def test_auto_check_in_policy_writes_both_events_at_once(db, log, clock) -> None:
    rules = WorkshopRules(not_checked_in=NotCheckedInPolicy.AUTO_CHECK_IN)
    service = WorkshopService(log, SqliteCatalog(db), clock, rules)
    tally = service.record_tally("w03", "plastic-weaving", 4, SCALE)
    assert [type(e.payload) for e in log.all()] == [CheckIn, Tally]
    assert log.all()[0].payload.method == "auto"
    assert tally.seq == 2 and service.checked_in_now() == {"w03"}


def _deactivate(db: Database, worker_id: str | None = None, product_id: str | None = None) -> None:
    catalog = SqliteCatalog(db).load()
    SqliteCatalog(db).replace(
        Catalog(
            workers=tuple(dataclasses.replace(w, active=w.worker_id != worker_id) for w in catalog.workers),
            products=tuple(dataclasses.replace(p, active=p.product_id != product_id) for p in catalog.products),
            supervisors=catalog.supervisors,
            versions=catalog.versions,
        )
    )


REFUSALS = [
    ("unknown worker", lambda s: s.record_tally("nobody", "bead-stringing", 1, SCALE), errors.UnknownWorker),
    ("unknown product", lambda s: s.record_tally("w01", "gold-bars", 1, SCALE), errors.UnknownProduct),
    ("inactive worker", lambda s: s.record_tally("w04", "bead-stringing", 1, SCALE), errors.InactiveWorker),
    ("inactive product", lambda s: s.record_tally("w01", "seat-cushion", 1, SCALE), errors.InactiveProduct),
    ("zero count", lambda s: s.record_tally("w01", "bead-stringing", 0, SCALE), errors.InvalidCount),
    ("negative count", lambda s: s.record_tally("w01", "bead-stringing", -3, SCALE), errors.InvalidCount),
    ("fractional count", lambda s: s.record_tally("w01", "bead-stringing", 2.5, SCALE), errors.InvalidCount),
    ("boolean count", lambda s: s.record_tally("w01", "bead-stringing", True, SCALE), errors.InvalidCount),
    ("above ceiling", lambda s: s.record_tally("w01", "bead-stringing", 201, SCALE), errors.CountAboveCeiling),
    ("not checked in", lambda s: s.record_tally("w02", "bead-stringing", 1, SCALE), errors.NotCheckedIn),
    ("check-in twice", lambda s: s.check_in("w01"), errors.AlreadyCheckedIn),
    ("check-out absent", lambda s: s.check_out("w02"), errors.NotCheckedIn),
    ("check-in unknown", lambda s: s.check_in("nobody"), errors.UnknownWorker),
    ("correct missing", lambda s: s.correct("no-such-event", 3, "s01", CorrectionReason.MISCOUNT), errors.UnknownEvent),
    ("void missing", lambda s: s.void("no-such-event", "s01", CorrectionReason.DEFECTIVE), errors.UnknownEvent),
    ("correct by worker", lambda s: s.correct(s.tally_id, 3, "w01", CorrectionReason.MISCOUNT), errors.NotASupervisor),
    ("void by nobody", lambda s: s.void(s.tally_id, "", CorrectionReason.MISCOUNT), errors.NotASupervisor),
    ("correct to zero", lambda s: s.correct(s.tally_id, 0, "s01", CorrectionReason.MISCOUNT), errors.InvalidCount),
    ("correct check-in", lambda s: s.correct(s.check_in_id, 3, "s01", CorrectionReason.MISCOUNT), errors.NotATally),
    ("bad reason", lambda s: s.correct(s.tally_id, 3, "s01", "because"), errors.InvalidReason),
    ("supervisor fakes undo", lambda s: s.void(s.tally_id, "s01", CorrectionReason.UNDO), errors.InvalidReason),
    ("check-out by worker as supervisor", lambda s: s.check_out("w01", supervisor_id="w02"), errors.NotASupervisor),
]


@pytest.mark.parametrize(("name", "action", "error"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_are_typed_and_write_nothing(service, log, db, name, action, error) -> None:
    service.check_in_id = service.check_in("w01").event_id
    service.tally_id = service.record_tally("w01", "bead-stringing", 5, SCALE).event_id
    _deactivate(db, worker_id="w04", product_id="seat-cushion")
    before = log.all()
    with pytest.raises(error):
        action(service)
    assert log.all() == before
    assert issubclass(error, errors.StationError)
