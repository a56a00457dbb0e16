"""Encoding, decoding and validating the protocol's JSON messages.

Every message is a JSON object with ``v`` (schema version) and ``type``; its JSON Schema is
``schemas/<type>.json``. Both ends validate what they receive, so a third party can build a
station or a receiver from the schemas and docs/protocol.md alone.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema
import orjson

if TYPE_CHECKING:  # imported where used: jsonschema costs a kiosk ~8 MB before its first screen
    from jsonschema import Draft202012Validator

from sync.protocol.errors import ProtocolError

VERSION = 1
TYPES = ("events", "ack", "status", "config")
MAX_BATCH_EVENTS = 100
MAX_BATCH_BYTES = 64 * 1024
# A receiver refuses anything larger before parsing it (a batch is <= 64 KiB, config a little more).
MAX_MESSAGE_BYTES = 1024 * 1024


@cache
def schema(message_type: str) -> dict[str, Any]:
    """The JSON Schema of `message_type` with its local `$ref`s inlined (checked against the metaschema)."""
    text = resources.files("sync.protocol").joinpath("schemas", f"{message_type}.json").read_text("utf-8")
    raw = json.loads(text)
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(raw)
    return _end_anchors(_inline_refs(raw, raw.get("$defs", {})))


@cache
def validator(message_type: str) -> Draft202012Validator:
    """The reference validator: slow, but its verdict is the contract and its errors say where."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(message_type))


@cache
def fast_validator(message_type: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python code (fastjsonschema): about forty times faster per batch.

    Raises fastjsonschema.JsonSchemaException; tests/sync/test_fast_validator.py checks by
    hypothesis that it accepts and refuses exactly what `validator` does.
    """
    if message_type == "events":
        return _events_validator(schema("events"))
    return _compile(schema(message_type))


def _compile(definition: dict[str, Any]) -> Callable[[Any], Any]:
    return fastjsonschema.compile(definition, use_default=False)


def _events_validator(full: dict[str, Any]) -> Callable[[Any], Any]:
    """The batch schema split in two: the envelope without the per-kind `if`/`then` and one payload check per kind.

    Compiled `if`s cost nine tenths of the time (each miss raises an exception). The split is the
    same verdict: once the envelope holds, `kind` is one of the enum, so exactly one `if` holds and
    the whole `allOf` says "the payload fits the schema of its kind".
    """
    envelope = copy.deepcopy(full)
    item = envelope["properties"]["events"]["items"]
    payload_schemas = {}
    for branch in item.pop("allOf"):
        assert set(branch) == {"if", "then"} and set(branch["if"]) == set(branch["then"]) == {"properties"}
        payload_schemas[branch["if"]["properties"]["kind"]["const"]] = branch["then"]["properties"]["payload"]
    assert set(payload_schemas) == set(item["properties"]["kind"]["enum"]), "a kind without its payload schema"
    check_envelope = _compile(envelope)
    check_payload = {kind: _compile(definition) for kind, definition in payload_schemas.items()}

    def validate(message: Any) -> None:
        check_envelope(message)
        for event in message["events"]:
            check_payload[event["kind"]](event["payload"])

    return validate


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local ``#/$defs/x`` references by their content (the schemas are not recursive).

    Same meaning, but validation skips a reference lookup per field: about a third faster.
    """
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _end_anchors(node: Any) -> Any:
    """Each `pattern`'s final `$` as Python's `\\Z`: JSON Schema patterns are ECMA-262, whose `$` is
    the end of the text, but Python's `$` also matches before a final newline ("a\\n" would pass an
    id pattern in jsonschema and fail in fastjsonschema, which makes the same change itself)."""
    if isinstance(node, dict):
        return {
            k: v[:-1] + "\\Z" if k == "pattern" and isinstance(v, str) and _ends_in_anchor(v) else _end_anchors(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_end_anchors(v) for v in node]
    return node


def _ends_in_anchor(pattern: str) -> bool:
    backslashes = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))
    return pattern.endswith("$") and backslashes % 2 == 0  # "\\$" is a literal dollar sign


def encode(message: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (Chinese names stay readable)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes, message_type: str) -> dict[str, Any]:
    """Parse and validate one message of `message_type`; ProtocolError says what is wrong."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(raw)} bytes exceeds {MAX_MESSAGE_BYTES}")
    try:  # orjson: several times faster than json, and it refuses NaN, Infinity and lone surrogates
        message = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    if message.get("v") != VERSION:
        raise ProtocolError(f"unsupported schema version {message.get('v')!r} (this end speaks {VERSION})")
    if message.get("type") != message_type:
        raise ProtocolError(f"expected a {message_type!r} message, got type {message.get('type')!r}")
    try:
        fast_validator(message_type)(message)
        return message
    except fastjsonschema.JsonSchemaException:
        pass  # the reference validator says what is wrong (and has the last word)
    error = next(iter(sorted(validator(message_type).iter_errors(message), key=lambda e: e.path)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ProtocolError(f"schema: {where}: {error.message[:300]}")
    return message


def canonical_sha256(data: Any) -> str:
    """sha256 of the canonical JSON of `data` (sorted keys, no spaces): the config checksum."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
