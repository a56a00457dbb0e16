"""The print service: slips wait in the station database and a worker thread prints them.

A tally is on disk before its slip is even queued, so no printer state can block or lose it.
The thread checks the printer before each slip, holds the queue while it is offline or out of
paper, and retries with a growing pause. A slip counts as printed once the printer connection
took all of its bytes; then a `receipt_printed` event is appended and the job is closed, so a
printer that comes and goes never gets the same job twice.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from station.clock import SystemClock
from station.printing.errors import PrinterUnavailable
from station.printing.profiles import PROFILES_DIR, load_profile
from station.printing.receipt_layout import ReceiptData
from station.printing.renderer import SlipRenderer
from station.printing.slips import from_json, receipt_data, to_json
from station.printing.targets import PrinterStatus, parse_target
from station.services.ports import Clock
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from station.store.print_jobs import JobState, PrintJob, SqlitePrintJobs
from sync.protocol.events import ReceiptPrinted
from sync.protocol.photos import PLACEHOLDER_PHOTO, PhotoStore, resolve_picture

log = logging.getLogger(__name__)

HOLD = (PrinterStatus.OFFLINE, PrinterStatus.PAPER_OUT)  # unknown still prints: many printers never answer


class PrintService:
    """Queues, prints and reprints slips off the UI thread; see the module docstring."""

    def __init__(
        self,
        db: Database,
        station_id: str,
        profile: str,
        target: str,
        assets_dir: Path,
        on_status: Callable[[PrinterStatus], None] | None = None,
        *,
        clock: Clock | None = None,
        retry_s: float = 2.0,
        max_retry_s: float = 30.0,
        idle_check_s: float = 15.0,
        profiles_dir: Path = PROFILES_DIR,
        photos: PhotoStore | None = None,
    ) -> None:
        self.profile = load_profile(profile, profiles_dir)
        self.target = parse_target(target)
        self.renderer = SlipRenderer.for_profile(self.profile, Path(assets_dir))
        self._photos = photos  # the worker photos fetched from the office (none: shipped pictures only)
        self.jobs = SqlitePrintJobs(db)
        self._log = SqliteEventLog(db, station_id)
        self._catalog = SqliteCatalog(db)
        self._clock = clock or SystemClock()
        self._on_status = on_status
        self._retry_s, self._max_retry_s, self._idle_check_s = retry_s, max_retry_s, idle_check_s
        self._status = PrinterStatus.UNKNOWN
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # --- called from the UI -----------------------------------------------------------

    def start(self) -> None:
        """Settle jobs a previous run left half-sent, then start the printing thread."""
        if self._thread is not None:
            return
        self._settle_interrupted()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="print-service", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the thread (waiting at most `timeout_s`: a slip being sent is finished first)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("print thread still busy at stop", extra={"target": self.target.description})
            self._thread = None
        self.target.close()

    def enqueue_receipt(self, event_id: str) -> str:
        """Queue the slip of a saved tally or correction; returns the job id. NotPrintable otherwise."""
        return self._add(event_id, self._data(event_id), reprint=False)

    def reprint(self, event_id: str) -> str:
        """Queue another copy, marked as a reprint, showing what the first slip showed."""
        return self._add(
            event_id, dataclasses.replace(self._first_slip(event_id), reprint=True), reprint=True
        )

    def status(self) -> PrinterStatus:
        return self._status

    def pending(self) -> int:
        """Slips not printed yet (waiting or being sent)."""
        return self.jobs.count(JobState.QUEUED) + self.jobs.count(JobState.SENDING)

    def preview_png(self, event_id: str) -> bytes:
        return self.renderer.png(self._data(event_id))

    # --- the printing thread ------------------------------------------------------------

    def _run(self) -> None:
        pause = self._retry_s
        while not self._stopping.is_set():
            try:
                done = self._step()
            except Exception:  # the thread must outlive any bug or database hiccup; the job stays queued
                log.exception("print step failed", extra={"target": self.target.description})
                done = False
            if done:
                pause = self._retry_s
            else:
                self._stopping.wait(pause)
                pause = min(pause * 2, self._max_retry_s)

    def _step(self) -> bool:
        """Print the next slip if the printer allows; False when the queue must wait."""
        self._wake.clear()
        job = self.jobs.next_queued()
        if job is None:
            self._publish(self.target.status())
            self._wake.wait(self._idle_check_s)
            return True
        status = self.target.status()
        self._publish(status)
        if status in HOLD:
            log.info("printer not ready, slip waits", extra={"job_id": job.job_id, "status": status.value})
            return False
        return self._print(job)

    def _print(self, job: PrintJob) -> bool:
        if not self.jobs.move(job.job_id, JobState.QUEUED, JobState.SENDING):
            return True
        try:
            data = from_json(job.slip)
            escpos = self.renderer.escpos(data)
        except Exception as exc:  # a slip that cannot be drawn must not hold up the ones behind it
            log.exception("slip cannot be drawn", extra={"job_id": job.job_id, "event_id": job.event_id})
            self.jobs.move(job.job_id, JobState.SENDING, JobState.FAILED, error=repr(exc))
            return True
        try:
            self.target.send(escpos, _file_name(job, data), lambda: self.renderer.png(data))
        except PrinterUnavailable as exc:
            self.jobs.move(job.job_id, JobState.SENDING, JobState.QUEUED, error=str(exc))
            self._publish(PrinterStatus.OFFLINE)
            return False
        self._log.append([ReceiptPrinted(job.event_id, job.job_id, job.reprint)], self._clock.now())
        self.jobs.move(job.job_id, JobState.SENDING, JobState.PRINTED)
        log.info(
            "slip printed", extra={"job_id": job.job_id, "event_id": job.event_id, "reprint": job.reprint}
        )
        return True

    # --- internals ----------------------------------------------------------------------

    def _data(self, event_id: str) -> ReceiptData:
        return receipt_data(self._log, self._catalog, event_id, self.profile.language, self._photo_file)

    def _photo_file(self, ref: str) -> Path | None:
        """The worker's photo from the office or a shipped picture; no placeholder (not theirs)."""
        return None if ref == PLACEHOLDER_PHOTO else resolve_picture(ref, self._photos, self.renderer.assets_dir)

    def _first_slip(self, event_id: str) -> ReceiptData:
        """The data of the event's first slip; built from the record if there is none (or it is damaged)."""
        for job in self.jobs.for_event(event_id)[:1]:
            try:
                return from_json(job.slip)
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("stored slip damaged, rebuilt", extra={"job_id": job.job_id, "error": repr(exc)})
        return self._data(event_id)

    def _add(self, event_id: str, data: ReceiptData, reprint: bool) -> str:
        job_id = str(uuid.uuid4())
        self.jobs.add(job_id, event_id, reprint, to_json(data))
        self._wake.set()
        return job_id

    def _settle_interrupted(self) -> None:
        """A job left `sending` was printed if its event exists; otherwise nobody knows: no resend."""
        for job in self.jobs.in_state(JobState.SENDING):
            printed = any(
                isinstance(e.payload, ReceiptPrinted) and e.payload.job_id == job.job_id
                for e in self._log.referring_to(job.event_id)
            )
            self.jobs.move(
                job.job_id, JobState.SENDING, JobState.PRINTED if printed else JobState.INTERRUPTED
            )
            log.warning("slip interrupted by a stop", extra={"job_id": job.job_id, "printed": printed})

    def _publish(self, status: PrinterStatus) -> None:
        if status is self._status:
            return
        self._status = status
        log.info("printer status", extra={"status": status.value, "target": self.target.description})
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:  # a failing screen callback must not stop printing
                log.exception("printer status callback failed")


def _file_name(job: PrintJob, data: ReceiptData) -> str:
    return f"{data.when:%Y%m%d-%H%M%S}-{job.job_id[:8]}"
