"""Writes for cadre records: supervision entries (with attachments and a proposed negative list
entry) and tolerance decisions. Each service is one transaction, audited (django-simple-history:
who, when, old → new, reason)."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_delete, audited_save
from cycles.models import Cycle
from evaluations import services as evaluation_services
from evaluations.models import ListEntry, ListItem
from pledges.evidence import uploads_check, uploads_store

from .models import Attachment, SupervisionEntry, ToleranceDecision
from .signals import supervision_entry_recorded

MAX_FILES_PER_ENTRY = 5
ENTRY_FIELDS = ("kind", "occurred_on", "source", "summary", "severity", "internal", "proposed_item",
                "proposed_cycle")


def _check_proposal(*, district_id: int, item: ListItem | None, cycle: Cycle | None) -> None:
    if item is None:
        return
    if item.kind != ListItem.Kind.NEGATIVE:
        raise ValidationError({"proposed_item": [_("只能建议记入负面清单条目。")]})
    if cycle is None:
        raise ValidationError({"proposed_cycle": [_("建议记入负面清单时须选择考核年度。")]})
    if cycle.district_id != district_id:
        raise ValidationError({"proposed_cycle": [_("考核年度不属于记录所在的区。")]})
    if cycle.state == Cycle.State.FINALIZED:
        raise ValidationError({"proposed_cycle": [_("该考核年度已完成评定，不能再记入负面清单。")]})


def _check_files(files) -> list[tuple[object, str]]:
    return uploads_check(files, field="attachments", max_files=MAX_FILES_PER_ENTRY,
                         max_bytes=settings.EVIDENCE_MAX_BYTES)


def _store(entry: SupervisionEntry, checked) -> None:
    uploads_store(checked, lambda upload, content_type: Attachment(
        entry=entry, original_name=upload.name[:255], content_type=content_type, size=upload.size))


@transaction.atomic
def supervision_entry_record(*, actor, official, kind: str, occurred_on: datetime.date, source: str, summary: str,
                             severity: str = SupervisionEntry.Severity.INFO, internal: bool = False,
                             proposed_item: ListItem | None = None, proposed_cycle: Cycle | None = None,
                             files=(), reason: str = "") -> SupervisionEntry:
    """Record a supervision entry about `official` in the district the official serves in now
    (where it stays for good), with up to five attachments checked by content and size, and
    optionally a proposed negative list entry for staff to confirm. `supervision_entry_recorded`
    is sent once the transaction commits."""
    district_id = official.unit.district_id
    _check_proposal(district_id=district_id, item=proposed_item, cycle=proposed_cycle)
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": [_("发生日期不能晚于今天。")]})
    checked = _check_files(files)
    entry = SupervisionEntry(official=official, district_id=district_id, kind=kind, occurred_on=occurred_on,
                             source=(source or "").strip(), summary=(summary or "").strip(), severity=severity,
                             internal=internal, proposed_item=proposed_item, proposed_cycle=proposed_cycle,
                             recorded_by=actor)
    audited_save(entry, actor=actor, reason=reason or gettext_noop("记录监督信息"))
    _store(entry, checked)
    transaction.on_commit(lambda: supervision_entry_recorded.send(sender=SupervisionEntry, entry=entry))
    return entry


@transaction.atomic
def supervision_entry_update(*, actor, entry: SupervisionEntry, files=(), reason: str = "",
                             **changes) -> SupervisionEntry:
    """Change an entry's fields (any of ENTRY_FIELDS) and add attachments. The official and the
    district never change; a proposal already confirmed cannot be changed."""
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能修改此项。")] for field in sorted(unknown)})
    entry = SupervisionEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.list_entry_id and any(
            f in changes and changes[f] != getattr(entry, f) for f in ("proposed_item", "proposed_cycle")):
        raise ValidationError({"proposed_item": [_("建议已确认记入负面清单，不能再修改。")]})
    for field, value in changes.items():
        setattr(entry, field, value.strip() if isinstance(value, str) and field in ("source", "summary") else value)
    _check_proposal(district_id=entry.district_id, item=entry.proposed_item, cycle=entry.proposed_cycle)
    if entry.occurred_on and entry.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": [_("发生日期不能晚于今天。")]})
    checked = _check_files(files)
    if entry.attachments.count() + len(checked) > 20:
        raise ValidationError({"attachments": [_("每条监督信息最多 20 个附件。")]})
    audited_save(entry, actor=actor, reason=reason or gettext_noop("修改监督信息"))
    _store(entry, checked)
    return entry


@transaction.atomic
def supervision_entry_delete(*, actor, entry: SupervisionEntry, reason: str) -> None:
    """Delete an entry (with the reason, kept in its history). Refused while a tolerance
    decision concerns it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("删除监督信息须说明理由。")]})
    if entry.tolerance_decisions.exists():
        raise ValidationError({"reason": [_("该监督信息已有容错纠错认定，不能删除。")]})
    names = list(entry.attachments.values_list("file", flat=True))
    audited_delete(entry, actor=actor, reason=reason.strip()[:100])
    transaction.on_commit(lambda: [Attachment.file.field.storage.delete(n) for n in names])


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: Attachment.file.field.storage.delete(name))


