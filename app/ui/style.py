"""The page's look: system fonts only (no font file is ever fetched), the stylesheet for desktop and phone
widths, the theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr

import app  # noqa: F401  (offline switches before gradio is imported)

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    pass


SYSTEM_FONTS = (
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "system-ui",
    "sans-serif",
)
MONO_FONTS = ("SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono", "monospace")


CSS = """
.gradio-container { max-width: 1280px !important; width: 100% !important; margin: 0 auto; }
#bq-header { display: flex; align-items: center; gap: 14px; padding: 6px 2px 2px; }
#bq-header .bq-logo { width: 40px; height: 40px; border-radius: 10px; background: #c0392b; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 20px; font-weight: 700; }
#bq-header h1 { font-size: 22px; margin: 0; line-height: 1.2; }
#bq-header p { margin: 2px 0 0; color: #64748b; font-size: 13px; }
.bq-chat .message.bot strong, .bq-chat .bot strong { color: #b42318; font-size: 1.08em; }
.bq-chat blockquote { border-left: 3px solid #f59e0b; background: #fffbeb; margin: 6px 0; padding: 4px 10px; }
.bq-chat sub { color: #94a3b8; }
.bq-chat .placeholder { max-width: 560px; margin: 0 auto; padding: 24px 28px; text-align: left; color: #334155; }
.bq-chat .placeholder h3 { color: #b42318; }
.bq-examples { flex-wrap: wrap !important; gap: 8px !important; }
.bq-examples button { font-size: 13px !important; white-space: nowrap; flex: 0 0 auto !important; width: auto !important;
  border-radius: 999px !important; padding: 4px 14px !important; }
.bq-hint { color: #64748b; padding: 18px 12px; border: 1px dashed #cbd5e1; border-radius: 10px; text-align: center; }
.bq-evidence { font-size: 14px; }
.bq-ev-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 4px; }
.bq-badge { background: #c0392b; color: #fff; border-radius: 6px; padding: 1px 8px; font-size: 13px; }
.bq-page { margin-left: auto; color: #475569; background: #f1f5f9; border-radius: 6px; padding: 1px 8px; font-size: 13px; }
.bq-sub { color: #64748b; font-size: 13px; margin: 4px 0 6px; }
.bq-table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 8px; }
.bq-evidence .bq-table, .bq-evidence .bq-table tr, .bq-evidence .bq-table thead, .bq-evidence .bq-table tbody { border: none !important; }
.bq-evidence .bq-table th, .bq-evidence .bq-table td { border: none !important; border-bottom: 1px solid #eef2f6 !important; }
.bq-table th { background: #f8fafc; color: #334155; font-weight: 600; padding: 5px 6px; text-align: left; }
.bq-table td { padding: 4px 6px; vertical-align: top; }
.bq-table td.bq-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bq-table td.bq-code, .bq-table td.bq-loc { color: #64748b; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bq-table tr.bq-total td { font-weight: 600; background: #fafafa; }
.bq-table tr.bq-hit td { background: #fff4ce; font-weight: 600; }
.bq-table td.bq-hit-cell { background: #fde68a !important; box-shadow: inset 0 0 0 2px #f59e0b; }
.bq-para { line-height: 1.9; background: #f8fafc; border-radius: 8px; padding: 10px 12px; }
.bq-para mark { background: #fde68a; padding: 1px 0; }
.bq-more summary { cursor: pointer; color: #2563eb; margin: 6px 0; }
.bq-facts { margin: 4px 0 6px 1em; padding: 0; color: #334155; }
.bq-facts li.bq-hit { background: #fff4ce; font-weight: 600; }
.bq-cites label { font-size: 13px !important; }
#bq-note:empty, #bq-note:has(.prose:empty) { display: none; }
#bq-note { color: #b45309; font-size: 13px; }
.bq-wrap table td, .bq-wrap table th { white-space: normal !important; overflow-wrap: anywhere; }
.bq-sides td.bq-side-gap { border-left: 2px solid #cbd5e1 !important; }

/* Phones (≤ 640 px): a two-line header, the picker under it, a tab bar that scrolls sideways instead of
   hiding tabs, and the evidence right under the answers (the chat column dissolves into its parts). */
@media (max-width: 640px) {
  .gradio-container { padding: 0 8px !important; }
  #bq-top { flex-direction: column !important; flex-wrap: nowrap !important; gap: 4px !important; }
  #bq-top > * { width: 100% !important; min-width: 0 !important; flex: none !important; }
  #bq-header { gap: 10px; padding: 2px 0 0; }
  #bq-header .bq-logo { width: 32px; height: 32px; font-size: 16px; flex: none; }
  #bq-header > div:last-child { min-width: 0; flex: 1; }
  #bq-header h1 { font-size: 18px; white-space: nowrap; }
  #bq-header p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #bq-tabs .tab-wrapper { overflow: hidden; }
  #bq-tabs [role=tablist] { flex-wrap: nowrap !important; overflow-x: auto; scrollbar-width: none; }
  #bq-tabs [role=tablist] button { flex: none; white-space: nowrap; padding-left: 10px; padding-right: 10px; }
  #bq-main { flex-direction: column !important; flex-wrap: nowrap !important; }
  #bq-chatcol { display: contents !important; }
  #bq-chatbot { order: 1; height: 56vh !important; min-height: 300px; }
  #bq-evcol { order: 2; width: 100% !important; min-width: 0 !important; }
  #bq-ask { order: 3; }
}
"""

# On load: focus the question box on wide screens only; a phone opens at the top of the page (focusing
# would scroll the header and the tabs away and open the keyboard).
ON_LOAD_JS = """() => {
  if (window.matchMedia("(max-width: 640px)").matches) { window.scrollTo(0, 0); return; }
  const box = document.querySelector("#bq-question textarea");
  if (box) box.focus({ preventScroll: true });
}"""

# Gradio's own texts (the upload area, …) follow the browser's language; this page is Chinese whatever the
# browser says, so the English defaults (the fallback for every language without its own) are Chinese too.
_ZH = {
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.click_to_upload": "点击上传",
    "common.or": "或",
    "common.clear": "清除",
    "common.submit": "提交",
    "errors.use_via_api": "通过 API 使用",
}
I18N = gr.I18n(en=_ZH, **{"en-US": _ZH, "en-GB": _ZH})


def theme() -> gr.themes.Base:
    """Gradio's default theme with the system's Chinese fonts: no font file is fetched from anywhere."""
    return gr.themes.Default(
        primary_hue="red", neutral_hue="slate", radius_size="lg", font=list(SYSTEM_FONTS), font_mono=list(MONO_FONTS)
    )
