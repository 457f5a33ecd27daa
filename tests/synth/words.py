"""The generator's own words: invented places, organs built the way organs are named, task
phrases, labels.  Nothing here is a passage of a real notice."""
from __future__ import annotations

from synth.choose import Chooser

PLACES = ["青禾", "白石", "云溪", "松湾", "兰汀", "石桥", "东岚", "枫林", "澄江", "梧川"]
LEVELS = ["市", "县", "区"]
# organ stems and the endings organ names have (what a unit is is told by how it ends)
BUREAUS = ["教育局", "科技局", "民政局", "司法局", "财政局", "水利局", "商务局", "审计局", "统计局",
           "林业局", "数据局", "应急管理局", "农业农村局", "自然资源局", "生态环境局", "交通运输局",
           "卫生健康委", "发展改革委", "住房城乡建设局", "市场监管局", "行政审批局", "医保局",
           "文化广电旅游局", "人力资源社会保障局", "工业和信息化局", "城市管理局"]
OTHERS = ["政务服务中心", "大数据中心", "供电公司", "城投公司", "网信办", "编办", "团委", "妇联",
          "科协", "税务局", "消防救援大队", "公安局", "融媒体中心", "住房公积金中心"]
GENERIC = ["各乡镇人民政府", "各街道办事处", "县直有关部门", "各县(市、区)人民政府", "市直有关单位",
           "各园区管委会"]

VERBS = ["完善", "建立", "推进", "优化", "加强", "健全", "提升", "深化", "扩大", "规范", "落实", "推广"]
OBJECTS = ["农村供水保障机制", "社区养老服务网络", "中小企业融资服务", "河湖日常巡查制度",
           "校园周边交通秩序", "城乡垃圾分类体系", "公共文化设施布局", "基层医疗服务能力",
           "数字政务服务平台", "冷链物流网络建设", "老旧管网更新改造", "农田水利设施管护",
           "山林防火监测预警", "夜间消费街区建设", "职业技能培训体系", "乡村道路养护制度",
           "政务数据共享目录", "小微企业用工服务", "历史街区保护利用", "社区托育服务供给"]
MANNERS = ["加快形成长效机制", "逐步实现全域覆盖", "切实提高服务质量", "确保各项措施落地",
           "推动工作提质增效", "形成可复制的经验", "做到底数清楚", "持续改善群众体验"]
GOALS = ["总体要求", "主要目标", "重点任务", "保障措施", "组织实施", "工作步骤", "基本原则",
         "工作要求", "实施范围", "监督考核"]
# titles: what a document names, then whatever word it ends with (or none at all)
TOPICS = ["农村供水提质增效", "社区养老服务提升", "营商环境优化", "河湖长制深化", "城乡环境整治",
          "数字政府建设", "夜间经济发展", "职业技能提升", "农田水利建设", "政务服务便民"]
TITLE_ENDS = ["实施方案", "工作方案", "行动计划", "工作要点", "责任分解", "参考原则", "施政计划",
              "任务清单", "若干措施", "工作安排", "三年行动", "推进计划", "细则", ""]
# invented labels of a page's index block: its labels are not a closed list
LABEL_HEADS = ["信息", "公开", "发布", "来源", "主题", "载体", "页面", "文件", "所属", "浏览", "编制"]
LABEL_TAILS = ["类别", "编号", "日期", "机构", "分类", "形式", "属性", "栏目", "次数", "时效"]
VALUES = ["本网", "政务公开", "主动公开", "通知公告", "有效", "11530000/2025-00031", "2025-03-14",
          "1234", "其他", "规范性文件"]


def unit(choose: Chooser) -> str:
    """One organ with its level: 县水利局, 市大数据中心, or a generic designation."""
    if choose.chance(12):
        return choose.pick(GENERIC)
    return choose.pick(LEVELS) + choose.pick(BUREAUS + OTHERS)


def units(choose: Chooser, low: int, high: int) -> list[str]:
    out: list[str] = []
    for _ in range(choose.number(low, high)):
        name = unit(choose)
        if name not in out:
            out.append(name)
    return out


def task(choose: Chooser) -> str:
    """A task sentence with no unit, no date and no marker in it (no end punctuation)."""
    return choose.pick(VERBS) + choose.pick(OBJECTS) + "," + choose.pick(MANNERS)


def short_title(choose: Chooser) -> str:
    """A heading's title: a verb and an object, 4-14 characters."""
    return choose.pick(VERBS) + choose.pick(OBJECTS)


def place(choose: Chooser) -> str:
    return choose.pick(PLACES) + choose.pick(LEVELS)


def label(choose: Chooser) -> str:
    return choose.pick(LABEL_HEADS) + choose.pick(LABEL_TAILS)
