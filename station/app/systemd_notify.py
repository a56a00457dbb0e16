"""sd_notify for the kiosk's systemd unit (`Type=notify`, `WatchdogSec=`): `READY=1` once the
kiosk is up, then `WATCHDOG=1` from the UI loop, so systemd restarts a kiosk whose UI hangs.
Without systemd (no NOTIFY_SOCKET) every call is a no-op. Standard library only."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def notify(message: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Sends MESSAGE (e.g. "READY=1") to systemd; False when not run by systemd or on failure."""
    address = environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        log.warning("systemd notify failed", extra={"notify_message": message, "error": str(exc)})
        return False
    return True


def watchdog_interval(environ: Mapping[str, str] = os.environ) -> float | None:
    """Seconds between WATCHDOG=1 pings (half systemd's WatchdogSec), or None without a watchdog."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid.isdigit() and int(pid) != os.getpid()):
        return None
    return int(usec) / 2_000_000
