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
