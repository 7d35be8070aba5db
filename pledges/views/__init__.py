"""Pledge pages. Every object is fetched through the selectors, which scope it for the signed-in
user: a pledge the user may read but not act on answers 403, one it may not read 404. Views
validate with forms, call one service or selector and render; state changes are POST-only and
redirect (PRG)."""
from .detail import detail, evidence_download
from .filing import create, delete, edit, progress, revise, submit, submit_all
from .own import mine
from .review import approve, queue, regrade, return_, revision_approve, revision_return

__all__ = [
    "approve", "create", "delete", "detail", "edit", "evidence_download", "mine", "progress", "queue", "regrade",
    "return_", "revise", "revision_approve", "revision_return", "submit", "submit_all",
]
