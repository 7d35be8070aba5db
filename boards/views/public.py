"""The public board pages (公示), their QR codes and the feedback form.

They read ONLY through boards.selectors, i.e. from published snapshots and the cache, never from
the live tables: they stay up when the worker or Redis is down, and a cache miss costs a fixed
handful of queries whatever the board's size. What a page shows of a snapshot is rendered once per
content token (version + feedback revision), path and query, and kept in the boards cache; the
parts that differ per visitor (the CSRF-protected feedback forms, the confirmation message) are
rendered fresh around it.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import about, public
from core.web import errors_onto_form
from cycles.models import Cycle
from org.models import Official

from .. import cache, qr, rules, selectors, services
from ..forms import BoardFilterForm, FeedbackForm

QR_MAX_AGE = 7 * 24 * 3600  # a page's address never changes; a week in browsers and proxies
EARLIER_LINKS = 6  # earlier versions linked from a board (any other one is reachable by number)


def _not_found(request, district: dict | None = None, message: str = ""):
    """The public pages' own friendly 404 (the public layout, no sign-in link)."""
    return render(request, "boards/not_found.html", {"district": district, "message": message}, status=404)


def _when(iso: str | None) -> datetime.datetime | None:
    if not iso:
        return None
    try:
        moment = datetime.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _version_param(request) -> int | None:
    """`?version=N` when N is a plausible version number; anything else is ignored."""
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else None


def _boards(code: str, year: int, number: int | None):
    """(shown, live): the version to show and the live one, or (None, None) when the district has
    published nothing for the year or has no such version. Earlier versions of a board that is
    not live are not public either."""
    live = selectors.live_board(code, year)
    if live is None:
        return None, None
    if number is None or number == live["number"]:
        return live, live
    shown = selectors.board_version(code, year, number)
    return (shown, live) if shown is not None else (None, live)


def _board_meta(code: str, year: int, shown: dict, live: dict) -> dict:
    """What every page of a board shows about the version itself (from the version's head, so a
    cached page never loads the whole snapshot)."""
    snapshot = shown["head"]
    number = shown["number"]
    released = snapshot.get("released_quarters") or []
    earlier = list(islice((n for n in range(live["number"] - 1, 0, -1) if n not in live["withdrawn"]),
                          EARLIER_LINKS + 1))
    return {
        "code": code, "year": year, "district": snapshot.get("district") or {"code": code, "name": code},
        "number": number, "live_number": live["number"], "is_live": number == live["number"],
        "published_at": _when(snapshot.get("published_at")),
        "finalized": snapshot.get("cycle_state") == Cycle.State.FINALIZED,
        "released": released, "latest_quarter": released[-1] if released else None,
        "counts": snapshot.get("counts") or {},
        "earlier": earlier[:EARLIER_LINKS],
        "more_earlier": len(earlier) > EARLIER_LINKS,
        "version_query": "" if number == live["number"] else f"?version={number}",
    }


def _page_key(request, kind: str, shown: dict, live: dict, params: dict | None = None) -> tuple:
    """A cache key naming exactly one content: both content tokens (the shown version and the
    live one, which the page names), the language, the path and the query that shaped it."""
    shape = json.dumps([request.path, sorted((params or {}).items())], ensure_ascii=False)
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    return ("page", kind, shown["token"], live["token"], get_language() or "", digest)


def _fragment(request, kind: str, shown: dict, live: dict, render_html, params: dict | None = None) -> str:
    """`render_html()` once per content (see _page_key)."""
    parts = _page_key(request, kind, shown, live, params)
    html = cache.get(*parts)
    if html is None:
        html = str(render_html())
        cache.put(html, *parts)
    return mark_safe(html)  # our own template output, autoescaped when rendered


CATEGORY_ORDER = ("party_building", "innovation", "key_work")  # SPEC section 3's order
STATUS_ORDER = (rules.DONE, rules.ON_TRACK, rules.BEHIND)


def _figure(pledge: dict) -> str:
    """The pledge's numeric target ("30个"), unless its text already states the number."""
    value = pledge.get("target_value")
    if not value:
        return ""
    try:
        number = format(Decimal(value).normalize(), "f")
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return "" if number in (pledge.get("target") or "") else f"{number}{pledge.get('target_unit') or ''}"


