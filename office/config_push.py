"""Config down: roster, products and supervisor PIN hashes published to a site's stations.

The photos the roster and catalog name go first, each a retained QoS 1 message of its bytes
on `workshop/<site>/photo/<sha256>`. Each document is a retained QoS 1 message with a version
(bumped whenever its content changes) and the sha256 of its data, so a station that connects
later gets the newest one and can check it. Only the columns listed here leave the office: bank accounts and ID numbers
never appear in a document.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from paho.mqtt.client import Client
from sqlalchemy import Connection, Engine, select

from office.photos import office_photos
from office.roster import product_from_row, supervisor_from_row, worker_from_row
from office.tables import config_documents, supervisors
from sync import mqtt
from sync.central.ingest import dialect_insert, now_utc
from sync.central.tables import products, workers
from sync.protocol import VERSION, canonical_sha256, encode
from sync.protocol.photos import digest_of
from sync.protocol.roster import product_to_document, supervisor_to_document, worker_to_document
from sync.protocol.topics import config_topic, photo_topic

log = logging.getLogger(__name__)
PUBLISH_TIMEOUT_S = 10.0


class ConfigPushError(RuntimeError):
    """The broker could not be reached or did not take the config in time."""


def build_documents(conn: Connection, site: str) -> dict[str, list[dict[str, Any]]]:
    """The three documents of `site` from the central tables (safe columns only)."""
    site_workers = select(workers).where(workers.c.site == site).order_by(workers.c.worker_id)
    site_supervisors = select(supervisors).where(supervisors.c.site == site).order_by(supervisors.c.supervisor_id)
    roster = [worker_to_document(worker_from_row(r)) for r in conn.execute(site_workers)]
    catalog = [
        product_to_document(product_from_row(r))
        for r in conn.execute(select(products).order_by(products.c.product_id))
    ]
    pins = [supervisor_to_document(supervisor_from_row(r)) for r in conn.execute(site_supervisors)]
    return {"roster": roster, "products": catalog, "supervisors": pins}


def photo_messages(engine: Engine, messages: list[dict[str, Any]]) -> dict[str, bytes]:
    """digest -> bytes of every stored photo the documents name (sent retained before them)."""
    store = office_photos(engine)
    refs = {
        item.get("photo") or item.get("pictogram") or ""
        for m in messages
        if m["document"] in ("roster", "products")
        for item in m["data"]
    }
    found = {}
    for ref in sorted(refs):
        digest, data = digest_of(ref), store.read(ref)
        if digest is not None and data is not None:
            found[digest] = data
        elif digest is not None:
            log.warning("photo named but not stored", extra={"photo": ref})
    return found


def versioned_messages(engine: Engine, site: str) -> list[dict[str, Any]]:
    """The config messages of `site`, bumping the version of each document whose content changed."""
    messages = []
    with engine.begin() as conn:
        for document, data in build_documents(conn, site).items():
            digest = canonical_sha256(data)
            key = (config_documents.c.site == site) & (config_documents.c.document == document)
            row = conn.execute(select(config_documents).where(key).with_for_update()).first()
            if row is None:
                version = 1
                conn.execute(
                    dialect_insert(conn, config_documents).values(
                        site=site, document=document, version=1, sha256=digest, published_at=now_utc()
                    )
                )
            else:
                version = row.version + (row.sha256 != digest)
                values = {"version": version, "sha256": digest, "published_at": now_utc()}
                conn.execute(config_documents.update().where(key).values(**values))
            messages.append(
                {
                    "v": VERSION,
                    "type": "config",
                    "site": site,
                    "document": document,
                    "version": version,
                    "sha256": digest,
                    "data": data,
                }
            )
    return messages


def publish_config(
    engine: Engine,
    client_or_broker_url: Client | str,
    site: str,
    *,
    username: str | None = None,
    password: str | None = None,
    ca_file: str | None = None,
) -> dict[str, int]:
    """Publish the site's config (retained, QoS 1); returns document -> version.

    Call after any change of workers, products or supervisors. Pass a connected paho client
    to reuse it, or a broker URL (plus credentials) for a short-lived connection.
    """
    messages = versioned_messages(engine, site)
    photos = photo_messages(engine, messages)
    if isinstance(client_or_broker_url, Client):
        _publish(client_or_broker_url, site, messages, photos)
    else:
        client, broker = mqtt.make_client(
            f"config-push-{site}", client_or_broker_url, username=username, password=password, ca_file=ca_file
        )
        connected = threading.Event()
        client.on_connect = lambda _c, _u, _f, reason, _p: None if reason.is_failure else connected.set()
        mqtt.connect_in_background(client, broker, clean_start=True)
        try:
            if not connected.wait(PUBLISH_TIMEOUT_S):
                raise ConfigPushError(f"broker {client_or_broker_url} not reachable")
            _publish(client, site, messages, photos)
        finally:
            mqtt.stop(client)
    versions = {m["document"]: m["version"] for m in messages}
    log.info("config published", extra={"site": site, "versions": versions})
    return versions


def _publish(client: Client, site: str, messages: list[dict[str, Any]], photos: dict[str, bytes]) -> None:
    """Photos first: a kiosk that applies a roster has its photos on the way already."""
    infos = [client.publish(photo_topic(site, digest), data, qos=1, retain=True) for digest, data in photos.items()]
    infos += [
        client.publish(config_topic(site, m["document"]), encode(m), qos=1, retain=True) for m in messages
    ]
    for info in infos:
        try:
            info.wait_for_publish(timeout=PUBLISH_TIMEOUT_S)
        except (RuntimeError, ValueError) as exc:
            raise ConfigPushError(f"publishing failed: {exc}") from exc
        if not info.is_published():
            raise ConfigPushError("broker did not confirm the config in time")
