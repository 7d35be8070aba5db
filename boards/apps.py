from importlib import import_module

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("公示")

    def ready(self):
        from cycles.services import task_page_register

        # A finished publish is announced with a link to the board's management page.
        task_page_register("publish", label=_("生成公示"), url=lambda record: reverse(
            "boards:manage", args=[record.cycle_id]) + f"?task={record.task_id}")
        import_module(f"{self.name}.receivers")  # connects the republish-after-release receiver
