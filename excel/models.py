"""Records of Excel work: the imports staff ran, and the exports a worker wrote for download."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One accepted import (a rejected file writes nothing, not even this): who, when, which
    file, and how many rows it created and changed. The rows themselves are audited by
    django-simple-history with the reason naming the file."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="imports",
                              verbose_name=_("考核年度"))
    name = models.CharField(_("导入内容"), max_length=30)
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("修改"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("导入人"))
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("Excel 导入记录")
        verbose_name_plural = _("Excel 导入记录")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.name} · {self.filename}"


class ExportFile(models.Model):
    """An export written by a worker (a large cycle), kept for the requester to download.
    Only accounts of the requester's role in the cycle's district may open it."""

    task_id = models.CharField(_("任务编号"), max_length=255, unique=True)
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="export_files",
                              verbose_name=_("考核年度"))
    name = models.CharField(_("导出内容"), max_length=30)
    options = models.JSONField(_("选项"), default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("发起人"))
    role = models.CharField(_("发起人角色"), max_length=20)
    file = models.FileField(_("文件"), upload_to="exports/", blank=True)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel 导出文件")
        verbose_name_plural = _("Excel 导出文件")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} {self.task_id}"
