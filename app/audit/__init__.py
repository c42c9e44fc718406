"""Consistency audit: do a disclosure's figures agree with themselves?

The tedious cross-checks a reviewer does by hand, run on the parsed document (no model needed):

- within a table (T*, `tables`): 合计 = the other columns, parents = the sum of their children, the subtotal
  rows, 人员经费 + 公用经费 = 合计 (表六), 收入 = 支出 (表一, 表四);
- across tables (X*, `cross`): totals and rows that must agree, tables found by their `kind`, never by number;
- narrative vs tables (N*, `narrative`, `project_text`): every figure, share and change stated in 情况说明,
  sentence by sentence, read with a small set of format-level patterns (label → figure, `resolvers`) and
  recomputed from the tables;
- 绩效目标表 (P*, `performance_targets`): 年度资金总额 against 表十二, cost indicators against the project's funds;
- completeness (C*, `completeness`): required tables, 「本表无数据」 notes, leftover template text, years from
  another budget.

Each check has a stable id, a Chinese description and a severity (`catalogue`). A check yields one finding per
failing instance; when everything passes, one summarising pass finding (`results`). Where extraction is unsure (a
ParseWarning `ambiguous_cells` / `truncated_table` on the rows involved, a table missing) the finding is
`insufficient_data`, never a false problem. A difference of exactly 0.01 is reported as rounding, at low severity.

The rest: `model` (Finding, figures, states), `document` (the parsed document indexed for the checks), `citations`,
`sentences` (reading 情况说明), `projects` (项目 rows and 绩效目标表 funds), `run` (audit_parsed, and run_audit
for the service), `report` (JSON and the terminal report).
"""

from app.audit.catalogue import CHECKS, KIND_NAMES, NAMES, REQUIRED_KINDS, Check, check_label
from app.audit.model import FAIL, INSUFFICIENT, NOT_APPLICABLE, PASS, SEVERITY_CN, SEVERITY_RANK, Finding
from app.audit.report import findings_to_json, format_findings, note_json, note_text
from app.audit.run import STEPS, audit_parsed, derive_warnings, run_audit
from app.audit.sentences import section_key, stated_figures

__all__ = [
    "note_json",
    "note_text",
    "CHECKS",
    "NAMES",
    "check_label",
    "FAIL",
    "INSUFFICIENT",
    "KIND_NAMES",
    "NOT_APPLICABLE",
    "PASS",
    "REQUIRED_KINDS",
    "SEVERITY_CN",
    "SEVERITY_RANK",
    "STEPS",
    "Check",
    "Finding",
    "audit_parsed",
    "derive_warnings",
    "findings_to_json",
    "format_findings",
    "run_audit",
    "section_key",
    "stated_figures",
]
