"""espeak-ng as a WAV renderer. Mandarin uses `cmn-latn-pinyin`: plain `cmn` reads tone digits
in English (espeak-ng#1028); numbers are read in the voice's own language."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

VOICES = {"zh-Hans": "cmn-latn-pinyin", "zh-Hant": "cmn-latn-pinyin", "en": "en"}
SPEED_WPM = 140  # slower than the default 175: clearer for listeners who need time; a worker may have their own
RENDER_TIMEOUT_S = 10.0


class SpeechError(Exception):
    """Base of the speech package's errors (never shown to a worker)."""


class EspeakRenderer:
    def __init__(self, executable: str = "espeak-ng") -> None:
        self.executable = shutil.which(executable) or executable

    def available(self) -> bool:
        return shutil.which(self.executable) is not None

    def render(self, sentence: str, language: str, out: Path, rate: int | None = None) -> Path:
        """Write `sentence` spoken in `language` at `rate` words per minute (None: SPEED_WPM) to the
        WAV file `out` (atomically)."""
        voice = VOICES.get(language, VOICES["zh-Hans"])
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp.wav")
        cmd = [self.executable, "-v", voice, "-s", str(rate or SPEED_WPM), "-w", str(tmp), sentence]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=RENDER_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(f"espeak-ng could not render {sentence!r} ({voice}): {exc}") from exc
        tmp.replace(out)
        return out

    def phonemes(self, sentence: str, language: str) -> str:
        """espeak-ng's phoneme transcription (`-x`), used to check the voice speaks Mandarin."""
        voice = VOICES.get(language, VOICES["zh-Hans"])
        result = subprocess.run(
            [self.executable, "-q", "-x", "-v", voice, sentence],
            check=True,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_S,
        )
        return result.stdout.strip()
