"""Byte-level facts from the reference (docs/scales.md, reference §1-§7), decoded and produced exactly."""

from __future__ import annotations

import re

import pytest

from station.devices.scale import ProfileError, load_profile
from station.devices.scale.errors import FrameError
from station.devices.scale.pan import Pan
from station.devices.scale.profile import PROFILE_DIR, profile_from_dict
from station.devices.scale.protocols import CODECS, EMULATIONS, Sample, codec_class
from station.domain.weighing import ScaleStatus

OK, OVER, UNDER, ERR = ScaleStatus.OK, ScaleStatus.OVERLOAD, ScaleStatus.UNDERLOAD, ScaleStatus.ERROR

REFERENCE_FRAMES = [
    (
        "mt-sics",
        bytes.fromhex("53 20 53 20 20 20 20 20 31 30 30 2E 30 30 20 67 0D 0A"),
        Sample(OK, True, 100.0),
    ),
    (
        "mt-sics",
        bytes.fromhex("53 20 44 20 20 20 20 20 20 31 32 2E 33 34 20 67 0D 0A"),
        Sample(OK, False, 12.34),
    ),
    ("mt-sics", b"S S      1.234 kg\r\n", Sample(OK, True, 1234.0)),
    ("mt-sics", b"S +\r\n", Sample(OVER, True)),
    ("mt-sics", b"S -\r\n", Sample(UNDER, True)),
    ("toledo-8217", bytes.fromhex("02 31 32 2E 33 34 35 0D"), Sample(OK, True, 12345.0)),
    ("toledo-8217", bytes.fromhex("02 3F 41 0D"), Sample(OK, False, detail="in motion")),
    ("toledo-8217", b"\x02?B\r", Sample(OVER, True)),
    ("toledo-8217", b"\x02?D\r", Sample(UNDER, True)),
    (
        "and",
        bytes.fromhex("51 54 2C 2B 30 30 30 30 31 32 33 34 20 50 43 0D 0A"),
        Sample(OK, True, count=1234),
    ),
    ("and", bytes.fromhex("53 54 2C 2B 30 30 30 31 32 2E 33 34 20 20 67 0D 0A"), Sample(OK, True, 12.34)),
    ("and", bytes.fromhex("55 53 2C 2B 30 30 30 35 2E 35 39 33 20 6B 67 0D 0A"), Sample(OK, False, 5593.0)),
    ("and", bytes.fromhex("4F 4C 2C 2B 39 39 39 39 2E 39 39 39 20 6B 67 0D 0A"), Sample(OVER, True)),
    ("ohaus", b"       12.73 g    ?\r\n", Sample(OK, False, 12.73)),
    ("ohaus", b"           3 PCS  ?\r\n", Sample(OK, False, count=3)),
    ("ohaus", b"           3 PCS   \r\n", Sample(OK, True, count=3)),
    (
        "cas",
        bytes.fromhex("53 54 2C 47 53 2C 31 C4 2C 30 30 31 33 2E 35 30 30 20 6B 67 0D 0A"),
        Sample(OK, True, 13500.0),
    ),
    ("yaohua-xk3190", bytes.fromhex("02 2B 30 31 32 33 34 35 33 31 39 03"), Sample(weight_g=12.345)),
    ("yaohua-xk3190", bytes.fromhex("02 2B 30 30 31 35 36 30 30 31 39 03"), Sample(weight_g=1560.0)),
    # The reference labels this frame "-10.0", but digits 000100 with 2 decimals are -1.00 (XOR 1E checks).
    ("yaohua-xk3190", bytes.fromhex("02 2D 30 30 30 31 30 30 32 31 45 03"), Sample(weight_g=-1.0)),
    ("yaohua-xk3190-eq", bytes.fromhex("3D 30 30 30 2E 33 30 30 30"), Sample(weight_g=3.0)),
    ("yaohua-xk3190-eq", b"=00.1000-", Sample(weight_g=-1.0)),
]


