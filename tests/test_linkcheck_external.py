"""The external link check against a local server on 127.0.0.1: no other network is touched."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hooks import linkcheck_external as ext


class _Handler(BaseHTTPRequestHandler):
    """/ok, /missing (404), /moved (301 to /ok), /flaky (503 twice, then 200), /no-head (405 to HEAD)."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _answer(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        with server.lock:
            server.requests.append((self.command, self.path, time.monotonic()))
            count = sum(1 for _, p, _ in server.requests if p == self.path)
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self._send(200)
        elif path == "/moved":
            self._send(301, {"Location": "/ok"})
        elif path == "/flaky":
            self._send(503 if count <= 2 else 200)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        elif path == "/busy":
            self._send(429, {"Retry-After": "0"})
        else:
            self._send(404)

    def _send(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"" if self.command == "HEAD" else b"<p>hello</p>"
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, float]] = []


@pytest.fixture(scope="module")
def running_server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(running_server: _Server) -> _Server:
    """The shared server with a fresh request log (the flaky page counts its requests)."""
    with running_server.lock:
        running_server.requests.clear()
    return running_server


def _base(srv: _Server) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


def _checker(delay: float = 0.0) -> ext.Checker:
    # proxies={} so that no proxy of the environment sits between the test and 127.0.0.1.
    return ext.Checker(timeout=5, retries=2, backoff=0.01, delay=delay, workers=2, proxies={})


def _site(tmp_path: Path, base: str, paths: list[str]) -> Path:
    site = tmp_path / "site"
    (site / "seminar-3" / "martin").mkdir(parents=True)
    links = "".join(f'<a href="{base}{p}#frag">x</a>' for p in paths)
    page = f'<html><body>{links}<a href="../warmington/">internal</a><a href="mailto:a@b.c">m</a></body></html>'
    (site / "seminar-3" / "martin" / "index.html").write_text(page, encoding="utf-8")
    (site / "index.html").write_text(f'<a href="{base}/ok">again</a>', encoding="utf-8")
    return site


def test_collect_keeps_http_links_once_with_their_pages(tmp_path: Path) -> None:
    site = _site(tmp_path, "http://127.0.0.1:9", ["/ok", "/missing"])
    found = ext.collect(site)
    assert found == {"http://127.0.0.1:9/ok": ["index.html", "seminar-3/martin/index.html"],
                     "http://127.0.0.1:9/missing": ["seminar-3/martin/index.html"]}


@pytest.mark.parametrize("path, ok, status, attempts", [
    ("/ok", True, 200, 1),
    ("/missing", False, 404, 1),
    ("/moved", True, 200, 1),
    ("/flaky", True, 200, 3),
    ("/no-head", True, 200, 1),
])
def test_check_one_address(server: _Server, path: str, ok: bool, status: int, attempts: int) -> None:
    result = _checker().check(_base(server) + path)
    assert (result.ok, result.status, result.attempts) == (ok, status, attempts)


def test_redirect_is_followed_with_head_and_reported(server: _Server) -> None:
    result = _checker().check(_base(server) + "/moved")
    assert result.redirected and result.final_url == _base(server) + "/ok"
    assert [(m, p) for m, p, _ in server.requests] == [("HEAD", "/moved"), ("HEAD", "/ok")]


def test_head_refused_falls_back_to_get(server: _Server) -> None:
    _checker().check(_base(server) + "/no-head")
    assert [(m, p) for m, p, _ in server.requests] == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_retries_stop_after_the_limit(server: _Server) -> None:
    result = _checker().check(_base(server) + "/busy")
    assert (result.ok, result.status, result.attempts) == (False, 429, 3)


def test_unreachable_host_is_broken_not_a_crash() -> None:
    # Port 9 (discard) on the loopback address: nothing listens there in a test environment.
    result = ext.Checker(timeout=2, retries=1, backoff=0.01, delay=0, proxies={}).check("http://127.0.0.1:9/")
    assert not result.ok and result.status is None and result.error and result.attempts == 2


class _Recording(ext.Checker):
    """Notes when each request to a host is let through."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.starts: list[float] = []

    def _wait_turn(self, host: str) -> None:
        super()._wait_turn(host)
        self.starts.append(self._last[host])


def test_requests_to_one_host_are_spaced_by_the_delay(server: _Server) -> None:
    base = _base(server)
    checker = _Recording(timeout=5, retries=0, backoff=0.01, delay=0.2, workers=2, proxies={})
    checker.check_all([base + "/ok", base + "/no-head", base + "/missing"])
    gaps = [b - a for a, b in zip(checker.starts, checker.starts[1:])]
    # HEAD /ok, HEAD and GET /no-head, HEAD and GET /missing: five requests, four pauses.
    assert len(server.requests) == 5 and len(gaps) == 4 and min(gaps) >= 0.2, gaps


def test_main_summarises_and_fails_on_a_broken_link(server: _Server, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path, _base(server), ["/ok", "/missing", "/moved", "/flaky", "/no-head"])
    (tmp_path / "papers" / "seminar-3").mkdir(parents=True)
    (tmp_path / "papers" / "seminar-3" / "martin.md").write_text("---\n---\n", encoding="utf-8")
    code = ext.main([str(site), "--root", str(tmp_path)], checker=_checker())
    out = capsys.readouterr().out
    assert code == 1
    assert "Checked 5 external addresses on 1 hosts: 4 reachable (1 redirected), 1 broken." in out
    assert f"BROKEN {_base(server)}/missing: HTTP 404" in out
    assert "written in papers/seminar-3/martin.md" in out
    assert f"moved  {_base(server)}/moved -> {_base(server)}/ok" in out


def test_main_passes_when_every_link_works(server: _Server, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path, _base(server), ["/ok", "/flaky"])
    assert ext.main([str(site)], checker=_checker()) == 0
    assert "0 broken" in capsys.readouterr().out


def test_main_without_a_site_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ext.main([str(tmp_path / "site")]) == 2
    assert "run `make build` first" in capsys.readouterr().err


@pytest.mark.parametrize("page, source", [
    ("seminar-3/martin/index.html", "papers/seminar-3/martin.md"),
    ("seminar-3/index.html", "papers/seminar-3/volume.yml"),
    ("bibliography/index.html", "bibliography.bib"),
    ("concepts/knotworking/index.html", "glossary.yml"),
    ("editors/index.html", "docs/editors/index.md"),
    ("index.html", "docs/index.md"),
    ("nowhere/index.html", "site/nowhere/index.html"),
])
def test_source_of_a_page(page: str, source: str) -> None:
    root = Path(__file__).resolve().parent.parent
    assert ext.source_of(page, root) == source
