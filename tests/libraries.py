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


def real(tmp_path_factory, *rels: str) -> Library:  # type: ignore[no-untyped-def]
    """A real disclosure, or one report in several files (北京's two parts), as one document."""
    if not REAL.exists():
        pytest.skip("../shared/real/ is not on this machine")
    return library(tmp_path_factory.mktemp(Path(rels[0]).stem), [str(REAL / rel) for rel in rels])


def knowledge(tmp_path_factory, seed: int):  # type: ignore[no-untyped-def]
    """The Knowledge of a generated disclosure, parsed and written as parquet — in memory, no Chroma, no embedder."""
    from docgen import generate

    from app.answer.knowledge import Knowledge
    from app.ingest.pipeline import parse
    from app.stores.table_store import TableStore

    folder = tmp_path_factory.mktemp(f"kb{seed}")
    path = folder / "doc.txt"
    path.write_text(generate(seed).text, encoding="utf-8")
    doc, tables, refs, cells, perf, chunks, _ = parse(str(path))
    store = TableStore(folder / "store")
    store.write(doc, tables, refs, cells, perf, chunks, {})
    d = doc.doc_id
    rows = store.rows(d)
    corpus = "\n".join([c.text for c in chunks] + list(rows["name"]))
    return Knowledge(store.docs()[d], store.tables(d), rows, store.cells(d), store.perf(d), corpus)


def ask(lib: Library, question: str, history: tuple = ()):  # type: ignore[no-untyped-def]
    """The answer to one question (with the conversation so far)."""
    return lib.ask(question, history)[1]


def turns(lib: Library, *questions: str):  # type: ignore[no-untyped-def]
    """The answer to the last of several questions asked in one conversation."""
    history: tuple = ()
    for q in questions:
        a = ask(lib, q, history)
        history += ((q, a),)
    return a
