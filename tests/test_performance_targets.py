"""项目支出绩效目标表: the five tables of the bundled document, then unseen ones written here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.ingest.performance_targets import parse_perf_targets
from app.ingest.read import read_document
from app.ingest.sections import find_sections
from app.ingest.target_values import split_name_value

DOC_PATH = Path(__file__).resolve().parents[1] / "data" / "datong_gxj_2024.txt"
SOURCES = ("资金总额", "中央财政资金", "省级财政资金", "市县（区）财政资金", "单位自筹", "其他资金")


@pytest.fixture(scope="module")
def parsed():
    doc = read_document(DOC_PATH)
    return doc, *parse_perf_targets(doc, find_sections(doc))


@pytest.fixture(scope="module")
def targets(parsed):
    return {t.project: t for t in parsed[1]}


def _funds(target, period):
    return {source: amount for p, source, amount in target.funds if p == period}


def _indicator(target, period, name):
    return next(i for i in target.indicators if i.period == period and i.name == name)


# ---------------------------------------------------------------- the bundled document


def test_five_projects_are_found(targets):
    assert list(targets) == [
        "J残疾人保证障金(2015年已缴纳额)",
        "Z全市工程系列(含非公民营企业)中、初级职称评审专项经费",
        "Z驻村帮扶工作人员经费",
        "T铁路道口安全管理专项资金",
        "Z民营经济发展促进工作经费",
    ]


def test_the_bundled_tables_read_without_warnings(parsed):
    assert parsed[2] == []


def test_header_fields(targets):
    rail = targets["T铁路道口安全管理专项资金"]
    assert rail.department == "903-大同市财政局经建科"
    assert rail.implementer == "大同市工业和信息化局"
    assert rail.attribute == "一次性项目（1年结束）"
    assert rail.period == "1年"
    assert (rail.line, rail.end_line, rail.page) == (1208, 1288, 24)
    disabled = targets["J残疾人保证障金(2015年已缴纳额)"]
    assert disabled.department == "083-大同市工业和信息化局[部门]"
    assert (disabled.attribute, disabled.period) == ("经常性项目（长期开展）", "99年")


@pytest.mark.parametrize(
    ("project", "total", "source"),
    [
        ("J残疾人保证障金(2015年已缴纳额)", "54900", "市县（区）财政资金"),
        ("Z全市工程系列(含非公民营企业)中、初级职称评审专项经费", "170000", "市县（区）财政资金"),
        ("Z驻村帮扶工作人员经费", "105000", "市县（区）财政资金"),
        ("T铁路道口安全管理专项资金", "90000", "省级财政资金"),
        ("Z民营经济发展促进工作经费", "210300", "市县（区）财政资金"),
    ],
)
def test_funds_in_yuan_for_both_periods(targets, project, total, source):
    target = targets[project]
    for period in ("实施期", "年度"):
        funds = _funds(target, period)
        assert tuple(funds) == SOURCES  # the wrapped label 市县（区）财政资/金 is rejoined
        assert funds["资金总额"] == funds[source] == Decimal(total)
        assert all(amount == 0 for name, amount in funds.items() if name not in ("资金总额", source))


def test_rail_crossing_funds_come_from_the_province(targets):
    assert _funds(targets["T铁路道口安全管理专项资金"], "年度")["省级财政资金"] == Decimal("90000")
    assert _funds(targets["J残疾人保证障金(2015年已缴纳额)"], "年度")["市县（区）财政资金"] == Decimal("54900")


def test_the_five_tables_add_up_to_the_amount_part_three_states(targets):
    total = sum(_funds(t, "年度")["资金总额"] for t in targets.values())
    assert total == Decimal("630200")  # 「公开项目绩效目标5个，涉及项目金额63.02万元」


def test_texts_on_the_label_line_and_on_following_lines(targets):
    rail = dict(targets["T铁路道口安全管理专项资金"].texts)
    assert rail["立项依据"].startswith("山西省财政厅《关于提前下达2024年省级铁路道口安全管理专项资金的通知》")
    assert rail["项目设立必要性"] == "加强我市铁路无人看守道口安全检查和监督工作，促进工业企业物流发展"
    assert rail["项目实施计划"] == "定期检查和随机检查道口监护工作，定期开展社会物流统计工作"
    village = dict(targets["Z驻村帮扶工作人员经费"].texts)
    assert (
        village["项目概况"]
        == "驻村帮扶工作，目的是积极引导村民转变观念，调整产业结构，增加农民收入，全面推动农村经济、精神文明双发展"
    )
    assert "补充通知》（经组通字【2016】95号）" in village["立项依据"]
    assert list(village) == [
        "项目概况",
        "立项依据",
        "项目设立必要性",
        "保证项目实施的制度、措施",
        "项目实施计划",
        "总体目标（实施期）",
        "总体目标（年度）",
    ]


def test_overall_targets_split_into_implementation_period_and_year(targets):
    title = dict(targets["Z全市工程系列(含非公民营企业)中、初级职称评审专项经费"].texts)
    assert title["总体目标（实施期）"].startswith(".1.完成2021年非公")
    assert title["总体目标（年度）"].startswith(".1.完成2024年非公")
    assert title["总体目标（年度）"].endswith("做好工程系列中、初级专业技术职称评审工作。")
    disabled = dict(targets["J残疾人保证障金(2015年已缴纳额)"].texts)
    assert (
        disabled["总体目标（实施期）"]
        == disabled["总体目标（年度）"]
        == ("通过该项目的实施，支持残疾人的就业情况，使残疾人参与社会生活，更好的保障残疾人权益。")
    )
    rail = dict(targets["T铁路道口安全管理专项资金"].texts)
    assert rail["总体目标（实施期）"] == rail["总体目标（年度）"] == "铁路无人看守道口运输畅通，道口交通安全意识增强。"


def test_indicator_values(targets):
    title = targets["Z全市工程系列(含非公民营企业)中、初级职称评审专项经费"]
    cost = _indicator(title, "年度", "评审成本")
    assert (cost.level1, cost.level2, cost.value, cost.line, cost.page) == (
        "产出指标",
        "成本指标",
        "≤170000元",
        1092,
        22,
    )
    assert not [i for i in title.indicators if i.period == "实施期" and i.level2 == "成本指标"]  # left cell empty
    assert _indicator(title, "实施期", "预计评审人数").value == "≥500人"
    assert _indicator(title, "年度", "评审按时完成").value == "2024年12月31日前"
    assert _indicator(title, "年度", "促进我市工程专业的发展").value == "提升"
    village = targets["Z驻村帮扶工作人员经费"]
    assert _indicator(village, "实施期", "驻村工作队人数").value == "3人"
    assert _indicator(village, "年度", "驻村补助成本").value == "35000元/人"
    assert _indicator(village, "年度", "开展驻村队补助金保障率").value == "100%"  # glued on the right
    assert _indicator(village, "年度", "开展驻村队补助金发放时间").value == "每月月末之前"
    satisfaction = _indicator(village, "年度", "驻村人员满意度")
    assert (satisfaction.level1, satisfaction.level2, satisfaction.value) == (
        "满意度指标",
        "服务对象满意度指标",
        "≥90%",
    )


def test_glued_and_repeated_values(targets):
    disabled = targets["J残疾人保证障金(2015年已缴纳额)"]
    assert _indicator(disabled, "年度", "根据单位人数提取").value == "2人"
    assert _indicator(disabled, "年度", "保障残疾人的生活").value == "保障"
    assert _indicator(disabled, "实施期", "受保障残疾人人群满意度").value == "≥90%"
    rail = targets["T铁路道口安全管理专项资金"]
    assert _indicator(rail, "年度", "每月检查铁路无人看守道口次数").value == "≥1次"
    assert _indicator(rail, "年度", "加强铁路无人看守道口安全管理").value == "加强"
    assert _indicator(rail, "年度", "铁路道口检查时间").value == "2024年12月之前"
    assert _indicator(rail, "年度", "防止事故造成的经济损失").value == "防止经济损失"
    assert _indicator(rail, "年度", "营造道口交通安全氛围").value == "营造安全氛围"
    private = targets["Z民营经济发展促进工作经费"]
    assert _indicator(private, "年度", "民营经济工作经费成本").value == "211200元"
    assert _indicator(private, "实施期", "加强政企沟通").value == "加强加强"  # as printed


def test_every_indicator_has_both_periods_except_one_sided_rows(targets):
    counts = {p: len(t.indicators) for p, t in targets.items()}
    assert counts == {
        "J残疾人保证障金(2015年已缴纳额)": 10,
        "Z全市工程系列(含非公民营企业)中、初级职称评审专项经费": 12,
        "Z驻村帮扶工作人员经费": 12,
        "T铁路道口安全管理专项资金": 14,
        "Z民营经济发展促进工作经费": 12,
    }
    for target in targets.values():
        assert {i.level1 for i in target.indicators} <= {"产出指标", "效益指标", "满意度指标"}
        assert all(i.value and i.name for i in target.indicators)


def test_target_ids_are_stable(parsed):
    doc = parsed[0]
    again, _ = parse_perf_targets(doc, find_sections(doc))
    assert [t.target_id for t in again] == [t.target_id for t in parsed[1]]
    assert len({t.target_id for t in again}) == 5


@pytest.mark.parametrize(
    ("cell", "name", "value"),
    [
        ("预计评审人数 ≥500人", "预计评审人数", "≥500人"),
        ("根据单位人数提取2人", "根据单位人数提取", "2人"),
        ("铁路道口检查时间2024年12月之前", "铁路道口检查时间", "2024年12月之前"),
        ("开展驻村队补助金发放时间每月月末之前", "开展驻村队补助金发放时间", "每月月末之前"),
        ("传承人补助标准3000元/人/年", "传承人补助标准", "3000元/人/年"),
        ("资金拨付时间 2027年12月底前", "资金拨付时间", "2027年12月底前"),
        ("提高驻村人员积极性提高", "提高驻村人员积极性", "提高"),
        ("合格率 达到95%", "合格率", "达到95%"),
        ("合格率100%以上", "合格率", "100%以上"),
        ("完成时间12月31日前", "完成时间", "12月31日前"),
        ("服务对象满意度 ≥ 90%", "服务对象满意度", "≥ 90%"),
    ],
)
def test_split_name_value(cell, name, value):
    assert split_name_value(cell)[:2] == (name, value)


def test_a_cell_without_a_recognisable_value_is_left_undecided():
    assert split_name_value("传承人技艺评估") == ("传承人技艺评估", "", "")


# ---------------------------------------------------------------- unseen tables: other unit, year, wording


UNSEEN = [
    "表一2025年部门收支总表",
    "单位名称：晋中市文化和旅游局 单位：万元",
    " 第三部分 2025年部门预算情况说明",
    "五、绩效目标设置情况",
    "本部门公开项目绩效目标2个。",
    "晋中市市级部门项目支出绩效目标表",
    "（2025年度）",
    "项目名称 F非遗保护传承专项资金（含代表性传承人补助及",
    "展演活动）",
    "主管部门及代码 215-晋中市文化和旅游局 实施单位 晋中市非物质文化遗产保护中心",
    "项目属性 经常性项目 项目期 3年",
    "项目资金",
    "（元）",
    "实施期资金总额： 1,350,000 年度资金总额： 450,000",
    "其中：中央财政资金 300,000 其中：中央财政资金 100,000",
    "省级财政资金 150,000 省级财政资金 50,000",
    "市县（区）财政资",
    "金",
    "900,000 市县（区）财政资金 300,000",
    "单位自筹 0 单位自筹 0",
    "其他资金 0 其他资金",
    "项目概况 用于全市国家级、省级非遗代表性传承人补助和非遗展演活动。",
    "立项依据",
    "《中华人民共和国非物质文化遗产法》《山西省非物质文化遗产条例》",
    "项目设立必要性",
    "保护传承非物质文化遗产，是弘扬中华优秀传统文化的需要。",
    "保证项目实施的制度、措施 《晋中市非遗保护专项资金管理办法》",
    "项目实施计划 2025年3月启动申报，6月完成评审，12月底前拨付补助资金。",
    "实施期目标 年度目标",
    "总体目标",
    "三年内完成全市非物质文化遗产代表性传承人补助全覆盖，举办展演活动不少于30场次，",
    "带动非遗产业发展",
    "完成2025年度传承人补助发放，",
    "举办展演活动10场次。",
    "绩",
    "效",
    "指",
    "标",
    "实施期绩效指标 年度绩效指标",
    "一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值",
    "产出指标 数量指标 补助传承人数 ≥120人 数量指标 补助传承人数 ≥40人",
    "质量指标 补助资金发放准确率100% 质量指标 补助资金发放准确率 100%",
    "质量指标 传承人技艺评估 质量指标 传承人技艺评估",
    "时效指标 资金拨付时间 2027年12月底前 时效指标 资金拨付时间2025年12月31日前",
    "成本指标 传承人补助标准 3000元/人/年 成本指标 传承人补助标准3000元/人/年",
    "效益指标",
    "社会效益指标 非遗传承活力 明显增强 社会效益指标 非遗传承活力明显增强",
    "可持续影响指标 可持续影响指标 非遗项目传承延续 长期",
    "满意度指标",
    "服务对象满意度指标传承人满意度 ≥95% 服务对象满意度指标传承人满意度≥95%",
    "负责人：李四 经办人：王五 联系电话：0354-1234567 填报日期：2025-01-15",
    "晋中市市级部门项目支出绩效目标表",
    "项目名称 QT文旅宣传推广经费",
    "主管部门 215-晋中市文化和旅游局 实施单位 晋中市文化和旅游局",
    "项目属性 一次性项目 项目周期 1年",
    "项目资金（元） 年度资金总额： 80,000",
    "其中：中央财政资金 0",
    "市级财政资金 70,000",
    "单位自筹 10,000",
    "其他资金",
    "项目概况 开展文旅宣传推广活动。",
    "总体目标 提升晋中文旅品牌影响力。",
    "一级指标 二级指标 三级指标 指标值",
    "产出指标",
    "数量指标 宣传推广活动场次 ≥6场",
    "（含线上线下活动）",
    "效益指标",
    "社会效益指标 文旅品牌影响力 提升",
    "满意度指标",
    "服务对象满意度指标 游客满意度 ≥90%",
    " 六、国有资产占有使用情况",
    "截至2024年底，本部门共有公务用车2辆。",
]


@pytest.fixture(scope="module")
def unseen(tmp_path_factory):
    path = tmp_path_factory.mktemp("unseen") / "jinzhong_perf_2025.txt"
    path.write_text("\n\n".join(UNSEEN) + "\n", encoding="utf-8")
    doc = read_document(path)
    targets, warnings = parse_perf_targets(doc, find_sections(doc))
    return doc, {t.project: t for t in targets}, warnings


def test_unseen_projects_and_header(unseen):
    _, targets, _ = unseen
    heritage_name = "F非遗保护传承专项资金（含代表性传承人补助及展演活动）"  # wrapped name rejoined
    assert list(targets) == [heritage_name, "QT文旅宣传推广经费"]
    heritage = targets[heritage_name]
    assert (heritage.department, heritage.implementer) == ("215-晋中市文化和旅游局", "晋中市非物质文化遗产保护中心")
    assert (heritage.attribute, heritage.period) == ("经常性项目", "3年")
    promo = targets["QT文旅宣传推广经费"]
    assert (promo.department, promo.attribute, promo.period) == ("215-晋中市文化和旅游局", "一次性项目", "1年")


def test_unseen_funds(unseen):
    _, targets, _ = unseen
    heritage = targets["F非遗保护传承专项资金（含代表性传承人补助及展演活动）"]
    assert _funds(heritage, "实施期") == {
        "资金总额": Decimal("1350000"),
        "中央财政资金": Decimal("300000"),
        "省级财政资金": Decimal("150000"),
        "市县（区）财政资金": Decimal("900000"),
        "单位自筹": 0,
        "其他资金": 0,
    }
    assert _funds(heritage, "年度")["市县（区）财政资金"] == Decimal("300000")
    assert _funds(heritage, "年度")["其他资金"] == 0  # blank cell
    promo = targets["QT文旅宣传推广经费"]
    assert _funds(promo, "年度") == {
        "资金总额": Decimal("80000"),
        "中央财政资金": 0,
        "市级财政资金": Decimal("70000"),
        "单位自筹": Decimal("10000"),
        "其他资金": 0,
    }
    assert not _funds(promo, "实施期")


def test_unseen_texts(unseen):
    _, targets, warnings = unseen
    heritage = dict(targets["F非遗保护传承专项资金（含代表性传承人补助及展演活动）"].texts)
    assert heritage["立项依据"] == "《中华人民共和国非物质文化遗产法》《山西省非物质文化遗产条例》"
    assert heritage["项目实施计划"] == "2025年3月启动申报，6月完成评审，12月底前拨付补助资金。"
    assert (
        heritage["总体目标（实施期）"]
        == "三年内完成全市非物质文化遗产代表性传承人补助全覆盖，举办展演活动不少于30场次，带动非遗产业发展"
    )
    assert heritage["总体目标（年度）"] == "完成2025年度传承人补助发放，举办展演活动10场次。"
    # the two columns share no opening words and the left one ends without a full stop: split by line width,
    # and said so
    assert [w.code for w in warnings if w.code == "perf_total_target"] == ["perf_total_target"]
    assert dict(targets["QT文旅宣传推广经费"].texts) == {
        "项目概况": "开展文旅宣传推广活动。",
        "总体目标": "提升晋中文旅品牌影响力。",
    }


def test_unseen_indicators(unseen):
    _, targets, _ = unseen
    heritage = targets["F非遗保护传承专项资金（含代表性传承人补助及展演活动）"]
    people = [(i.period, i.level1, i.value) for i in heritage.indicators if i.name == "补助传承人数"]
    assert people == [("实施期", "产出指标", "≥120人"), ("年度", "产出指标", "≥40人")]
    assert _indicator(heritage, "实施期", "补助资金发放准确率").value == "100%"
    assert _indicator(heritage, "实施期", "资金拨付时间").value == "2027年12月底前"
    assert _indicator(heritage, "年度", "资金拨付时间").value == "2025年12月31日前"
    assert _indicator(heritage, "年度", "传承人补助标准").value == "3000元/人/年"
    assert _indicator(heritage, "年度", "非遗传承活力").value == "明显增强"  # glued, read with the left cell's name
    lasting = [i for i in heritage.indicators if i.level2 == "可持续影响指标"]
    assert [(i.period, i.name, i.value, i.level1) for i in lasting] == [
        ("年度", "非遗项目传承延续", "长期", "效益指标")
    ]
    assert _indicator(heritage, "年度", "传承人满意度").value == "≥95%"
    promo = targets["QT文旅宣传推广经费"]
    assert [(i.period, i.level1, i.level2, i.name, i.value) for i in promo.indicators] == [
        ("年度", "产出指标", "数量指标", "宣传推广活动场次", "≥6场"),
        ("年度", "效益指标", "社会效益指标", "文旅品牌影响力", "提升"),
        ("年度", "满意度指标", "服务对象满意度指标", "游客满意度", "≥90%"),
    ]


def test_unseen_warnings_keep_the_raw_line(unseen):
    doc, targets, warnings = unseen
    undecided = [w for w in warnings if w.code == "perf_indicator"]
    raw = "质量指标 传承人技艺评估 质量指标 传承人技艺评估"
    assert len(undecided) == 2 and all(raw in w.message for w in undecided)
    assert all(w.table == "绩效目标表" and w.line > 0 for w in warnings)
    assert next(ln for ln in doc.lines if ln.no == undecided[0].line).text == raw
    kept = [
        i
        for i in targets["F非遗保护传承专项资金（含代表性传承人补助及展演活动）"].indicators
        if i.name == "传承人技艺评估"
    ]
    assert [i.value for i in kept] == ["", ""]  # kept, marked unresolved, never guessed
    wrapped = next(w for w in warnings if w.code == "perf_grid")
    assert "（含线上线下活动）" in wrapped.message  # a wrapped piece of a row: reported, not glued on by guess
    assert {w.code for w in warnings} == {"perf_indicator", "perf_total_target", "perf_grid"}


def test_unseen_table_without_signature_ends_before_the_next_heading(unseen):
    doc, targets, _ = unseen
    promo = targets["QT文旅宣传推广经费"]
    after = next(ln for ln in doc.lines if ln.no > promo.end_line and ln.text.strip())
    assert after.text.strip() == "六、国有资产占有使用情况"


def test_fund_arithmetic_is_reported_not_fixed(tmp_path):
    lines = UNSEEN[:3] + [
        "项目支出绩效目标表",
        "项目名称 Z测试项目",
        "项目资金（元）",
        "年度资金总额： 10,000",
        "其中：中央财政资金 0",
        "市级财政资金 9,000",
        "项目概况 测试。",
    ]
    path = tmp_path / "bad_sum.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path)
    targets, warnings = parse_perf_targets(doc, find_sections(doc))
    assert _funds(targets[0], "年度")["资金总额"] == Decimal("10000")
    assert [w.code for w in warnings if w.code.startswith("perf_funds")] == ["perf_funds_arithmetic"]
    assert "perf_layout" in {w.code for w in warnings}  # no indicator grid: said so
