"""Plays WAV clips through Kivy's SDL2 audio (works with SDL_AUDIODRIVER=dummy in CI)."""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.core.audio import Sound, SoundLoader

log = logging.getLogger(__name__)

MAX_LOADED = 64


class KivySoundPlayer:
    """Call `play` on the UI thread only (the app routes it through kivy_bridge).

    At most one cue and one spoken clip sound at a time: a new one cuts the old one short
    (stale speech helps nobody, and SDL_mixer has only a few channels).
    """

    def __init__(self) -> None:
        self._sounds: dict[Path, Sound] = {}
        self._playing: dict[str, Sound] = {}
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
        channel = "cue" if path.parent.name == "cues" else "speech"
        previous = self._playing.get(channel)
        if previous is not None and previous.state == "play":
            previous.stop()
        if sound.state == "play":
            sound.stop()
        sound.seek(0)
        sound.play()
        self._playing[channel] = sound
        self.played += 1
