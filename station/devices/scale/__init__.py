"""Counting scales: one driver per protocol family behind one service, chosen by a profile.

    profile = load_profile("mt-sics")            # firmware_config/scales/mt-sics.toml
    service = ScaleService(profile, port=None, on_reading=callback)
    service.start(); service.latest(); service.stop()

The simulator (`station.devices.scale.simulator.ScaleSimulator`) speaks every family on a PTY.
"""

from station.devices.scale.errors import FrameError, ProfileError, ScaleError
from station.devices.scale.profile import PROFILE_DIR, Commands, ScaleProfile, load_profile
from station.devices.scale.protocols import PROTOCOLS
from station.devices.scale.service import ScaleService
from station.domain.weighing import Reading, ScaleStatus

__all__ = [
    "PROFILE_DIR",
    "PROTOCOLS",
    "Commands",
    "FrameError",
    "ProfileError",
    "Reading",
    "ScaleError",
    "ScaleProfile",
    "ScaleService",
    "ScaleStatus",
    "load_profile",
]
