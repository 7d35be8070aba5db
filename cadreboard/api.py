"""The /api/v1/ router: paths and field names are the contract of SPEC section 8."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import AccountViewSet, ObtainTokenView
from appeals.api.views import AppealViewSet
from boards.api.views import (
    BoardViewSet,
    CyclePublishActions,
    FeedbackViewSet,
    PublicBoardView,
    PublicDistrictView,
    PublicFeedbackView,
)
from cycles.api import views as cycle_views
from cycles.api.views import TaskStatusView
from development.api import views as development_views
from evaluations.api.rollup import RollupComputeStatusView, RollupComputeView, RollupView
from evaluations.api.views import (
    CycleEvaluationActions,
    ExemptionViewSet,
    ListEntryViewSet,
    ListItemViewSet,
    OutcomeExecutionViewSet,
    PoliticalReviewViewSet,
    QuarterlyScoreViewSet,
    SurveyScoreViewSet,
    UnitScoreViewSet,
)
from excel.api.views import ExportDownloadView, ExportStartView, ExportView, ImportView
from growth.api import views as growth_api
from org.api.views import DistrictViewSet, OfficialViewSet, UnitViewSet
from pledges.api.views import PledgeViewSet, ReminderViewSet
from records.api.views import SupervisionEntryViewSet, ToleranceDecisionViewSet
from simulations.api.views import CycleSimulateActions
from surveys.api.ballot_import import BallotImportView, BallotTemplateView
from surveys.api.views import PublicBallotView, SurveyViewSet


class CycleViewSet(CycleSimulateActions, CyclePublishActions, CycleEvaluationActions, cycle_views.CycleViewSet):
    """/api/v1/cycles/: the cycle itself (cycles) with the actions of evaluations, boards and
    simulations (what-if)."""

    write_actions = {**cycle_views.CycleViewSet.write_actions, **CycleEvaluationActions.write_actions,
                     **CyclePublishActions.write_actions, **CycleSimulateActions.write_actions}


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("districts", DistrictViewSet, basename="district")
router.register("units", UnitViewSet, basename="unit")
router.register("officials", OfficialViewSet, basename="official")
router.register("accounts", AccountViewSet, basename="account")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("list-items", ListItemViewSet, basename="list-item")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("quarterly-scores", QuarterlyScoreViewSet, basename="quarterly-score")
router.register("unit-scores", UnitScoreViewSet, basename="unit-score")
router.register("survey-scores", SurveyScoreViewSet, basename="survey-score")
router.register("political-reviews", PoliticalReviewViewSet, basename="political-review")
router.register("list-entries", ListEntryViewSet, basename="list-entry")
router.register("exemptions", ExemptionViewSet, basename="exemption")
router.register("outcome-executions", OutcomeExecutionViewSet, basename="outcome-execution")
router.register("boards", BoardViewSet, basename="board")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("reserve-categories", development_views.ReserveCategoryViewSet, basename="reserve-category")
router.register("reserve-placements", development_views.PlacementViewSet, basename="reserve-placement")
router.register("mentor-pairs", development_views.MentorPairViewSet, basename="mentor-pair")
router.register("talks", development_views.TalkViewSet, basename="talk")
router.register("due-talks", development_views.DueTalkViewSet, basename="due-talk")
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("learning-activities", growth_api.LearningActivityViewSet, basename="learning-activity")
router.register("contest-events", growth_api.ContestEventViewSet, basename="contest-event")
router.register("contest-participants", growth_api.ContestParticipantViewSet, basename="contest-participant")
router.register("judge-scores", growth_api.JudgeScoreViewSet, basename="judge-score")
router.register("judge-questions", growth_api.JudgeQuestionViewSet, basename="judge-question")
router.register("competencies", growth_api.CompetencyViewSet, basename="competency")
router.register("competency-requirements", growth_api.CompetencyRequirementViewSet, basename="competency-requirement")
router.register("competency-assessments", growth_api.CompetencyAssessmentViewSet, basename="competency-assessment")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("supervision-entries", SupervisionEntryViewSet, basename="supervision-entry")
router.register("tolerance-decisions", ToleranceDecisionViewSet, basename="tolerance-decision")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("tasks/<str:task_id>/", TaskStatusView.as_view(), name="task-status"),
    path("public/boards/<slug:district_code>/", PublicDistrictView.as_view(), name="public-district"),
    path("public/boards/<slug:district_code>/<int:year>/", PublicBoardView.as_view(), name="public-board"),
    path("public/boards/<slug:district_code>/<int:year>/feedback/", PublicFeedbackView.as_view(),
         name="public-feedback"),
    path("public/ballots/<str:code>/", PublicBallotView.as_view(), name="public-ballot"),
    path("cycles/<int:pk>/exports/<slug:name>.xlsx", ExportView.as_view(), name="cycle-export"),
    path("cycles/<int:pk>/exports/<slug:name>/", ExportStartView.as_view(), name="cycle-export-start"),
    path("cycles/<int:pk>/imports/<slug:name>/", ImportView.as_view(), name="cycle-import"),
    path("surveys/<int:pk>/imports/ballots/", BallotImportView.as_view(), name="survey-ballot-import"),
    path("surveys/<int:pk>/exports/ballots.xlsx", BallotTemplateView.as_view(), name="survey-ballot-template"),
    path("rollup/", RollupView.as_view(), name="rollup"),
    path("rollup/compute/", RollupComputeView.as_view(), name="rollup-compute"),
    path("rollup/compute/<str:group_id>/", RollupComputeStatusView.as_view(), name="rollup-compute-status"),
    path("exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export-download"),
    path("growth/pay-post/<int:pk>.xlsx", growth_api.PayPostExportView.as_view(), name="growth-pay-post"),
    path("", include(router.urls)),
]
