from django.db import connection
from django.http import HttpResponse, JsonResponse

from accounts.access import public


@public
def ping(request):
    """Liveness: the process answers, without touching the database (also the baseline of the
    board benchmark: the cheapest response Django can give)."""
    return HttpResponse("ok", content_type="text/plain")


@public
def healthz(request):
    """For load balancers and docker-compose: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
