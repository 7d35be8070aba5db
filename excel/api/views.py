"""Excel over the API (SPEC section 8): GET …/exports/<name>.xlsx answers the file;
POST …/exports/<name>/ starts a background export (202, follow /api/v1/tasks/<task_id>/ and
download from the link in its result); POST …/imports/<name>/ imports a workbook (200 with the
counts, or 400 with every problem)."""
from django.http import Http404
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scoping import CHANGE, EXPORT, get_or_deny, scoped
from cycles.models import Cycle
from cycles.services import QueueUnavailable

from .. import exports, imports, services
from ..models import ExportFile
from ..responses import XLSX, export_file_response, export_options, export_response, import_upload

ProblemSerializer = inline_serializer("ImportProblem", {
    "sheet": serializers.CharField(), "row": serializers.IntegerField(allow_null=True),
    "column": serializers.CharField(), "message": serializers.CharField(),
})
ImportFailedSerializer = inline_serializer("ImportFailed", {
    "detail": serializers.CharField(), "errors": serializers.ListField(child=ProblemSerializer),
})
ImportDoneSerializer = inline_serializer("ImportDone", {
    "created": serializers.IntegerField(), "updated": serializers.IntegerField(), "rows": serializers.IntegerField(),
    "import": serializers.IntegerField(),
})
ExportStartedSerializer = inline_serializer("ExportStarted", {
    "task_id": serializers.CharField(), "export": serializers.IntegerField(),
})


class CycleExcelView(APIView):
    permission_classes = [IsAuthenticated]
    model = Cycle  # the object the `pk` parameter names

    def cycle(self, request, pk, action="read") -> Cycle:
        readable = scoped(Cycle.objects.select_related("district"), request.user)
        return get_or_deny(readable, request.user, pk, action)

    def known(self, name: str, table: dict) -> None:
        if name not in table:
            raise Http404


class ExportView(CycleExcelView):
    @extend_schema(
        operation_id="cycles_export_retrieve",
        parameters=[OpenApiParameter("quarter", int, enum=[1, 2, 3, 4],
                                     description="quarterly-scores: one quarter only"),
                    OpenApiParameter("protect", bool, description="results: protect the sheet (read-only)"),
                    OpenApiParameter("headers", str, enum=list(exports.HEADER_LANGUAGES),
                                     description="en: English headers, sheet names and title rows (cell values "
                                                 "stay Chinese); zh, the default: Chinese")],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="the workbook")},
    )
    def get(self, request, pk: int, name: str):
        """The export `name` (results, quarterly-scores, pledges, officials, unit-scores,
        survey-scores, political-reviews) of the cycle as an .xlsx file."""
        self.known(name, exports.EXPORTS)
        cycle = self.cycle(request, pk, EXPORT)
        return export_response(request=request, cycle=cycle, name=name,
                               options=export_options(name, request.query_params))


class ExportStartView(CycleExcelView):
    @extend_schema(operation_id="cycles_export_start", request=None, responses={202: ExportStartedSerializer})
    def post(self, request, pk: int, name: str):
        """Write the export in a worker (for a large cycle); the task's result links the file."""
        self.known(name, exports.EXPORTS)
        cycle = self.cycle(request, pk, EXPORT)
        try:
            record = services.export_file_start(actor=request.user, cycle=cycle, name=name,
                                                options=export_options(name, request.query_params))
        except QueueUnavailable as exc:
            return Response({"detail": str(exc), "errors": {}}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"task_id": record.task_id, "export": record.pk}, status=status.HTTP_202_ACCEPTED)


class ImportView(CycleExcelView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cycles_import_create",
        request={"multipart/form-data": inline_serializer("ImportUpload", {"file": serializers.FileField()})},
        responses={200: ImportDoneSerializer, 400: ImportFailedSerializer},
    )
    def post(self, request, pk: int, name: str):
        """Import a workbook (the export of the same name is its template). All or nothing."""
        self.known(name, imports.IMPORTS)
        cycle = self.cycle(request, pk, CHANGE)
        record, problems = import_upload(request, cycle=cycle, name=name)
        if record is None:
            return _failed([p.as_dict() for p in problems])
        return Response({"created": record.created, "updated": record.updated, "rows": record.rows,
                         "import": record.pk})


def _failed(errors: list[dict]) -> Response:
    detail = ngettext("导入失败，共 {count} 处问题，未写入任何数据。", "导入失败，共 {count} 处问题，未写入任何数据。",
                      len(errors)).format(count=len(errors))
    return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class ExportDownloadView(APIView):
    permission_classes = [IsAuthenticated]
    model = ExportFile

    @extend_schema(operation_id="exports_download", responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        """A finished background export, for accounts of the requester's role in its district."""
        return export_file_response(request, pk)
