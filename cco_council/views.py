from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """The front page: featured and latest library items, coming events, press news."""
    from articles.selectors import front_page_items
    from events.selectors import upcoming_events
    from media_relations.selectors import latest_releases

    featured, latest = front_page_items(featured=3, latest=6)
    context = {
        "featured": featured,
        "latest": latest,
        "upcoming_events": upcoming_events(3),
        "releases": latest_releases(3),
    }
    return render(request, "home.html", context)


SEARCH_MAX_LENGTH = 200
SEARCH_SECTION_SIZE = 10


@require_safe
def search(request):
    """Site-wide search: library items (ranked, with highlighted snippets), events, speakers.

    The library section links on to /library/?q=, where results combine with the filters.
    """
    from articles.selectors import search_page
    from events.selectors import found_events, found_speakers

    query = request.GET.get("q", "").strip()
    context = {"search_query": query[:SEARCH_MAX_LENGTH], "too_long": False}
    if len(query) > SEARCH_MAX_LENGTH:
        context["too_long"] = True
        return render(request, "search.html", context, status=400)
    if query:
        search = search_page(query, per_page=SEARCH_SECTION_SIZE)
        context |= {
            "articles": search.results,
            "article_count": search.count,
            "corrected": search.corrected_query,
            "events": found_events(query, limit=SEARCH_SECTION_SIZE),
            "speakers": found_speakers(query, limit=SEARCH_SECTION_SIZE),
        }
    return render(request, "search.html", context)


HEALTH_CACHE_KEY = "cco_council:healthz"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_answers() -> bool:
    # A write too: a Redis that is full and refuses writes, or a replica, fails here.
    try:
        cache.set(HEALTH_CACHE_KEY, "ok", 30)
        return cache.get(HEALTH_CACHE_KEY) == "ok"
    except Exception:
        # Whatever the backend raises (a Redis timeout, a database error); the site itself
        # treats the cache the same way, as a miss.
        return False


@never_cache
@require_safe
def healthz(request):
    """The site's health as JSON, for the proxy and the orchestrator.

    503 when PostgreSQL does not answer: nothing can be served. 200 with ``"degraded"`` when
    only the cache does not: pages, PDFs and rate limits then run without it (slower, limits
    off), so the app server must stay in rotation while someone looks at the cache. The
    background queue's counts come along for monitoring; failed jobs are for editors and
    monitoring to see, and do not make the site unhealthy.
    """
    from cco_council.core.jobs import job_counts

    database = _database_answers()
    cached = _cache_answers()
    if not database:
        status, code = "unavailable", 503
    elif not cached:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {
        "status": status,
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cached else "unavailable",
    }
    if database:
        counts = job_counts()
        body["jobs"] = {
            "waiting": counts.waiting,
            "scheduled": counts.scheduled,
            "running": counts.running,
            "failed": counts.failed,
        }
    return JsonResponse(body, status=code)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@require_safe
def media(request, name):
    """An uploaded file from the database, locked down: never sniffed, never run as a page."""
    from cco_council.core.pictures import RENDITIONS_FOLDER
    from cco_council.models import StoredFile

    row = StoredFile.objects.filter(name=name).only("content", "content_type").first()
    if row is None:
        raise Http404("No such file.")
    response = HttpResponse(bytes(row.content), content_type=row.content_type)
    disposition = "inline" if row.content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name.rsplit("/", 1)[-1]}"'
    # A rendition's name carries a hash of what it was made from: it never changes.
    immutable = name.startswith(f"{RENDITIONS_FOLDER}/")
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if immutable else "public, max-age=86400"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a file were somehow rendered as a document, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def site_card(request, version):
    """The council's own card: what pages without an item of their own share."""
    from cco_council.context_processors import SITE_CARD
    from cco_council.core.social import card_response

    current = reverse("site_card", kwargs={"version": SITE_CARD.version})
    return card_response(request, SITE_CARD, version=version, current_url=current)


@require_safe
def security_txt(request):
    """RFC 9116: where to report a vulnerability."""
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    body = (
        f"Contact: mailto:security@ccocouncil.org\n"
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}\n"
        f"Preferred-Languages: en\n"
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
