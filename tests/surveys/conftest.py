"""Survey fixtures: a multi-rater and a political survey of the own district's cycle."""
import pytest

from surveys import services
from surveys.services import AnswerInput, ItemInput

ITEMS = [ItemInput("de", "德：政治品质和道德品行"), ItemInput("neng", "能：履职能力")]
POLITICAL_ITEMS = [ItemInput("p1", "对党忠诚"), ItemInput("p2", "坚持原则"),
                   ItemInput("r1", "存在当面一套、背后一套的情况", reverse=True)]


@pytest.fixture
def survey(world):
    return services.survey_create(actor=world.users["staff"], cycle=world.own_cycle, kind="multi_rater",
                                  title="2026 年度多维测评", items=ITEMS)


@pytest.fixture
def political(world):
    return services.survey_create(actor=world.users["staff"], cycle=world.own_cycle, kind="political",
                                  title="2026 年度正反向政治素质测评", items=POLITICAL_ITEMS)


def rate(official, **points):
    """Answers about one official: item code → points (None: 不了解), or "yes"/"no" for reverse."""
    return [AnswerInput(official.pk, code, choice=value) if isinstance(value, str)
            else AnswerInput(official.pk, code, points=value) for code, value in points.items()]
