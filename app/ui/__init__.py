"""The web face (Gradio 6): a Chinese chat page whose answers carry numbered citations and open their
evidence, a 「预算一览」 of the spending structure, a table browser with CSV download, and an upload area.

A thin face over the library (app.library) and BudgetQA: every figure on the page comes from them, nothing is
recomputed here except the shares shown beside the overview charts (labelled as computed).

Offline by construction: system fonts only (Gradio's font stylesheets are never requested), analytics
off (app/__init__), no share link, no server-side rendering, no run history. The answer function is
public in Gradio's API as `/ask` (question → Markdown with citations); the page's own events are
`undocumented`: callable by the page and by clients that know them, not listed in the API docs.
"""

from app.ui.page import build_ui, launch, serve

__all__ = ["build_ui", "launch", "serve"]
