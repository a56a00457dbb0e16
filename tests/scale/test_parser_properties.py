"""Property tests: every codec + framer survives random bytes and random splits, with bounded memory."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.devices.scale.errors import FrameError
from station.devices.scale.framing import Framer
from station.devices.scale.pan import Pan, PanState
from station.devices.scale.protocols import CODECS, EMULATIONS, Codec

PROTOCOLS = sorted(CODECS)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decode(codec: Codec, framer: Framer, chunks: list[bytes]) -> list[object]:
    """Feeds chunks; returns decoded samples (acks dropped, unreadable frames as the string 'bad')."""
    out: list[object] = []
    for chunk in chunks:
        for frame in framer.feed(chunk):
            assert len(framer) <= framer.spec.max_len
            if isinstance(frame, FrameError):
                out.append("bad")
                continue
            try:
                sample = codec.parse(frame)
            except FrameError:
                out.append("bad")
            else:
                if sample is not None:
                    out.append(sample)
    return out


def frames_for(protocol: str, weights: list[int], stable: list[bool]) -> list[bytes]:
    emulation = EMULATIONS[protocol](Pan(division_g=EMULATIONS[protocol].division_g, capacity_g=1e9))
    d = emulation.pan.division_g
    return [
        emulation.stream_frame(PanState(w * d, w * d, s, False, False, False, None))
        for w, s in zip(weights, stable, strict=False)
    ]


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


weights = st.lists(st.integers(min_value=-999, max_value=99_999), min_size=1, max_size=8)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@SETTINGS
@given(data=st.lists(st.binary(max_size=300), max_size=12))
def test_random_bytes_never_raise_and_memory_stays_bounded(protocol: str, data: list[bytes]) -> None:
    codec = CODECS[protocol]()
    decode(codec, Framer(codec.frame), data)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@SETTINGS
@given(
    ws=weights, flags=st.lists(st.booleans(), min_size=8, max_size=8), cuts=st.lists(st.integers(0, 10_000))
)
def test_frames_split_anywhere_decode_the_same(
    protocol: str, ws: list[int], flags: list[bool], cuts: list[int]
) -> None:
    frames = frames_for(protocol, ws, flags)
    whole = CODECS[protocol]()
    expected = decode(whole, Framer(whole.frame), frames)
    assert "bad" not in expected and len(expected) == len(frames)
    codec = CODECS[protocol]()
    assert decode(codec, Framer(codec.frame), split(b"".join(frames), cuts)) == expected


@pytest.mark.parametrize("protocol", PROTOCOLS)
@SETTINGS
@given(garbage=st.binary(max_size=400), ws=weights, cuts=st.lists(st.integers(0, 10_000), max_size=6))
def test_valid_frames_after_garbage_are_still_found(
    protocol: str, garbage: bytes, ws: list[int], cuts: list[int]
) -> None:
    frames = frames_for(protocol, [*ws, ws[-1]], [True] * (len(ws) + 1))
    reference = CODECS[protocol]()
    expected = decode(reference, Framer(reference.frame), frames)
    codec = CODECS[protocol]()
    got = decode(codec, Framer(codec.frame), split(garbage + b"".join(frames), cuts))
    # The first frame may be glued to the garbage; every later one must come through intact.
    assert got[-(len(frames) - 1) :] == expected[1:]
