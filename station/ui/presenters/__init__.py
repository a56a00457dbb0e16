"""Presenters: the kiosk's state and intents in plain Python (no Kivy), tested without a window."""
