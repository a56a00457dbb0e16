"""Bank file layouts as data: one TOML file per layout, read by office.bank_layout (docs/office.md)."""
