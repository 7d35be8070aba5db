from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("考核评价")

    def ready(self):
        from cycles.services import task_page_register

        # A finished compute is announced with a link to the results page's progress panel.
        task_page_register("compute", label=_("计算考核结果"), url=lambda record: reverse(
            "evaluations:results", args=[record.cycle_id]) + f"?task={record.task_id}#compute")
