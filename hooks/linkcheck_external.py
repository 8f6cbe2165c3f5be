"""Check the external links of a built site: ``python -m hooks.linkcheck_external site``.

Opt-in (``make linkcheck-external``) and never part of the pull-request gate: the web
changes under us, and a build must not fail because a publisher's server is down for an
hour. Each distinct http(s) address is asked once, with HEAD and, when a server refuses
HEAD, with GET; failures that may pass (timeouts, 429, 5xx) are retried with growing
pauses. Requests to one host are spaced by a fixed delay, hosts are checked in parallel.
The summary names the editor's file that holds each broken address; the exit status is 1
when any address is broken.
"""

from __future__ import annotations

import argparse
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

from hooks import origins
from hooks.linkcheck import scan_html

USER_AGENT = "esrc-proceedings-linkcheck/1.0 (checks that the proceedings' references still resolve)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 409, 410, 501})  # some servers answer HEAD wrongly: ask with GET


@dataclass
class Result:
    """What became of one address."""

    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""
    attempts: int = 0
    pages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def redirected(self) -> bool:
        return self.ok and bool(self.final_url) and self.final_url != self.url


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow redirects without turning HEAD into GET (urllib's default does)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's signature)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD" and code != 303:
            new.method = "HEAD"
        return new


def collect(site_dir: Path) -> dict[str, list[str]]:
    """Every external http(s) address of the site (fragment dropped) -> the pages using it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        name = page.relative_to(site_dir).as_posix()
        for href in scan_html(page.read_text(encoding="utf-8", errors="replace")).links:
            if href.lower().startswith(("http://", "https://")):
                url = href.split("#", 1)[0]
                pages = found.setdefault(url, [])
                if name not in pages:
                    pages.append(name)
    return found


class Checker:
    """Asks servers about addresses, politely: one request at a time per host, spaced by ``delay``."""

    def __init__(self, timeout: float = 15.0, retries: int = 2, backoff: float = 2.0, delay: float = 1.0,
                 workers: int = 8, proxies: dict[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout, self.retries, self.backoff, self.delay, self.workers = timeout, retries, backoff, delay, workers
        self.sleep = sleep
        handlers = [_KeepMethod()] + ([urllib.request.ProxyHandler(proxies)] if proxies is not None else [])
        self.opener = urllib.request.build_opener(*handlers)
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def check_all(self, urls: Iterable[str]) -> list[Result]:
        """Every address once; hosts in parallel, each host's addresses one after another."""
        by_host: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            groups = pool.map(lambda group: [self.check(u) for u in group], by_host.values())
            return [r for group in groups for r in group]

    def check(self, url: str) -> Result:
        """HEAD, then GET when HEAD is refused; transient failures retried with backoff."""
        result = Result(url)
        for attempt in range(self.retries + 1):
            result.attempts = attempt + 1
            status, final, error, wait = self._ask(url, "HEAD")
            if status in HEAD_REFUSED:
                status, final, error, wait = self._ask(url, "GET")
            result.status, result.final_url, result.error = status, final, error
            transient = (status is None and error != "invalid address") or status in RETRY_STATUS
            if not transient or attempt == self.retries:
                break
            self.sleep(max(wait, self.backoff * 2 ** attempt))
        return result

    def _ask(self, url: str, method: str) -> tuple[int | None, str, str, float]:
        """(status, final address, error text, seconds the server asked us to wait)."""
        self._wait_turn(urlsplit(url).netloc.lower())
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.geturl(), "", 0.0
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code, exc.geturl() or url, str(exc.reason), _retry_after(exc.headers)
        except ValueError:
            return None, "", "invalid address", 0.0
        except (urllib.error.URLError, socket.timeout, TimeoutError, ssl.SSLError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, "", "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else str(reason), 0.0

    def _wait_turn(self, host: str) -> None:
        """Keep ``delay`` seconds between two requests to the same host."""
        with self._lock:
            last = self._last.get(host)
        if last is not None:
            pause = last + self.delay - time.monotonic()
            if pause > 0:
                self.sleep(pause)
        with self._lock:
            self._last[host] = time.monotonic()


def _retry_after(headers: Message | None) -> float:
    """A Retry-After given in seconds, capped so one server cannot stall the check."""
    value = headers.get("Retry-After", "") if headers is not None else ""
    return min(float(value), 60.0) if value.strip().isdigit() else 0.0


def source_of(page: str, root: Path) -> str:
    """The editor's file behind a built page, so that a broken address can be fixed at its source."""
    for src_uri in origins.page_sources(page):
        found = origins.source_file(src_uri, lambda name: (root / name).is_file())
        if found:
            return found
    return f"site/{page}"


def summary(results: list[Result], root: Path) -> str:
    """What an editor reads: counts, then each broken address with where it is written."""
    broken = [r for r in results if not r.ok]
    moved = [r for r in results if r.redirected]
    hosts = {urlsplit(r.url).netloc.lower() for r in results}
    lines = [f"Checked {len(results)} external addresses on {len(hosts)} hosts: "
             f"{len(results) - len(broken)} reachable ({len(moved)} redirected), {len(broken)} broken."]
    for r in broken:
        why = f"HTTP {r.status}" + (f" {r.error}" if r.error else "") if r.status else r.error or "no answer"
        sources = ", ".join(dict.fromkeys(source_of(p, root) for p in r.pages)) or "?"
        lines.append(f"BROKEN {r.url}: {why} after {r.attempts} attempt(s); written in {sources}")
    for r in moved:
        lines.append(f"moved  {r.url} -> {r.final_url} (update the address if the move is permanent)")
    return "\n".join(lines)


def main(argv: list[str] | None = None, checker: Checker | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.linkcheck_external",
                                     description="Check every external link of a built site.")
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder, to name source files")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for one answer")
    parser.add_argument("--retries", type=int, default=2, help="retries after a timeout, 429 or 5xx")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one host")
    parser.add_argument("--workers", type=int, default=8, help="hosts checked at the same time")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}: no built site here; run `make build` first", file=sys.stderr)
        return 2
    links = collect(args.site)
    checker = checker or Checker(timeout=args.timeout, retries=args.retries, delay=args.delay, workers=args.workers)
    results = checker.check_all(links)
    for r in results:
        r.pages = links.get(r.url, [])
    print(summary(results, args.root))
    return 1 if any(not r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
