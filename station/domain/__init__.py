"""Pure domain model of the station: events, roster, totals. No I/O, no Kivy, no SQL."""
