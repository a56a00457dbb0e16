"""Composition root: builds the kiosk (store, devices, sync, speech, UI) from a settings file."""
