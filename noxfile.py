"""Sessions: build the guide, run the tests, lint. `./nox -l` lists them."""

from __future__ import annotations

import os
import shutil
import subprocess

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
    "default-jre-headless": ["java", "-version"],
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


def ensure_system_packages(session: nox.Session) -> None:
    """Install missing Debian/Ubuntu packages as root; elsewhere, name them and stop."""
    missing = _missing_packages()
    if not missing:
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        session.log(f"installing system packages: {' '.join(missing)}")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            *missing,
            external=True,
            env=env,
        )
        return
    session.error(
        "missing system packages. On Debian/Ubuntu run:\n"
        f"  sudo apt-get install {' '.join(missing)}\n"
        "Elsewhere install Pango >= 1.44 with HarfBuzz subset, the Noto fonts (Noto Serif, "
        "Noto Sans, Noto Sans/Serif CJK, Devanagari, Naskh Arabic), a Java runtime, "
        "poppler-utils, qpdf, zbar and Chromium."
    )


ACE = "@daisy/ace-cli@1.4.6"


def install_ace(session: nox.Session) -> None:
    """Install DAISY Ace from npm into .nox/ace, using Debian's chromium (no download)."""
    prefix = os.path.abspath(".nox/ace")
    binary = os.path.join(prefix, "node_modules", ".bin")
    if not os.path.exists(os.path.join(binary, "ace-cli")):
        session.run(
            "npm",
            "install",
            "--prefix",
            prefix,
            "--no-audit",
            "--no-fund",
            ACE,
            external=True,
            env={"PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    session.env["PATH"] = binary + os.pathsep + os.environ.get("PATH", "")
    session.env["PUPPETEER_EXECUTABLE_PATH"] = shutil.which("chromium") or "/usr/bin/chromium"


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every artifact of the guide into build/."""
    ensure_system_packages(session)
    session.install("-e", ".")
    session.run("guidepress", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (builds small fixture guides and opens what comes out)."""
    ensure_system_packages(session)
    install_ace(session)
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff, mypy, radon (no function of complexity grade D or worse) and module sizes."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")
    session.run("mypy")
    complex_functions = session.run("radon", "cc", "-n", "D", "src", silent=True)
    if isinstance(complex_functions, str) and complex_functions.strip():
        session.error(f"radon: complexity grade D or worse:\n{complex_functions}")
    session.run("python", "tests/test_sizes.py")  # modules <= 400 lines, functions <= 60


@nox.session(python=PYTHON)
def readability(session: nox.Session) -> None:
    """Print words, mean sentence length and Flesch reading ease per chapter."""
    session.install("markdown-it-py", "mdit-py-plugins")
    session.run("python", "scripts/readability.py", "chapters")


@nox.session(python=PYTHON)
def i18n(session: nox.Session) -> None:
    """Refresh locales/guide.pot and merge it into every catalog, then print the stats."""
    session.install("-e", ".")
    session.run("guidepress", "i18n", "extract")
    session.run("guidepress", "i18n", "update")
    session.run("guidepress", "i18n", "stats")


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Check the finished build in build/ (run `build` first); --reproducible via posargs."""
    ensure_system_packages(session)
    install_ace(session)
    session.install("-e", ".")
    session.run("guidepress", "check", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measure cold, no-op and incremental builds against the WeasyPrint floor and Pandoc."""
    ensure_system_packages(session)
    if shutil.which("pandoc") is None and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-qq", "pandoc", external=True)
    session.install("-e", ".")
    session.run("python", "bench/run.py", *session.posargs)
