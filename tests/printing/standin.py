"""A network receipt printer stand-in: a TCP listener on 127.0.0.1 that captures the bytes sent
to it and answers DLE EOT status queries from a script of replies (the last one repeats)."""

from __future__ import annotations

import socket
import threading

from tests.printing.escpos_decode import Control, Decoder, Incomplete

PAPER_OK, PAPER_OUT = 0x12, 0x72  # DLE EOT 4: bits 5+6 = paper end
PRINTER_OK, PRINTER_OFFLINE = 0x12, 0x1A  # DLE EOT 1: bit 3 = offline


class PrinterStandIn:
    def __init__(self, encoding: str = "gb18030") -> None:
        self.encoding = encoding
        self.paper_replies: list[int] = [PAPER_OK]  # popped per DLE EOT 4; the last one stays
        self.printer_replies: list[int] = [PRINTER_OK]
        self.queries = 0
        self._captured = bytearray()
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    @property
    def target(self) -> str:
        return f"tcp:127.0.0.1:{self.port}"

    def captured(self) -> bytes:
        with self._lock:
            return bytes(self._captured)

    def set_paper(self, *replies: int) -> None:
        with self._lock:
            self.paper_replies = list(replies)

    def set_printer(self, *replies: int) -> None:
        with self._lock:
            self.printer_replies = list(replies)

    def close(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(5)
        self._server.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        decoder, buffer, pos = Decoder(self.encoding), bytearray(), 0
        conn.settimeout(0.2)
        with conn:
            while not self._stopping.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                while pos < len(buffer):
                    try:
                        item, end = decoder.step(bytes(buffer), pos)
                    except Incomplete:
                        break
                    if isinstance(item, Control) and item.kind == "status":
                        conn.sendall(bytes([self._reply(item.n)]))
                    else:
                        with self._lock:
                            self._captured += buffer[pos:end]
                    pos = end

    def _reply(self, n: int) -> int:
        with self._lock:
            self.queries += 1
            replies = self.paper_replies if n == 4 else self.printer_replies
            return replies.pop(0) if len(replies) > 1 else replies[0]
