"""Each answer in one write to its socket, not its head and its body in two.

uvicorn writes an answer's status line and headers as soon as the application starts it and
the body when it follows, two sends on the connection. Each send wakes the client, and on a
machine whose cores the clients share (a counter's terminal, or the benchmark's clients) the
woken client takes the server's core for a while, twice an answer: at 32 clients, a good part
of the server's time went to waiting in those sends. Writes made during one turn of the event
loop are gathered here and sent together at its next turn, once."""

import asyncio
from typing import Any


class GatheredWrites:
    """A transport whose writes of one loop turn leave in one send (everything else is the
    transport's own)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._parts: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._parts:
            self._loop.call_soon(self.flush)
        self._parts.append(bytes(data))

    def flush(self) -> None:
        if self._parts:
            parts, self._parts = self._parts, []
            if not self._transport.is_closing():
                self._transport.write(b"".join(parts))

    def close(self) -> None:
        self.flush()  # what was written goes out before the connection closes
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def gather_answers() -> None:
    """Make uvicorn's HTTP protocols of this process write through ``GatheredWrites``."""
    from uvicorn.protocols.http import h11_impl, httptools_impl

    for protocol in (httptools_impl.HttpToolsProtocol, h11_impl.H11Protocol):
        made = protocol.connection_made
        if getattr(made, "gathers", False):
            continue

        def connection_made(self: Any, transport: asyncio.Transport, made: Any = made) -> None:
            made(self, GatheredWrites(transport, asyncio.get_running_loop()))

        connection_made.gathers = True  # type: ignore[attr-defined]
        protocol.connection_made = connection_made  # type: ignore[method-assign]
