from pathlib import Path

from sync.protocol.pins import hash_pin, read_pepper, verify_pin

PEPPER_A, PEPPER_B = b"pepper-of-site-a", b"pepper-of-site-b"


def test_pin_hashes_are_salted_and_verify() -> None:
    a, b = hash_pin("1234", PEPPER_A, iterations=1000), hash_pin("1234", PEPPER_A, iterations=1000)
    assert a != b
    assert verify_pin("1234", a, PEPPER_A) and verify_pin("1234", b, PEPPER_A)
    assert not verify_pin("1235", a, PEPPER_A)


def test_a_hash_made_with_one_pepper_does_not_verify_with_another_or_none() -> None:
    encoded = hash_pin("1234", PEPPER_A, iterations=1000)
    assert encoded.startswith("pbkdf2_sha256_pepper$")
    assert not verify_pin("1234", encoded, PEPPER_B)
    assert not verify_pin("1234", encoded, b"")


def test_an_unpeppered_hash_still_verifies_so_a_site_is_not_locked_out() -> None:
    legacy = hash_pin("1234", b"", iterations=1000)
    assert legacy.startswith("pbkdf2_sha256$")
    assert verify_pin("1234", legacy, PEPPER_A) and verify_pin("1234", legacy, b"")


def test_a_malformed_hash_never_matches() -> None:
    for broken in ("", "1234", "md5$1$00$00", "pbkdf2_sha256$x$zz$00", "pbkdf2_sha256$10$00"):
        assert not verify_pin("1234", broken, PEPPER_A)


def test_the_pepper_file_is_read_once_without_its_newline(tmp_path: Path) -> None:
    (tmp_path / "pin-pepper").write_text("s3cret\n")
    assert read_pepper(str(tmp_path / "pin-pepper")) == b"s3cret" and read_pepper(None) == b""
