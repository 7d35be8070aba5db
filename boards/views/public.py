"""The public board pages (公示), their QR codes and the feedback form.

They read ONLY through boards.selectors, i.e. from published snapshots and the cache, never from
the live tables: they stay up when the worker or Redis is down, and a cache miss costs a fixed
handful of queries whatever the board's size. Every page but the feedback form is the same for
every visitor: it is rendered once per content token (version + feedback revision), language,
path and query, compressed once (gzip, brotli) and kept in the boards cache with its ETag, so a
request costs no rendering, no compression, and often only a 304 (boards.compress). The feedback
form (CSRF token, confirmation) is the one page made per visitor.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import time
from decimal import Decimal, InvalidOperation
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import about, public
from core.web import errors_onto_form
from cycles.models import Cycle
from org.models import Official

from .. import compress, qr, rules, selectors, services
from ..forms import BoardFilterForm, FeedbackForm

QR_MAX_AGE = 7 * 24 * 3600  # a page's address never changes; a week in browsers and proxies
EARLIER_LINKS = 6  # earlier versions linked from a board (any other one is reachable by number)
# Cards on one page of the year board: with the page around them the page stays far under 600
# DOM nodes however many officials the district has (tests/boards/test_pages.py).
PAGE_SIZE = 20
PARAM_ORDER = ("version", "q", "category", "status", "page", "pledge")
LANGUAGE_NAMES = (("zh-hans", "中文"), ("en", "English"))  # each in its own language, never translated
# What a pledge's grade means, for the legend at the top of the board (SPEC section 3, seed 000).
GRADE_MEANINGS = (
    ("A", gettext_lazy("A 级：工作难度、创新力度、贡献程度评分合计最高的一档")),
    ("B", gettext_lazy("B 级：合计居中的一档")),
    ("C", gettext_lazy("C 级：合计较低的一档")),
)


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


def _page(request, kind: str, shown: dict | None, live: dict | None, params: dict, make_html, *,
          token: str = "") -> HttpResponse:
    """The stored page named by its content (the shown version's token and the live one's, which
    the page names, or `token`), the language, the site's address, the path and the query that
    shaped it, made by `make_html(page_url)` once and then answered from the cache (boards.compress)."""
    page_url = _address(request, params)
    shape = json.dumps([request.get_host(), request.is_secure(), page_url], ensure_ascii=False)
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    tokens = (shown["token"], live["token"]) if shown is not None else (token, "")
    parts = ("page", kind, *tokens, get_language() or "", digest)
    entry = compress.stored(parts, lambda: make_html(page_url), time.time())
    return compress.respond(request, entry)


def _address(request, params: dict) -> str:
    """The page's own address: its path and the query values that shaped it, in a fixed order."""
    query = urlencode([(name, params[name]) for name in PARAM_ORDER if params.get(name)])
    return f"{request.path}?{query}" if query else request.path


def _page_context(request, page_url: str, title: str, qr_png: str) -> dict:
    """What base_public.html needs about the page itself: its absolute address (share metadata,
    print), its PNG QR code (shown, and the og:image), the language switch's links."""
    return {"page_url": page_url, "absolute_url": request.build_absolute_uri(page_url), "og_title": title,
            "qr_png": qr_png, "og_image": request.build_absolute_uri(qr_png),
            "language_links": _language_links(page_url)}


def _language_links(page_url: str) -> list[dict]:
    here = get_language()
    switch = reverse("boards:language")
    return [{"code": code, "name": name, "current": code == here,
             "href": f"{switch}?{urlencode({'language': code, 'next': page_url})}"}
            for code, name in LANGUAGE_NAMES]


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


def _label(value: str | None) -> str:
    """A label the snapshot stored in Chinese (category, kind, status, outcome), in the page's
    language: every such label is a msgid of the catalog (data is never passed here)."""
    return _(value) if value else ""


