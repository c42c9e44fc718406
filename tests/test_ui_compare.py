"""The web UI over a library of two documents (the bundled one and a generated one of another unit and year):
the picker offers 「全部文档」, a question there compares the documents with every citation naming its
document and opening that document's evidence, and the comparison tab charts one figure with its cells."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.config import Settings
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]
DATONG, XUCHANG = "2024-大同市工业和信息化局", "2023-许昌市文化和旅游局"

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    from app.ui import build_ui, launch

    settings = Settings(index_dir=str(tmp_path_factory.mktemp("ui_two")))
    lib = Library(settings)
    lib.ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    lib.ingest(str(ROOT / "evals" / "docs" / "gen_seed7.txt"), progress=False)
    demo = build_ui(settings)
    url = launch(demo, port=free_port(), block=False)
    yield Client(url, verbose=False)
    demo.close()


def bot_text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_all_documents_is_offered_and_a_question_there_compares_with_cited_documents(client) -> None:  # type: ignore[no-untyped-def]
    from app.ui.documents import ALL

    _, messages, cites, _, _ = client.predict(
        "大同市工信局和许昌市文旅局的三公经费分别是多少", ALL, [], api_name="/chat"
    )
    text = bot_text(messages[-1])
    assert "3.50万元" in text and "16.00万元" in text
    labels = [c[0] for c in cites["choices"]]
    assert len(labels) == 2 and all("表十" in label for label in labels)
    second = client.predict(1, ALL, api_name="/evidence")  # the 许昌 citation opens 许昌's table, not 大同's
    hit = second.split('<tr class="bq-hit"', 1)[1].split("</tr>", 1)[0]
    assert "16.00" in hit and "3.50" not in hit


def test_all_documents_answers_a_single_document_question_from_the_one_it_names(client) -> None:  # type: ignore[no-untyped-def]
    from app.ui.documents import ALL

    _, messages, _, _, _ = client.predict("许昌市文旅局的三公经费是多少", ALL, [], api_name="/chat")
    assert "16.00万元" in bot_text(messages[-1]) and "3.50万元" not in bot_text(messages[-1])


def test_comparison_tab_charts_one_figure_with_its_cited_cells(client) -> None:  # type: ignore[no-untyped-def]
    text, plot, cells = client.predict("机关运行经费", [DATONG, XUCHANG], api_name="/compare")
    assert "85.14万元" in text and "69.15万元" in text
    rows = {r[0]: r[1] for r in plot["value"]["data"]}
    assert rows == {"大同市工业和信息化局 2024年预算": 85.14, "许昌市文化和旅游局 2023年预算": 69.15}
    assert [r[0] for r in cells["data"]] == ["大同市工业和信息化局 2024年预算", "许昌市文化和旅游局 2023年预算"]
    assert all("表十一" in r[2] and "第" in r[3] for r in cells["data"])


def test_comparison_tab_needs_two_documents(client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="至少两份文档"):
        client.predict("三公经费", [DATONG], api_name="/compare")