@pytest.mark.parametrize(("protocol", "frame", "expected"), REFERENCE_FRAMES)
def test_reference_frames_decode(protocol, frame, expected) -> None:
    codec = codec_class(protocol)("kg" if protocol == "toledo-8217" else "g")
    got = codec.parse(frame)
    assert got is not None
    assert got.status == expected.status and got.stable == expected.stable and got.count == expected.count
    assert got.weight_g == pytest.approx(expected.weight_g)


@pytest.mark.parametrize(
    ("protocol", "frame", "says"),
    [
        ("mt-sics", b"ES\r\n", "syntax"),
        ("mt-sics", b"EL\r\n", "logical"),
        ("and", b"EC,E01\r\n", "EC,E01"),
        ("ohaus", b"ES\r\n", "ES"),
    ],
)
def test_scale_error_replies_become_error_samples(protocol, frame, says) -> None:
    sample = codec_class(protocol)().parse(frame)
    assert sample is not None and sample.status is ERR and says in sample.detail


@pytest.mark.parametrize(
    ("protocol", "frame"),
    [
        ("yaohua-xk3190", b"\x02+00326001C\x03"[:-3] + b"1D\x03"),  # wrong XOR
        ("yaohua-xk3190", b"\x02+0032600\x03"),
        ("yaohua-xk3190-eq", b"=0.0.0000"),
        ("mt-sics", b"hello\r\n"),
        ("cas", b"ST,GS,1\xc4,00x3.500 kg\r\n"),
        ("toledo-8217", b"\x02abc\r"),
    ],
)
def test_bad_frames_raise_frame_error(protocol, frame) -> None:
    with pytest.raises(FrameError):
        codec_class(protocol)().parse(frame)


def test_acknowledgements_carry_no_reading() -> None:
    assert codec_class("and")().parse(b"\x06\r\n") is None
    assert codec_class("mt-sics")().parse(b"Z A\r\n") is None
    assert codec_class("mt-sics")().parse(b"T S      50.00 g\r\n") is None


def test_8217_status_only_keeps_the_last_weight() -> None:
    codec = codec_class("toledo-8217")()
    codec.parse(b"\x0201.500\r")
    assert codec.parse(b"\x02?@\r") == Sample(OK, True, 1500.0)


def stable_state(protocol: str, grams: float, *, tare: float = 0.0):  # type: ignore[no-untyped-def]
    pan = Pan(division_g=EMULATIONS[protocol].division_g, settle_s=0.0, capacity_g=60000.0)
    pan.put_weight(tare, 0.0)
    if tare:
        pan.tare(1.0)
    pan.put_weight(grams, 1.0)
    return EMULATIONS[protocol](pan), pan.state(2.0)


@pytest.mark.parametrize(
    ("protocol", "grams", "frame"),
    [
        ("mt-sics", 100.0, b"S S      100.0 g\r\n"),
        ("and", 12.3, b"ST,+000012.3  g\r\n"),
        ("ohaus", 12.7, b"        12.7 g     \r\n"),
        ("toledo-8217", 12345.0, b"\x0212.345\r"),
        ("cas", 13.5, b"ST,GS,1\xc4,000.0135 kg\r\n"),
        ("yaohua-xk3190", 1560.0, b"\x02+015600118\x03"),
        ("yaohua-xk3190-eq", 3.0, b"=0.300000"),
    ],
)
def test_simulator_writes_the_documented_bytes(protocol, grams, frame) -> None:
    emulation, state = stable_state(protocol, grams)
    assert emulation.stream_frame(state) == frame


def test_simulator_marks_net_weight_on_8217() -> None:
    emulation, state = stable_state("toledo-8217", 2000.0, tare=500.0)
    assert emulation.stream_frame(state) == b"\x0202.000N\r"


