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
from org.api.views import DistrictViewSet, OfficialViewSet, UnitViewSet
from pledges.api.views import PledgeViewSet, ReminderViewSet


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
router.register("reserve-categories", development_views.ReserveCategoryViewSet, basename="reserve-category")
router.register("reserve-placements", development_views.PlacementViewSet, basename="reserve-placement")
router.register("mentor-pairs", development_views.MentorPairViewSet, basename="mentor-pair")
router.register("talks", development_views.TalkViewSet, basename="talk")
router.register("due-talks", development_views.DueTalkViewSet, basename="due-talk")
router.register("reminders", ReminderViewSet, basename="reminder")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("tasks/<str:task_id>/", TaskStatusView.as_view(), name="task-status"),
    path("public/boards/<slug:district_code>/", PublicDistrictView.as_view(), name="public-district"),
    path("public/boards/<slug:district_code>/<int:year>/", PublicBoardView.as_view(), name="public-board"),
    path("public/boards/<slug:district_code>/<int:year>/feedback/", PublicFeedbackView.as_view(),
         name="public-feedback"),
    path("cycles/<int:pk>/exports/<slug:name>.xlsx", ExportView.as_view(), name="cycle-export"),
    path("cycles/<int:pk>/exports/<slug:name>/", ExportStartView.as_view(), name="cycle-export-start"),
    path("cycles/<int:pk>/imports/<slug:name>/", ImportView.as_view(), name="cycle-import"),
    path("rollup/", RollupView.as_view(), name="rollup"),
    path("rollup/compute/", RollupComputeView.as_view(), name="rollup-compute"),
    path("rollup/compute/<str:group_id>/", RollupComputeStatusView.as_view(), name="rollup-compute-status"),
    path("exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export-download"),
    path("", include(router.urls)),
]