def _card(official: dict, total: int, *, filtered: bool) -> dict:
    """One official's compact card on the year board (`total`: the official's published pledges,
    of which `official["pledges"]` are the ones matching the search)."""
    statuses = sorted((s for s in map(_latest_status, official["pledges"]) if s), key=STATUS_ORDER.index)
    counts = {s: statuses.count(s) for s in STATUS_ORDER if statuses.count(s)}
    result = official.get("result") or {}
    grades = [p["grade"] for p in official["pledges"] if p.get("grade")]
    return {
        "id": official["id"], "name": official["name"], "unit": official["unit"], "position": official["position"],
        "count": len(official["pledges"]), "total": total, "grades": grades,
        "grades_spoken": _("目标等级：%(letters)s") % {"letters": _("、").join(
            _("%(letter)s 级") % {"letter": g} for g in grades)} if grades else "",
        "counts": [(s, _label(rules.STATUS_LABELS[s]), n) for s, n in counts.items()],
        "good": bool(result.get("good")), "exemplary": bool(result.get("exemplary")),
        "matches": _("、").join(p["title"] for p in official["pledges"]) if filtered else "",
    }


def _page_number(request) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else 1


def _pages(page_url_for, number: int, count: int) -> dict:
    """The pager: this page, the page count and the links around it (every link a plain GET that
    keeps the search and filters, so it works without JavaScript)."""
    last = max(1, -(-count // PAGE_SIZE))
    number = min(number, last)
    near = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    links, previous = [], 0
    for n in near:
        if n - previous > 1:
            links.append({"gap": True})
        links.append({"number": n, "href": page_url_for(n), "current": n == number})
        previous = n
    return {"number": number, "last": last, "links": links if last > 1 else [],
            "previous": page_url_for(number - 1) if number > 1 else "",
            "next": page_url_for(number + 1) if number < last else "",
            "first_index": (number - 1) * PAGE_SIZE + 1, "last_index": min(count, number * PAGE_SIZE)}


def _year_page(request, code: str, year: int, number: int | None):
    shown, live = _boards(code, year, number)
    if shown is None:
        return _not_found(request, (live or {}).get("snapshot", {}).get("district"),
                          _("没有找到该版本的公示。") if live else "")
    filters = BoardFilterForm(request.GET)
    # The version is named by the path on /v/N/ pages and by ?version=N on the board's address.
    in_query = str(shown["number"]) if shown["number"] != live["number"] and "/v/" not in request.path else ""
    params = {"version": in_query, **filters.params(), "page": str(_page_number(request))}
    if params["page"] == "1":
        params["page"] = ""

    def make(page_url: str) -> str:
        meta = _board_meta(code, year, shown, live)
        snapshot = shown["snapshot"]
        everyone = snapshot.get("officials") or []
        totals = {o["id"]: len(o["pledges"]) for o in everyone}
        found = [o for o in selectors.filter_officials(
            snapshot, q=filters.value("q"), category=filters.value("category"), status=filters.value("status"))
            if o["pledges"]]  # an official with no published pledge has no card (the summary says why)

        def page_url_for(n: int) -> str:
            return _address(request, {**params, "page": str(n) if n > 1 else ""})

        pages = _pages(page_url_for, _page_number(request), len(found))
        shown_cards = found[(pages["number"] - 1) * PAGE_SIZE:pages["number"] * PAGE_SIZE]
        title = _("%(name)s%(year)s年度干部履职践诺公示") % {"name": meta["district"]["name"], "year": year}
        return render_to_string("boards/year.html", {
            "board": meta, "district": meta["district"], "filters": filters, "filtered": filters.active,
            "cards": [_card(o, totals[o["id"]], filtered=filters.active) for o in shown_cards],
            "found": len(found), "pages": pages,
            "total": len(everyone), "unlisted": sum(1 for n in totals.values() if not n),
            "honour": snapshot.get("honour_roll"),
            "statuses": [(s, _label(rules.STATUS_LABELS[s])) for s in STATUS_ORDER],
            "grades": GRADE_MEANINGS, "action": request.path,
            "clear_url": _address(request, {"version": in_query}),
            **_page_context(request, page_url, title, reverse("boards:year_qr_png", args=[code, year])),
        }, request=request)

    return _page(request, "year", shown, live, params, make)


@public
@require_safe
def district(request, district_code: str):
    """The years a district has published, newest first."""
    data = selectors.district_boards(district_code)
    if data is None:
        return _not_found(request)
    token = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]

    def make(page_url: str) -> str:
        years = [{**row, "published_at": _when(row["published_at"])} for row in data["years"]]
        return render_to_string("boards/district.html", {
            "district": data["district"], "years": years,
            **_page_context(request, page_url, _("%(name)s · 干部履职践诺公示") % {"name": data["district"]["name"]},
                            ""),
        }, request=request)

    return _page(request, "district", None, None, {}, make, token=token)


@public
@require_safe
def year(request, district_code: str, year: int):
    """A year's board: a summary, the officials in pages, search and filters across all of them,
    the honour roll once the year is finalized; `?version=N` shows an earlier version."""
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

    def make(page_url: str) -> str:
        meta = _board_meta(district_code, year, shown, live)
        return render_to_string("boards/honour.html", {
            "board": meta, "district": meta["district"], "honour": shown["snapshot"].get("honour_roll"),
            **_page_context(request, page_url, _("%(name)s%(year)s年度考核评定“好”等次名单") % {
                "name": meta["district"]["name"], "year": year},
                reverse("boards:year_qr_png", args=[district_code, year])),
        }, request=request)

    return _page(request, "honour", shown, live, {}, make)


def _find(snapshot: dict, official_id: int) -> dict | None:
    return next((o for o in snapshot.get("officials") or [] if o["id"] == official_id), None)


def _relabelled(official: dict) -> dict:
    """The official with its pledges in SPEC order and the stored labels in the page's language."""
    pledges = sorted(official["pledges"], key=lambda p: (
        CATEGORY_ORDER.index(p["category"]) if p["category"] in CATEGORY_ORDER else len(CATEGORY_ORDER), p["id"]))
    pledges = [{**p, "category_label": _label(p.get("category_label")), "kind_label": _label(p.get("kind_label")),
                "progress": [{**q, "status_label": _label(q.get("status_label"))} for q in p["progress"]]}
               for p in pledges]
    result = official.get("result")
    if result:
        result = {**result, "outcome_labels": [_label(x) for x in result.get("outcome_labels") or []]}
    return {**official, "pledges": pledges, "result": result}


@about(Official)
@public
@require_safe
def official(request, district_code: str, year: int, pk: int):
    """One official of a year's board (`?version=N` for an earlier version): the pledges, their
    progress and published feedback, with a link to the feedback form per pledge (live version
    only). The same for every visitor, so it is stored compressed like the board."""
    shown, live = _boards(district_code, year, _version_param(request))
    if shown is None:
        return _not_found(request)
    if _find(shown["snapshot"], pk) is None:
        return _not_found(request, _board_meta(district_code, year, shown, live)["district"],
                          _("没有找到这位干部的公示信息。"))
    version = "" if shown["number"] == live["number"] else str(shown["number"])

    def make(page_url: str) -> str:
        meta = _board_meta(district_code, year, shown, live)
        person = _relabelled(_find(shown["snapshot"], pk))
        feedback = shown["feedback"] or {}
        pledges = [{**p, "figure": _figure(p), "feedback": feedback.get(str(p["id"]), [])}
                   for p in person["pledges"]]
        title = _("%(name)s的履职践诺 · %(district)s%(year)s年度公示") % {
            "name": person["name"], "district": meta["district"]["name"], "year": year}
        return render_to_string("boards/official.html", {
            "board": meta, "district": meta["district"], "official": person, "pledges": pledges,
            **_page_context(request, page_url, title,
                            reverse("boards:official_qr_png", args=[district_code, year, pk])),
        }, request=request)

    return _page(request, "official", shown, live, {"version": version}, make)


def _feedback_page(request, code: str, year: int, pk: int, *, form: FeedbackForm | None = None,
                   pledge_id: int | None = None, problem: str = "", status: int = 200):
    """The feedback form for one published pledge of the live version (per visitor: it carries
    the CSRF token and the confirmation, so it is never stored)."""
    live = selectors.live_board(code, year)
    official = _find(live["snapshot"], pk) if live is not None else None
    if official is None:
        return _not_found(request)
    meta = _board_meta(code, year, live, live)
    pledge = next((p for p in official["pledges"] if p["id"] == pledge_id), None)
    sent = [str(m) for m in messages.get_messages(request)]
    if pledge is None and not problem:
        return redirect(reverse("boards:official", args=[code, year, pk]))
    if pledge is not None and form is None:
        form = FeedbackForm(initial={"pledge": pledge["id"]}, auto_id="fb_%s")
    return render(request, "boards/feedback.html", {
        "board": meta, "district": meta["district"], "official": official, "pledge": pledge, "form": form,
        "sent": sent, "problem": problem, "page_url": request.path,
        "language_links": _language_links(_address(request, {"pledge": str(pledge_id or "")})),
    }, status=status)


@about(Official)
@public
def feedback(request, district_code: str, year: int, pk: int):
    """GET `?pledge=<id>`: the form for one of the official's published pledges; POST: send the
    message (hidden until approved)."""
    raw = ((request.POST if request.method == "POST" else request.GET).get("pledge") or "")[:12]
    pledge_id = int(raw) if raw.isdigit() else None
    if request.method != "POST":
        return _feedback_page(request, district_code, year, pk, pledge_id=pledge_id)
    board = selectors.board_for_feedback(district_code, year)
    official = _find(board.live_version.snapshot, pk) if board is not None else None
    if official is None:
        return _not_found(request)
    if pledge_id is None or pledge_id not in {p["id"] for p in official["pledges"]}:
        return _feedback_page(request, district_code, year, pk, problem=_("只能对公示中的目标留言。"), status=400)
    form = FeedbackForm(request.POST, auto_id="fb_%s")
    if form.is_valid():
        try:
            services.feedback_submit(board=board, pledge_id=pledge_id, content=form.cleaned_data["content"],
                                     contact=form.cleaned_data["contact"],
                                     key=services.client_key(request.META.get("REMOTE_ADDR", "")))
        except ValidationError as exc:
            errors_onto_form(form, exc, fields=("content", "contact"))
        else:
            messages.success(request, _("留言已收到，审核后公开"))
            page = reverse("boards:feedback", args=[district_code, year, pk])
            return redirect(f"{page}?{urlencode({'pledge': pledge_id})}")
    return _feedback_page(request, district_code, year, pk, form=form, pledge_id=pledge_id, status=400)


@public
@require_safe
def language(request):
    """The public pages' language switch (a plain link, so it works without JavaScript and on a
    stored page): remember `language` in the cookie ChineseFirstLocaleMiddleware reads, then go
    back to `next` (a local address only)."""
    target = request.GET.get("next") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)  # an address, never a view name (redirect() would try one)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    response["Cache-Control"] = "no-store"
    return response


def _qr(request, path: str, filename: str, image: str) -> HttpResponse:
    """The QR code of the page at `path`, as SVG (print) or PNG (share, WeChat, og:image)."""
    url = request.build_absolute_uri(path)
    if image == "png":
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    else:
        response = HttpResponse(qr.qr_svg(url, title=_("扫码查看履职践诺公示")), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{filename}.{image}"'
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


@public
@require_safe
def year_qr(request, district_code: str, year: int, image: str = "svg"):
    """The QR code of a year's board page (SVG for printing in articles and notices, or PNG)."""
    if selectors.live_board(district_code, year) is None:
        return _not_found(request)
    return _qr(request, reverse("boards:year", args=[district_code, year]), f"{district_code}-{year}", image)


@about(Official)
@public
@require_safe
def official_qr(request, district_code: str, year: int, pk: int, image: str = "svg"):
    """The QR code of one official's page (SVG or PNG)."""
    live = selectors.live_board(district_code, year)
    if live is None or _find(live["snapshot"], pk) is None:
        return _not_found(request)
    return _qr(request, reverse("boards:official", args=[district_code, year, pk]),
               f"{district_code}-{year}-{pk}", image)
