"""The versioned wire contract shared by stations and the central server (see docs/protocol.md)."""

from sync.protocol.errors import ProtocolError
from sync.protocol.messages import VERSION, canonical_sha256, decode, encode

__all__ = ["VERSION", "ProtocolError", "canonical_sha256", "decode", "encode"]
