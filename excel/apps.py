from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExcelConfig(AppConfig):
    name = "excel"
    verbose_name = _("Excel 导入导出")

    def ready(self):
        from cycles.services import task_page_register

        from .selectors import export_page_url

        # A finished export is announced with a link to its download on the cycle's Excel page.
        task_page_register("export", label=_("Excel 导出"), url=export_page_url)