@transaction.atomic
def supervision_proposal_confirm(*, actor, entry: SupervisionEntry, note: str = "") -> ListEntry:
    """Staff confirm the negative list entry an entry proposed: it is recorded through
    evaluations' list-entry service (audited, refused in a state that takes no list entries)."""
    entry = SupervisionEntry.objects.select_for_update(of=("self",)).select_related(
        "official__unit", "proposed_item", "proposed_cycle").get(pk=entry.pk)
    if entry.proposed_item_id is None:
        raise ValidationError({"proposed_item": [_("这条监督信息没有建议记入负面清单。")]})
    if entry.list_entry_id is not None:
        raise ValidationError({"proposed_item": [_("建议已确认记入负面清单。")]})
    if entry.proposed_cycle is None:
        raise ValidationError({"proposed_cycle": [_("建议记入负面清单时须选择考核年度。")]})
    text = (note or "").strip() or _("据监督信息（%(date)s，%(source)s）：%(summary)s") % {
        "date": entry.occurred_on, "source": entry.source, "summary": entry.summary}
    list_entry = evaluation_services.list_entry_add(actor=actor, official=entry.official, cycle=entry.proposed_cycle,
                                                    item=entry.proposed_item, note=text[:2000])
    entry.list_entry = list_entry
    audited_save(entry, actor=actor, reason=gettext_noop("确认记入负面清单"))
    return list_entry


@transaction.atomic
def supervision_proposal_dismiss(*, actor, entry: SupervisionEntry, reason: str) -> SupervisionEntry:
    """Staff decline a proposal (with the reason, in the entry's history)."""
    entry = SupervisionEntry.objects.select_for_update().get(pk=entry.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("不予记入须说明理由。")]})
    if entry.proposed_item_id is None or entry.list_entry_id is not None:
        raise ValidationError({"proposed_item": [_("没有待确认的负面清单建议。")]})
    entry.proposed_item, entry.proposed_cycle = None, None
    audited_save(entry, actor=actor, reason=reason.strip()[:100])
    return entry


# --- error tolerance ---------------------------------------------------------------------------


@transaction.atomic
def tolerance_decision_record(*, actor, official, cycle: Cycle, list_entry: ListEntry | None = None,
                              supervision_entry: SupervisionEntry | None = None, grounds: str, decided_by: str,
                              approved_on: datetime.date, clears_name: bool = False,
                              note: str = "") -> ToleranceDecision:
    """容错纠错: record that a negative list entry or a supervision entry (exactly one) of
    `official` is tolerated. A tolerated negative list entry stays on record but no longer
    vetoes (evaluations.services.list_entry_tolerate; the next compute reads it). 澄清正名
    (`clears_name`) needs the note that is shown on the profile."""
    if (list_entry is None) == (supervision_entry is None):
        raise ValidationError({"list_entry": [_("须指定且只能指定一项：负面清单记录或监督信息。")]})
    if not (grounds or "").strip():
        raise ValidationError({"grounds": [_("须写明容错依据。")]})
    if not (decided_by or "").strip():
        raise ValidationError({"decided_by": [_("须写明批准机关。")]})
    if approved_on and approved_on > timezone.localdate():
        raise ValidationError({"approved_on": [_("批准日期不能晚于今天。")]})
    if clears_name and not (note or "").strip():
        raise ValidationError({"note": [_("澄清正名须填写说明。")]})
    if list_entry is not None:
        if list_entry.official_id != official.pk or list_entry.cycle_id != cycle.pk:
            raise ValidationError({"list_entry": [_("该负面清单记录不属于此干部的此考核年度。")]})
        if list_entry.item.kind != ListItem.Kind.NEGATIVE:
            raise ValidationError({"list_entry": [_("只有负面清单记录可以容错免责。")]})
        in_force = ToleranceDecision.objects.filter(list_entry=list_entry, revoked_on__isnull=True)
    else:
        if supervision_entry.official_id != official.pk or supervision_entry.district_id != cycle.district_id:
            raise ValidationError({"supervision_entry": [_("该监督信息不属于此干部，或不属于此考核年度所在的区。")]})
        in_force = ToleranceDecision.objects.filter(supervision_entry=supervision_entry, revoked_on__isnull=True)
    if in_force.select_for_update().exists():
        field = "list_entry" if list_entry is not None else "supervision_entry"
        raise ValidationError({field: [_("已有生效的容错纠错认定。")]})
    decision = ToleranceDecision(
        official=official, cycle=cycle, list_entry=list_entry, supervision_entry=supervision_entry,
        grounds=grounds.strip(), decided_by=decided_by.strip(), approved_on=approved_on, clears_name=clears_name,
        note=(note or "").strip(), recorded_by=actor)
    audited_save(decision, actor=actor, reason=gettext_noop("容错纠错认定"))
    if list_entry is not None:
        evaluation_services.list_entry_tolerate(actor=actor, entry=list_entry, tolerated_on=approved_on,
                                                reason=gettext_noop("容错纠错认定：不再一票否决"))
    return decision


@transaction.atomic
def tolerance_decision_revoke(*, actor, decision: ToleranceDecision, reason: str,
                              revoked_on: datetime.date | None = None) -> ToleranceDecision:
    """Revoke a decision (audited, with the reason): a negative list entry it tolerated vetoes
    again from the next compute. The decision stays on record, marked revoked."""
    # OF self: PostgreSQL locks no row on the nullable side of an outer join.
    decision = ToleranceDecision.objects.select_for_update(of=("self",)).select_related("list_entry").get(
        pk=decision.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("撤销容错纠错认定须说明理由。")]})
    if decision.revoked_on is not None:
        raise ValidationError({"reason": [_("该认定已撤销。")]})
    decision.revoked_on = revoked_on or timezone.localdate()
    decision.revoke_reason = reason.strip()
    audited_save(decision, actor=actor, reason=reason.strip()[:100])
    if decision.list_entry is not None:
        evaluation_services.list_entry_tolerate(actor=actor, entry=decision.list_entry, tolerated_on=None,
                                                reason=gettext_noop("撤销容错纠错认定：恢复一票否决"))
    return decision
