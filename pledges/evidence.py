"""Evidence files: accepted types are recognised by their content, not their name."""
from __future__ import annotations

import os

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_FILES_PER_UPDATE = 5

# detected type → (content type, accepted file name endings)
ACCEPTED = {
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "gif": ("image/gif", {".gif"}),
    "webp": ("image/webp", {".webp"}),
    "pdf": ("application/pdf", {".pdf"}),
    "doc": ("application/msword", {".doc"}),
    "xls": ("application/vnd.ms-excel", {".xls"}),
    "ppt": ("application/vnd.ms-powerpoint", {".ppt"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", {".pptx"}),
}
# The old binary Office formats share one container; filetype cannot always tell them apart.
_OLE = {"doc", "xls", "ppt"}
ACCEPTED_LABEL = gettext_lazy("图片（JPG、PNG、GIF、WEBP）、PDF、Word、Excel、PowerPoint")


def check_upload(upload, *, max_bytes: int) -> str:
    """Return the content type of an uploaded evidence file, or raise ValidationError with the
    reason (type not accepted, content not matching its name, too large, empty)."""
    name = os.path.basename(upload.name or "")
    if upload.size == 0:
        raise ValidationError(_("“%(name)s”是空文件。") % {"name": name})
    if upload.size > max_bytes:
        raise ValidationError(_("“%(name)s”超过 %(mb)s MB 的大小限制。")
                              % {"name": name, "mb": max_bytes // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    ending = os.path.splitext(name)[1].lower()
    if kind is None or kind.extension not in ACCEPTED:
        raise ValidationError(_("“%(name)s”不是可接受的文件类型；可上传%(types)s。")
                              % {"name": name, "types": ACCEPTED_LABEL})
    content_type, endings = ACCEPTED[kind.extension]
    if ending not in endings:
        if kind.extension in _OLE and ending in {".doc", ".xls", ".ppt"}:
            return ACCEPTED[ending[1:]][0]
        raise ValidationError(_("“%(name)s”的内容（%(type)s）与文件扩展名不符。")
                              % {"name": name, "type": kind.extension})
    return content_type


def uploads_check(files, *, field: str, max_files: int, max_bytes: int) -> list[tuple[object, str]]:
    """Check a batch of uploads (at most `max_files`, each with check_upload): every problem of
    every file at once, under `field`, or the (upload, content type) pairs to store."""
    files = list(files)
    if len(files) > max_files:
        raise ValidationError({field: [_("每次最多上传 %(n)s 个文件。") % {"n": max_files}]})
    checked, problems = [], []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload, max_bytes=max_bytes)))
        except ValidationError as exc:
            problems += exc.messages
    if problems:
        raise ValidationError({field: problems})
    return checked


def uploads_store(checked, make) -> None:
    """Store checked uploads: `make(upload, content_type)` builds each unsaved row (a model with a
    `file` field), saved here. Called inside the caller's transaction, which rolls the rows back on
    a failure; the files written so far are deleted then too."""
    stored = []
    try:
        for upload, content_type in checked:
            row = make(upload, content_type)
            row.file.save(upload.name, upload, save=False)
            stored.append((row.file.storage, row.file.name))
            row.full_clean()
            row.save()
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise
