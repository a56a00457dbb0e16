"""The protocol families the station speaks, by name (the `protocol` key of a scale profile)."""

from __future__ import annotations

from station.devices.scale.errors import ProfileError
from station.devices.scale.protocols.and_ import AndCodec, AndEmulation
from station.devices.scale.protocols.base import Codec, Emulation, Sample
from station.devices.scale.protocols.cas import CasCodec, CasEmulation
from station.devices.scale.protocols.mt_sics import MtSicsCodec, MtSicsEmulation
from station.devices.scale.protocols.ohaus import OhausCodec, OhausEmulation
from station.devices.scale.protocols.toledo_8217 import Toledo8217Codec, Toledo8217Emulation
from station.devices.scale.protocols.yaohua import (
    YaohuaCodec,
    YaohuaEmulation,
    YaohuaReversedCodec,
    YaohuaReversedEmulation,
)

CODECS: dict[str, type[Codec]] = {
    c.name: c
    for c in (MtSicsCodec, Toledo8217Codec, AndCodec, OhausCodec, CasCodec, YaohuaCodec, YaohuaReversedCodec)
}
EMULATIONS: dict[str, type[Emulation]] = {
    e.name: e
    for e in (
        MtSicsEmulation,
        Toledo8217Emulation,
        AndEmulation,
        OhausEmulation,
        CasEmulation,
        YaohuaEmulation,
        YaohuaReversedEmulation,
    )
}
PROTOCOLS = tuple(CODECS)


def codec_class(protocol: str) -> type[Codec]:
    try:
        return CODECS[protocol]
    except KeyError:
        raise ProfileError(f"unknown scale protocol {protocol!r}; known: {', '.join(PROTOCOLS)}") from None


def emulation_class(protocol: str) -> type[Emulation]:
    try:
        return EMULATIONS[protocol]
    except KeyError:
        raise ProfileError(
            f"no simulator for protocol {protocol!r}; known: {', '.join(EMULATIONS)}"
        ) from None


__all__ = [
    "CODECS",
    "EMULATIONS",
    "PROTOCOLS",
    "Codec",
    "Emulation",
    "Sample",
    "codec_class",
    "emulation_class",
]