def test_8217_simulator_answers_odoos_echo_probe() -> None:
    emulation, _ = stable_state("toledo-8217", 0.0)
    replies = b"".join(emulation.handle(bytes([b]), 3.0) for b in b"Ehello")
    assert replies == bytes.fromhex("02 45 0D 68 65 6C 6C 6F")
    assert emulation.handle(b"F", 3.0) == b""
    assert emulation.handle(b"W", 3.0).startswith(b"\x02")


@pytest.mark.parametrize("name", sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
def test_every_profile_loads_and_names_a_known_protocol(name) -> None:
    profile = load_profile(name)
    assert profile.protocol in CODECS
    assert profile.port.startswith("/dev/")


def test_required_profiles_exist() -> None:
    for name in ("mt-sics", "toledo-8217", "and", "ohaus", "cas", "yaohua-xk3190"):
        assert load_profile(name).name == name


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"protocol": "nope"}, "protocol = 'nope' is not allowed; it must be one of the scale protocols mt-sics"),
        ({"protocol": "and", "mode": "poll"}, "needs a [commands] weigh"),
        ({"protocol": "cas", "mode": "continuous", "baud": 9600}, "baud is not a known key; allowed: baudrate"),
        ({"protocol": "cas", "mode": "sometimes"}, "mode = 'sometimes' is not allowed"),
        ({"protocol": "cas", "mode": "continuous", "parity": "X"}, "parity = 'X' is not allowed"),
    ],
)
def test_bad_profiles_are_refused_with_a_reason(data, says) -> None:
    with pytest.raises(ProfileError, match=re.escape(says)):
        profile_from_dict(data)


CAS = 'protocol = "cas"\nmode = "continuous"\n'


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (CAS + 'baudrate = "fast"\n', "baudrate = 'fast' is not allowed; it must be 110, 300, 600, 1200, 2400"),
        (CAS + "baudrate = 9601\n", "baudrate = 9601 is not allowed; it must be 110, 300"),
        (CAS + "bytesize = 9\n", "bytesize = 9 is not allowed; it must be 5, 6, 7 or 8"),
        (CAS + "stopbits = 3\n", "stopbits = 3 is not allowed; it must be 1, 1.5 or 2"),
        (CAS + 'parity = "X"\n', "parity = 'X' is not allowed; it must be 'N', 'E', 'O', 'M' or 'S'"),
        (CAS + "division_g = 0\n", "division_g = 0 is not allowed; it must be greater than 0"),
        (CAS + 'capacity_g = "6 kg"\n', "capacity_g = '6 kg' is not allowed; it must be a valid number"),
        (CAS + "error_after = 2.5\n", "error_after = 2.5 is not allowed; it must be a valid integer"),
        (CAS + "stability_tolerance_g = -1\n", "stability_tolerance_g = -1 is not allowed; it must be greater than"),
        ('protocol = "cas"\nmode = "stream"\n', "mode = 'stream' is not allowed; it must be 'poll' or 'continuous'"),
        ('protocol = "sics"\nmode = "continuous"\n', "protocol = 'sics' is not allowed; it must be one of"),
        ('mode = "continuous"\n', "protocol is required but missing"),
        ('protocol = "cas"\n', 'mode = "poll" needs a [commands] weigh'),
        (CAS + "[commands]\nweight = 'SI'\n", "[commands] weight is not a known key; allowed: clear_piece_weight"),
        (CAS + "[commands]\ntare = 84\n", "[commands] tare = 84 is not allowed; it must be a valid string"),
        (CAS + "baudrate = [\n", "cannot read scale profile"),
    ],
)
def test_a_bad_profile_file_is_refused_in_one_sentence_naming_file_and_key(text, says, tmp_path) -> None:
    path = tmp_path / "odd.toml"
    path.write_text(text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    said = str(caught.value)
    assert str(path) in said and says in said, said
    assert "\n" not in said, said


def test_unknown_profile_name_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="no scale profile 'no-such-scale'; available: and, cas, mt-sics"):
        load_profile("no-such-scale")
