from django.db import connection
from django.http import JsonResponse

from accounts.access import public


@public
def healthz(request):
    """For load balancers and docker-compose: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
