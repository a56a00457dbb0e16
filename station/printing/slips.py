"""A slip's data read from the station's record: who, what, how many, and the day's total so far.

The total counts only events up to the slip's own event, so a slip reprinted in the evening
shows what the original showed in the morning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from station.domain.totals import totals_by_worker_product
from station.printing.errors import NotPrintable
from station.printing.receipt_layout import ReceiptData
from station.store.catalog import SqliteCatalog
from station.store.event_log import SqliteEventLog
from sync.protocol.events import Correction, Event, Tally, local_datetime

PhotoFile = Callable[[str], Path | None]  # a worker's picture reference -> the file to print, if there is one


def receipt_data(
    log: SqliteEventLog,
    catalog: SqliteCatalog,
    event_id: str,
    language: str,
    photo_file: PhotoFile | None = None,
) -> ReceiptData:
    """The slip of a tally or a correction event; NotPrintable for anything else."""
    event = log.get(event_id)
    if event is None:
        raise NotPrintable(event_id, "no such event in this station's record")
    payload = event.payload
    if isinstance(payload, Tally):
        day_of, old_count, voided, count = event, None, False, payload.count
    elif isinstance(payload, Correction):
        target = log.get(payload.target_event_id)
        day_of, old_count, voided = target or event, payload.old_count, payload.void
        count = 0 if payload.void else int(payload.new_count or 0)
    else:
        raise NotPrintable(event_id, f"a {event.kind.value} event has no slip")
    worker = catalog.worker(payload.worker_id)
    product = catalog.product(payload.product_id)
    photo = photo_file(worker.photo) if worker and worker.photo and photo_file else None
    return ReceiptData(
        event_id=event.event_id,
        worker_name=worker.name if worker else payload.worker_id,
        product_name=product.name(language) if product else payload.product_id,
        pictogram=product.pictogram if product else None,
        count=count,
        when=local_datetime(event.wall_ns, event.utc_offset_s),
        station_id=event.station_id,
        today_total=_total_so_far(log, day_of, event.seq, (payload.worker_id, payload.product_id)),
        old_count=old_count,
        voided=voided,
        worker_photo=str(photo) if photo else None,
    )


def _total_so_far(log: SqliteEventLog, day_of: Event, up_to_seq: int, key: tuple[str, str]) -> int:
    day = day_of.local_date
    events = [e for e in log.on_date(day) if e.seq <= up_to_seq]
    return totals_by_worker_product(events).get(key, 0)


def to_json(data: ReceiptData) -> str:
    fields = dataclasses.asdict(data)
    fields["when"] = data.when.isoformat()
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> ReceiptData:
    fields = json.loads(text)
    fields["when"] = dt.datetime.fromisoformat(fields["when"])
    return ReceiptData(**fields)
