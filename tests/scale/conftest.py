"""Fixtures for scale tests: simulators on real PTYs behind a re-pointable symlink, and services."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from station.devices.scale import ScaleService, load_profile
from station.devices.scale.simulator import ScaleSimulator
from station.domain.weighing import Reading

ALL_PROFILES = ("mt-sics", "toledo-8217", "and", "ohaus", "cas", "yaohua-xk3190", "yaohua-xk3190-eq")


def wait_for(condition: Callable[[], object], timeout: float = 5.0, what: str = "condition") -> None:
    """Polls `condition` until true; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


class Recorder:
    """Collects every reading a service delivers (called from the service thread)."""

    def __init__(self) -> None:
        self.readings: list[Reading] = []

    def __call__(self, reading: Reading) -> None:
        self.readings.append(reading)

    def mark(self) -> int:
        return len(self.readings)

    def since(self, mark: int) -> list[Reading]:
        return list(self.readings[mark:])


@pytest.fixture
def make_sim(tmp_path: Path) -> Iterator[Callable[..., ScaleSimulator]]:
    sims: list[ScaleSimulator] = []

    def make(protocol: str, **kwargs: object) -> ScaleSimulator:
        kwargs.setdefault("link", tmp_path / f"scale-{len(sims)}")
        kwargs.setdefault("settle_s", 0.3)
        sim = ScaleSimulator(protocol, **kwargs)  # type: ignore[arg-type]
        sims.append(sim)
        sim.start()
        return sim

    yield make
    for sim in sims:
        sim.stop()


@pytest.fixture
def make_service() -> Iterator[Callable[..., tuple[ScaleService, Recorder]]]:
    services: list[ScaleService] = []

    def make(profile_name: str, port: str, **overrides: object) -> tuple[ScaleService, Recorder]:
        recorder = Recorder()
        profile = load_profile(profile_name).model_copy(update=overrides)
        service = ScaleService(profile, port, on_reading=recorder)
        services.append(service)
        service.start()
        return service, recorder

    yield make
    for service in services:
        thread = service._thread
        service.stop()
        assert thread is None or not thread.is_alive(), "the scale thread did not stop"
