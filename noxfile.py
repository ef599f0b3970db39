"""Sessions: build the guide, run the tests, lint. `./nox -l` lists them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

PYTHON = "3"
# Debian/Ubuntu packages the tool and its tests need, and the command that proves each is there.
SYSTEM_PACKAGES = {
    "libpango-1.0-0": ["sh", "-c", "ldconfig -p | grep -q libpango-1.0.so.0"],
    "libpangoft2-1.0-0": ["sh", "-c", "ldconfig -p | grep -q libpangoft2-1.0.so.0"],
    "libharfbuzz-subset0": ["sh", "-c", "ldconfig -p | grep -q libharfbuzz-subset.so.0"],
    "fonts-noto-core": ["sh", "-c", "fc-list | grep -q NotoSerif-Regular"],
    "fonts-noto-cjk": ["sh", "-c", "fc-list | grep -q NotoSansCJK-Regular"],
    # a JDK, not only a runtime: epubcheck checks every book in one JVM through Java's
    # source-file launcher (checks/EpubBatch.java), which needs the jdk.compiler module
    "default-jdk-headless": ["sh", "-c", "java --list-modules | grep -q jdk.compiler"],
    "poppler-utils": ["pdftoppm", "-v"],
    "qpdf": ["qpdf", "--version"],
    "zbar-tools": ["zbarimg", "--version"],
    "chromium": ["chromium", "--version"],
    "npm": ["npm", "--version"],
}


def _missing_packages() -> list[str]:
    missing = []
    for package, probe in SYSTEM_PACKAGES.items():
        try:
            ok = subprocess.run(probe, capture_output=True, check=False).returncode == 0
        except FileNotFoundError:
            ok = False
        if not ok:
            missing.append(package)
    return missing


def _as_root() -> list[str] | None:
    """How to run apt-get as root here: directly, through password-less sudo, or not at all."""
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


def ensure_system_packages(session: nox.Session) -> None:
    """Install missing Debian/Ubuntu packages as root (or with sudo); elsewhere, name them."""
    missing = _missing_packages()
    if not missing:
        return
    root = _as_root()
    if shutil.which("apt-get") and root is not None:
        session.log(f"installing system packages: {' '.join(missing)}")
        apt = [*root, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
        session.run(*apt, "update", "-qq", external=True)
        session.run(
            *apt, "install", "-y", "-qq", "--no-install-recommends", *missing, external=True
        )
        return
    session.error(
        "missing system packages. On Debian/Ubuntu run:\n"
        f"  sudo apt-get install {' '.join(missing)}\n"
        "Elsewhere install Pango >= 1.44 with HarfBuzz subset, the Noto fonts (Noto Serif, "
        "Noto Sans, Noto Sans/Serif CJK, Devanagari, Naskh Arabic), a Java JDK, "
        "poppler-utils, qpdf, zbar and Chromium."
    )


LOCKS = Path("requirements")
# `uv pip compile` settings for every lock file: one resolution valid on any platform.
COMPILE = ["uv", "pip", "compile", "--quiet", "--universal", "--python-version", "3.11"]
COMPILE += ["--generate-hashes", "--custom-compile-command", "./nox -s lock"]
# lock file -> (extra of pyproject.toml, or None for the runtime only; constrained by main.txt)
LOCK_FILES = {"main": None, "test": "test", "lint": "lint"}


def install_locked(session: nox.Session, lock: str) -> None:
    """Install requirements/LOCK.txt (exact versions, hashes checked), then guidepress itself.

    pip itself comes first from its own lock: the pip that `venv` bundles (23.2 on Debian 12's
    Python) refuses a hashed, pinned package once a dependency asks for it with an extra
    (weasyprint's `fonttools[woff]`) and a newer release of it is out.
    """
    session.install("--require-hashes", "-r", str(LOCKS / "pip.txt"))
    session.install("--require-hashes", "-r", str(LOCKS / f"{lock}.txt"))
    session.install("--no-deps", "--no-build-isolation", "-e", ".")


def fill_wheelhouse(session: nox.Session) -> None:
    """Download the locked runtime wheels (hashes checked) for the offline lock-file test."""
    folder = Path(".nox/wheelhouse").absolute()
    lock = str(LOCKS / "main.txt")
    session.run(
        "python", "-m", "pip", "download", "-q", "--require-hashes", "--only-binary", ":all:",
        "-r", lock, "-d", str(folder),
    )  # fmt: skip
    session.env["GUIDEPRESS_WHEELHOUSE"] = str(folder)


ACE_LOCK = LOCKS / "ace"


def install_ace(session: nox.Session) -> None:
    """Install DAISY Ace and axe-core from npm into .nox/ace, exactly as the npm lock file says.

    Debian's chromium serves as their browser: nothing is downloaded besides the npm packages.
    The tests find axe-core (for the web pages) through GUIDEPRESS_AXE.
    """
    prefix = Path(".nox/ace").absolute()
    binary = prefix / "node_modules" / ".bin"
    wanted = (ACE_LOCK / "package-lock.json").read_bytes()
    installed = prefix / "package-lock.json"
    if (
        not (binary / "ace-cli").exists()
        or not installed.is_file()
        or installed.read_bytes() != wanted
    ):
        prefix.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(ACE_LOCK / name, prefix / name)
        session.run(
            "npm",
            "ci",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            external=True,
            env={"PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    session.env["PATH"] = str(binary) + os.pathsep + os.environ.get("PATH", "")
    session.env["PUPPETEER_EXECUTABLE_PATH"] = shutil.which("chromium") or "/usr/bin/chromium"
    session.env["GUIDEPRESS_AXE"] = str(prefix / "node_modules" / "axe-core" / "axe.min.js")


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every artifact of the guide into build/."""
    ensure_system_packages(session)
    install_locked(session, "main")
    session.run("guidepress", "build", *session.posargs)


@nox.session(python=PYTHON)
def merge(session: nox.Session) -> None:
    """Merge locale shards' build folders into build/, then rebuild the download page.

    `./nox -s merge -- shards/en shards/ja …`: each folder is one shard's build/ (with its
    manifest.json), as a CI matrix job uploads it.
    """
    if not session.posargs:
        session.error("name the shards' build folders: ./nox -s merge -- DIR [DIR …]")
    ensure_system_packages(session)
    install_locked(session, "main")
    session.run("guidepress", "merge", *session.posargs)
    session.run("guidepress", "build", "--only", "site")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (builds small fixture guides and opens what comes out)."""
    ensure_system_packages(session)
    install_ace(session)
    install_locked(session, "test")
    fill_wheelhouse(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff, mypy, the workflow schema, radon (no grade D or worse) and module/function sizes."""
    install_locked(session, "lint")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")
    session.run("mypy")
    workflows = sorted(str(p) for p in Path(".github/workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    guides = ["guide.toml", *(str(p) for p in sorted(Path("tests/fixtures").glob("*/guide.toml")))]
    session.run("check-jsonschema", "--schemafile", "docs/guide.schema.json", *guides)
    complex_functions = session.run("radon", "cc", "-n", "D", "src", silent=True)
    if isinstance(complex_functions, str) and complex_functions.strip():
        session.error(f"radon: complexity grade D or worse:\n{complex_functions}")
    session.run("python", "tests/test_sizes.py")  # modules <= 400 lines, functions <= 60


@nox.session(python=PYTHON)
def readability(session: nox.Session) -> None:
    """Print words, mean sentence length and Flesch reading ease per chapter."""
    install_locked(session, "main")
    session.run("python", "scripts/readability.py", "chapters")


@nox.session(python=PYTHON)
def i18n(session: nox.Session) -> None:
    """Refresh locales/guide.pot and merge it into every catalog, then print the stats."""
    install_locked(session, "main")
    session.run("guidepress", "i18n", "extract")
    session.run("guidepress", "i18n", "update")
    session.run("guidepress", "i18n", "stats")


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Check the finished build in build/ (run `build` first); --reproducible via posargs."""
    ensure_system_packages(session)
    install_ace(session)
    install_locked(session, "main")
    session.run("guidepress", "check", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measure cold, no-op and incremental builds against the WeasyPrint floor and Pandoc."""
    ensure_system_packages(session)
    if shutil.which("pandoc") is None and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-qq", "pandoc", external=True)
    install_locked(session, "main")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Re-resolve every lock file to the newest releases (exact versions and hashes).

    `./nox -s lock` upgrades everything; `./nox -s lock -- --upgrade-package weasyprint`
    moves one package and keeps the rest. Commit the changed files under requirements/.
    """
    session.install("--require-hashes", "-r", str(LOCKS / "lock-tools.txt"))
    upgrade = session.posargs or ["--upgrade"]
    backend = str(LOCKS / "build-system.in")
    for name, extra in LOCK_FILES.items():
        extras = ["--extra", extra, "-c", str(LOCKS / "main.txt")] if extra else []
        output = str(LOCKS / f"{name}.txt")
        session.run(*COMPILE, *upgrade, "pyproject.toml", backend, *extras, "-o", output)
    for name in ("nox", "lock-tools", "pip"):
        source, output = str(LOCKS / f"{name}.in"), str(LOCKS / f"{name}.txt")
        session.run(*COMPILE, *upgrade, source, "-o", output)
    session.run(
        "npm",
        "install",
        "--package-lock-only",
        "--no-audit",
        "--no-fund",
        "--prefix",
        str(ACE_LOCK),
        external=True,
        env={"PUPPETEER_SKIP_DOWNLOAD": "1"},
    )
