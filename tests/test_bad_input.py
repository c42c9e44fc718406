"""A zoo of bad input files, each named after what is wrong with it: a clear error, and nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.errors import InputFileError, NotADisclosureError
from app.ingest.pipeline import parse
from app.ingest.read import read_document

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "datong_gxj_2024.txt"


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError, match="找不到文件"):
        read_document(tmp_path / "nope.txt")


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(InputFileError, match="文件夹"):
        read_document(tmp_path)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(InputFileError, match="文件为空"):
        read_document(p)


def test_binary_file(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF-1.7\x00\x01\x02\xff\xfe" * 50)
    with pytest.raises(InputFileError, match="二进制"):
        read_document(p)


def test_gbk_encoded_text_is_read_not_rejected(tmp_path):
    """Older exports are GBK: reading them is what a user expects; the encoding is reported."""
    p = tmp_path / "gbk.txt"
    p.write_bytes(BUNDLED.read_text(encoding="utf-8").encode("gb18030"))
    doc = read_document(p)
    assert doc.encoding == "gb18030"
    assert doc.unit == "大同市工业和信息化局" and doc.year == 2024
    _, tables, _, cells, _, _, _ = parse(str(p))
    assert len(tables) == 13 and len(cells) == 267


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 20)
    with pytest.raises(InputFileError, match="编码"):
        read_document(p)


def test_text_that_is_not_a_disclosure(tmp_path):
    p = tmp_path / "novel.txt"
    p.write_text("从前有座山，山里有座庙。\n\n庙里有个老和尚。\n", encoding="utf-8")
    with pytest.raises(NotADisclosureError, match="预算公开"):
        read_document(p)


def test_text_with_a_unit_name_but_no_tables(tmp_path):
    p = tmp_path / "letter.txt"
    p.write_text("单位名称：某某局\n\n关于2024年预算编制工作的通知\n\n请各科室按时报送。\n", encoding="utf-8")
    with pytest.raises(NotADisclosureError, match="没有找到任何预算表格"):
        parse(str(p))


def test_truncated_table_is_reported(tmp_path):
    lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if "J残疾人保证障金(2015年已缴纳" in line)
    p = tmp_path / "truncated.txt"
    p.write_text("\n".join(lines[: cut + 1]), encoding="utf-8")
    _, tables, _, _, _, _, warnings = parse(str(p))
    assert any(w.code == "truncated_table" and w.table == "表十二" for w in warnings)
    assert [t.label for t in tables][-1] == "表十二"


def test_cli_reports_bad_input_as_an_error_and_keeps_the_index(tmp_path, capsys):
    """A failed ingest must not touch what is already indexed."""
    index = tmp_path / "index"
    index.mkdir()
    (index / "library.json").write_text('{"keep": 1}', encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("不是预算", encoding="utf-8")
    assert main(["ingest", str(bad), "--index-dir", str(index)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "预算公开" in err
    assert (index / "library.json").read_text(encoding="utf-8") == '{"keep": 1}'
    assert sorted(p.name for p in index.iterdir()) == ["library.json"]


def test_source_file_is_never_modified(tmp_path):
    p = tmp_path / "doc.txt"
    shutil.copy(BUNDLED, p)
    before = p.read_bytes()
    parse(str(p))
    assert p.read_bytes() == before
