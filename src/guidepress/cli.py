"""The command line: parse options, run a command, map errors to exit codes (0, 1, 2)."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from guidepress import __version__
from guidepress.config import PAPERS, Config, Project, load_project
from guidepress.errors import GuidepressError, Reporter
from guidepress.render.registry import FORMAT_NAMES, ONLY_CHOICES


class Context:
    """What every command needs: the project, loaded once from its guide.toml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = load_project(self.folder / "guide.toml", FORMAT_NAMES)
        return self._project

    @property
    def config(self) -> Config:
        return self.project.config


pass_context = click.make_pass_decorator(Context)
JOBS = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel jobs (default: the CPU count).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidepress")
@click.option(
    "-C",
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Folder that holds guide.toml.",
)
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """Render a multilingual guide into PDFs, handouts, EPUBs and a download page."""
    ctx.obj = Context(project)


@cli.command()
@click.option("--locale", "locales", multiple=True, metavar="L", help="Build only locale L.")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(ONLY_CHOICES),
    help="Build only this kind of artifact.",
)
@JOBS
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@pass_context
def build(
    obj: Context, locales: tuple[str, ...], only: tuple[str, ...], jobs: int | None, strict: bool
) -> None:
    """Build the guide's artifacts into build/ and update build/manifest.json."""
    from guidepress.build import build as run_build
    from guidepress.report import print_summary, progress_display

    reporter = Reporter(strict=strict)
    with progress_display() as progress:
        summary = run_build(obj.project, reporter, list(locales), list(only), jobs, progress)
    print_summary(summary, reporter)
    if reporter.failed():
        raise SystemExit(1)


@cli.command()
@click.option(
    "--clinic",
    "clinic_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The clinic's details.",
)
@click.option("--locale", default=None, metavar="L", help="The family's language.")
@click.option("--also", default=None, metavar="LANG", help="A second language, side by side.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def handout(
    obj: Context, clinic_file: Path, locale: str | None, also: str | None, paper: str, output: Path
) -> None:
    """Make a two-page handout carrying a clinic's name, phones, hours and website."""
    from guidepress.build.pipeline import Pipeline
    from guidepress.config.atomic import atomic_path
    from guidepress.config.clinic import load_clinic
    from guidepress.render.handout import write_handout

    clinic = load_clinic(clinic_file)
    config = obj.config
    codes = obj.project.select([locale or config.source_locale] + ([also] if also else []))
    pipeline = Pipeline(obj.project)
    reporter = Reporter()
    guides = [pipeline.guide(pipeline.status(code, reporter), reporter) for code in codes]
    with atomic_path(output) as temp:
        pages = write_handout(
            guides[0],
            paper,
            config.theme,
            config.root,
            temp,
            clinic,
            guides[1] if also else None,
        )
    click.echo(f"wrote {output} ({pages} pages)")


@cli.command()
@click.option("--locale", "locales", multiple=True, metavar="L", help="Check only locale L.")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(ONLY_CHOICES),
    help="Check only this kind of artifact (as build --only); skips whole-build checks.",
)
@JOBS
@click.option("--reproducible", is_flag=True, help="Build again and compare every hash.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Also write the report as JSON (- for stdout).",
)
@pass_context
def check(
    obj: Context,
    locales: tuple[str, ...],
    only: tuple[str, ...],
    jobs: int | None,
    reproducible: bool,
    strict: bool,
    json_out: str | None,
) -> None:
    """Check a finished build against every bar the project promises."""
    import json

    from guidepress.checks.runner import run_checks
    from guidepress.report import print_check_report

    report = run_checks(obj.project, list(locales), reproducible, strict, list(only), jobs)
    for finding in report.findings:
        print(finding.diagnostic(), file=sys.stderr)
    if json_out:
        text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
        if json_out == "-":
            click.echo(text)
        else:
            Path(json_out).write_text(text + "\n", encoding="utf-8")
    if json_out != "-":
        print_check_report(report)
    if report.failed:
        raise SystemExit(1)


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@pass_context
def merge(obj: Context, shards: tuple[Path, ...]) -> None:
    """Merge locale shards' build folders (each with its manifest.json) into build/."""
    from guidepress.build.merge import merge as run_merge

    for line in run_merge(obj.config, list(shards)):
        click.echo(line)


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@pass_context
def serve(obj: Context, port: int) -> None:
    """Serve the web edition locally and rebuild it when a source changes."""
    from guidepress.serve import serve as run_server

    run_server(obj.project, port)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My Guide", show_default=True, help="The guide's title.")