def _latest_status(pledge: dict) -> str | None:
    return pledge["progress"][-1]["status"] if pledge.get("progress") else None


def _card(official: dict, *, filtered: bool) -> dict:
    """One official's compact card on the year board."""
    statuses = sorted((s for s in map(_latest_status, official["pledges"]) if s), key=STATUS_ORDER.index)
    counts = {s: statuses.count(s) for s in STATUS_ORDER if statuses.count(s)}
    result = official.get("result") or {}
    return {
        "id": official["id"], "name": official["name"], "unit": official["unit"], "position": official["position"],
        "count": len(official["pledges"]), "grades": [p["grade"] for p in official["pledges"] if p.get("grade")],
        "statuses": statuses, "counts": [(s, rules.STATUS_LABELS[s], n) for s, n in counts.items()],
        "good": bool(result.get("good")), "exemplary": bool(result.get("exemplary")),
        "matches": [p["title"] for p in official["pledges"]] if filtered else [],
    }


def _year_page(request, code: str, year: int, number: int | None):
    shown, live = _boards(code, year, number)
    if shown is None:
        return _not_found(request, (live or {}).get("snapshot", {}).get("district"),
                          _("没有找到该版本的公示。") if live else "")
    filters = BoardFilterForm(request.GET)
    # The whole page is the same for everyone who asks for this content (it has no form that
    # needs a CSRF token): serve it from the cache without touching the snapshot.
    page_key = _page_key(request, "yearpage", shown, live, filters.params())
    html = cache.get(*page_key)
    if html is not None:
        return HttpResponse(html)
    meta = _board_meta(code, year, shown, live)

    def body():
        snapshot = shown["snapshot"]
        found = selectors.filter_officials(snapshot, q=filters.value("q"), category=filters.value("category"),
                                           status=filters.value("status"))
        return render_to_string("boards/_year.html", {
            "board": meta, "filters": filters, "filtered": filters.active,
            "cards": [_card(o, filtered=filters.active) for o in found],
            "total": len(snapshot.get("officials") or []),
            "honour": snapshot.get("honour_roll"),
            "statuses": [(s, rules.STATUS_LABELS[s]) for s in STATUS_ORDER],
            "action": request.path,
        })

    html = _fragment(request, "year", shown, live, body, filters.params())
    response = render(request, "boards/year.html", {"board": meta, "district": meta["district"], "body": html,
                                                    "filters": filters})
    cache.put(response.content.decode(), *page_key)
    return response


@public
@require_safe
def district(request, district_code: str):
    """The years a district has published, newest first."""
    data = selectors.district_boards(district_code)
    if data is None:
        return _not_found(request)
    years = [{**row, "published_at": _when(row["published_at"])} for row in data["years"]]
    return render(request, "boards/district.html", {"district": data["district"], "years": years})


@public
@require_safe
def year(request, district_code: str, year: int):
    """A year's board: every official as a card, search and filters, the honour roll once the
    year is finalized; `?version=N` shows an earlier version."""
    return _year_page(request, district_code, year, _version_param(request))


@public
@require_safe
def version(request, district_code: str, year: int, number: int):
    """An earlier (or the live) version of a year's board, at its own address."""
    return _year_page(request, district_code, year, number)


@public
@require_safe
def honour(request, district_code: str, year: int):
    """The honour roll (好 list, "担当作为好干部" titles), once the year is finalized."""
    shown, live = _boards(district_code, year, None)
    if shown is None:
        return _not_found(request)
    meta = _board_meta(district_code, year, shown, live)
    return render(request, "boards/honour.html", {
        "board": meta, "district": meta["district"], "honour": shown["snapshot"].get("honour_roll"),
    })


def _find(snapshot: dict, official_id: int) -> dict | None:
    return next((o for o in snapshot.get("officials") or [] if o["id"] == official_id), None)


