"""Plays WAV clips through Kivy's SDL2 audio (works with SDL_AUDIODRIVER=dummy in CI)."""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.core.audio import Sound, SoundLoader

log = logging.getLogger(__name__)

MAX_LOADED = 64


class KivySoundPlayer:
    """Call `play` on the UI thread only (the app routes it through kivy_bridge)."""

    def __init__(self) -> None:
        self._sounds: dict[Path, Sound] = {}
        self.played = 0

    def play(self, path: Path) -> None:
        sound = self._sounds.get(path)
        if sound is None:
            sound = SoundLoader.load(str(path))
            if sound is None:
                log.warning("cannot load sound", extra={"path": str(path)})
                return
            if len(self._sounds) >= MAX_LOADED:
                old_path, old = next(iter(self._sounds.items()))
                old.unload()
                del self._sounds[old_path]
            self._sounds[path] = sound
        if sound.state == "play":
            sound.stop()
        sound.seek(0)
        sound.play()
        self.played += 1
