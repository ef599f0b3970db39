"""`guidepress serve`: the web edition on localhost, rebuilt and reloaded as sources change.

The reload script and the error banner are added to HTML responses only; files in build/
never carry a script.
"""

from __future__ import annotations

import html
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from guidepress.config import Config

RELOAD_SCRIPT = """<script>
(async function watch(version) {
  try {
    const answer = await (await fetch('/__events?v=' + version)).text();
    if (answer !== version) { location.reload(); return; }
  } catch (error) { await new Promise(r => setTimeout(r, 1000)); }
  watch(version);
})('%s');
</script>"""


class State:
    """The current build's version and its errors, shared by the watcher and the server."""

    def __init__(self) -> None:
        self.version = 0
        self.errors = ""
        self.changed = threading.Condition()

    def publish(self, errors: str) -> None:
        with self.changed:
            self.version += 1
            self.errors = errors
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class Handler(SimpleHTTPRequestHandler):
    """Serve build/, inject live reload into pages, answer /__events long polls."""

    state: State

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/__events":
            seen = int(parse_qs(parts.query).get("v", ["-1"])[0] or -1)
            self._send(str(self.state.wait(seen, timeout=25)).encode(), "text/plain")
            return
        target = Path(self.translate_path(parts.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send(self._page(target.read_text(encoding="utf-8")), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _page(self, text: str) -> bytes:
        banner = ""
        if self.state.errors:
            banner = (
                '<pre role="alert" style="background:#fff0f0;color:#000;border:3px solid '
                f'#b00;padding:1em;white-space:pre-wrap">{html.escape(self.state.errors)}'
                "</pre>"
            )
        text = text.replace("<body>", "<body>" + banner, 1)
        return text.replace("</body>", RELOAD_SCRIPT % self.state.version + "</body>", 1).encode()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def rebuild(config: Config) -> str:
    """Build the web editions and download page in a fresh process; return its errors."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "guidepress",
            "-C",
            str(config.root),
            "build",
            "--only",
            "web",
            "--only",
            "site",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    problems = [
        line for line in done.stderr.splitlines() if ": error: " in line or "internal error" in line
    ]
    if done.returncode != 0 and not problems:
        problems = [done.stderr.strip()[-500:]]
    return "\n".join(problems)


def _watch(config: Config, state: State, stop: threading.Event, ready: threading.Event) -> None:
    from watchfiles import watch

    paths = [
        p
        for p in (config.root / "chapters", config.locales_dir, config.templates_dir, config.path)
        if p.exists()
    ]
    for changes in watch(
        *paths, stop_event=stop, debounce=300, yield_on_timeout=True, rust_timeout=200
    ):
        ready.set()
        if not changes:
            continue
        names = ", ".join(sorted({Path(path).name for _, path in changes}))
        print(f"changed: {names}; rebuilding", file=sys.stderr, flush=True)
        errors = rebuild(config)
        print(errors or "rebuilt", file=sys.stderr, flush=True)
        state.publish(errors)


def serve(config: Config, port: int) -> None:
    """Build, serve build/ on 127.0.0.1:PORT, rebuild on change, until interrupted."""
    state = State()
    errors = rebuild(config)
    if errors:
        print(errors, file=sys.stderr, flush=True)
    state.errors = errors
    handler = partial(Handler, directory=str(config.build_dir), state=state)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch, args=(config, state, stop, ready), daemon=True)
    watcher.start()
    ready.wait(timeout=10)
    print(f"Serving on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
