"""Paper ballots over the API: GET /api/v1/surveys/<id>/exports/ballots.xlsx answers the template
the scanner fills; POST /api/v1/surveys/<id>/imports/ballots/ imports the scanned workbook (200
with the counts, or 400 with every problem, nothing written) — as the cycle imports do."""
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scoping import CHANGE, get_or_deny, scoped
from excel.api.views import ImportFailedSerializer
from excel.responses import XLSX

from ..ballot_import import template_response, upload_ballots
from ..models import Survey

DoneSerializer = inline_serializer("BallotImportDone", {
    "ballots": serializers.IntegerField(), "rows": serializers.IntegerField(), "import": serializers.IntegerField(),
})


class SurveyBallotView(APIView):
    permission_classes = [IsAuthenticated]
    model = Survey  # the object the `pk` parameter names

    def survey(self, request, pk) -> Survey:
        readable = scoped(Survey.objects.select_related("cycle__district"), request.user)
        return get_or_deny(readable, request.user, pk, CHANGE)


class BallotTemplateView(SurveyBallotView):
    @extend_schema(operation_id="surveys_ballots_template",
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="the template")})
    def get(self, request, pk: int):
        """The paper ballot template of the survey: a row per official of a blank ballot, a column
        per item with the marks as a drop-down (staff)."""
        return template_response(request, survey=self.survey(request, pk))


class BallotImportView(SurveyBallotView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="surveys_ballots_import",
        request={"multipart/form-data": inline_serializer("BallotUpload", {"file": serializers.FileField()})},
        responses={200: DoneSerializer, 400: ImportFailedSerializer},
    )
    def post(self, request, pk: int):
        """Import scanned paper ballots (.xlsx, the template filled in) into an open survey; each
        ballot spends its code. All or nothing."""
        record, problems = upload_ballots(request, survey=self.survey(request, pk))
        if record is None:
            count = len(problems)
            detail = ngettext("导入失败，共 {count} 处问题，未写入任何数据。",
                              "导入失败，共 {count} 处问题，未写入任何数据。", count).format(count=count)
            return Response({"detail": detail, "errors": [p.as_dict() for p in problems]},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response({"ballots": record.created, "rows": record.rows, "import": record.pk})
