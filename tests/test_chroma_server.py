"""The vectors on a real Chroma server (`chroma run`, client/server mode over HTTP) instead of the embedded
store: ingest writes there, questions are answered from there with the same retrieval as the embedded store,
removal deletes the document's collection there, and nothing of the vectors is written under index_dir."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.config import Settings
from app.errors import ConfigError
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "datong_gxj_2024.txt"
CHROMA = Path(sys.executable).parent / "chroma"
QUERIES = [
    "什么是机关运行经费",
    "三公经费为什么与上年持平",
    "政府采购预算是多少",
    "单位职能是什么",
    "国有资产占有使用情况",
]

pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason="the chroma command comes with the chromadb package")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    port = free_port()
    data = tmp_path_factory.mktemp("chroma_server")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("chroma run did not start")
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def both(server, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The bundled document indexed twice: vectors on the server, and embedded (for comparison)."""
    remote = Settings(index_dir=str(tmp_path_factory.mktemp("remote") / "index"), chroma_url=server)
    local = Settings(index_dir=str(tmp_path_factory.mktemp("local") / "index"))
    for settings in (remote, local):
        Library(settings).ingest(str(BUNDLED), progress=False)
    return Library(remote), Library(local)


def test_ingest_writes_the_vectors_to_the_server_and_none_locally(both, server):
    import chromadb

    remote, _ = both
    meta = next(iter(remote.docs().values()))
    assert not (Path(remote.settings.index_dir) / "chroma").exists()
    collection = chromadb.HttpClient(host="127.0.0.1", port=int(server.rsplit(":", 1)[1])).get_collection(
        meta["collection"]
    )
    assert collection.count() == meta["chunks"] == 87


def test_the_server_retrieves_what_the_embedded_store_does(both):
    remote, local = both
    r, loc = remote.qa(), local.qa()
    for query in QUERIES:
        on_server = r.narrative.vectors.search(query, r.doc_id, 5)
        embedded = loc.narrative.vectors.search(query, loc.doc_id, 5)
        # the same nearest passage and the same similarities; HNSW may order near-ties at the tail differently
        assert on_server[0][0] == embedded[0][0], query
        near = dict(embedded)
        shared = [cid for cid, _ in on_server if cid in near]
        assert len(shared) >= 4 and all(abs(dict(on_server)[c] - near[c]) < 1e-4 for c in shared), query
    for question in ["什么是机关运行经费？", "三公经费是多少", "政府采购预算是多少？"]:
        assert r.ask(question).text == loc.ask(question).text


def test_removing_a_document_deletes_its_collection_on_the_server_only(both, server):
    import chromadb

    remote, _ = both
    client = chromadb.HttpClient(host="127.0.0.1", port=int(server.rsplit(":", 1)[1]))
    other = client.get_or_create_collection("someone-elses-collection")  # another index on the same server
    name = next(iter(remote.docs().values()))["collection"]
    remote.close()  # no reader holds the version any more (one that does keeps it until a later clean-up)
    remote.remove(next(iter(remote.docs())))
    names = {c.name for c in client.list_collections()}
    assert name not in names and other.name in names


def test_a_bad_server_address_is_a_clear_error(tmp_path):
    settings = Settings(index_dir=str(tmp_path / "index"), chroma_url="ftp://nowhere")
    with pytest.raises(ConfigError, match="chroma_url 应是 http://主机:端口"):
        Library(settings).ingest(str(BUNDLED), progress=False)
    down = Settings(index_dir=str(tmp_path / "index2"), chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError, match="连接不上 Chroma 服务器"):
        Library(down).ingest(str(BUNDLED), progress=False)
    assert Library(down).docs() == {}  # nothing half-written
