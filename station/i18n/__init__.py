"""Every user-visible string in zh-Hans, zh-Hant and en, and the font that can show them."""
