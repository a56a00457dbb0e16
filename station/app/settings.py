"""Typed station settings from a TOML file, with defaults; a bad value is refused in one sentence.

[station] id, site, database, language, assets_dir
[scale]   profile, port            (optional: no scale = tap counting only)
[printer] profile, target          (optional)
[sync]    broker, username, password_file, ca_file   (optional)
[kiosk]   idle_seconds, dpi, supervisor_timeout_seconds, undo_seconds, tally_ceiling,
          not_checked_in ("refuse" | "auto_check_in"), sounds, tap_cooldown_ms

Relative paths are resolved against the settings file's folder. Whether a scale or printer
profile name exists is checked when the device is built (`station.app.main`): a missing profile
is device trouble on a running kiosk, not a station that refuses to start.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, ValidationInfo
from pydantic.functional_validators import AfterValidator

from station.config_model import ConfigModel, NonEmptyStr, PositiveFloat, PositiveInt, explain
from station.printing.profiles import DEFAULT_PROFILE
from sync.protocol.roster import Language

REPO_ASSETS = Path(__file__).resolve().parents[2] / "assets"


class SettingsError(Exception):
    """The settings file is missing, unreadable or holds a bad value (the one-line message says which)."""


def _no_empty(value: object) -> object:
    return None if value == "" else value


def _resolve(path: Path | None, info: ValidationInfo) -> Path | None:
    """`~` expanded; relative to the settings file's folder (the `base` in the validation context)."""
    if path is None:
        return None
    path = path.expanduser()
    base = (info.context or {}).get("base")
    return base / path if base is not None and not path.is_absolute() else path


FilePath = Annotated[Path, BeforeValidator(_no_empty), AfterValidator(_resolve)]
OptionalFilePath = Annotated[Path | None, BeforeValidator(_no_empty), AfterValidator(_resolve)]


class ScaleSettings(ConfigModel):
    profile: NonEmptyStr = "mt-sics"  # a name in firmware_config/scales/ or a .toml path
    port: NonEmptyStr = "/dev/workshop-scale"


class PrinterSettings(ConfigModel):
    profile: NonEmptyStr = DEFAULT_PROFILE  # a name in firmware_config/printers/
    target: Annotated[str, Field(strict=True)] = ""


class SyncSettings(ConfigModel):
    broker: Annotated[str, Field(strict=True)] = ""
    username: NonEmptyStr | None = None
    password_file: OptionalFilePath = None
    ca_file: OptionalFilePath = None


class KioskSettings(ConfigModel):
    idle_seconds: PositiveFloat = 60.0
    dpi: PositiveFloat = 132.0
    supervisor_timeout_seconds: PositiveFloat = 120.0
    undo_seconds: PositiveFloat = 10.0
    tally_ceiling: PositiveInt = 500
    not_checked_in: Literal["refuse", "auto_check_in"] = "refuse"
    sounds: Annotated[bool, Field(strict=True)] = True
    tap_cooldown_ms: Annotated[int, Field(strict=True, ge=0, le=2000)] = 300  # a second tap this soon is ignored


class Settings(ConfigModel):
    station_id: NonEmptyStr
    site: NonEmptyStr
    database: Path
    language: Language = "zh-Hans"
    assets_dir: Path = REPO_ASSETS
    scale: ScaleSettings | None = None
    printer: PrinterSettings | None = None
    sync: SyncSettings | None = None
    kiosk: KioskSettings = KioskSettings()


class _StationSection(ConfigModel):
    id: NonEmptyStr
    site: NonEmptyStr
    database: FilePath
    language: Language = "zh-Hans"
    assets_dir: OptionalFilePath = None


class _SettingsFile(ConfigModel):
    """The file's layout, section by section, so errors name `[section] key` as written."""

    station: _StationSection
    scale: ScaleSettings | None = None
    printer: PrinterSettings | None = None
    sync: SyncSettings | None = None
    kiosk: KioskSettings = KioskSettings()


def load_settings(path: Path) -> Settings:
    source = f"settings file {path}"
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read {source}: {exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{source} is not valid TOML: {exc}") from exc
    return parse_settings(data, base=Path(path).resolve().parent, source=source)


def parse_settings(data: dict[str, Any], base: Path = Path("."), source: str = "settings") -> Settings:
    try:
        parsed = _SettingsFile.model_validate(data, context={"base": base})
    except ValidationError as exc:
        raise SettingsError(explain(exc, source, _SettingsFile)) from None
    station = parsed.station
    return Settings(
        station_id=station.id,
        site=station.site,
        database=station.database,
        language=station.language,
        assets_dir=station.assets_dir or REPO_ASSETS,
        scale=parsed.scale,
        printer=parsed.printer,
        sync=parsed.sync,
        kiosk=parsed.kiosk,
    )
