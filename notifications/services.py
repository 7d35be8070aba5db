"""Producing, reading-state and mailing notifications.

The apps above announce what happened by calling `notify`, `notify_officials` or `notify_staff`
inside their own transaction (a rolled-back action leaves no notification). Each call is
set-based whatever the number of recipients: at most one query to find the accounts and one
bulk insert. Notes with a `key` are inserted once per account (a unique constraint), so a
producer that runs twice adds nothing."""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User

from .models import Notification

log = logging.getLogger(__name__)

DIGEST_MAX_LINES = 20


@dataclass(frozen=True)
class Note:
    """What to tell: a Notification.Kind, the district it is about, the text, a path on this
    site to look at, and (for producers that may run twice) the event's key."""

    kind: str
    district_id: int
    message: str
    link: str = ""
    key: str = ""


def notify(*, notes: Iterable[tuple[int, Note]]) -> int:
    """Insert each (user id, note) as one notification, in one bulk insert. Returns how many
    rows were offered (rows whose key an account already has are skipped by the database)."""
    now = timezone.now()
    rows = [
        Notification(user_id=user_id, district_id=note.district_id, kind=note.kind, message=note.message[:300],
                     link=note.link[:300], key=note.key[:120], created_at=now)
        for user_id, note in notes
    ]
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def notify_officials(*, notes: Iterable[tuple[int, Note]]) -> int:
    """Each (official id, note) to the active accounts of that official (one query for the
    accounts, one insert)."""
    notes = list(notes)
    if not notes:
        return 0
    accounts = defaultdict(list)
    for user_id, official_id in User.objects.filter(
        official_id__in={official_id for official_id, _note in notes}, is_active=True
    ).values_list("pk", "official_id"):
        accounts[official_id].append(user_id)
    return notify(notes=[(user_id, note) for official_id, note in notes for user_id in accounts[official_id]])


def notify_staff(*, notes: Iterable[Note]) -> int:
    """Each note to every active staff account of its district (one query, one insert)."""
    notes = list(notes)
    if not notes:
        return 0
    staff = defaultdict(list)
    for user_id, district_id in User.objects.filter(
        role=Role.STAFF, is_active=True, districts__in={note.district_id for note in notes}
    ).values_list("pk", "districts"):
        staff[district_id].append(user_id)
    return notify(notes=[(user_id, note) for note in notes for user_id in staff[note.district_id]])


def notification_mark_read(*, actor, notification: Notification) -> None:
    """Mark one of `actor`'s notifications read (the view fetched it through `scoped()`). Not
    audited: reading is not a change of data (as with reminders' read marks)."""
    Notification.objects.filter(pk=notification.pk, user=actor, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of `actor` read; returns how many."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


def _digest(user: User, rows: list[Notification], base_url: str) -> EmailMessage:
    lines = [_("%(name)s，您好：") % {"name": user.get_full_name() or user.get_username()}, "",
             ngettext("您有 %(n)s 条未读通知：", "您有 %(n)s 条未读通知：", len(rows)) % {"n": len(rows)}, ""]
    for row in rows[:DIGEST_MAX_LINES]:
        when = timezone.localtime(row.created_at)
        lines.append(f"· {when:%m-%d %H:%M} [{row.get_kind_display()}] {row.message}")
        if row.link:
            lines.append(f"  {base_url}{row.link}")
    if len(rows) > DIGEST_MAX_LINES:
        lines.append(ngettext("……另有 %(n)s 条", "……另有 %(n)s 条", len(rows) - DIGEST_MAX_LINES) % {
            "n": len(rows) - DIGEST_MAX_LINES})
    lines += ["", _("查看全部通知：%(url)s") % {"url": f"{base_url}/notifications/"}, "",
              _("此邮件由系统每日发送一次，请勿回复。")]
    subject = ngettext(
        "【干部履职践诺】您有 %(n)s 条未读通知", "【干部履职践诺】您有 %(n)s 条未读通知", len(rows)) % {"n": len(rows)}
    return EmailMessage(subject, "\n".join(lines), None, [user.email])


def notifications_digest_send() -> int:
    """The daily digest: one e-mail per active account that has an address and unread
    notifications not mailed yet, listing them. One query reads them; each mail is sent on its
    own (a refused address or a broken connection costs that mail only, and it is tried again
    the next day); one update marks what was sent. Returns the number of mails sent."""
    if not settings.NOTIFICATION_DIGEST:
        return 0
    pending = defaultdict(list)
    users = {}
    for row in (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True, user__is_active=True)
        .exclude(user__email="").select_related("user").order_by("user_id", "created_at", "id")
    ):
        pending[row.user_id].append(row)
        users[row.user_id] = row.user
    if not pending:
        return 0
    base_url = settings.SITE_URL.rstrip("/")
    sent_ids, mails = [], 0
    with get_connection() as connection:
        for user_id, rows in pending.items():
            message = _digest(users[user_id], rows, base_url)
            message.connection = connection
            try:
                message.send()
            except Exception:  # one bad address or a dropped connection must not stop the others
                log.exception("notification digest to account %s not sent", user_id)
                _reset(connection)
                continue
            sent_ids += [row.pk for row in rows]
            mails += 1
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(sent_ids), 1000):
            Notification.objects.filter(pk__in=sent_ids[start:start + 1000]).update(emailed_at=now)
    return mails


def _reset(connection) -> None:
    """Drop a connection that failed, so the next mail opens a fresh one."""
    try:
        connection.close()
    except Exception:
        log.warning("closing the mail connection failed", exc_info=True)
