"""The kiosk's short sound cues, synthesised once into WAV files (no audio assets to license)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050

# name -> notes (frequency Hz, seconds); 0 Hz is a rest.
CUES: dict[str, tuple[tuple[float, float], ...]] = {
    "tap": ((880, 0.05),),
    "greeting": ((523, 0.12), (659, 0.12), (784, 0.18)),
    "celebrate": ((523, 0.1), (659, 0.1), (784, 0.1), (1047, 0.25)),
    "undo": ((784, 0.12), (523, 0.18)),
    "goodbye": ((784, 0.12), (659, 0.12), (523, 0.2)),
    "error": ((220, 0.15), (0, 0.05), (220, 0.15)),
    "attention": ((660, 0.15), (0, 0.1), (660, 0.15)),  # idle soon / a count is still waiting
}


def write_cue(name: str, out: Path, volume: float = 0.4) -> Path:
    """Render cue `name` as 16-bit mono WAV with short fades (no clicks)."""
    frames = bytearray()
    for freq, seconds in CUES[name]:
        n = int(RATE * seconds)
        fade = max(1, int(RATE * 0.01))
        for i in range(n):
            env = min(1.0, i / fade, (n - i) / fade)
            sample = volume * env * math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            frames += struct.pack("<h", int(sample * 32767))
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out
