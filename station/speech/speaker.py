"""Speaks without blocking the UI: one background thread renders (or finds cached) WAV clips
and hands them to `play`, which the app routes onto the UI thread.

Clips are cached by (language, rate, sentence), so numbers and phrases are rendered once; the
cache is pre-filled at start with the fixed phrases and the first numbers. If a new sentence
arrives while older ones still wait, the older ones are dropped: stale speech helps nobody.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from station.speech.espeak import EspeakRenderer, SpeechError
from station.speech.tones import CUES, write_cue

log = logging.getLogger(__name__)

Play = Callable[[Path], None]
_Job = tuple[str, str, str, int | None]  # ("say", sentence, language, rate) or ("cue", name, "", None)


class ClipCache:
    def __init__(self, root: Path, renderer: EspeakRenderer) -> None:
        self.root = root
        self.renderer = renderer

    def path(self, sentence: str, language: str, rate: int | None = None) -> Path:
        """The default rate keeps the plain name, so clips rendered before rates existed stay valid."""
        key = f"{language}\0{sentence}" if rate is None else f"{language}\0{rate}\0{sentence}"
        digest = hashlib.sha1(key.encode()).hexdigest()[:16]
        return self.root / language / f"{digest}.wav"

    def clip(self, sentence: str, language: str, rate: int | None = None) -> Path:
        out = self.path(sentence, language, rate)
        if not out.exists():
            self.renderer.render(sentence, language, out, rate)
        return out

    def cue(self, name: str) -> Path:
        out = self.root / "cues" / f"{name}.wav"
        if not out.exists():
            write_cue(name, out)
        return out


class Speaker:
    """Implements the presenters' SpeakerPort."""

    def __init__(self, cache: ClipCache, play: Play, *, max_waiting: int = 2) -> None:
        self.cache = cache
        self.play = play
        self.muted = False
        self._jobs: deque[_Job] = deque()
        self._max_waiting = max_waiting
        self._wake = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self, warm: Iterable[tuple[str, str]] = ()) -> None:
        self._thread = threading.Thread(target=self._run, args=(list(warm),), name="speaker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def say(self, sentence: str, language: str, rate: int | None = None) -> None:
        self._submit(("say", sentence, language, rate))

    def sound(self, name: str) -> None:
        if name in CUES:
            self._submit(("cue", name, "", None))

    def _submit(self, job: _Job) -> None:
        if self.muted:
            return
        with self._wake:
            self._jobs.append(job)
            while len(self._jobs) > self._max_waiting:
                self._jobs.popleft()
            self._wake.notify()

    def idle(self) -> bool:
        with self._wake:
            return not self._jobs

    def _run(self, warm: list[tuple[str, str]]) -> None:
        for name in CUES:
            self._safely(self.cache.cue, name)
        for sentence, language in warm:
            if self._stopping:
                return
            if self._jobs:  # live speech first; warming waits
                self._drain()
            self._safely(self.cache.clip, sentence, language)
        self._drain(forever=True)

    def _drain(self, forever: bool = False) -> None:
        while True:
            with self._wake:
                while not self._jobs and not self._stopping and forever:
                    self._wake.wait()
                if self._stopping or not self._jobs:
                    return
                kind, a, b, rate = self._jobs.popleft()
            path = self._safely(self.cache.cue, a) if kind == "cue" else self._safely(self.cache.clip, a, b, rate)
            if path is not None and not self.muted:
                self.play(path)

    def _safely(self, fn: Callable[..., Path], *args: str | int | None) -> Path | None:
        try:
            return fn(*args)
        except (SpeechError, OSError) as exc:
            log.warning("no sound", extra={"what": args, "error": str(exc)})
            return None
