"""End to end: the real page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).
A visitor asks a question, sees the figure and its citation, opens the evidence and finds the cited row
highlighted, looks at 预算一览 — and the browser never talks to anything but the loopback server.
Leaves a screenshot in evals/reports/ui_screenshot.png."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

import app  # noqa: F401  (offline switches first)
from app.config import Settings
from app.library import Library

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "evals" / "reports" / "ui_screenshot.png"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning"),  # Gradio 6.31's queue on pandas 3
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from app.ui import build_ui, launch

    settings = Settings(index_dir=str(tmp_path_factory.mktemp("ui_browser_index")))
    Library(settings).ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    demo = build_ui(settings)
    yield launch(demo, port=free_port(), block=False)
    demo.close()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def test_a_visitor_asks_opens_the_evidence_and_nothing_leaves_the_machine(url: str, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    context = browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_text("试试这些问题")).to_be_visible(timeout=30_000)

    page.locator("#bq-question textarea").fill("铁路道口安全管理专项资金是多少？")
    page.locator("#bq-send").click()
    answer = page.locator(".bq-chat").get_by_text("9.00万元", exact=True)
    expect(answer).to_be_visible(timeout=60_000)
    assert answer.evaluate("e => e.tagName") == "STRONG"  # the figure is emphasised
    expect(page.locator(".bq-chat")).to_contain_text("表十二 项目支出预算表（本年预算）")

    page.locator("#bq-cites label", has_text="[1] 表十二").click()
    hit = page.locator("#bq-evidence-panel tr.bq-hit").first
    expect(hit).to_be_visible(timeout=30_000)
    expect(hit).to_contain_text("T铁路道口安全管理专项资金")
    expect(hit.locator("td.bq-hit-cell")).to_have_text("9.00")
    expect(page.locator("#bq-evidence-panel")).to_contain_text("第16页 第768行")

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_role("tab", name="预算一览").click()
    expect(page.get_by_text("支出按功能分类（类）")).to_be_visible()
    expect(page.locator("canvas, svg.marks").first).to_be_visible(timeout=30_000)  # the chart is drawn (Vega, bundled)
    page.wait_for_timeout(1000)  # let anything the charts might fetch show up in the log
    context.close()

    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert requests and hosts <= LOOPBACK, f"requests left the machine: {sorted(hosts - LOOPBACK)}"
