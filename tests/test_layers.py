"""The pipeline's stages import only stages below them (parsed with ast, not imported)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "guidepress"
STAGES = ("config", "markdown", "i18n", "document", "fonts", "render", "build", "checks")
"""The pipeline's order: each stage may import itself and the stages before it."""
BASE = ("errors", "__init__", "theme")
"""Imported by every stage (theme: the packaged templates and where to look them up)."""
ENTRY_POINTS = ("cli", "report", "serve", "__main__", "starter")
"""The top: may import anything."""
NOT_IN_RENDERERS = ("babel", "gettext", "markdown_it", "mdit_py_plugins")
"""Renderers receive a translated, formatted document: no catalogs, no Markdown."""


def level(name: str) -> int:
    """The stage level of a top-level name inside the package."""
    if name in BASE:
        return -1
    if name in STAGES:
        return STAGES.index(name)
    assert name in ENTRY_POINTS, f"guidepress.{name} belongs to no stage; add it to STAGES"
    return len(STAGES)


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an ast imports (inside functions and TYPE_CHECKING blocks too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "guidepress":
                found += [(node.lineno, f"guidepress.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def upward_imports(path: Path, source: str) -> list[str]:
    """The imports of *path* that reach a later stage than its own."""
    own = level(path.relative_to(PACKAGE).parts[0].removesuffix(".py"))
    problems = []
    for line, module in imported(ast.parse(source)):
        parts = module.split(".")
        if parts[0] != "guidepress" or len(parts) < 2:
            continue
        target = parts[1] if parts[1] in (*STAGES, *ENTRY_POINTS) else "__init__"
        if level(target) > own:
            problems.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    return problems


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_stage_imports_only_earlier_stages() -> None:
    problems = [p for path in modules() for p in upward_imports(path, path.read_text())]
    assert problems == []


def test_the_layer_check_catches_an_upward_import() -> None:
    path = PACKAGE / "markdown" / "parser.py"
    assert upward_imports(path, "from guidepress.render.pdf import write_pdf\n")
    assert upward_imports(path, "def f():\n    from guidepress import build\n")
    assert not upward_imports(path, "from guidepress.config import Config\n")


def test_only_entry_points_sit_at_the_top() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= {*ENTRY_POINTS, *BASE}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {*STAGES, "theme", "starter"}  # two packages of data with their reader


def test_renderers_import_neither_babel_gettext_nor_markdown() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in sorted((PACKAGE / "render").glob("*.py"))
        for line, module in imported(ast.parse(path.read_text()))
        if module.split(".")[0] in NOT_IN_RENDERERS
    ]
    assert problems == []
