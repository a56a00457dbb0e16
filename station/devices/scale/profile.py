"""Scale profiles: everything that differs between workshops' scales, as data in TOML.

A profile names the protocol family, the port (prefer `/dev/serial/by-path/…` or the udev
symlink `/dev/workshop-scale`: ttyUSB numbers move on replug), the line settings and the
exact command bytes, so a new scale model usually needs a new file, not new code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from station.devices.scale.errors import ProfileError
from station.devices.scale.protocols import codec_class

PROFILE_DIR = Path(__file__).resolve().parents[3] / "firmware_config" / "scales"
MODES = ("poll", "continuous")


@dataclass(frozen=True)
class Commands:
    """Exact bytes sent to the scale; an empty string means the scale has no such command."""

    weigh: str = ""
    stable: str = ""
    tare: str = ""
    zero: str = ""
    start_stream: str = ""
    piece_weight: str = ""  # a format string with {grams}; the scale then counts itself
    clear_piece_weight: str = ""


@dataclass(frozen=True)
class ScaleProfile:
    name: str
    protocol: str
    port: str = "/dev/workshop-scale"
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    mode: str = "poll"
    poll_interval_s: float = 0.1
    unit: str = "g"  # for protocols that send no unit
    division_g: float = 0.1
    capacity_g: float = 6000.0
    silence_s: float = 1.0  # no bytes for this long: the scale is gone
    reconnect_s: float = 0.2
    error_after: int = 3  # consecutive unreadable frames before `error` is shown
    stability_readings: int = 5
    stability_tolerance_g: float = 0.0  # 0: one division
    stability_min_time_s: float = 0.3
    count_tolerance: float = 0.3
    near_zero_g: float = 0.0  # 0: five divisions
    guard_change_g: float = 0.0  # 0: five divisions (or half a piece when one is set)
    commands: Commands = field(default_factory=Commands)

    def __post_init__(self) -> None:
        codec_class(self.protocol)
        if self.mode not in MODES:
            raise ProfileError(f"profile {self.name}: mode must be one of {MODES}, got {self.mode!r}")
        if self.mode == "poll" and not self.commands.weigh:
            raise ProfileError(f"profile {self.name}: poll mode needs commands.weigh")
        if self.bytesize not in (5, 6, 7, 8) or self.parity not in ("N", "E", "O", "M", "S"):
            raise ProfileError(f"profile {self.name}: bad line settings {self.bytesize}{self.parity}")
        if self.division_g <= 0 or self.capacity_g <= 0 or self.poll_interval_s <= 0:
            raise ProfileError(f"profile {self.name}: division, capacity and poll interval must be positive")

    @property
    def tolerance_g(self) -> float:
        return self.stability_tolerance_g or self.division_g

    @property
    def zero_band_g(self) -> float:
        return self.near_zero_g or 5 * self.division_g

    def with_port(self, port: str | None) -> ScaleProfile:
        return self if port is None else replace(self, port=port)


def load_profile(name_or_path: str | Path) -> ScaleProfile:
    """Loads `firmware_config/scales/<name>.toml`, or a TOML file given by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = PROFILE_DIR / f"{name_or_path}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
        raise ProfileError(f"no scale profile {str(name_or_path)!r} (known: {known})") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read scale profile {path}: {exc}") from exc
    return profile_from_dict(data, default_name=path.stem)


def profile_from_dict(data: dict[str, Any], default_name: str = "custom") -> ScaleProfile:
    data = dict(data)
    commands = data.pop("commands", {})
    known = {f.name for f in fields(ScaleProfile)}
    unknown = sorted(set(data) - known) + sorted(
        f"commands.{k}" for k in set(commands) - {f.name for f in fields(Commands)}
    )
    if unknown:
        raise ProfileError(f"profile {default_name}: unknown keys {', '.join(unknown)}")
    data.setdefault("name", default_name)
    try:
        return ScaleProfile(**data, commands=Commands(**commands))
    except TypeError as exc:
        raise ProfileError(f"profile {default_name}: {exc}") from exc
