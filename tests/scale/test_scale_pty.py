"""Every driver through a real pseudo-terminal (pyserial on /dev/pts/N) against the simulator."""

from __future__ import annotations

import os

import pytest

from station.devices.scale import Commands, ScaleService, ScaleStatus, load_profile
from tests.scale.conftest import ALL_PROFILES, wait_for

PIECE_G = 2.5


def settled(service, grams=None, count=None):  # type: ignore[no-untyped-def]
    def check() -> bool:
        r = service.latest()
        if r.status is not ScaleStatus.OK or not r.stable:
            return False
        if grams is not None and (r.weight_g is None or abs(r.weight_g - grams) > 0.3):
            return False
        return count is None or r.count == count

    return check


def status_is(service, status):  # type: ignore[no-untyped-def]
    return lambda: service.latest().status is status


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_weighs_counts_moves_tares_and_flags_overload(name, make_sim, make_service) -> None:
    sim = make_sim(load_profile(name).protocol)
    service, recorder = make_service(name, sim.path)
    wait_for(settled(service, 0.0), what="empty pan")

    mark = recorder.mark()
    sim.put_weight(50.0)  # a container
    wait_for(settled(service, 50.0), what="container weighed")
    assert any(r.status is ScaleStatus.UNSTABLE and not r.stable for r in recorder.since(mark)), (
        "no motion seen"
    )

    assert service.tare()
    wait_for(settled(service, 0.0), what="tared to zero")

    service.set_piece_weight(PIECE_G)
    sim.put_pieces(12, PIECE_G)
    wait_for(settled(service, count=12), what="12 pieces counted")
    reading = service.latest()
    assert reading.countable

    sim.overload()
    wait_for(status_is(service, ScaleStatus.OVERLOAD), what="overload")
    assert service.latest().weight_g is None and service.latest().count is None

    sim.remove_all()
    sim.put_weight(-60.0)  # the pan lifted: far below zero
    wait_for(status_is(service, ScaleStatus.UNDERLOAD), what="underload")


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_unplug_shows_disconnected_and_replug_resumes(name, make_sim, make_service) -> None:
    sim = make_sim(load_profile(name).protocol)
    service, _ = make_service(name, sim.path)
    sim.put_pieces(10, PIECE_G)
    service.set_piece_weight(PIECE_G)
    wait_for(settled(service, count=10), what="first reading")
    first_pts = sim.pts_path

    sim.unplug()
    assert not os.path.lexists(sim.path)
    wait_for(status_is(service, ScaleStatus.DISCONNECTED), timeout=1.0, what="disconnected within 1 s")

    sim.replug()
    assert os.path.realpath(sim.path) == sim.pts_path
    wait_for(settled(service, count=10), timeout=2.0, what="readings again within 2 s of replug")
    assert sim.pts_path != first_pts or os.path.exists(first_pts)


@pytest.mark.parametrize("name", ["mt-sics", "and", "ohaus", "toledo-8217", "cas"])
def test_zero_command_reaches_the_scale(name, make_sim, make_service) -> None:
    sim = make_sim(load_profile(name).protocol)
    service, _ = make_service(name, sim.path)
    sim.put_weight(30.0)  # within the 2 % zero range of a 6 kg scale
    wait_for(settled(service, 30.0), what="weight before zero")
    assert service.zero()
    wait_for(settled(service, 0.0), what="zeroed")
    sim.put_weight(10.0)
    wait_for(settled(service, 10.0), what="weighing from the new zero")


def test_software_zero_and_tare_need_a_stable_weight(make_sim, make_service) -> None:
    sim = make_sim("yaohua-xk3190")
    service, _ = make_service("yaohua-xk3190", sim.path)
    wait_for(settled(service, 0.0), what="empty pan")
    sim.put_weight(40.0)
    wait_for(lambda: not service.latest().stable, what="moving")
    assert not service.tare(), "a software tare on a moving pan must be refused"
    wait_for(settled(service, 40.0), what="settled")
    assert service.zero()
    wait_for(settled(service, 0.0), what="software zero")


def test_scale_that_counts_itself_is_taught_the_piece_weight(make_sim, make_service) -> None:
    sim = make_sim("and")
    commands = load_profile("and").commands.model_copy(update={"piece_weight": "G,{grams:.6f}\r\n"})
    service, _ = make_service("and", sim.path, commands=commands)
    sim.put_pieces(20, PIECE_G)
    service.set_piece_weight(PIECE_G)
    wait_for(lambda: service.latest().count == 20 and service.latest().weight_g is None, what="QT count")
    assert sim.pan.piece_weight_g == pytest.approx(PIECE_G)


def test_host_counting_refuses_an_ambiguous_weight(make_sim, make_service) -> None:
    sim = make_sim("mt-sics", spread=0.0)
    service, _ = make_service("mt-sics", sim.path)
    service.set_piece_weight(PIECE_G)
    sim.put_pieces(10, PIECE_G)
    sim.put_weight(1.2)  # a foreign object: half a piece
    wait_for(settled(service, 26.2), what="settled")
    reading = service.latest()
    assert reading.count is None and "not a whole number" in reading.detail and not reading.countable


def test_double_count_guard_needs_an_empty_pan_or_a_change(make_sim, make_service) -> None:
    sim = make_sim("cas")
    service, _ = make_service("cas", sim.path)
    service.set_piece_weight(PIECE_G)
    sim.put_pieces(10, PIECE_G)
    wait_for(settled(service, count=10), what="10 pieces")
    assert service.save_allowed()
    service.arm_after_save()
    assert not service.save_allowed()
    sim.put_pieces(4, PIECE_G)
    wait_for(settled(service, count=14), what="14 pieces")
    assert service.save_allowed(), "a changed weight releases the guard"
    service.arm_after_save()
    sim.remove_all()
    wait_for(settled(service, 0.0), what="empty pan")
    assert service.save_allowed()


