"""A build never reaches out, and no test can: only loopback connections are allowed.

The guard (tests/netguard.py) is checked three ways, none of which sends a packet: its
rules against a stand-in socket module, the suite's own session guard (installed, and
failing a test that swallowed a refusal), and a real build of the project run behind
the guard in a subprocess, which must succeed having attempted nothing off loopback.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

import netguard

TESTS = Path(__file__).resolve().parent
WRAPPER = textwrap.dedent(f"""
    import runpy, sys
    sys.path.insert(0, {str(TESTS)!r})
    import netguard
    netguard.install_for_process()
    sys.argv = ["mkdocs", *sys.argv[1:]]
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
""")


# ---------------------------------------------------------------- the rules, on a stand-in socket module


class StubSocket:
    """Records what reached the 'real' socket methods behind the guard."""

    calls: list[tuple[str, object]] = []

    def connect(self, address):
        StubSocket.calls.append(("connect", address))

    def connect_ex(self, address):
        StubSocket.calls.append(("connect_ex", address))
        return 0

    def sendto(self, data, *rest):
        StubSocket.calls.append(("sendto", rest[-1]))
        return len(data)


def stub_module() -> SimpleNamespace:
    def getaddrinfo(host, *args, **kwargs):
        StubSocket.calls.append(("getaddrinfo", host))
        return []

    def create_connection(address, *args, **kwargs):
        StubSocket.calls.append(("create_connection", address))
    return SimpleNamespace(getaddrinfo=getaddrinfo, create_connection=create_connection, socket=StubSocket)


@pytest.fixture()
def stub():
    StubSocket.calls = []
    module = stub_module()
    guard = netguard.Guard(module=module).install()
    yield module, guard
    guard.uninstall()


@pytest.mark.parametrize("call, target, allowed", [
    (lambda m: m.getaddrinfo("localhost", 80), "localhost", True),
    (lambda m: m.getaddrinfo("127.0.0.1", 80), "127.0.0.1", True),
    (lambda m: m.getaddrinfo("::1", 80), "::1", True),
    (lambda m: m.getaddrinfo(None, 80), None, True),
    (lambda m: m.getaddrinfo("example.org", 443), "example.org", False),
    (lambda m: m.getaddrinfo("pypi.org", 443), "pypi.org", False),
    (lambda m: m.getaddrinfo("10.0.0.1", 80), "10.0.0.1", False),
    (lambda m: m.getaddrinfo("localhost.example.org", 80), "localhost.example.org", False),
    (lambda m: m.create_connection(("127.0.0.1", 8000)), ("127.0.0.1", 8000), True),
    (lambda m: m.create_connection(("example.org", 443)), ("example.org", 443), False),
    (lambda m: m.socket().connect(("127.5.6.7", 80)), ("127.5.6.7", 80), True),
    (lambda m: m.socket().connect(("::ffff:127.0.0.1", 80, 0, 0)), ("::ffff:127.0.0.1", 80, 0, 0), True),
    (lambda m: m.socket().connect("/run/some.sock"), "/run/some.sock", True),
    (lambda m: m.socket().connect(("192.0.2.1", 80)), ("192.0.2.1", 80), False),
    (lambda m: m.socket().connect(("2001:db8::1", 80, 0, 0)), ("2001:db8::1", 80, 0, 0), False),
    (lambda m: m.socket().connect_ex(("93.184.216.34", 80)), ("93.184.216.34", 80), False),
    (lambda m: m.socket().sendto(b"q", ("8.8.8.8", 53)), ("8.8.8.8", 53), False),
    (lambda m: m.socket().sendto(b"q", 0, ("127.0.0.1", 53)), ("127.0.0.1", 53), True),
])
def test_guard_rules(stub, call, target, allowed: bool) -> None:
    module, guard = stub
    if allowed:
        call(module)
        assert StubSocket.calls and StubSocket.calls[-1][1] == target
        assert guard.attempts == []
    else:
        with pytest.raises(netguard.NetworkRefused, match="only use loopback"):
            call(module)
        assert StubSocket.calls == [], "the real function ran although the address is not loopback"
        assert guard.attempts and guard.attempts[-1][1] == repr(target)


def test_uninstall_restores_the_module(stub) -> None:
    module, guard = stub
    guard.uninstall()
    assert netguard.guarded_entry_points(module) == [] and "connect" in vars(StubSocket)
    module.getaddrinfo("example.org", 443)          # the stand-in again: records, sends nothing
    assert StubSocket.calls == [("getaddrinfo", "example.org")]


# ---------------------------------------------------------------- the suite's own guard


def test_the_whole_suite_runs_behind_the_guard() -> None:
    assert netguard.guarded_entry_points() == ["getaddrinfo", "create_connection", "connect", "connect_ex", "sendto"]


def test_loopback_still_works_for_local_servers() -> None:
    """Browser tests serve the site on 127.0.0.1: the guard must let that through."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[bytes] = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0].recv(5)))
    thread.start()
    with socket.create_connection(server.getsockname(), timeout=10) as client:
        client.sendall(b"hello")
    thread.join(timeout=10)
    server.close()
    assert accepted == [b"hello"]


def test_a_test_that_swallows_a_refusal_still_fails(tmp_path: Path) -> None:
    """The autouse fixture fails the test, even when the code under test caught the error."""
    for name in ("conftest.py", "netguard.py", "sitebuild.py"):
        shutil.copy(TESTS / name, tmp_path / name)
    (tmp_path / "test_inner.py").write_text(textwrap.dedent("""
        def test_reaches_out_quietly(network_guard):
            try:
                network_guard.refuse("socket.connect", ("192.0.2.1", 80))   # as the wrappers do
            except OSError:
                pass

        def test_stays_home():
            pass
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout, done.stdout
    assert "the test tried to use the network: socket.connect(('192.0.2.1', 80))" in done.stdout


# ---------------------------------------------------------------- a real build


def test_a_build_attempts_nothing_off_loopback(make_site, tmp_path: Path) -> None:
    record = tmp_path / "network.jsonl"
    build = make_site(tmp_path, launcher=[sys.executable, "-c", WRAPPER], env={netguard.RECORD_ENV: str(record)})
    assert build.returncode == 0, build.log[-3000:]
    assert "Traceback" not in build.log
    entries = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    installed = [e for e in entries if "installed" in e]
    assert installed and installed[0]["installed"] == netguard.guarded_entry_points(), entries
    attempts = [e for e in entries if "function" in e]
    assert attempts == [], f"the build tried to reach: {attempts}"
    assert (build.site_dir / "seminar-3" / "martin" / "index.html").is_file()