@click.option(
    "--locales",
    default="en",
    show_default=True,
    help="Comma-separated languages; the first is the one the chapters are written in.",
)
def new(folder: Path, title: str, locales: str) -> None:
    """Start a new guide in FOLDER: settings, a chapter, a handout, a README for writers."""
    import datetime as dt

    from guidepress.i18n import commands as catalogs
    from guidepress.starter import create

    codes = [code.strip() for code in locales.split(",") if code.strip()] or ["en"]
    for line in create(folder, title, codes, dt.date.today()):
        click.echo(line)
    config = load_project(folder / "guide.toml", FORMAT_NAMES).config
    click.echo(catalogs.extract(config))
    for code in codes[1:]:
        for line in catalogs.init(config, code):
            click.echo(line)
    click.echo(f"next: cd {folder} && guidepress build && guidepress check")


@cli.group()
def i18n() -> None:
    """Manage the gettext catalogs: extract, update, compile, stats, init."""


@i18n.command("extract")
@click.option("--check", is_flag=True, help="Fail if locales/guide.pot is stale; write nothing.")
@pass_context
def i18n_extract(obj: Context, check: bool) -> None:
    """Extract every translatable block into locales/guide.pot."""
    from guidepress.i18n import commands as catalogs

    click.echo(catalogs.extract(obj.config, check=check))


@i18n.command("update")
@click.option("--locale", "locales", multiple=True, metavar="L")
@pass_context
def i18n_update(obj: Context, locales: tuple[str, ...]) -> None:
    """Merge guide.pot into each catalog; changed blocks become fuzzy, nothing is lost."""
    from guidepress.i18n import commands as catalogs

    for line in catalogs.update(obj.project, list(locales), Reporter()):
        click.echo(line)


@i18n.command("compile")
@click.option("--locale", "locales", multiple=True, metavar="L")
@pass_context
def i18n_compile(obj: Context, locales: tuple[str, ...]) -> None:
    """Compile each catalog to a .mo file."""
    from guidepress.i18n import commands as catalogs

    for line in catalogs.compile_catalogs(obj.project, list(locales), Reporter()):
        click.echo(line)


@i18n.command("stats")
@click.option("--locale", "locales", multiple=True, metavar="L")
@pass_context
def i18n_stats(obj: Context, locales: tuple[str, ...]) -> None:
    """Print a table of translated, fuzzy and untranslated entries per locale."""
    from guidepress.i18n import commands as catalogs
    from guidepress.report import print_stats

    print_stats(catalogs.stats(obj.project, list(locales)))


@i18n.command("init")
@click.argument("lang")
@pass_context
def i18n_init(obj: Context, lang: str) -> None:
    """Start a new language: create its catalog and add it to guide.toml."""
    from guidepress.i18n import commands as catalogs

    for line in catalogs.init(obj.config, lang):
        click.echo(line)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a user's mistake never shows a traceback."""
    try:
        cli.main(args=argv, prog_name="guidepress", standalone_mode=False)
    except GuidepressError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic, file=sys.stderr)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        print("guidepress: aborted", file=sys.stderr)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(2)
    except KeyboardInterrupt:
        print("guidepress: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:  # a bug in guidepress, not the user's doing
        if os.environ.get("GUIDEPRESS_DEBUG"):
            traceback.print_exc()
        print(
            f"guidepress: internal error: {type(err).__name__}: {err} "
            "(set GUIDEPRESS_DEBUG=1 for details)",
            file=sys.stderr,
        )
        sys.exit(1)
