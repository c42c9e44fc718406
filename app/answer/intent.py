"""What a question asks for, read from its wording: the operation, the kind of answer, the unit expected.
Pure functions over the normalised question text; the vocabularies are small and explicit."""

from __future__ import annotations

import re
from dataclasses import dataclass

_P = re.compile
DEFINITION = _P(
    r"什么意思|是什么|什么是|包括哪些|包括什么|包括啥|都包括|包含哪些|包括哪几|哪些方面|花在哪|用在哪|主要用于|主要包括|由哪些|是啥|啥意思|指什么|指的是|含义|定义|怎么理解|解释一下|何谓|什么叫|\bwhat does .* mean|\bmeaning|\bdefine|\bdefinition"
)
REASON = _P(r"为什么|为何|为啥|为嘛|咋没|怎么没|原因|怎么回事|咋回事|\bwhy|\breason")
YOY = _P(
    r"去年|上年|突然|骤增|骤降|大幅|猛增|上一年|前一年|同比|比上|较上|增长|减少|下降|增加|变化|变动|增减|涨|降了|少了|多了|降幅|增幅|涨幅|从[^，,。？?]{1,12}(?:变成|变为|涨到|降到|增到|减到)|\blast year|\bprevious year|\bchange|\bincrease|\bdecrease"
)
SHARE = _P(r"占|比例|比重|百分之几|百分比|几成|\bpercentage|\bpercent|\bshare|\bproportion|\bratio")
DIFF = _P(
    r"比[^，,。？?]{1,30}?(?:多|少|高|低)(?:安排|花|支出|拨付?|用|出|给)了?(?:多少|几)|多多少|少多少|差多少|差了多少|差了几|多了多少|相差|差额|差距|高多少|低多少|多出|少了多少|\bdifference|\bmore\b.{0,60}\bthan\b|\bless\b.{0,60}\bthan\b|\b(?:higher|lower|bigger|smaller|larger)\b.{0,40}\bthan\b|\bexceeds?\b|\bminus"
)
SUM = _P(r"加起来|合起来|加在一起|一共|总共|合计|共计|总和|加上|\bcombined|\btogether|\bin total|\bsum")
COUNT = _P(r"几个|多少个|几张|多少张|多少项(?!目(?:资金|经费|预算|支出|的?钱))|几项|几类|多少类|几笔|多少笔|\bhow many")
LIST = _P(r"哪些|哪几|有什么|都有啥|都有什么|列出|列举|清单|明细|\blist|\bwhich")
MAX = _P(r"最多|最大|最高|最贵|花钱最多|\blargest|\bbiggest|\bmost|\bhighest")
MIN = _P(r"最少|最小|最低|\bleast|\bsmallest|\blowest")
AMOUNT = _P(r"多少|几|多大|金额|数额|预算|经费|资金|花|钱|万元|元|费|\bhow much|\bamount|\bbudget|\bcost|\bspend")
NARRATIVE_TOPIC = _P(
    r"职责|职能|负责什么|干什么|做什么|管什么|干啥|做啥|管啥|是干嘛|机构|牌子|级别|正处|副处|内设|科室|政府采购|采购|公务用车(?!运行|购置)|辆|车辆|"
    r"房屋|面积|平方米|资产|设备|绩效|目标|指标|满意度|名词|解释|说明|原因|服务目录|其他说明"
)
YEAR = _P(r"(?<!\d)(20\d\d)(?!\d)")
UNIT_HINTS = (
    (_P(r"几辆|多少辆|车辆数|多少台车|公务用车有几|how many (cars|vehicles|公务用车|车辆)"), "辆"),
    (_P(r"面积|平方米|平米|square|(房|办公室|用房).{0,4}多大"), "平方米"),
    (_P(r"几次|多少次|频次|how often"), "次"),
    (_P(r"几台|多少台|几套|how many (?:pieces of |units of |sets of )?(?:equipment|设备)"), "台"),
    (_P(r"几人|多少人|人数|人次|团组|几个人|多少名|多少.{0,4}人员|几.{0,3}人员|how many (people|staff|persons)"), "人"),
    (_P(r"百分之|百分比|百分点|几个点|几成|%|percent|下降了多少|增长了多少|降幅|增幅|比例|比重|占比"), "%"),
    (_P(r"几个项目|多少个项目|几个|多少个|几张|多少张|几项|多少项(?!目(?:资金|经费|预算|支出|的?钱))|how many"), "个"),
    (_P(r"多少钱|多少万|金额|经费|资金|预算|投资|花|费|钱|万元|元|how much|amount|budget|cost|investment"), "万元"),
)


@dataclass(frozen=True)
class Intent:
    definition: bool
    reason: bool
    yoy: bool
    share: bool
    diff: bool
    sum: bool
    count: bool
    list: bool
    max: bool
    min: bool
    amount: bool
    narrative_topic: bool
    years: tuple[int, ...]
    unit_hint: str


def read_intent(text: str) -> Intent:
    unit = next((u for pattern, u in UNIT_HINTS if pattern.search(text)), "")
    return Intent(
        definition=bool(DEFINITION.search(text)),
        reason=bool(REASON.search(text)),
        yoy=bool(YOY.search(text.replace("上年结转", ""))),
        share=bool(SHARE.search(text)) and not re.search(r"占有使用|占用", text),
        diff=bool(DIFF.search(text)),
        sum=bool(SUM.search(text)),
        count=bool(COUNT.search(text)),
        list=bool(LIST.search(text)),
        max=bool(MAX.search(text)),
        min=bool(MIN.search(text)),
        amount=bool(AMOUNT.search(text)),
        narrative_topic=bool(NARRATIVE_TOPIC.search(text)),
        years=tuple(int(y) for y in YEAR.findall(text)),
        unit_hint=unit,
    )
