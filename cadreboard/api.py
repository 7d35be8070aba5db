"""The /api/v1/ router: paths and field names are the contract of SPEC section 8."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import AccountViewSet, ObtainTokenView
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
from org.api.views import DistrictViewSet, OfficialViewSet, UnitViewSet
from pledges.api.views import PledgeViewSet, ReminderViewSet
from surveys.api.ballot_import import BallotImportView, BallotTemplateView
from surveys.api.views import PublicBallotView, SurveyViewSet


class CycleViewSet(CyclePublishActions, CycleEvaluationActions, cycle_views.CycleViewSet):
    """/api/v1/cycles/: the cycle itself (cycles) with the actions of evaluations and boards."""

    write_actions = {**cycle_views.CycleViewSet.write_actions, **CycleEvaluationActions.write_actions,
                     **CyclePublishActions.write_actions}


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
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("surveys", SurveyViewSet, basename="survey")

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
    path("", include(router.urls)),
]
