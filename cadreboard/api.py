"""The /api/v1/ router: paths and field names are the contract of SPEC section 8."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import AccountViewSet, ObtainTokenView
from evaluations.api.views import CycleViewSet, ListItemViewSet
from org.api.views import DistrictViewSet, OfficialViewSet, UnitViewSet
from pledges.api.views import PledgeViewSet, ReminderViewSet


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
router.register("reminders", ReminderViewSet, basename="reminder")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]