def test_garbage_and_overlong_lines_become_error_then_recover(make_sim, make_service) -> None:
    sim = make_sim("and")
    service, recorder = make_service("and", sim.path)
    sim.put_weight(20.0)
    wait_for(settled(service, 20.0), what="reading")
    mark = recorder.mark()
    sim.write_raw(b"\xff\xfe\x00noise\r\n" * 4)
    wait_for(lambda: any(r.status is ScaleStatus.ERROR for r in recorder.since(mark)), what="error")
    error = next(r for r in recorder.since(mark) if r.status is ScaleStatus.ERROR)
    assert "unreadable" in error.detail
    wait_for(settled(service, 20.0), what="recovered")

    mark = recorder.mark()
    sim.write_raw(bytes(range(32, 127)) * 12)  # 1 kB without a line end, as at a wrong baud rate
    wait_for(lambda: any(r.status is ScaleStatus.ERROR for r in recorder.since(mark)), what="overlong error")
    wait_for(settled(service, 20.0), what="recovered again")
    assert len(service._driver.framer) <= service._driver.framer.spec.max_len


def test_wrong_protocol_is_an_error_not_a_crash(make_sim, make_service) -> None:
    sim = make_sim("ohaus")
    service, _ = make_service("mt-sics", sim.path)  # the Ohaus answers SI with ES
    wait_for(status_is(service, ScaleStatus.ERROR), what="error")
    assert "ES" in service.latest().detail


def test_silent_scale_is_disconnected(make_sim, make_service) -> None:
    sim = make_sim("toledo-8217")
    service, _ = make_service("and", sim.path)  # the 8217 ignores Q: nothing ever comes back
    wait_for(lambda: "no data" in service.latest().detail, what="silence noticed")
    assert service.latest().status is ScaleStatus.DISCONNECTED


def test_missing_port_is_disconnected_and_picked_up_when_it_appears(tmp_path, make_sim, make_service) -> None:
    link = tmp_path / "later"
    service, _ = make_service("cas", str(link))
    wait_for(lambda: "cannot open" in service.latest().detail, what="disconnected")
    assert service.latest().status is ScaleStatus.DISCONNECTED
    make_sim("cas", link=link)
    wait_for(settled(service, 0.0), what="found after plug-in")


def test_continuous_mode_starts_the_stream(make_sim, make_service) -> None:
    sim = make_sim("mt-sics")
    commands = load_profile("mt-sics").commands
    service, _ = make_service("mt-sics", sim.path, mode="continuous", commands=commands)
    sim.put_weight(12.3)
    wait_for(settled(service, 12.3), what="SIR stream")
    assert sim.emulation.streaming


def test_stop_is_bounded_even_while_disconnected(make_service) -> None:
    service, _ = make_service("cas", "/nonexistent/scale")
    wait_for(lambda: "cannot open" in service.latest().detail, what="disconnected")
    thread = service._thread
    service.stop()
    assert thread is not None and not thread.is_alive()


def test_service_commands_are_ignored_where_the_profile_has_none(make_sim, make_service) -> None:
    sim = make_sim("cas")
    bare = load_profile("cas").commands.model_copy(update={"tare": "", "zero": ""})
    service, _ = make_service("cas", sim.path, commands=bare)
    assert isinstance(bare, Commands)
    wait_for(settled(service, 0.0), what="reading")
    assert service.tare()  # falls back to software tare on a stable pan


def test_a_failing_callback_does_not_stop_the_readings(make_sim) -> None:
    sim = make_sim("cas")
    calls: list[object] = []

    def explode(reading: object) -> None:
        calls.append(reading)
        raise RuntimeError("kiosk bug")

    service = ScaleService(load_profile("cas"), sim.path, on_reading=explode)
    service.start()
    try:
        wait_for(settled(service, 0.0), what="first reading")
        sim.put_weight(15.0)
        wait_for(settled(service, 15.0), what="readings go on after the callback failed")
        assert len(calls) >= 2
    finally:
        service.stop()


def test_line_settings_the_port_refuses_are_an_error_reading_not_a_dead_thread(make_sim, make_service) -> None:
    """A profile that skipped validation (built in code) with `baudrate = "fast"`: pyserial raises ValueError."""
    sim = make_sim("cas")
    service, _ = make_service("cas", sim.path, baudrate="fast")
    wait_for(lambda: "fast" in service.latest().detail, what="the bad baud rate reported")
    assert service.latest().status is ScaleStatus.ERROR
    assert "cannot configure" in service.latest().detail
    thread = service._thread
    wait_for(lambda: service._driver._port is None, what="the half-open port released")
    assert thread is not None and thread.is_alive()


def test_an_exception_from_the_driver_open_is_retried_until_the_scale_answers(
    make_sim, make_service, monkeypatch
) -> None:
    sim = make_sim("cas")
    service, _ = make_service("cas", sim.path)
    real_open, failures = service._driver.open, []

    def flaky_open() -> None:
        if len(failures) < 3:
            failures.append(1)
            raise RuntimeError("driver bug")
        real_open()

    wait_for(settled(service, 0.0), what="first reading")
    monkeypatch.setattr(service._driver, "open", flaky_open)
    sim.unplug()
    wait_for(lambda: "driver bug" in service.latest().detail, what="the failed open reported")
    assert service.latest().status is ScaleStatus.ERROR and service._thread.is_alive()
    sim.replug()
    sim.put_weight(7.5)
    wait_for(settled(service, 7.5), what="recovered after the failing opens")
    assert len(failures) == 3
