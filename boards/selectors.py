"""Reads for boards. Public reads are served from published snapshots (and the cache), never from
the live tables; the staff reads (a cycle's board and versions, the moderation queue) are scoped
for the signed-in user."""
from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.fields.json import KT

from accounts.scoping import READ, get_or_deny, scoped

from . import cache
from .models import Board, BoardVersion, Feedback

HEAD_KEYS = ("district", "year", "cycle_state", "released_quarters", "counts", "published_at", "version")


class Snapshot(Mapping):
    """A published snapshot, loaded on first use: from the cache by version id (a version never
    changes, so the cache is never stale), else from its row. Pages whose rendered HTML is
    cached never load it at all."""

    def __init__(self, version_id: int, stamp: str):
        self.version_id, self.stamp = version_id, stamp
        self._data = None

    def _load(self) -> dict:
        if self._data is None:
            data = cache.get("snapshot", self.stamp)
            if data is None:
                data = BoardVersion.objects.values_list("snapshot", flat=True).get(pk=self.version_id)
                cache.put(data, "snapshot", self.stamp)
            self._data = data
        return self._data

    def __getitem__(self, key):
        return self._load()[key]

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self._load())


def _head(snapshot: Snapshot) -> dict:
    """The few fields every page of a version shows (district, dates, quarters, counts)."""
    head = cache.get("head", snapshot.stamp)
    if head is None:
        head = {key: snapshot.get(key) for key in HEAD_KEYS}
        cache.put(head, "head", snapshot.stamp)
    return head


def _feedback(board_id: int, rev: int) -> dict:
    data = cache.get("feedback", board_id, rev)
    if data is None:
        data = Board.objects.values_list("feedback", flat=True).get(pk=board_id)
        cache.put(data, "feedback", board_id, rev)
    return data


class Published(dict):
    """{"snapshot", "head", "number", "token", "feedback"} — `head` and `feedback` (approved
    messages with replies) are read only when a page asks for them."""

    def __missing__(self, key):
        if key == "feedback":
            self["feedback"] = _feedback(self["board_id"], self["feedback_rev"])
        elif key == "head":
            self["head"] = _head(self["snapshot"])
        else:
            raise KeyError(key)
        return self[key]


def _published(pointer: dict | None) -> Published | None:
    if pointer is None:
        return None
    # A version is named by its id and its publication instant, so a cache entry can never be
    # mistaken for another version's, even where a database reuses a deleted row's id.
    stamp = f"{pointer['version_id']}.{int(pointer['published_at'].timestamp() * 1_000_000)}"
    # The pages name the earlier versions they link to, so the withdrawn ones are part of the token.
    withdrawn = frozenset(pointer["withdrawn"])
    token = f"{stamp}-{pointer['feedback_rev']}-{'.'.join(map(str, sorted(withdrawn)))}"
    return Published(
        snapshot=Snapshot(pointer["version_id"], stamp), number=pointer["number"], version_id=pointer["version_id"],
        stamp=stamp, token=token, board_id=pointer["board_id"], feedback_rev=pointer["feedback_rev"],
        withdrawn=withdrawn,
    )


def live_board(code: str, year: int) -> Published | None:
    """The live board of district `code` for `year`, or None when nothing is published. The live
    pointer comes from the cache for up to POINTER_TTL seconds (publishing, rolling back and
    moderating delete it at once), else from one small query; the snapshot and feedback come
    lazily (cache, else one query each)."""
    pointer = cache.get("live", code, year)
    if pointer is None:
        pointer = (
            Board.objects.filter(cycle__district__code=code, cycle__year=year, live_version__isnull=False)
            .values("feedback_rev", "withdrawn", board_id=F("id"), version_id=F("live_version_id"),
                    number=F("live_version__number"), published_at=F("live_version__published_at"))
            .first()
        )
        if pointer is not None:
            cache.put(pointer, "live", code, year, ttl=cache.POINTER_TTL)
    return _published(pointer)


def board_version(code: str, year: int, number: int) -> Published | None:
    """An earlier (or the live) version by number; earlier versions stay readable, those withdrawn
    by a rollback (Board.withdrawn) do not."""
    pointer = (
        BoardVersion.objects.filter(board__cycle__district__code=code, board__cycle__year=year, number=number)
        .values("number", "board_id", "published_at", version_id=F("id"), feedback_rev=F("board__feedback_rev"),
                withdrawn=F("board__withdrawn"))
        .first()
    )
    if pointer is None or number in pointer["withdrawn"]:
        return None
    return _published(pointer)


def board_for_feedback(code: str, year: int) -> Board | None:
    """The live board of district `code` for `year` (its live version joined) that the public
    feedback form writes to, or None when nothing is published."""
    return (Board.objects.filter(cycle__district__code=code, cycle__year=year, live_version__isnull=False)
            .select_related("live_version").first())


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


def moderation_queue(user, *, status: str | None = None) -> QuerySet:
    """staff_feedback shaped for the moderation page: pledge, official, unit and moderator joined,
    pending messages first, then newest first."""
    return (
        staff_feedback(user, status=status)
        .select_related("pledge__official__unit", "moderated_by")
        .annotate(waiting=Case(When(status=Feedback.Status.PENDING, then=Value(0)), default=Value(1),
                               output_field=IntegerField()))
        .order_by("waiting", "-created_at", "-id")
    )


def feedback_counts(user) -> dict[str, int]:
    """How many messages of the user's districts are in each status."""
    return dict(staff_feedback(user).order_by().values_list("status").annotate(n=Count("id")))


def feedback_for(user, pk, action: str = READ) -> Feedback:
    """The feedback message `pk` for `action`: 403 if `user` may only read it, 404 if it may not
    even read it (accounts.scoping.get_or_deny)."""
    return get_or_deny(scoped(Feedback.objects.all(), user), user, pk, action)


def staff_board(user, cycle, action: str = READ) -> Board | None:
    """The board of `cycle` (its live version and publisher joined), if `user` may perform
    `action` on it; None when the cycle has no board yet or the user may not."""
    return scoped(Board.objects.filter(cycle=cycle), user, action).select_related("live_version__published_by").first()


def board_versions(user, board: Board) -> list[dict]:
    """Every version of `board` `user` may read, newest first, as rows for the manage page:
    number, publication, publisher, the snapshot's counts, and whether a rollback withdrew it."""
    rows = list(
        scoped(BoardVersion.objects.filter(board=board), user).order_by("-number")
        .values("number", "published_at", "published_by__username",
                officials=KT("snapshot__counts__officials"), pledges=KT("snapshot__counts__pledges"))
    )
    for row in rows:
        row["withdrawn"] = row["number"] in board.withdrawn
    return rows


def pending_feedback_count(user, board: Board) -> int:
    """How many messages on `board` await moderation."""
    return scoped(Feedback.objects.filter(board=board, status=Feedback.Status.PENDING), user).count()
