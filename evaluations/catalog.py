"""The positive (正面“八条”) and negative (负面“十五条”) list catalog as first loaded.

Positive items across 攻坚克难 / 创新突破 / 担当精神 / 资源争取, one point each;
negative items across 政治忠诚 / 政治定力 / 政治担当 / 政治能力 / 政治纪律, each a veto.
Staff may edit them afterwards; this is only the starting text.
"""

POSITIVE = [
    ("P01", "攻坚克难", "牵头攻克全区重大项目、重点难点问题，取得突破性进展"),
    ("P02", "攻坚克难", "在急难险重任务、突发事件处置中表现突出，受到区级以上表扬"),
    ("P03", "创新突破", "工作创新成果被市级以上推广或作为经验交流"),
    ("P04", "创新突破", "首创性改革举措落地见效，形成可复制的制度成果"),
    ("P05", "担当精神", "主动承担跨部门、跨领域重点任务并按期高质量完成"),
    ("P06", "担当精神", "敢于直面矛盾、化解重大信访积案或历史遗留问题"),
    ("P07", "资源争取", "争取上级资金、政策、试点项目落地我区，成效显著"),
    ("P08", "资源争取", "招引重大项目、高层次人才或优质资源落户我区"),
]

NEGATIVE = [
    ("N01", "政治忠诚", "对党不忠诚不老实，阳奉阴违、当面一套背后一套"),
    ("N02", "政治忠诚", "搞团团伙伙、拉帮结派，搞利益交换"),
    ("N03", "政治忠诚", "对抗组织审查，向组织说假话、隐瞒个人有关事项"),
    ("N04", "政治定力", "理想信念动摇，在大是大非面前立场不坚定"),
    ("N05", "政治定力", "传播违背党的理论和路线方针政策的错误言论"),
    ("N06", "政治定力", "参加封建迷信活动，信仰宗教"),
    ("N07", "政治担当", "在关键时刻、重大任务面前退缩不前、敷衍塞责"),
    ("N08", "政治担当", "落实上级重大决策部署打折扣、做选择、搞变通"),
    ("N09", "政治担当", "对意识形态领域重大问题放任不管、失职失责"),
    ("N10", "政治能力", "因决策失误造成重大损失或恶劣社会影响"),
    ("N11", "政治能力", "处置重大风险、突发事件不力，造成严重后果"),
    ("N12", "政治能力", "形式主义、官僚主义问题突出，被上级通报"),
    ("N13", "政治纪律", "无视党的政治纪律和政治规矩，妄议党中央大政方针"),
    ("N14", "政治纪律", "违反组织纪律，违规选人用人或干预干部选拔任用"),
    ("N15", "政治纪律", "违反中央八项规定精神，受到党纪政务处分"),
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
