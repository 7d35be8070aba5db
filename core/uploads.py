"""Uploaded file names. Django's multipart parser drops a file whose name is nothing once
sanitised (`..`, `.`, `a/`): the rest of the form goes through without it, so an upload could
lose a file silently. Here such a file refuses the whole request, naming the file."""
from __future__ import annotations

from django.http import multipartparser
from django.utils.translation import gettext as _


class UnusableFileName(multipartparser.MultiPartParserError):
    """A file part whose name is empty once sanitised (DRF answers MultiPartParserError with a 400)."""

    def __init__(self, raw: str):
        self.raw = raw
        super().__init__(_("文件名“%(name)s”无效，请将文件改名后重新上传（本次提交的内容均未保存）。") % {"name": raw})


class MultiPartParser(multipartparser.MultiPartParser):
    def sanitize_file_name(self, file_name):
        name = super().sanitize_file_name(file_name)
        if not name:
            raise UnusableFileName(file_name)
        return name


def parse_file_upload(request, META, post_data):
    """HttpRequest.parse_file_upload with this module's parser (installed per request by
    core.middleware.UploadNamesMiddleware)."""
    from django.utils.datastructures import ImmutableList

    request.upload_handlers = ImmutableList(
        request.upload_handlers, warning="You cannot alter upload handlers after the upload has been processed.")
    return MultiPartParser(META, post_data, request.upload_handlers, request.encoding).parse()
