"""`guidepress serve`: the web edition on localhost, rebuilt and reloaded as sources change.

An edit to a chapter re-renders every locale's web edition, an edit to a catalog only its
locale's, in this process (no new interpreter), the locale being viewed first; the page
reloads as soon as that one is written. Anything else (guide.toml, templates, a chapter
added or removed) rebuilds in a fresh process and reloads the settings.

The reload script and the error banner are added to HTML responses only; files in build/
never carry a script.
"""

from __future__ import annotations

import contextlib
import html
import queue
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from guidepress.build.pipeline import Pipeline
from guidepress.config import Config, Project, load_project
from guidepress.errors import GuidepressError, Reporter
from guidepress.render.registry import FORMAT_NAMES

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
        self.viewing: str | None = None
        """The locale of the last web edition a browser asked for: rendered first."""
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
            if target.parent != Path(self.directory):
                self.state.viewing = target.parent.name
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


SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")


def affected_locales(config: Config, paths: set[Path]) -> list[str] | None:
    """The locales whose web edition a change to *paths* touches: every locale for a chapter,
    one for its catalog; None when only a full rebuild is safe (settings, templates, images,
    a chapter added or removed). Editors' scratch files are left out."""
    chapters = {c.path.resolve() for c in config.chapters}
    if config.handout is not None:
        chapters.add(config.handout.resolve())
    catalogs = {config.catalog_path(loc).resolve(): loc for loc in config.locales}
    found: set[str] = set()
    for path in paths:
        if path.name.startswith(".") or path.name.endswith(SCRATCH_SUFFIXES):
            continue
        resolved = path.resolve()
        if resolved in chapters and resolved.is_file():
            found.update(config.locales)
        elif resolved in catalogs and resolved.is_file():
            found.add(catalogs[resolved])
        else:
            return None
    return [loc for loc in config.locales if loc in found]


def rebuild_web(project: Project, locales: list[str], pipeline: Pipeline) -> str:
    """Re-render the web editions of *locales* (none: the download page) in this process;
    return the build's errors."""
    from guidepress.build import build

    reporter = Reporter(quiet=True)
    try:
        build(project, reporter, locales, ["web"] if locales else ["site"], 1, None, pipeline)
    except GuidepressError as err:
        for diagnostic in err.diagnostics:
            reporter.add(diagnostic)
    return "\n".join(str(d) for d in reporter.errors)


class Watcher:
    """Watch the sources (one thread) and re-render what each edit affects (another).

    The locale being viewed is rendered first and the page reloads; the other locales follow
    one at a time, and a newer edit interrupts them (they are rendered after it). Settings
    and templates rebuild in a fresh process, and the settings are loaded again.
    """

    def __init__(self, project: Project, state: State) -> None:
        self.project = project
        self.state = state
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.pending: queue.SimpleQueue[set[Path]] = queue.SimpleQueue()
        self.left: list[str] = []
        self.errors: dict[str, str] = {}

    def watch(self) -> None:
        from watchfiles import watch

        config = self.project.config
        paths = [
            p
            for p in (config.root / "chapters", config.locales_dir, config.templates_dir)
            if p.exists()
        ]
        for changes in watch(
            *paths, config.path, stop_event=self.stop, debounce=300, step=20,
            yield_on_timeout=True, rust_timeout=200,
        ):  # fmt: skip
            self.ready.set()
            if changes:
                self.pending.put({Path(path) for _, path in changes})

    def work(self) -> None:
        while not self.stop.is_set():
            paths = self.pending.get()
            while not self.pending.empty():
                paths |= self.pending.get()
            self.changed(paths)

    def changed(self, paths: set[Path]) -> None:
        locales = affected_locales(self.project.config, paths)
        if locales is None:
            self.rebuild_all(paths)
        elif locales or self.left:
            if locales:
                names = ", ".join(sorted({p.name for p in paths}))
                print(f"changed: {names}; rebuilding", file=sys.stderr, flush=True)
            self.render([*locales, *(loc for loc in self.left if loc not in locales)])

    def render(self, locales: list[str]) -> None:
        """Render *locales*' web editions, the viewed one first, until a newer edit comes."""
        pipeline = Pipeline(self.project)
        first = self.state.viewing
        first = first if first in locales else self.project.config.source_locale
        ordered = sorted(locales, key=lambda loc: loc != first)
        for index, locale in enumerate(ordered):
            if index and not self.pending.empty():
                self.left = ordered[index:]
                return
            self.errors[locale] = rebuild_web(self.project, [locale], pipeline)
            if index in (0, len(ordered) - 1):
                self.state.publish("\n".join(e for e in self.errors.values() if e))
        self.left = []
        rebuild_web(self.project, [], pipeline)  # the download page: the new pages' sizes
        print(self.state.errors or "rebuilt", file=sys.stderr, flush=True)

    def rebuild_all(self, paths: set[Path]) -> None:
        names = ", ".join(sorted({p.name for p in paths}))
        print(f"changed: {names}; rebuilding everything", file=sys.stderr, flush=True)
        errors = rebuild(self.project.config)
        with contextlib.suppress(GuidepressError):  # the rebuild's errors say why
            self.project = load_project(self.project.config.path, FORMAT_NAMES)
        self.left, self.errors = [], {}
        print(errors or "rebuilt", file=sys.stderr, flush=True)
        self.state.publish(errors)


def serve(project: Project, port: int) -> None:
    """Build, serve build/ on 127.0.0.1:PORT, rebuild on change, until interrupted."""
    config = project.config
    state = State()
    errors = rebuild(config)
    if errors:
        print(errors, file=sys.stderr, flush=True)
    state.errors = errors
    handler = partial(Handler, directory=str(config.build_dir), state=state)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    watcher = Watcher(project, state)
    threading.Thread(target=watcher.watch, daemon=True).start()
    threading.Thread(target=watcher.work, daemon=True).start()
    watcher.ready.wait(timeout=10)
    print(f"Serving on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop.set()
        server.server_close()
