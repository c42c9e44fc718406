"""The router's question-word vocabulary: the regexes and word lists that read what the wording of a
question asks — a share (占) and a part inside a whole (中/里), 除了, 分别, a sum (和/与), a person's or another
organisation's figure, a follow-up (那/它/呢), a 绩效目标表 field, the ordinary and generic words that name
nothing, the English question words. Data only, no logic: the cascade in router and the planning modules read it.
"""

from __future__ import annotations

import re

from app.numbers import int_to_cn

_SPLIT_SHARE = re.compile(r"占|相对于|out of|of the")
_INSIDE = re.compile(
    r"^\s*(?:的)?(?:(?:经济|功能)?分类|明细|表)?(?:的)?(?:中|里|里面|当中|之中|内|其中)(?:的)?\s*[，,：:]?\s*$"
)  # 「基本支出中人员经费占比」「基本支出经济分类里，工资福利支出…」: the part is second
_EXCEPT = re.compile(r"除了?|除去|不算|不含|以外的|之外的|其余|其他的")
_EACH = re.compile(
    r"分别|各是|各为|各多少|各自|各安排|各有多少|各有几|各几|各占|respectively|each|\bboth\b|\bwhat are the\b[^?]*\band\b"
    r"|(?:多少|几)[^。？?]*其中[^。？?]*(?:多少|几)"
)
# Concepts that qualify the next named figure (「财政拨款基本支出」, 「一般公共预算的人员经费」) rather than being one.
_CONTAINER_AFTER = re.compile(
    r"\s*(?:的)?(?:(?:经济|功能)?分类|明细|表)?(?:的)?(?:中|里|里面|当中|之中|内)(?:的)?\s*[“”\"'「」，,：:]?"
)
_QUALIFIERS = {"一般公共预算拨款", "政府性基金", "上年结转"}
_SUM_WORDS = re.compile(r"和|与|及|加|、|以及|跟|同|plus|and|,|，|\+|＋")
PERSONAL = re.compile(
    r"局长|处长|科长|书记|主任|领导(?!用车)(?!.*车)|个人的|每个人|人均|平均每|某人|每名|每位|员工的工资|"
    r"月薪|年薪|工资条|一个月.{0,6}工资|拿多少"
)
_ORG = re.compile(
    r"((?<![这那本该此哪])[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|旗)[\u4e00-\u9fff]{1,12}?(?:局|委员会|委|厅|办|学校|医院|公司|研究院|中心|街道办事处|街道|(?<![城乡])镇|(?<!城)乡(?!村)))"
)
COLUMN_CONCEPTS = {"基本支出", "项目支出", "人员经费", "公用经费"}
SOURCE_COLUMNS = {"一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"}
_FOLLOWUP = re.compile(
    r"^(那|那么|它|这个(?!单位|部门|局|委|办|中心|机关|机构|院|所|站|队)|这笔|这项|其中|那个|and |what about|how about)|呢[?？]?$|它|其|这钱|这笔|这项|这个项目|该项目|此项|那笔"
)
PERF_FIELDS = (  # (wording, what to read from the 绩效目标表)
    (
        re.compile(
            r"哪一级|哪级|什么级别的?财政|资金来源|来源|谁出(的)?钱|哪里的钱|从哪(里)?来|哪来的|省级|中央|市级财政"
        ),
        "funds",
    ),
    (re.compile(r"主管部门|哪个部门管|归谁管|谁主管"), "department"),
    (re.compile(r"实施单位|谁来实施|谁实施"), "implementer"),
    (re.compile(r"一次性|长期|经常性|项目属性|项目期|多长时间|几年"), "attribute"),
    (re.compile(r"立项依据|依据是什么|根据什么|凭什么立项"), "立项依据"),
    (re.compile(r"必要性|为什么要(设|立|搞)"), "项目设立必要性"),
    (re.compile(r"实施计划|怎么实施|什么时候(做|实施)|计划"), "项目实施计划"),
    (re.compile(r"总体目标|目标是什么|要达到什么"), "总体目标"),
    (re.compile(r"干什么用|做什么用|用途|用于|用在|干啥|概况|是做什么|主要做"), "项目概况"),
    (re.compile(r"年度资金总额|实施期资金总额|资金总额"), "total"),
)


