"""The page for paper ballots (光电扫描): download the template, upload the scanned workbook; a
refused file lists every problem and writes nothing. Staff of the survey's district only."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import CHANGE, get_or_deny, scoped

from .ballot_import import template_response, upload_ballots
from .models import Survey

WRITERS = (Role.ADMIN, Role.STAFF)


def _survey(request, pk) -> Survey:
    readable = scoped(Survey.objects.select_related("cycle__district"), request.user)
    return get_or_deny(readable, request.user, pk, CHANGE)


@about(Survey)
@roles(*WRITERS)
def ballot_import(request, pk: int):
    """GET: the form; POST: import the file (400 with every problem when refused)."""
    survey = _survey(request, pk)
    context = {"survey": survey, "problems": [], "failed": "", "max_mb": settings.IMPORT_MAX_BYTES // 1048576,
               "open": survey.state == Survey.State.OPEN}
    if request.method != "POST":
        return render(request, "surveys/ballot_import.html", context)
    record, problems = upload_ballots(request, survey=survey)
    if record is None:
        if len(problems) == 1 and not problems[0].sheet:
            context["failed"] = _("导入失败：{problem} 未写入任何数据。").format(problem=problems[0].message)
        else:
            context["failed"] = ngettext("导入失败：共 {count} 处问题，未写入任何数据。请修改后重新上传。",
                                         "导入失败：共 {count} 处问题，未写入任何数据。请修改后重新上传。",
                                         len(problems)).format(count=len(problems))
            context["problems"] = problems
        return render(request, "surveys/ballot_import.html", context, status=400)
    done = ngettext("纸质票导入完成：{ballots} 张票（{rows} 行）。", "纸质票导入完成：{ballots} 张票（{rows} 行）。",
                    record.created)
    messages.success(request, done.format(ballots=record.created, rows=record.rows))
    return redirect("surveys:ballot_import", survey.pk)


@about(Survey)
@roles(*WRITERS)
def ballot_template(request, pk: int):
    """The paper ballot template (.xlsx)."""
    return template_response(request, survey=_survey(request, pk))
