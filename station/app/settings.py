"""Typed station settings from a TOML file, with defaults; bad values get a clear message.

[station] id, site, database, language, assets_dir
[scale]   profile, port            (optional: no scale = tap counting only)
[printer] profile, target          (optional)
[sync]    broker, username, password_file, ca_file   (optional)
[kiosk]   idle_seconds, dpi, supervisor_timeout_seconds, undo_seconds, tally_ceiling,
          not_checked_in ("refuse" | "auto_check_in"), sounds
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.protocol.roster import LANGUAGES

REPO_ASSETS = Path(__file__).resolve().parents[2] / "assets"


class SettingsError(Exception):
    """The settings file is missing, unreadable or holds a bad value (the message says which)."""


@dataclass(frozen=True, slots=True)
class ScaleSettings:
    profile: str = "mt-sics"
    port: str = "/dev/workshop-scale"


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    profile: str = "generic-58mm"
    target: str = ""


@dataclass(frozen=True, slots=True)
class SyncSettings:
    broker: str = ""
    username: str | None = None
    password_file: Path | None = None
    ca_file: Path | None = None


@dataclass(frozen=True, slots=True)
class KioskSettings:
    idle_seconds: float = 60.0
    dpi: float = 132.0
    supervisor_timeout_seconds: float = 120.0
    undo_seconds: float = 10.0
    tally_ceiling: int = 500
    not_checked_in: str = "refuse"
    sounds: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    station_id: str
    site: str
    database: Path
    language: str = "zh-Hans"
    assets_dir: Path = REPO_ASSETS
    scale: ScaleSettings | None = None
    printer: PrinterSettings | None = None
    sync: SyncSettings | None = None
    kiosk: KioskSettings = field(default_factory=KioskSettings)


def load_settings(path: Path) -> Settings:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from exc
    return parse_settings(data, base=Path(path).resolve().parent)


def parse_settings(data: dict[str, Any], base: Path = Path(".")) -> Settings:
    station = _section(data, "station", required=True)
    for key in ("id", "site", "database"):
        if not isinstance(station.get(key), str) or not station[key]:
            raise SettingsError(f"[station] {key} must be a non-empty string")
    language = station.get("language", "zh-Hans")
    if language not in LANGUAGES:
        raise SettingsError(f"[station] language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    kiosk = _build(KioskSettings, _section(data, "kiosk"), "kiosk")
    if kiosk.not_checked_in not in ("refuse", "auto_check_in"):
        raise SettingsError('[kiosk] not_checked_in must be "refuse" or "auto_check_in"')
    sync = _build(SyncSettings, data["sync"], "sync") if "sync" in data else None
    if sync is not None:
        sync = SyncSettings(
            sync.broker,
            sync.username,
            _path(base, sync.password_file),
            _path(base, sync.ca_file),
        )
    return Settings(
        station_id=station["id"],
        site=station["site"],
        database=_path(base, station["database"]),
        language=language,
        assets_dir=_path(base, station.get("assets_dir")) or REPO_ASSETS,
        scale=_build(ScaleSettings, data["scale"], "scale") if "scale" in data else None,
        printer=_build(PrinterSettings, data["printer"], "printer") if "printer" in data else None,
        sync=sync,
        kiosk=kiosk,
    )


def _section(data: dict[str, Any], name: str, required: bool = False) -> dict[str, Any]:
    if name not in data:
        if required:
            raise SettingsError(f"the settings file has no [{name}] section")
        return {}
    if not isinstance(data[name], dict):
        raise SettingsError(f"[{name}] must be a table")
    return data[name]


def _build(cls: type, values: dict[str, Any], section: str) -> Any:
    fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
    unknown = set(values) - set(fields)
    if unknown:
        raise SettingsError(f"[{section}] has unknown keys: {', '.join(sorted(unknown))}")
    clean = {}
    for name, value in values.items():
        default = fields[name].default
        if isinstance(default, bool) and not isinstance(value, bool):
            raise SettingsError(f"[{section}] {name} must be true or false")
        if isinstance(default, int | float) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise SettingsError(f"[{section}] {name} must be a positive number")
            value = type(default)(value)
        clean[name] = value
    return cls(**clean)


def _path(base: Path, value: object) -> Path | None:
    if value is None or value == "":
        return None
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else base / path
