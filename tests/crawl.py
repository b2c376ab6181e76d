"""A small same-site crawler for the tests that must cover every public URL."""

import html
import re
from collections import deque
from urllib.parse import urlsplit

from django.conf import settings

LINK = re.compile(r'(?:href|src|action)="([^"]+)"|<loc>([^<]+)</loc>|<link>([^<]+)</link>')
SKIP_PREFIXES = ("/static/", "/admin/", "/media/")


def same_site_path(url: str) -> str | None:
    url = html.unescape(url.strip())
    for origin in (settings.SITE_URL, "http://testserver", "https://testserver"):
        if url.startswith(origin):
            url = url[len(origin) :] or "/"
    if not url.startswith("/") or url.startswith("//"):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start=("/", "/sitemap.xml"), *, limit=600, skip=SKIP_PREFIXES):
    """GET every same-site URL reachable from ``start``; return {url: response}."""
    seen: dict[str, object] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not any(
            kind in content_type for kind in ("html", "xml", "rss", "atom")
        ):
            continue
        for match in LINK.finditer(response.content.decode("utf-8", "replace")):
            target = same_site_path(next(group for group in match.groups() if group))
            if target and not target.startswith(skip) and target not in seen:
                queue.append(target)
    return seen


def response_text(response) -> str:
    """The readable text of a response: PDF text extracted, everything else decoded."""
    content = (
        response.content
        if not getattr(response, "streaming", False)
        else b"".join(response.streaming_content)
    )
    if response.get("Content-Type", "").startswith("application/pdf"):
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        meta = reader.metadata or {}
        return "\n".join(
            [page.extract_text() or "" for page in reader.pages]
            + [str(value) for value in meta.values()]
        )
    return content.decode("utf-8", "replace")
