"""Use cases of the station, written against small ports (no Kivy, no SQL, no devices)."""
