"""Appeals in the admin: for reading and searching. Filing and deciding go through the appeal
pages and API, where the rules (deadline, 回避, corrections through the owners' services) live;
the scoping matrix gives no role a plain change permission."""
from django.contrib import admin

from accounts.admin_base import ScopedAdmin

from .models import Appeal


@admin.register(Appeal)
class AppealAdmin(ScopedAdmin):
    list_display = ["official", "cycle", "subject", "state", "filed_at", "due_on", "decided_on"]
    list_filter = ["state", "subject"]
    search_fields = ["official__name", "reason"]
    list_select_related = ["official", "cycle__district"]
