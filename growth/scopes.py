"""How growth's models reach a district (see accounts.scoping): an activity, an event and a
competency name their district; the rest reach it through them. Staff write; leaders read; an
official reads its own activities, entries, scores and assessments, and its district's events
and competency model."""
from django.db.models import Q

from accounts.scoping import CHANGE, CREATE, DELETE, STAFF, Scope, register

from .models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)

STAFF_WRITE = {CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}

register(LearningActivity, Scope(district="district", own=lambda user: Q(official_id=user.official_id),
                                 writers=STAFF_WRITE))
register(ContestEvent, Scope(district="district", writers=STAFF_WRITE))
register(ContestParticipant, Scope(district="event__district", own=lambda user: Q(official_id=user.official_id),
                                   writers=STAFF_WRITE))
register(JudgeScore, Scope(district="participant__event__district",
                           own=lambda user: Q(participant__official_id=user.official_id), writers=STAFF_WRITE))
register(JudgeQuestion, Scope(district="participant__event__district",
                              own=lambda user: Q(participant__official_id=user.official_id), writers=STAFF_WRITE))
register(Competency, Scope(district="district", writers=STAFF_WRITE))
register(CompetencyRequirement, Scope(district="competency__district", writers=STAFF_WRITE))
register(CompetencyAssessment, Scope(district="competency__district",
                                     own=lambda user: Q(official_id=user.official_id), writers=STAFF_WRITE))
