"""The positive (正面“八条”) and negative (负面“十五条”) list catalog as first loaded.

Positive items across 攻坚克难 / 创新突破 / 担当精神 / 资源争取, one point each;
negative items across 政治忠诚 / 政治定力 / 政治担当 / 政治能力 / 政治纪律, each a veto.
Staff may edit them afterwards; this is only the starting text. The texts are stored in Chinese
and marked for the translation catalog: ListItem.title_display shows an unedited one translated.
"""
from django.utils.translation import gettext_noop

POSITIVE = [
    ("P01", gettext_noop("攻坚克难"), gettext_noop("牵头攻克全区重大项目、重点难点问题，取得突破性进展")),
    ("P02", gettext_noop("攻坚克难"), gettext_noop("在急难险重任务、突发事件处置中表现突出，受到区级以上表扬")),
    ("P03", gettext_noop("创新突破"), gettext_noop("工作创新成果被市级以上推广或作为经验交流")),
    ("P04", gettext_noop("创新突破"), gettext_noop("首创性改革举措落地见效，形成可复制的制度成果")),
    ("P05", gettext_noop("担当精神"), gettext_noop("主动承担跨部门、跨领域重点任务并按期高质量完成")),
    ("P06", gettext_noop("担当精神"), gettext_noop("敢于直面矛盾、化解重大信访积案或历史遗留问题")),
    ("P07", gettext_noop("资源争取"), gettext_noop("争取上级资金、政策、试点项目落地我区，成效显著")),
    ("P08", gettext_noop("资源争取"), gettext_noop("招引重大项目、高层次人才或优质资源落户我区")),
]

NEGATIVE = [
    ("N01", gettext_noop("政治忠诚"), gettext_noop("对党不忠诚不老实，阳奉阴违、当面一套背后一套")),
    ("N02", gettext_noop("政治忠诚"), gettext_noop("搞团团伙伙、拉帮结派，搞利益交换")),
    ("N03", gettext_noop("政治忠诚"), gettext_noop("对抗组织审查，向组织说假话、隐瞒个人有关事项")),
    ("N04", gettext_noop("政治定力"), gettext_noop("理想信念动摇，在大是大非面前立场不坚定")),
    ("N05", gettext_noop("政治定力"), gettext_noop("传播违背党的理论和路线方针政策的错误言论")),
    ("N06", gettext_noop("政治定力"), gettext_noop("参加封建迷信活动，信仰宗教")),
    ("N07", gettext_noop("政治担当"), gettext_noop("在关键时刻、重大任务面前退缩不前、敷衍塞责")),
    ("N08", gettext_noop("政治担当"), gettext_noop("落实上级重大决策部署打折扣、做选择、搞变通")),
    ("N09", gettext_noop("政治担当"), gettext_noop("对意识形态领域重大问题放任不管、失职失责")),
    ("N10", gettext_noop("政治能力"), gettext_noop("因决策失误造成重大损失或恶劣社会影响")),
    ("N11", gettext_noop("政治能力"), gettext_noop("处置重大风险、突发事件不力，造成严重后果")),
    ("N12", gettext_noop("政治能力"), gettext_noop("形式主义、官僚主义问题突出，被上级通报")),
    ("N13", gettext_noop("政治纪律"), gettext_noop("无视党的政治纪律和政治规矩，妄议党中央大政方针")),
    ("N14", gettext_noop("政治纪律"), gettext_noop("违反组织纪律，违规选人用人或干预干部选拔任用")),
    ("N15", gettext_noop("政治纪律"), gettext_noop("违反中央八项规定精神，受到党纪政务处分")),
]


def load(list_item_model) -> None:
    """Create or update the catalog rows (the data migration and test fixtures use this)."""
    for order, (code, aspect, title) in enumerate(POSITIVE, start=1):
        list_item_model.objects.update_or_create(
            code=code, defaults={"kind": "positive", "aspect": aspect, "title": title, "points": 1, "sort_order": order}
        )
    for order, (code, aspect, title) in enumerate(NEGATIVE, start=1):
        list_item_model.objects.update_or_create(
            code=code, defaults={"kind": "negative", "aspect": aspect, "title": title, "points": 0, "sort_order": order}
        )
