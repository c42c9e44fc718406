"""The house's shape, checked: imports flow one way (the import-linter contracts in pyproject.toml), the code
is linted and formatted (ruff), and no module grows past what one reader holds in mind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_MODULE_LINES = 400


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted((ROOT / "app").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these along a real seam: {long}"


@pytest.mark.skipif(not (BIN / "lint-imports").exists(), reason="import-linter is a test extra (make test installs it)")
def test_imports_flow_one_way() -> None:
    run = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.stdout.count("KEPT") == 3


@pytest.mark.skipif(not (BIN / "ruff").exists(), reason="ruff is a test extra (make test installs it)")
def test_code_is_linted_and_formatted() -> None:
    lint = subprocess.run(
        [str(BIN / "ruff"), "check", "app", "tests", "evals"], cwd=ROOT, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "app", "tests", "evals"], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:]
