"""Board pages: the public ones (公示, from published snapshots only) and the staff ones (publish,
versions, moderation)."""
from .public import district, feedback, honour, language, official, official_qr, version, year, year_qr
from .staff import auto_republish, manage, moderate, moderation, publish, rollback

__all__ = [
    "auto_republish", "district", "feedback", "honour", "language", "manage", "moderate", "moderation", "official",
    "official_qr", "publish", "rollback", "version", "year", "year_qr",
]