_ORDINARY = {
    "一年",
    "每年",
    "今年",
    "全年",
    "目前",
    "现在",
    "我们",
    "局里",
    "单位",
    "这个",
    "那个",
    "多少",
    "一共",
    "总共",
    "大概",
    "大约",
    "一下",
    "请问",
    "告诉",
    "知道",
    "项目",
    "情况",
    "具体",
    "对应",
    "相应",
    "分别",
    "实际",
    "预计",
}


_EN_QUESTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
    used uses using area space square meters metres what much many does were will this that with from there
    their they have has been year years budget budgeted budgets total amount spend spent spending cost costs
    money yuan fund funds funding funded allocated allocation project projects item items unit department bureau
    office expense expenses expenditure expenditures figure number value plan planned percent percentage share
    proportion ratio compared than last previous next current about give gets get into each both respectively
    under over for the and how which who why when where doing overall whole sum combined together altogether
    also please tell show list name names kind type level year's goes higher lower bigger smaller larger exceed
    exceeds go receive receives cut grow grew fell rose
    between difference differences any spends""",
    )
)


VALUE = re.compile(
    r"多少|几|金额|数额|花|钱|预算|经费|资金|安排|万元|元|占|比例|how much|how many|amount|cost|budget|spend|share|percent"
)


ENGLISH_FILLER = frozenset(  # English words that name nothing (a follow-up "what about last year?" names nothing new)
    re.findall(
        r"\S+",
        "how much many what which who why when where is are was were the a an of for in on to and or does do did "
        "it its this that these those about there their they them with from by as at be been has have had more less "
        "than last year years compared change changed increase decrease share percent percentage total amount figure "
        "budget spend spending spent cost costs please tell me show give",
    )
)
WHEN = re.compile(r"什么时候|啥时候|何时|哪天|几月份?|哪个月|\bwhen\b")  # asks a time: never an amount

_GENERIC_WORDS = {
    "执行数",
    "执行",
    "去年",
    "上年",
    "今年",
    "比例",
    "比重",
    "百分之",
    "增长",
    "减少",
    "下降",
    "增加",
    "变化",
    "占比",
    "总预算",
    "预算",
    "金额",
    "数额",
    "多少钱",
    "一共",
    "总共",
    "同比",
    "对比",
    "相比",
    "比较",
    "万元",
    "元",
    "上升",
    "降低",
    "提高",
    "增幅",
    "降幅",
    "幅度",
}


_TABLE_REF = re.compile(  # 「表五一般公共预算支出」 is 表五; 「表一般」 is no table; 「表十三一共」 is 表十三
    r"表\s*((?:[一二三四五六七八九十](?!般|共|起|些|样|下子))+|\d{1,2})(?!\d|[一二三四五六七八九十](?!般|共|起|些|样)|般|级)"
)


def table_labels(text: str) -> set[str]:
    """The labels of the tables the question names by number (「表5」 and 「表五」 are both 表五)."""
    return {
        f"表{int_to_cn(int(n))}" if n.isdigit() else f"表{n}" for n in (m.group(1) for m in _TABLE_REF.finditer(text))
    }


_PREFIXED = re.compile(r"([a-zA-Z]{1,3}|[\u4e00-\u9fff]{1,4})(?:字)?(?:开头|打头)的(?:项目|专项)")


_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|（[^）]*）|\([^)]*\)")
_METHOD = re.compile(
    r"^(?:按照?|根据|依据)[^，,。？?]{0,30}[，,]"  # 「根据说明里的增减数，」: a clause that says how
    r"|(?:按照?|根据|依据|用|从|由)[^，,。？?]{0,30}(?:推算|倒推|算出|计算|算|推|说明|来看)(?:的话|出来)?|增减变动(?:情况)?说明"
)
# The words of a comparison with last year: what is left of a question after them names its subject.
_COMPARISON = re.compile(
    r"比(?:去年|上年|上一年|前一年|20\d\d年)|去年|上年|上一年|前一年|增加|减少|下降|增长|降低|提高|少了|多了|多出|变化|变动|增减|"
    r"百分之几|百分之多少|幅度|降幅|增幅|涨幅|推算|倒推|情况说明|说明"
)
_CHANGE_ASKED = re.compile(
    r"减少|增加|下降|增长|变化|变动|增减|差|少|多了|多出|降|涨|幅度|百分之|change|decrease|increase|fall|rise|drop|cut|reduc|grow|grew|differ"
)


def asks_for_change(text: str) -> bool:
    """Does a question about last year ask for the change (「比上年增加了多少」) rather than last year's amount
    (「2023年的预算是多少（按“比上年减少82.90万元”推算）」)? Quotes and the method named say how, not what."""
    asked = _METHOD.sub(" ", _QUOTED.sub(" ", text))
    return bool(_CHANGE_ASKED.search(asked.replace("多少", "")))


# -- comparing documents of a library (app.answer.across) ------------------------------------------

_ORG_WORD = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:局|委|厅|办|部|院|中心|街道|办事处|政府|办公室|镇|乡)")
_BODY_END = re.compile(
    r"(?:局|委员会|委|厅|办公室|办|中心|街道|办事处|政府|院|队|所|站|馆|校|(?<!平)台|(?<=[\u4e00-\u9fff]{2})监狱)"
    r"(?:[（(]本级[）)])?$"
)  # a body's name ends so
_YEAR = re.compile(r"(20\d\d)\s*(?:年度|年)?")
_KIND = re.compile(r"(部门|单位)(?:预算|口径)|[（(](部门|单位)(?:预算)?[)）]")
_BOTH_KINDS = re.compile(
    r"部门(?:预算|口径)?的?.{0,16}?(?:和|与|跟|、|及|比|对比|相比|较)单位(?:预算|口径)?"
    r"|单位(?:预算|口径)?的?.{0,16}?(?:和|与|跟|、|及|比|对比|相比|较)部门(?:预算|口径)?"
)
_ALL = re.compile(
    r"(?:这|那)?(?:几|两|三|四|五|六|七|八|九|十|各|每|所有|全部|些)个?(?:单位|部门|局|文档|文件|街道|机关|司法局)"
    r"|各(?:单位|部门|局|文档|家)|所有(?:单位|部门|文档|文件)|全部(?:单位|部门|文档|文件)|all (?:units|documents|bureaus)"
    r"|each (?:unit|document|bureau)|every (?:unit|document)"
)
_RANK = re.compile(
    r"(?:谁|哪个|哪家|哪一个|哪一家|哪几个|哪些|哪位)(?:单位|部门|局|街道|文档)?的?.{0,24}?"
    r"(?:最多|最高|最大|最少|最低|最小|多|高|大|少|低|小)"
    r"|排名|排序|排个序|排一下|从高到低|从低到高|从多到少|从少到多"
    r"|\bwhich\b.*\b(?:most|highest|largest|biggest|least|lowest|smallest|more|higher|larger|less|lower)\b|\brank"
)
_LEAST = re.compile(
    r"最少|最低|最小|从低到高|从少到多|(?:谁|哪个|哪家|哪一个|哪一家).{0,24}?(?:少|低|小)|least|lowest|smallest|fewest|\bless\b|\blower\b"
)
_CHANGE = re.compile(
    r"增加|减少|增长|下降|降低|提高|变化|变动|增幅|降幅|增减|涨|多了|少了|多出|相比|比.{0,30}(?:多|少|高|低)"
    r"|change|increase|decrease|grow|rise|fall|drop"
)
_PERCENT = re.compile(r"百分之|百分比|%|％|幅度|增幅|降幅|增长率|增速|比率|percent|rate")
_DIFF = re.compile(
    r"相差|差多少|差距|差额|差了|多多少|少多少|高多少|低多少|多出多少|difference|gap|more than|less than"
)
_SIDE = re.compile(r"分别|各自|各是|各为|各有|对比|比较|并列|列出|都是|和|与|跟|及|、|vs|versus|compare|both|each|and")

# What is left of a question once its documents and its comparison are taken out (the subject).
_NOISE = [
    r"(?:谁|哪个|哪家|哪一个|哪一家|哪几个|哪些|哪位)(?:单位|部门|局|街道|文档)?(?:的)?",
    r"(?:排名第一|排第一|从高到低|从低到高|从多到少|从少到多)",
    r"(?:排名|排序|排个序|排一下|排列)(?:一下)?",
    r"(?:最多|最高|最大|最少|最低|最小)(?:的是|是)?",
    r"(?:分别|各自|各)(?:是|为|有)?",
    r"(?:增加|减少|增长|下降|降低|提高|变化|变动|增减)(?:了)?(?:多少|几)?",
    r"(?:的)?(?:增幅|降幅|幅度|增长率|增速)(?:是)?(?:多少)?",
    r"(?:相差|差距|差额|差了)(?:多少)?",
    r"(?:多|少|高|低)(?:了|出)?多少",
    r"百分之几|百分比|多少个?百分点",
    r"(?:还是|或者)(?:多|少|高|低)?",
    r"(?:是)?(?:多少|几)(?:钱|元|万元)?",
    r"(?:对比|比较|相比)(?:一下)?",
    r"(?:更|比较)?(?:多|高|大|少|低|小)(?:一些|一点|些)?(?=[?？。!！]*$)",
]
_ENDS = "的和与跟及、比较到至从间之是在有：:，,。？?！!呢吗啊 ()（）"

# buying, as against having: 「有几辆车」 is never answered with 「安排购置车辆0辆」 (app.answer.plain_answers)
_PURCHASE = re.compile(r"购置|购买|新购|新增|更新|采购|买|buy|purchas|acquir|new (?:car|vehicle)")


# reading a comparison over years and units (app.answer.across)
_BASE_YEAR = re.compile(r"(?:比|较|相比|对比|与|跟)\s*(20\d\d)\s*年?")
_EVERY_YEAR = re.compile(r"各年|历年|每年|两年|几年|逐年|各年度|every year|each year")
_LAST_YEAR = re.compile(r"去年|上年|上一年|前一年|上年度|last year|previous year")
_RANK_UNITS = re.compile(
    r"谁|哪(?:个|家|一个|一家|几个|些)?(?:单位|部门|局|街道|文档|文件|机关|委员会|委|办|区|市)|哪家|哪个的"
    r"|which (?:unit|bureau|office|department|document)"
)


_PLAIN_ENGLISH = (  # words of an English question that name no subject of their own
    ENGLISH_FILLER
    | _EN_QUESTION_WORDS
    | frozenset(
        re.findall(
            r"\S+",
            "allocations arranged revenue revenues income grand entire all departmental its including include includes "
            "carried balances balance annual government city municipal district county what's fall fell rise rose grow "
            "grew growth drop dropped decline declined increased decreased reduced rate versus according based "
            "shown listed printed stated given reported go goes going went receive receives received paid pay "
            "payment payments contribution contributions appropriation appropriations expense expenses expenditure "
            "expenditures fee fees charge charges employee employees staff personnel planned designated set aside initial "
            "original approved function functional code codes classification category",
        )
    )
)


def english_subject_words(text: str) -> list[re.Match[str]]:
    """The English words of a question that could name a subject (not question, money or filler words), with
    their spans so a caller can set aside the words a linked name already accounts for."""
    return [
        w
        for w in re.finditer(r"[A-Za-z][A-Za-z'’-]{3,}", text)
        if re.sub(r"['’]s?$", "", w.group(0).lower()) not in _PLAIN_ENGLISH
    ]


DOCUMENT_TOTALS = frozenset({"总预算", "总支出", "本年收入", "本年支出"})  # the whole document's totals
# words of a question about a change that name no subject (「同比增长多少」「整体预算比去年」)
CHANGE_GENERIC = re.compile(r"原因|同比|环比|整体|总体|比怎|怎样|变化|情况|相比|对比|年初|全年")
