"""Offline speech: the Mandarin voice, the WAV cache and the non-blocking speaker."""

from __future__ import annotations

import shutil
import threading
import time
import wave

import pytest

from station.speech.espeak import EspeakRenderer
from station.speech.speaker import ClipCache, Speaker
from station.speech.tones import CUES

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


@needs_espeak
def test_mandarin_voice_reads_chinese_not_english():
    out = EspeakRenderer().phonemes("五", "zh-Hans")
    assert out and "(en)" not in out


@needs_espeak
def test_clips_are_rendered_once_and_cues_are_wav(tmp_path):
    cache = ClipCache(tmp_path, EspeakRenderer())
    first = cache.clip("保存了，5 个", "zh-Hans")
    stamp = first.stat().st_mtime_ns
    assert cache.clip("保存了，5 个", "zh-Hans").stat().st_mtime_ns == stamp
    with wave.open(str(first)) as wav:
        assert wav.getnframes() > 0
    for name in CUES:
        with wave.open(str(cache.cue(name))) as wav:
            assert wav.getframerate() == 22050


@needs_espeak
def test_speaker_plays_in_the_background_and_mute_silences(tmp_path):
    played, done = [], threading.Event()

    def play(path):
        played.append(path.name)
        done.set()

    speaker = Speaker(ClipCache(tmp_path, EspeakRenderer()), play)
    speaker.start()
    try:
        speaker.say("你好", "zh-Hans")
        assert done.wait(10)
        deadline = time.monotonic() + 10
        while not speaker.idle() and time.monotonic() < deadline:
            time.sleep(0.01)
        speaker.muted = True
        count = len(played)
        speaker.sound("tap")
        speaker.say("再见", "zh-Hans")
        assert speaker.idle() and len(played) == count
    finally:
        speaker.stop()
