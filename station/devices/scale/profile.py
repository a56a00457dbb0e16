"""Scale profiles: everything that differs between workshops' scales, as data in TOML.

A profile names the protocol family, the port (prefer `/dev/serial/by-path/…` or the udev
symlink `/dev/workshop-scale`: ttyUSB numbers move on replug), the line settings and the
exact command bytes, so a new scale model usually needs a new file, not new code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, ValidationError, field_validator, model_validator

from station.config_model import ConfigModel, NonEmptyStr, NonNegativeFloat, PositiveFloat, PositiveInt, explain
from station.devices.scale.errors import ProfileError
from station.devices.scale.protocols import PROTOCOLS

PROFILE_DIR = Path(__file__).resolve().parents[3] / "firmware_config" / "scales"
Mode = Literal["poll", "continuous"]
MODES: tuple[str, ...] = get_args(Mode)
Baudrate = Literal[110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200]
Command = Annotated[str, Field(strict=True)]


class Commands(ConfigModel):
    """Exact bytes sent to the scale; an empty string means the scale has no such command."""

    weigh: Command = ""
    stable: Command = ""
    tare: Command = ""
    zero: Command = ""
    start_stream: Command = ""
    piece_weight: Command = ""  # a format string with {grams}; the scale then counts itself
    clear_piece_weight: Command = ""


class ScaleProfile(ConfigModel):
    name: NonEmptyStr
    protocol: str
    port: NonEmptyStr = "/dev/workshop-scale"
    baudrate: Baudrate = 9600  # the standard rates only: a typo must not reach the serial port
    bytesize: Literal[5, 6, 7, 8] = 8
    parity: Literal["N", "E", "O", "M", "S"] = "N"
    stopbits: Literal[1, 1.5, 2] = 1
    mode: Mode = "poll"
    poll_interval_s: PositiveFloat = 0.1
    unit: NonEmptyStr = "g"  # for protocols that send no unit
    division_g: PositiveFloat = 0.1
    capacity_g: PositiveFloat = 6000.0
    silence_s: PositiveFloat = 1.0  # no bytes for this long: the scale is gone
    reconnect_s: PositiveFloat = 0.2
    error_after: PositiveInt = 3  # consecutive unreadable frames before `error` is shown
    stability_readings: PositiveInt = 5
    stability_tolerance_g: NonNegativeFloat = 0.0  # 0: one division
    stability_min_time_s: NonNegativeFloat = 0.3
    count_tolerance: PositiveFloat = 0.3
    near_zero_g: NonNegativeFloat = 0.0  # 0: five divisions
    guard_change_g: NonNegativeFloat = 0.0  # 0: five divisions (or half a piece when one is set)
    commands: Commands = Commands()

    @field_validator("protocol")
    @classmethod
    def _known_protocol(cls, protocol: str) -> str:
        if protocol not in PROTOCOLS:
            raise ValueError(f"it must be one of the scale protocols {', '.join(PROTOCOLS)}")
        return protocol

    @model_validator(mode="after")
    def _poll_needs_weigh(self) -> ScaleProfile:
        if self.mode == "poll" and not self.commands.weigh:
            raise ValueError('mode = "poll" needs a [commands] weigh')
        return self

    @property
    def tolerance_g(self) -> float:
        return self.stability_tolerance_g or self.division_g

    @property
    def zero_band_g(self) -> float:
        return self.near_zero_g or 5 * self.division_g

    def with_port(self, port: str | None) -> ScaleProfile:
        return self if port is None else self.model_copy(update={"port": port})


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path) -> ScaleProfile:
    """Loads `firmware_config/scales/<name>.toml`, or a TOML file given by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = PROFILE_DIR / f"{name_or_path}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(
            f"no scale profile {str(name_or_path)!r}; available: {', '.join(available_profiles())}"
        ) from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read scale profile {path}: {exc}") from exc
    return profile_from_dict(data, default_name=path.stem, source=f"scale profile {path}")


def profile_from_dict(data: dict[str, Any], default_name: str = "custom", source: str = "") -> ScaleProfile:
    try:
        return ScaleProfile.model_validate({"name": default_name, **data})
    except ValidationError as exc:
        raise ProfileError(explain(exc, source or f"scale profile {default_name}", ScaleProfile)) from None
