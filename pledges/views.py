"""Pledge pages. Every object is fetched through accounts.scoping for the signed-in user."""
from django.http import FileResponse, Http404

from accounts.access import about, signed_in
from accounts.scoping import scoped

from .models import Evidence


@about(Evidence)
@signed_in
def evidence_download(request, pk: int):
    """An evidence file, to those who may read its pledge; always as a download, never inline."""
    evidence = scoped(Evidence.objects.all(), request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)
