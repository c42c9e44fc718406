"""Libraries for tests that ask questions: the bundled document, a generated PDF, or a real disclosure of
../shared/real (skipped when that folder is not on the machine), each ingested into its own index."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import render

from app.config import load_settings
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]
REAL = next(
    (p for p in (ROOT.parent / "shared" / "real", Path("/work/shared/real")) if p.exists()),
    ROOT.parent / "shared" / "real",
)


def library(folder: Path, files: list[str]) -> Library:
    lib = Library(load_settings(index_dir=str(folder / "index")))
    lib.ingest(files, progress=False)
    return lib


def generated(tmp_path_factory, seed: int, template: str) -> Library:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp(f"gen{seed}")
    render(seed, template, str(folder / "gen.pdf"))
    return library(folder, [str(folder / "gen.pdf")])


def real(tmp_path_factory, rel: str) -> Library:  # type: ignore[no-untyped-def]
    if not REAL.exists():
        pytest.skip("../shared/real/ is not on this machine")
    return library(tmp_path_factory.mktemp(Path(rel).stem), [str(REAL / rel)])
