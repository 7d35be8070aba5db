"""The cycle endpoint's what-if action (composed into the cycle viewset in cadreboard/api.py)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from accounts.scoping import READ

from .. import selectors
from .serializers import SimulateSerializer, SimulationSerializer


class CycleSimulateActions:
    """POST /api/v1/cycles/<id>/simulate/: what the cycle's grades, ranks and outcomes would be
    under other settings. It writes nothing, so it asks only to read the cycle: staff and leaders
    of its district (and the administrator) may run it; officials never (403); another district's
    cycle is not found (404)."""

    write_actions = {"simulate": READ}

    @extend_schema(request=SimulateSerializer, responses=SimulationSerializer)
    @action(detail=True, methods=["post"])
    def simulate(self, request, pk=None, format=None):
        """Counts per grade before (the cycle's settings) and after (the settings sent, a partial
        object laid over the cycle's, validated as a change of them), and every official whose
        grade or outcomes would change. Nothing is written."""
        cycle = self.get_object()
        if request.user.role == Role.OFFICIAL:
            raise PermissionDenied(_("干部账号不能进行参数测算。"))
        body = SimulateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        simulation = selectors.simulate(cycle, body.validated_data["settings"])
        return Response(SimulationSerializer(simulation).data)
