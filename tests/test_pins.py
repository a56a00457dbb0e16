from sync.protocol.pins import hash_pin, verify_pin


def test_pin_hashes_are_salted_and_verify() -> None:
    a, b = hash_pin("1234", iterations=1000), hash_pin("1234", iterations=1000)
    assert a != b
    assert verify_pin("1234", a) and verify_pin("1234", b)
    assert not verify_pin("1235", a)


def test_a_malformed_hash_never_matches() -> None:
    for broken in ("", "1234", "md5$1$00$00", "pbkdf2_sha256$x$zz$00", "pbkdf2_sha256$10$00"):
        assert not verify_pin("1234", broken)
