"""Public reads: served from published snapshots (and the cache), never from the live tables."""
from __future__ import annotations

from django.db.models import F

from accounts.scoping import scoped

from . import cache
from .models import Board, BoardVersion, Feedback


def _published(pointer: dict | None, number_field: str) -> dict | None:
    """Snapshot and feedback for a board pointer row; the snapshot comes from the cache when it
    can (a version never changes), else from its row."""
    if pointer is None:
        return None
    version_id = pointer["version_id"]
    snapshot = cache.get("snapshot", version_id)
    if snapshot is None:
        snapshot = BoardVersion.objects.values_list("snapshot", flat=True).get(pk=version_id)
        cache.put(snapshot, "snapshot", version_id)
    return {"snapshot": snapshot, "feedback": pointer["feedback"], "number": pointer[number_field],
            "token": f"{version_id}-{pointer['feedback_rev']}"}


def live_board(code: str, year: int) -> dict | None:
    """The live board of district `code` for `year`: {"snapshot", "feedback", "number", "token"}
    (the token names this exact content, for page caches), or None when nothing is published.
    One query for the live pointer, one more for the snapshot when the cache misses."""
    pointer = (
        Board.objects.filter(cycle__district__code=code, cycle__year=year, live_version__isnull=False)
        .values("feedback", "feedback_rev", version_id=F("live_version_id"), number=F("live_version__number"))
        .first()
    )
    return _published(pointer, "number")


def board_version(code: str, year: int, number: int) -> dict | None:
    """An earlier (or the live) version by number; earlier versions stay readable."""
    pointer = (
        BoardVersion.objects.filter(board__cycle__district__code=code, board__cycle__year=year, number=number)
        .values("number", version_id=F("id"), feedback=F("board__feedback"), feedback_rev=F("board__feedback_rev"))
        .first()
    )
    return _published(pointer, "number")


def district_boards(code: str) -> dict | None:
    """The district's published years: {"district": {...}, "years": [{"year", "version", "published_at"}]}."""
    rows = list(
        Board.objects.filter(cycle__district__code=code, live_version__isnull=False)
        .order_by("-cycle__year")
        .values("cycle__year", "cycle__district__name", "live_version__number", "live_version__published_at")
    )
    if not rows:
        return None
    return {"district": {"code": code, "name": rows[0]["cycle__district__name"]},
            "years": [{"year": r["cycle__year"], "version": r["live_version__number"],
                       "published_at": r["live_version__published_at"].isoformat()} for r in rows]}


def filter_officials(snapshot: dict, *, q: str = "", category: str = "", status: str = "") -> list[dict]:
    """The snapshot's officials matching a search (name, unit, position, pledge text), a pledge
    category and a progress status (in the latest released quarter)."""
    needle = (q or "").strip().lower()
    found = []
    for official in snapshot["officials"]:
        pledges = official["pledges"]
        if category:
            pledges = [p for p in pledges if p["category"] == category]
        if status:
            pledges = [p for p in pledges if p["progress"] and p["progress"][-1]["status"] == status]
        if needle:
            person = " ".join([official["name"], official["unit"], official["position"]]).lower()
            if needle not in person:
                pledges = [p for p in pledges
                           if needle in " ".join([p["title"], p["content"], p["target"]]).lower()]
        if (category or status or needle) and not pledges:
            continue
        found.append({**official, "pledges": pledges})
    return found


def staff_feedback(user, *, status: str | None = None):
    """The moderation queue: feedback on boards of the user's districts."""
    rows = scoped(Feedback.objects.select_related("pledge__official", "board__cycle__district"), user)
    return rows.filter(status=status) if status else rows
