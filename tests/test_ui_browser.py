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


LAYOUT_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
      width: r.width, height: r.height}; };
  const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width > 0 && r.right > vw + 1 && s.visibility !== 'hidden' && s.display !== 'none' && !scrolls(e))
      wide.push(e.tagName + '#' + e.id + '.' + String(e.className).slice(0, 30));
  }
  const tabs = [...document.querySelectorAll('#bq-tabs [role=tablist] [role=tab]')].map(t => t.textContent.trim());
  const more = document.querySelector('#bq-tabs .overflow-menu button');
  const bots = document.querySelectorAll('#bq-chatbot .message-row.bot-row, #bq-chatbot .bot');
  const lastBot = bots.length ? bots[bots.length - 1].getBoundingClientRect() : null;
  return {vw, scrollWidth: document.documentElement.scrollWidth, wide, tabs,
    more: !!more && more.getBoundingClientRect().width > 0, scrollY: window.scrollY,
    focused: document.activeElement ? document.activeElement.tagName : '',
    header: box('#bq-header'), title: box('#bq-header h1'), subtitle: box('#bq-header p'), doc: box('#bq-doc'),
    chat: box('#bq-chatbot'), evidence: box('#bq-evidence-panel'), question: box('#bq-question'),
    lastBot: lastBot && {bottom: lastBot.bottom + scrollY}};
}"""
TABS = ["问答", "预算一览", "表格浏览", "跨文档对比", "一致性审核", "上传文档"]
CLIPPED_JS = """() => [...document.querySelectorAll('.bq-wrap')].filter(f => f.offsetWidth).map(frame => {
    const edge = frame.getBoundingClientRect().right + 1;
    const heads = [...frame.querySelectorAll('th')].filter(th => th.getBoundingClientRect().width > 0);
    return {heads: heads.length, clipped: heads.filter(th => th.getBoundingClientRect().right > edge)
      .map(th => th.textContent.trim())}; })"""


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800), ("phone", 390, 844)])
def test_the_page_fits_desktop_and_phone(url: str, browser, name: str, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """At 1280×800 and 390×844: nothing wider than the screen, a header of two lines, every tab in the bar,
    the page open at its top, and the evidence beside (desktop) or right under (phone) the answer."""
    from playwright.sync_api import expect

    phone = width < 600
    context = browser.new_context(
        locale="en-US", viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#bq-question textarea")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(800)
    opened = page.evaluate(LAYOUT_JS)
    assert opened["scrollY"] == 0  # the header and the tabs are the first thing seen
    assert opened["focused"] == ("BODY" if phone else "TEXTAREA")  # no keyboard popping up on a phone
    assert opened["tabs"] == TABS and not opened["more"]  # no tab hidden behind 「…」
    assert opened["scrollWidth"] <= width and not opened["wide"], opened["wide"]
    title, subtitle = opened["title"], opened["subtitle"]
    assert title["height"] < 32 and subtitle["height"] < 24  # one line each: the header is two lines
    assert opened["header"]["height"] <= 64
    assert opened["doc"]["right"] <= width and opened["doc"]["width"] >= (300 if phone else 240)
    for tab in TABS[1:]:  # each tab can be reached (scrolled into view on a phone) and opened
        button = page.get_by_role("tab", name=tab)
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
    expect(page.get_by_text("将文件拖放到此处")).to_have_count(0)  # (the upload tab is not open yet)
    page.get_by_role("tab", name="上传文档").click()
    expect(page.get_by_text("将文件拖放到此处")).to_be_visible()  # Chinese, although the browser asks for English
    page.get_by_role("tab", name="问答").click()

    page.locator("#bq-question textarea").fill("三公经费是多少？")
    page.locator("#bq-send").click()
    expect(page.locator(".bq-chat").get_by_text("3.50万元", exact=True)).to_be_visible(timeout=60_000)
    page.locator("#bq-cites label").first.click()
    expect(page.locator("#bq-evidence-panel tr.bq-hit").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(300)
    asked = page.evaluate(LAYOUT_JS)
    assert asked["scrollWidth"] <= width and not asked["wide"], asked["wide"]
    chat, evidence, question = asked["chat"], asked["evidence"], asked["question"]
    if phone:  # under the answers, above the question box
        assert chat["bottom"] <= evidence["top"] < question["top"]
        assert evidence["top"] - asked["lastBot"]["bottom"] < 0.6 * height
    else:  # beside the conversation
        assert evidence["left"] >= chat["right"] and evidence["top"] < chat["bottom"]
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT.with_name(f"ui_{name}_{width}x{height}.png")), full_page=True)

    page.get_by_role("tab", name="预算一览").click()
    expect(page.get_by_text("项目支出（本年预算）")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)
    frames = page.evaluate(CLIPPED_JS)
    assert len(frames) == 4 and all(f["heads"] == 4 for f in frames)  # the figures beside the four charts
    assert [f["clipped"] for f in frames] == [[]] * 4  # every column inside its frame: long names wrap

    page.get_by_role("tab", name="一致性审核").click()
    page.get_by_role("button", name="运行审核").click()
    expect(page.get_by_text("审核结果")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    audit = page.evaluate(CLIPPED_JS)
    assert len(audit) == 1 and audit[0]["heads"] == 5 and audit[0]["clipped"] == []  # 出处 is not cut off
    context.close()
