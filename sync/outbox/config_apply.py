"""Applying a config document from the central office to the station's catalog, all or nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

from sync.protocol import ProtocolError, canonical_sha256
from sync.protocol.roster import Catalog, product_from_document, supervisor_from_document, worker_from_document

# The office bumps a document's version by one per publish. A far bigger jump is a forged or
# broken message: taking it would make the station ignore every real version below it.
MAX_VERSION_STEP = 1000


def merged_catalog(current: Catalog, message: dict[str, Any], site: str) -> Catalog | None:
    """`current` with the document of `message` replaced; None unless the version is newer.

    A retained message may be older than what the station runs (a broker restored from an old
    snapshot): it is ignored, never applied over newer config. `message` is a validated
    config message; its sha256, its site and its version step are checked here. A station that
    has no version of the document yet (0) takes any: its first config sets the baseline.
    """
    document, version, data = message["document"], message["version"], message["data"]
    if message["site"] != site:
        raise ProtocolError(f"config {document} v{version} is for site {message['site']!r}, not {site!r}")
    if canonical_sha256(data) != message["sha256"]:
        raise ProtocolError(f"config {document} v{version}: sha256 does not match its data")
    have = current.versions.get(document, 0)
    if version <= have:
        return None
    if have and version > have + MAX_VERSION_STEP:
        raise ProtocolError(
            f"config {document} v{version} jumps more than {MAX_VERSION_STEP} past v{have}; "
            "see docs/protocol.md, resetting a station's config versions"
        )
    versions = {**current.versions, document: version}
    if document == "roster":
        return dataclasses.replace(current, workers=tuple(map(worker_from_document, data)), versions=versions)
    if document == "products":
        return dataclasses.replace(current, products=tuple(map(product_from_document, data)), versions=versions)
    supervisors = tuple(map(supervisor_from_document, data))
    return dataclasses.replace(current, supervisors=supervisors, versions=versions)
