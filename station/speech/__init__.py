"""Spoken feedback: offline TTS (espeak-ng) rendered to a WAV cache, and short sound cues."""
