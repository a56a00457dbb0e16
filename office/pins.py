"""Each site's PIN pepper at the office: written once per site by deploy/office-add-station.sh
(`/etc/workshop/credentials/pin-pepper-<site>`), carried to the site's stations in their
bundle, never to the broker. The office hashes a site's supervisor PINs with it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sync.protocol.pins import read_pepper

log = logging.getLogger(__name__)
DEFAULT_DIR = "/etc/workshop/credentials"


def site_pepper(site: str) -> bytes:
    """The pepper of `site` (b"" with a warning when this office has none: a development setup)."""
    path = Path(os.environ.get("WORKSHOP_PIN_PEPPER_DIR", DEFAULT_DIR)) / f"pin-pepper-{site}"
    if not path.is_file():
        log.warning("no PIN pepper for the site; its PIN hashes are unpeppered", extra={"path": str(path)})
        return b""
    return read_pepper(path)
