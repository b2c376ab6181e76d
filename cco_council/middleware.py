from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def reject_nul_bytes(get_response):
    """Answer 400 to a NUL byte anywhere in the path or query string.

    PostgreSQL refuses NUL in text, so one that reached a query would become a 500; refusing
    it here covers every view, including ones not written yet.
    """

    def middleware(request):
        raw_path = request.META.get("PATH_INFO", "")
        query = request.META.get("QUERY_STRING", "")
        if (
            "\x00" in raw_path
            or b"\x00" in unquote_to_bytes(query)
            or "\x00" in query
            # A cookie value can carry one too (quoted "\000"), and the session id is queried.
            or any("\x00" in value for value in request.COOKIES.values())
        ):
            body = loader.render_to_string(
                "400.html", {"message": "The address contains a character we cannot read."}
            )
            return HttpResponseBadRequest(body)
        return get_response(request)

    return middleware


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def private_when_signed_in(get_response):
    """Whatever is answered to a signed-in user (a member's full text, their account, an
    editor's page) is ``private, no-store``: no shared cache in front (Varnish, a CDN) keeps
    it, whatever public caching the view asked for. ``Vary: Cookie`` tells such a cache that
    the same address answers differently with a session."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection, or a cache a library reaches without a fallback of
    its own (django-allauth's sign-in rate limits), into a 503 page that asks the reader to
    retry.

    The page is rendered without context processors, which would query the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(
            exception, OperationalError | InterfaceError | RedisConnectionError | RedisTimeoutError
        ) or (isinstance(exception, DatabaseError) and "connection" in str(exception).lower()):
            body = loader.get_template("503.html").render({"site_name": settings.SITE_NAME})
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "5"
            return response
        return None


def head_without_body(get_response):
    """Answer HEAD with GET's status and headers and no body, as RFC 9110 asks.

    Views answer HEAD by running as for GET; Django's WSGI handler then passes the body on,
    and gunicorn drops it with a warning per request. Emptied here, outermost, so every
    header (Content-Length included, which CommonMiddleware sets from the GET body) is the
    one GET would carry.
    """

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # The file or generator behind it is still closed with the response.
                response.streaming_content = []
            else:
                response.content = b""
        return response

    return middleware
