"""A real mosquitto running the office broker configuration that provision-office.sh installed."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Broker:
    root: Path
    tls_port: int
    process: subprocess.Popen[bytes]

    def reload(self) -> None:
        """What `systemctl reload mosquitto` does: SIGHUP rereads the password file."""
        self.process.send_signal(signal.SIGHUP)


def local_broker_config(root: Path, work: Path) -> tuple[Path, int]:
    """The installed /etc/mosquitto/mosquitto.conf and conf.d/workshop.conf, changed only where a
    test must: free ports on 127.0.0.1, paths under --root or WORK, and staying root."""
    tls_port, plain_port = free_port(), free_port()
    conf_d = work / "conf.d"
    conf_d.mkdir()

    def local(text: str) -> str:
        text = text.replace("/etc/mosquitto/conf.d", str(conf_d)).replace("/etc/mosquitto/", f"{root}/etc/mosquitto/")
        for state in ("/var/lib/mosquitto/", "/run/mosquitto/", "/var/log/mosquitto/"):
            text = text.replace(state, f"{work}/")
        return text

    text = local((root / "etc/mosquitto/conf.d/workshop.conf").read_text())
    text, tls_listeners = re.subn(r"^listener 8883$", f"listener {tls_port} 127.0.0.1", text, flags=re.MULTILINE)
    text, plain_listeners = re.subn(
        r"^listener 1883 127\.0\.0\.1$", f"listener {plain_port} 127.0.0.1", text, flags=re.MULTILINE
    )
    assert (tls_listeners, plain_listeners) == (1, 1), "deploy/mosquitto/mosquitto.conf changed its listeners"
    (conf_d / "workshop.conf").write_text(text)
    main = work / "mosquitto.conf"
    main.write_text(local((root / "etc/mosquitto/mosquitto.conf").read_text()) + "user root\n")
    return main, tls_port


@contextmanager
def running_broker(mosquitto: str, root: Path, work: Path) -> Iterator[Broker]:
    """mosquitto with the office configuration installed under ROOT, until the block ends."""
    config, tls_port = local_broker_config(root, work)
    process = subprocess.Popen([mosquitto, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", tls_port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "mosquitto did not start listening"
                time.sleep(0.05)
        yield Broker(root, tls_port, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
