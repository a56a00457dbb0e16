"""Issue 12, item 13: the kiosk speaks in the language and at the speech rate of the worker at the
bench, as the roster gives them, and what reaches espeak-ng is exactly that (a real espeak-ng
process, wrapped to record its arguments, renders each sentence to a WAV)."""

from __future__ import annotations

import dataclasses
import shlex
import shutil
import threading
import wave
from pathlib import Path

import pytest

from station.speech.espeak import SPEED_WPM, VOICES, EspeakRenderer
from station.speech.speaker import ClipCache, Speaker
from station.store.catalog import SqliteCatalog
from sync.demo import demo_catalog
from tests.kiosk.fakes import make_rig, pace

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


def recording_espeak(tmp_path: Path) -> tuple[Path, Path]:
    """An `espeak-ng` that appends its argument list to a log, then is the real espeak-ng."""
    log, wrapper = tmp_path / "espeak-args.log", tmp_path / "espeak-ng"
    real = shutil.which("espeak-ng")
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {shlex.quote(str(log))}\nexec {shlex.quote(str(real))} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def test_the_worker_at_the_bench_is_spoken_to_in_their_language_at_their_rate(db, station_id, tmp_path):
    demo = demo_catalog()
    slow_english = dataclasses.replace(next(w for w in demo.workers if w.worker_id == "w12"), speech_rate=100)
    assert slow_english.language == "en"
    workers = tuple(slow_english if w.worker_id == "w12" else w for w in demo.workers)
    SqliteCatalog(db).replace(dataclasses.replace(demo, workers=workers))

    wrapper, log = recording_espeak(tmp_path)
    played: list[Path] = []
    spoken = threading.Condition()

    def play(path: Path) -> None:
        with spoken:
            played.append(path)
            spoken.notify_all()

    speaker = Speaker(ClipCache(tmp_path / "clips", EspeakRenderer(str(wrapper))), play)
    speaker.start()
    rig = make_rig(db, station_id)
    rig.presenter.deps.speaker = speaker
    try:
        with spoken:
            rig.presenter.tap_worker("w12")  # 孙婷: English, 100 words per minute
            assert spoken.wait_for(lambda: any("cues" not in p.parts for p in played), timeout=30)
        pace(rig)
        rig.presenter.done_for_today()
        pace(rig)
        played.clear()
        with spoken:
            rig.presenter.tap_worker("w08")  # 黄丽: Traditional Chinese, no rate of her own
            assert spoken.wait_for(lambda: any("cues" not in p.parts for p in played), timeout=30)
    finally:
        speaker.stop()

    calls = [line.split() for line in log.read_text().splitlines()]
    voices = [(call[call.index("-v") + 1], int(call[call.index("-s") + 1])) for call in calls]
    assert voices[0] == (VOICES["en"], 100)  # the greeting of w12
    assert (VOICES["zh-Hant"], SPEED_WPM) in voices[1:]  # the greeting of w08
    clip = next(p for p in played if "cues" not in p.parts)
    with wave.open(str(clip)) as wav:
        assert wav.getnframes() > 0


def test_a_rate_gets_its_own_clip_and_a_slower_rate_a_longer_one(tmp_path):
    cache = ClipCache(tmp_path, EspeakRenderer())
    default, slow = cache.clip("Hello, five pieces", "en"), cache.clip("Hello, five pieces", "en", 90)
    assert default != slow
    with wave.open(str(default)) as a, wave.open(str(slow)) as b:
        assert b.getnframes() > a.getnframes()
