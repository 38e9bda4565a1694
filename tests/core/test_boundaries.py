"""interview_core never imports Streamlit: it must run in scripts, tests and workers alike."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("streamlit", "streamlit_webrtc")


def test_no_core_module_imports_streamlit() -> None:
    offenders = []
    for path in sorted((ROOT / "interview_core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            names += [
                node.args[0].value
                for node in [node]
                if isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"import_module", "__import__"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ]
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_core_module_loads_no_streamlit() -> None:
    code = (
        "import importlib, pkgutil, sys, interview_core\n"
        "for m in pkgutil.walk_packages(interview_core.__path__, 'interview_core.'):\n"
        "    if '.migrations' not in m.name and m.name != 'interview_core.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('streamlit', 'streamlit_webrtc')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


# The packages of interview_core, lowest first: a module may import its own package and those
# below it, never one above (function-level imports included). The foundation modules sit at the
# bottom; the entry points (services, cli) at the top may import anything.
FOUNDATION = ("config", "errors", "domain", "rubric", "skills", "text_safety")
LAYERS = ("storage", "speech", "media", "resume", "questions", "scoring", "engines", "interview", "account")
ENTRY = ("services", "cli", "__main__")


def _layer(module: str) -> int:
    """interview_core.X[.Y] → its rank; the package itself (interview_core) is foundation."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top in FOUNDATION or top == "__init__":
        return 0
    if top in LAYERS:
        return 1 + LAYERS.index(top)
    if top in ENTRY:
        return len(LAYERS) + 1
    raise AssertionError(f"{module} is in no layer: add it to FOUNDATION, LAYERS or ENTRY")


def _imported(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "interview_core":  # from interview_core import config
                names += [f"interview_core.{alias.name}" for alias in node.names]
            else:
                names.append(node.module)
    return [name for name in names if name == "interview_core" or name.startswith("interview_core.")]


def layer_violations(root: Path) -> list[str]:
    problems = []
    for path in sorted((root / "interview_core").rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        if "migrations" in relative.parts:
            continue
        module = ".".join(part for part in relative.parts if part != "__init__")
        rank = _layer(module)
        for name in _imported(path):
            if _layer(name) > rank:
                problems.append(f"{module} imports {name}, a package above it")
    return problems


def test_no_package_imports_one_above_it() -> None:
    assert layer_violations(ROOT) == []


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for package in LAYERS:
        doc = ast.get_docstring(ast.parse((ROOT / "interview_core" / package / "__init__.py").read_text()))
        assert doc and "May import" in doc, package
