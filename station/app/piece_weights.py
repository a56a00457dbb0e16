"""Piece weights a supervisor taught the station, kept in a small JSON file next to the database.

They override the office's catalog weight for counting on this station's scale and survive a
restart. Written atomically (temp file + rename), so a power cut leaves the old or new file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path

log = logging.getLogger(__name__)


class PieceWeightFile(MutableMapping[str, float]):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._weights: dict[str, float] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self._weights = {str(k): float(v) for k, v in data.items() if float(v) > 0}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning(
                "learned piece weights unreadable, starting empty", extra={"path": str(path), "error": str(exc)}
            )

    def __getitem__(self, product_id: str) -> float:
        return self._weights[product_id]

    def __setitem__(self, product_id: str, grams: float) -> None:
        self._weights[product_id] = float(grams)
        self._save()

    def __delitem__(self, product_id: str) -> None:
        del self._weights[product_id]
        self._save()

    def __iter__(self) -> Iterator[str]:
        return iter(self._weights)

    def __len__(self) -> int:
        return len(self._weights)

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._weights, indent=1, sort_keys=True), encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        tmp.replace(self.path)