def _official_page(request, code: str, year: int, official_id: int, *, failed: FeedbackForm | None = None,
                   problem: str = "", status: int = 200):
    """One official's pledges, progress and published feedback, with a feedback form per pledge
    (on the live version only)."""
    shown, live = _boards(code, year, _version_param(request))
    if shown is None:
        return _not_found(request)
    official = _find(shown["snapshot"], official_id)
    meta = _board_meta(code, year, shown, live)
    if official is None:
        return _not_found(request, meta["district"], _("没有找到这位干部的公示信息。"))
    official = {**official, "pledges": sorted(official["pledges"], key=lambda p: (
        CATEGORY_ORDER.index(p["category"]) if p["category"] in CATEGORY_ORDER else len(CATEGORY_ORDER), p["id"]))}
    feedback = shown["feedback"] or {}

    def pieces():
        head = render_to_string("boards/_official_head.html", {"board": meta, "official": official})
        pledges = [
            {"id": p["id"], "title": p["title"],
             "html": render_to_string("boards/_pledge.html", {"board": meta, "pledge": p, "figure": _figure(p),
                                                             "feedback": feedback.get(str(p["id"]), [])})}
            for p in official["pledges"]
        ]
        return json.dumps({"head": head, "pledges": pledges}, ensure_ascii=False)

    parts = json.loads(_fragment(request, "official", shown, live, pieces))
    sent, notices = {}, []
    for message in messages.get_messages(request):
        if message.extra_tags.startswith("pledge-"):
            sent[message.extra_tags] = str(message)
        else:
            notices.append(message)
    pledges = []
    for piece in parts["pledges"]:
        pid = piece["id"]
        form = None
        if meta["is_live"]:
            form = failed if failed is not None and failed.data.get("pledge") == str(pid) else \
                FeedbackForm(initial={"pledge": pid}, auto_id=f"fb{pid}_%s")
        pledges.append({"id": pid, "title": piece["title"], "html": mark_safe(piece["html"]), "form": form,
                        "sent": sent.get(f"pledge-{pid}", "")})
    return render(request, "boards/official.html", {
        "board": meta, "district": meta["district"], "official": official, "head": mark_safe(parts["head"]),
        "pledges": pledges, "problem": problem, "notices": notices,
    }, status=status)


@about(Official)
@public
@require_safe
def official(request, district_code: str, year: int, pk: int):
    """One official of a year's board (`?version=N` for an earlier version)."""
    return _official_page(request, district_code, year, pk)


@about(Official)
@public
def feedback(request, district_code: str, year: int, pk: int):
    """POST a message about one of the official's published pledges (hidden until approved)."""
    page = reverse("boards:official", args=[district_code, year, pk])
    if request.method != "POST":
        return redirect(page)
    board = selectors.board_for_feedback(district_code, year)
    official = _find(board.live_version.snapshot, pk) if board is not None else None
    if official is None:
        return _not_found(request)
    raw = (request.POST.get("pledge") or "")[:12]
    if not raw.isdigit() or int(raw) not in {p["id"] for p in official["pledges"]}:
        return _official_page(request, district_code, year, pk, problem=_("只能对公示中的目标留言。"), status=400)
    pledge_id = int(raw)
    form = FeedbackForm(request.POST, auto_id=f"fb{pledge_id}_%s")
    if form.is_valid():
        try:
            services.feedback_submit(board=board, pledge_id=pledge_id, content=form.cleaned_data["content"],
                                     contact=form.cleaned_data["contact"],
                                     key=services.client_key(request.META.get("REMOTE_ADDR", "")))
        except ValidationError as exc:
            errors_onto_form(form, exc, fields=("content", "contact"))
        else:
            messages.success(request, _("留言已收到，审核后公开"), extra_tags=f"pledge-{pledge_id}")
            return redirect(f"{page}#feedback-{pledge_id}")
    return _official_page(request, district_code, year, pk, failed=form, status=400)


def _svg(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


@public
@require_safe
def year_qr(request, district_code: str, year: int):
    """The QR code of a year's board page (SVG, for printing in articles and notices)."""
    if selectors.live_board(district_code, year) is None:
        return _not_found(request)
    url = request.build_absolute_uri(reverse("boards:year", args=[district_code, year]))
    return _svg(qr.qr_svg(url, title=_("扫码查看履职践诺公示")), f"{district_code}-{year}.svg")


@about(Official)
@public
@require_safe
def official_qr(request, district_code: str, year: int, pk: int):
    """The QR code of one official's page."""
    live = selectors.live_board(district_code, year)
    if live is None or _find(live["snapshot"], pk) is None:
        return _not_found(request)
    url = request.build_absolute_uri(reverse("boards:official", args=[district_code, year, pk]))
    return _svg(qr.qr_svg(url, title=_("扫码查看履职践诺公示")), f"{district_code}-{year}-{pk}.svg")
