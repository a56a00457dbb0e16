"""The print queue against real outputs: a TCP printer stand-in, files, a folder of PNGs."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from station.printing import NotPrintable, PrinterStatus
from station.printing import targets as targets_module
from station.services.workshop import WorkshopService
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from station.store.print_jobs import JobState
from sync.protocol.events import CorrectionReason, CountMethod, Event, ReceiptPrinted
from tests.printing.escpos_decode import CUT, INIT, decode
from tests.printing.helpers import wait_until
from tests.printing.standin import PAPER_OK, PAPER_OUT, PRINTER_OFFLINE, PRINTER_OK, PrinterStandIn


def tally(workshop: WorkshopService, count: int = 12) -> Event:
    return workshop.record_tally("w01", "bead-stringing", count, CountMethod.TAP)


def receipts(db: Database, station_id: str) -> list[ReceiptPrinted]:
    return [e.payload for e in SqliteEventLog(db, station_id).all() if isinstance(e.payload, ReceiptPrinted)]


def test_a_saved_tally_prints_once_into_a_png_folder(
    make_service, workshop: WorkshopService, db: Database, station_id: str, tmp_path: Path
) -> None:
    service = make_service(f"png-dir:{tmp_path}")
    service.start()
    event = tally(workshop)
    job_id = service.enqueue_receipt(event.event_id)
    wait_until(lambda: service.pending() == 0)
    service.stop()
    (bin_file,) = tmp_path.glob("*.bin")
    assert bin_file.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    out = decode(bin_file.read_bytes(), "gb18030")
    assert "张伟" in out.texts and "12" in out.texts and "今日合计: 串珠 12" in out.texts
    assert [q.payload for q in out.qr_codes] == [event.event_id]
    assert receipts(db, station_id) == [ReceiptPrinted(event.event_id, job_id, reprint=False)]
    assert service.status() is PrinterStatus.OK


def test_paper_out_holds_the_slip_then_it_prints_exactly_once(
    make_service, workshop: WorkshopService, standin: PrinterStandIn, db: Database, station_id: str
) -> None:
    seen: list[PrinterStatus] = []
    standin.set_paper(PAPER_OUT)
    service = make_service(standin.target, on_status=seen.append)
    service.start()
    event = tally(workshop)
    service.enqueue_receipt(event.event_id)
    wait_until(lambda: service.status() is PrinterStatus.PAPER_OUT and standin.queries >= 4)
    assert service.pending() == 1 and standin.captured() == b""  # held, not sent
    standin.set_paper(PAPER_OK)
    wait_until(lambda: service.pending() == 0)
    queries = standin.queries
    wait_until(lambda: standin.queries > queries + 2)  # the service keeps polling; nothing is resent
    service.stop()
    out = decode(standin.captured(), "gb18030")
    assert out.count(INIT) == 1 and out.count(CUT) == 1
    assert [q.payload for q in out.qr_codes] == [event.event_id]
    assert seen[:2] == [PrinterStatus.PAPER_OUT, PrinterStatus.OK]
    assert len(receipts(db, station_id)) == 1


def test_a_flapping_printer_prints_every_slip_exactly_once(
    make_service, workshop: WorkshopService, standin: PrinterStandIn, db: Database, station_id: str
) -> None:
    standin.set_paper(PAPER_OK, PAPER_OUT, PAPER_OK, PAPER_OK, PAPER_OUT, PAPER_OK, PAPER_OUT, PAPER_OK)
    standin.set_printer(PRINTER_OFFLINE, PRINTER_OK, PRINTER_OFFLINE, PRINTER_OK)
    service = make_service(standin.target, profile="generic-80")
    events = [tally(workshop, n) for n in (3, 4, 5)]
    for event in events:
        service.enqueue_receipt(event.event_id)
    service.start()
    wait_until(lambda: service.pending() == 0)
    service.stop()
    out = decode(standin.captured(), "gb18030")
    assert [q.payload for q in out.qr_codes] == [e.event_id for e in events]  # in order, once each
    assert out.count(CUT) == 3
    printed = receipts(db, station_id)
    assert sorted(r.target_event_id for r in printed) == sorted(e.event_id for e in events)
    assert len({r.job_id for r in printed}) == 3


def test_a_printer_that_never_answers_status_still_prints(
    make_service, workshop: WorkshopService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(targets_module, "TCP_TIMEOUT_S", 0.3)
    with socket.create_server(("127.0.0.1", 0)) as server:
        received = bytearray()

        def serve() -> None:
            conn, _ = server.accept()
            conn.settimeout(5)
            with conn:
                while b"\x1dV" not in received and (chunk := conn.recv(65536)):
                    received.extend(chunk)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        service = make_service(f"tcp:127.0.0.1:{server.getsockname()[1]}")
        service.enqueue_receipt(tally(workshop).event_id)
        service.start()
        wait_until(lambda: service.pending() == 0)
        service.stop()
        thread.join(5)
    assert service.status() is PrinterStatus.UNKNOWN
    assert bytes(received).startswith(b"\x10\x04\x04\x1b@")  # one unanswered query, then the slip


def test_an_unreachable_printer_never_blocks_or_loses_a_tally(
    make_service, workshop: WorkshopService, db: Database, station_id: str
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    service = make_service(f"tcp:127.0.0.1:{port}")
    service.start()
    events = [tally(workshop, n) for n in (1, 2)]
    for event in events:
        service.enqueue_receipt(event.event_id)
    wait_until(lambda: service.status() is PrinterStatus.OFFLINE)
    assert service.pending() == 2
    service.stop()
    assert workshop.totals_today() == {("w01", "bead-stringing"): 3}
    assert receipts(db, station_id) == []


def test_a_failed_write_requeues_the_slip_and_it_prints_once_later(
    make_service, workshop: WorkshopService, tmp_path: Path
) -> None:
    path = tmp_path / "printer.bin"
    path.mkdir()  # writing to a directory fails: the job goes back into the queue
    service = make_service(f"file:{path}")
    event = tally(workshop)
    job_id = service.enqueue_receipt(event.event_id)
    service.start()
    wait_until(lambda: (job := service.jobs.get(job_id)) is not None and job.attempts >= 2)
    assert service.pending() == 1 and "Is a directory" in (service.jobs.get(job_id).last_error or "")
    path.rmdir()
    wait_until(lambda: service.pending() == 0)
    service.stop()
    out = decode(path.read_bytes(), "gb18030")
    assert [q.payload for q in out.qr_codes] == [event.event_id]


def test_a_slip_cut_off_by_a_stop_is_not_resent_and_a_supervisor_can_reprint_it(
    make_service, workshop: WorkshopService, db: Database, station_id: str, tmp_path: Path
) -> None:
    first = make_service(f"png-dir:{tmp_path}")
    event = tally(workshop)
    job_id = first.enqueue_receipt(event.event_id)
    assert first.jobs.move(job_id, JobState.QUEUED, JobState.SENDING)  # as if the power went mid-send
    second = make_service(f"png-dir:{tmp_path}")
    second.start()
    assert second.jobs.get(job_id).state is JobState.INTERRUPTED
    assert second.pending() == 0
    reprint_id = second.reprint(event.event_id)
    wait_until(lambda: second.pending() == 0)
    second.stop()
    (bin_file,) = tmp_path.glob("*.bin")
    out = decode(bin_file.read_bytes(), "gb18030")
    assert out.texts[0] == "** 补打 **"
    assert receipts(db, station_id) == [ReceiptPrinted(event.event_id, reprint_id, reprint=True)]


def test_a_reprint_shows_the_total_as_it_was(make_service, workshop: WorkshopService, tmp_path: Path) -> None:
    service = make_service(f"file:{tmp_path}/printer.bin")
    first, _second = tally(workshop, 12), tally(workshop, 15)
    service.reprint(first.event_id)  # never printed before: built from the record, up to its own event
    service.start()
    wait_until(lambda: service.pending() == 0)
    service.stop()
    out = decode((tmp_path / "printer.bin").read_bytes(), "gb18030")
    assert "今日合计: 串珠 12" in out.texts
    assert service.preview_png(first.event_id)[:4] == b"\x89PNG"


def test_a_correction_gets_a_corrected_slip(make_service, workshop: WorkshopService, tmp_path: Path) -> None:
    service = make_service(f"file:{tmp_path}/printer.bin")
    original = tally(workshop, 12)
    tally(workshop, 5)
    fix = workshop.correct(original.event_id, 10, "s01", CorrectionReason.MISCOUNT)
    service.enqueue_receipt(fix.event_id)
    service.start()
    wait_until(lambda: service.pending() == 0)
    service.stop()
    out = decode((tmp_path / "printer.bin").read_bytes(), "gb18030")
    assert "== 更正 ==" in out.texts and "12 -> 10" in out.texts and "今日合计: 串珠 15" in out.texts
    assert [q.payload for q in out.qr_codes] == [fix.event_id]


def test_only_tallies_and_corrections_get_slips(
    make_service, workshop: WorkshopService, db: Database, station_id: str, tmp_path: Path
) -> None:
    service = make_service(f"png-dir:{tmp_path}")
    check_in = SqliteEventLog(db, station_id).all()[0]
    with pytest.raises(NotPrintable, match="check_in"):
        service.enqueue_receipt(check_in.event_id)
    with pytest.raises(NotPrintable, match="no such event"):
        service.reprint("no-such-event")
    assert service.pending() == 0


def test_a_failing_status_callback_does_not_stop_printing(
    make_service, workshop: WorkshopService, tmp_path: Path
) -> None:
    def broken(_status: PrinterStatus) -> None:
        raise RuntimeError("screen gone")

    service = make_service(f"png-dir:{tmp_path}", on_status=broken)
    service.start()
    service.enqueue_receipt(tally(workshop).event_id)
    wait_until(lambda: service.pending() == 0)
    service.stop()
    assert not any(t.name == "print-service" for t in threading.enumerate())


def test_a_damaged_job_fails_alone_and_the_next_slip_still_prints(
    make_service, workshop: WorkshopService, tmp_path: Path
) -> None:
    service = make_service(f"png-dir:{tmp_path}")
    event = tally(workshop)
    service.jobs.add("damaged", event.event_id, False, '{"worker_name": "x"}')
    service.enqueue_receipt(event.event_id)
    service.start()
    wait_until(lambda: service.pending() == 0)
    service.stop()
    damaged = service.jobs.get("damaged")
    assert (
        damaged is not None and damaged.state is JobState.FAILED and "KeyError" in (damaged.last_error or "")
    )
    assert len(list(tmp_path.glob("*.bin"))) == 1
    service.reprint(event.event_id)  # the first (damaged) slip is rebuilt from the record
    assert service.jobs.for_event(event.event_id)[-1].state is JobState.QUEUED
