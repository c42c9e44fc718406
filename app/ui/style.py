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
"""


def theme() -> gr.themes.Base:
    """Gradio's default theme with the system's Chinese fonts: no font file is fetched from anywhere."""
    return gr.themes.Default(
        primary_hue="red", neutral_hue="slate", radius_size="lg", font=list(SYSTEM_FONTS), font_mono=list(MONO_FONTS)
    )
