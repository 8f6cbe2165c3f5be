"""Refuse every network connection that would leave this machine, and remember who tried.

A build must never reach out: it would break offline editors, make builds depend on
third parties, and leak readers' or editors' machines to them. The guard replaces the
socket entry points (``getaddrinfo``, ``create_connection``, ``socket.connect``,
``connect_ex`` and ``sendto``); a call aimed at anything but loopback raises
:class:`NetworkRefused` *before* the real function runs, so no packet and no DNS query
leaves. Loopback (127.0.0.0/8, ::1, ``localhost``) and Unix sockets stay usable for
local test servers and browsers.

Plain module on purpose: ``conftest.py`` installs it for the test session, and
``test_no_network.py`` loads it into a build subprocess before MkDocs starts.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from dataclasses import dataclass, field
from typing import Any, Callable

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
RECORD_ENV = "PROCEEDINGS_NETGUARD_RECORD"   # file the subprocess appends attempts to, one JSON line each
_ABSENT = object()


class NetworkRefused(ConnectionRefusedError):
    """Raised instead of a connection off loopback; an OSError, as the real failure would be."""


def is_loopback_host(host: object) -> bool:
    """True for loopback addresses and names; None/'' mean 'this host' in getaddrinfo."""
    if host is None or host in ("", b""):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().strip("[]").split("%", 1)[0].rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def is_local_address(address: object) -> bool:
    """True when a socket address stays on this machine (loopback or a Unix socket path)."""
    if isinstance(address, (str, bytes)):      # AF_UNIX path
        return True
    if isinstance(address, tuple) and address:
        return is_loopback_host(address[0])
    return False


@dataclass
class Guard:
    """Installs refusing wrappers on a socket module; ``attempts`` lists what was refused.

    ``module`` is :mod:`socket` in real use; tests pass a stand-in so that the guard's
    logic is checked without any real connection being possible.
    """

    module: Any = socket
    on_attempt: Callable[[str, str], None] | None = None
    attempts: list[tuple[str, str]] = field(default_factory=list)
    _saved: list[tuple[Any, str, Any]] = field(default_factory=list)

    def refuse(self, function: str, target: object) -> None:
        shown = repr(target)
        self.attempts.append((function, shown))
        if self.on_attempt:
            self.on_attempt(function, shown)
        raise NetworkRefused(f"network access refused during the build or tests: {function}({shown}); "
                             "builds and tests may only use loopback addresses")

    def install(self) -> "Guard":
        mod, cls = self.module, self.module.socket
        real_getaddrinfo, real_create = mod.getaddrinfo, mod.create_connection
        real_connect, real_connect_ex, real_sendto = cls.connect, cls.connect_ex, cls.sendto
        guard = self

        def getaddrinfo(host, *args, **kwargs):
            if not is_loopback_host(host):
                guard.refuse("getaddrinfo", host)
            return real_getaddrinfo(host, *args, **kwargs)

        def create_connection(address, *args, **kwargs):
            if not is_local_address(address):
                guard.refuse("create_connection", address)
            return real_create(address, *args, **kwargs)

        def connect(sock, address):
            if not is_local_address(address):
                guard.refuse("socket.connect", address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if not is_local_address(address):
                guard.refuse("socket.connect_ex", address)
            return real_connect_ex(sock, address)

        def sendto(sock, data, *rest):
            if rest and not is_local_address(rest[-1]):
                guard.refuse("socket.sendto", rest[-1])
            return real_sendto(sock, data, *rest)

        for owner, name, new in ((mod, "getaddrinfo", getaddrinfo), (mod, "create_connection", create_connection),
                                 (cls, "connect", connect), (cls, "connect_ex", connect_ex), (cls, "sendto", sendto)):
            self._saved.append((owner, name, vars(owner).get(name, _ABSENT)))
            setattr(owner, name, new)
        return self

    def uninstall(self) -> None:
        while self._saved:
            owner, name, old = self._saved.pop()
            if old is _ABSENT:       # inherited (socket.socket.connect comes from _socket.socket)
                delattr(owner, name)
            else:
                setattr(owner, name, old)


def append_to_record(function: str, target: str) -> None:
    """Write one refused attempt to the file named by $PROCEEDINGS_NETGUARD_RECORD, if any."""
    path = os.environ.get(RECORD_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"function": function, "target": target}) + "\n")


def guarded_entry_points(module: Any = socket) -> list[str]:
    """The socket entry points that are currently this module's wrappers (all five when installed)."""
    names = [("getaddrinfo", module), ("create_connection", module), ("connect", module.socket),
             ("connect_ex", module.socket), ("sendto", module.socket)]
    return [name for name, owner in names if getattr(getattr(owner, name), "__module__", "") == __name__]


def install_for_process() -> Guard:
    """Guard this whole process and record attempts to the record file (build subprocesses)."""
    guard = Guard(on_attempt=append_to_record).install()
    path = os.environ.get(RECORD_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"installed": guarded_entry_points(), "pid": os.getpid()}) + "\n")
    return guard
