"""What only the page bench's server has: a trivial view beside the site, and a query count.

Loaded by ``bench/pages_settings.py`` (``bench/`` is on gunicorn's ``--pythonpath``). The
trivial view passes through the site's whole middleware stack, so the ratio of a page to it is
what the page itself costs.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from cco_council.urls import (  # noqa: F401 - the error handlers are read from ROOT_URLCONF
    handler400,
    handler403,
    handler404,
)
from cco_council.urls import urlpatterns as site_patterns

QUERY_HEADER = "X-Bench-Queries"


def trivial(request):
    # Told not to be shared, so the site's shared-cache headers (which ask the database for
    # the next publish time) are not counted in the yardstick: pages pay them, it does not.
    return HttpResponse("ok", headers={"Cache-Control": "no-store"})


urlpatterns = [path("__bench__/trivial", trivial), *site_patterns]


def count_queries(get_response):
    """With the request header ``X-Bench-Queries``, answer how many queries the page ran.

    Only the bench's warm-up requests ask; the timed ones pay one header lookup.
    """

    def middleware(request):
        if "HTTP_X_BENCH_QUERIES" not in request.META:
            return get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response[QUERY_HEADER] = str(count)
        return response

    return middleware
