"""How excel's models reach a district: through their cycle (see cycles/scopes.py)."""
from django.db.models import Q

from accounts.scoping import EXPORT, READERS, Scope, no_rows, register

from .models import ExportFile, ImportRecord

register(ImportRecord, Scope(district="cycle__district", own=no_rows))
# An export file is for accounts of the requester's role in the cycle's district: a staff
# member's export is not a leader's to take.
register(ExportFile, Scope(district="cycle__district", own=lambda user: Q(requested_by_id=user.pk),
                           writers={EXPORT: READERS}, within=lambda user: Q(role=user.role)))
