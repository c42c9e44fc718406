"""What the audit checks: every check's stable id, description and severity, and the tables it knows by kind."""

from __future__ import annotations

from dataclasses import dataclass

from app.catalogue import KIND_NAMES  # noqa: F401 - the audit names tables as the catalogue does


@dataclass(frozen=True)
class Check:
    id: str
    description: str  # plain Chinese, for the reader of the report
    severity: str  # high / medium / low (a 0.01 rounding difference is always low)


CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("T1.row_total", "表内每行：合计（小计）= 其余各列之和（如 合计 = 基本支出 + 项目支出）", "high"),
        Check("T2.parent_sum", "表内科目：类 = 其下各款之和，款 = 其下各项之和", "high"),
        Check(
            "T3.subtotal",
            "表内合计行与小计行：合计 = 各类之和；表六 各类 = 其下经济科目之和；三公、项目、机关运行经费表的合计",
            "high",
        ),
        Check("T4.personnel_public", "表六每行：人员经费 + 公用经费 = 合计", "high"),
        Check("T5.balance", "收支平衡（表一、表四）：收入总计 = 支出总计，本年收入合计 = 本年支出合计", "high"),
        Check("X1.total_t1_t3", "预算收支总表的支出总计 = 预算支出总表的合计", "high"),
        Check("X1.total_t2_t3", "预算收入总表的合计 = 预算支出总表的合计", "high"),
        Check("X1.gpb_t1_t5", "预算收支总表的一般公共预算收入 = 一般公共预算支出表的合计", "high"),
        Check("X1.gpb_t2_t5", "预算收入总表的一般公共预算合计 = 一般公共预算支出表的合计", "high"),
        Check("X1.gpb_t4_t5", "财政拨款收支总表的一般公共预算收入 = 一般公共预算支出表的合计", "high"),
        Check("X1.fund_t4_t8", "财政拨款收支总表的政府性基金预算收入 = 政府性基金预算支出表的合计", "high"),
        Check("X2.rows_t2_t3", "每个科目：预算收入总表的合计 = 预算支出总表的合计", "high"),
        Check("X2.rows_t3_t5", "只有一般公共预算时，每个科目：预算支出总表 = 一般公共预算支出表（各列）", "high"),
        Check("X2.classes_t1_t3", "预算收支总表的各类支出 = 预算支出总表的各类（科目编码3位）合计", "high"),
        Check("X3.basic_t6_t5", "基本支出分经济科目表的合计 = 一般公共预算支出表的基本支出", "high"),
        Check("X4.car_t10_t6", "“三公”经费表的公务用车运行维护费 = 基本支出分经济科目表的同名科目", "medium"),
        Check("X5.admin_t11_t6", "机关运行经费表的合计 = 基本支出分经济科目表的公用经费", "medium"),
        Check(
            "X6.projects_t12_t3", "项目支出预算表的合计与各项目之和（加上年结转项目）= 预算支出总表的项目支出", "high"
        ),
        Check("N1.amount", "情况说明中的金额 = 表中对应数字", "medium"),
        Check("N2.share", "情况说明中的占比（占xx%）= 部分 ÷ 总数（按表中数字，四舍五入到两位小数）", "medium"),
        Check("N3.change", "情况说明中的增减幅度 = 增减额 ÷ 上年数（上年数 = 本年数 ∓ 增减额）", "medium"),
        Check("N4.project_count", "情况说明中的项目个数 = 项目支出预算表的项目数 / 绩效目标表的张数", "medium"),
        Check("N5.parts_sum", "情况说明中「其中」各项之和 = 所述总数（政府采购、车辆、项目分类）", "medium"),
        Check("P1.funds_t12", "绩效目标表的年度资金总额（元）= 项目支出预算表中该项目金额（万元 × 10000）", "medium"),
        Check("P2.cost_indicator", "绩效目标表的成本指标（如 ≤170000元）不超过项目资金总额", "medium"),
        Check("P3.fund_sources", "绩效目标表的资金总额 = 各资金来源之和", "medium"),
        Check(
            "C1.tables_present",
            "必备表格齐全（预算收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
            "基本支出分经济科目表、政府性基金预算支出表、国有资本经营预算表、“三公”经费表）",
            "medium",
        ),
        Check("C2.empty_note", "没有数据的表注明「本表无数据」，有数据的表不写此说明", "low"),
        Check("C3.template_text", "没有遗留的模板文字（如「减少（增加）」「下降(增长)」「XX」）", "medium"),
        Check("C4.year", "绩效目标和实施计划中的年份属于本预算年度（或上一年度、项目期内）", "medium"),
    )
}

REQUIRED_KINDS = (
    "income_expense_total",
    "income_total",
    "expense_total",
    "fiscal_total",
    "gpb_expense",
    "basic_by_econ",
    "fund_expense",
    "soe",
    "three_public",
)


# The short Chinese name of every check: one vocabulary for the terminal report, the web UI and the JSON.
NAMES: dict[str, str] = {
    "T1.row_total": "表内每行合计",
    "T2.parent_sum": "上下级科目加总",
    "T3.subtotal": "合计行与小计行",
    "T4.personnel_public": "人员经费与公用经费之和",
    "T5.balance": "收支平衡",
    "X1.total_t1_t3": "收支总表与支出总表的总计",
    "X1.total_t2_t3": "收入总表与支出总表的合计",
    "X1.gpb_t1_t5": "一般公共预算：收支总表与支出表",
    "X1.gpb_t2_t5": "一般公共预算：收入总表与支出表",
    "X1.gpb_t4_t5": "一般公共预算：财政拨款收支总表与支出表",
    "X1.fund_t4_t8": "政府性基金：财政拨款收支总表与支出表",
    "X2.rows_t2_t3": "各科目：收入总表与支出总表",
    "X2.rows_t3_t5": "各科目：支出总表与一般公共预算支出表",
    "X2.classes_t1_t3": "各类支出：收支总表与支出总表",
    "X3.basic_t6_t5": "基本支出：经济科目表与一般公共预算支出表",
    "X4.car_t10_t6": "公务用车运行维护费：三公表与经济科目表",
    "X5.admin_t11_t6": "机关运行经费与公用经费",
    "X6.projects_t12_t3": "项目支出合计",
    "N1.amount": "情况说明中的金额",
    "N2.share": "情况说明中的占比",
    "N3.change": "情况说明中的增减幅度",
    "N4.project_count": "情况说明中的项目个数",
    "N5.parts_sum": "情况说明中「其中」各项之和",
    "P1.funds_t12": "绩效目标表资金与项目金额",
    "P2.cost_indicator": "成本指标不超过资金总额",
    "P3.fund_sources": "绩效目标表的资金来源之和",
    "C1.tables_present": "必备表格齐全",
    "C2.empty_note": "空表说明",
    "C3.template_text": "遗留的模板文字",
    "C4.year": "年份属于本预算年度",
}


def check_label(check_id: str) -> str:
    """「遗留的模板文字（C3）」: the check's Chinese name with its short code, for people."""
    return f"{NAMES.get(check_id, check_id)}（{check_id.split('.', 1)[0]}）"
