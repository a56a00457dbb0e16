"""Clearly named stand-ins for the printer and the sync link, for the tour (and tests).

They satisfy the presenters' ports in-process so the tour can show "out of paper" and "not
synced for a long time" on demand. A real station uses station.printing and sync.outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class StandInPrinter:
    """Writes each receipt as a line to `receipts.txt` in `out_dir`; its status can be set."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir / "receipts.txt"
        self.state = "ok"
        self.jobs: list[tuple[str, bool]] = []

    def start(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)

    def stop(self) -> None:
        pass

    def enqueue_receipt(self, event_id: str) -> str:
        return self._job(event_id, False)

    def reprint(self, event_id: str) -> str:
        return self._job(event_id, True)

    def _job(self, event_id: str, reprint: bool) -> str:
        self.jobs.append((event_id, reprint))
        with self.out.open("a", encoding="utf-8") as f:
            f.write(f"{event_id} {'reprint' if reprint else 'receipt'}\n")
        return f"standin-{len(self.jobs)}"

    def status(self) -> str:
        return self.state

    def pending(self) -> int:
        return 0


@dataclass
class StandInSyncStatus:
    connected: bool = False
    backlog: int = 0
    last_ack_wall: float | None = None
    last_acked_seq: int = 0
    config_versions: dict[str, int] | None = None
    rejected: int = 0


class StandInSync:
    """A sync link that reports a fixed status (the tour's "not synced for a long time")."""

    def __init__(self, status: StandInSyncStatus) -> None:
        self.current = status

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def status(self) -> StandInSyncStatus:
        return self.current
