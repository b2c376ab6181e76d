"""Shared previews: a reviewer without an account sees a draft or scheduled item as it will look.

An app registers each model it can preview with ``register(Model, render)``: ``render(request,
item, preview)`` returns the item's public page, built from all rows rather than the published
ones, with ``preview`` (a ``Preview``) in the template context, which ``base.html`` turns into
the "Preview" banner and a robots ``noindex``. The view here checks the link (signed, not
revoked, not expired) and makes sure no cache keeps the answer and no search engine lists it.
This module knows no app: each registers itself in its ``AppConfig.ready()``.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_safe

from cco_council.core.models import PreviewLink, Publishable

Renderer = Callable[[HttpRequest, models.Model, "Preview"], HttpResponse]

_renderers: dict[type[models.Model], Renderer] = {}


def register(model: type[models.Model], render: Renderer) -> None:
    """Let editors share previews of ``model``'s items, shown by ``render``."""
    _renderers[model] = render


def is_previewable(model) -> bool:
    return model in _renderers


@dataclasses.dataclass(frozen=True)
class Preview:
    """What the preview banner says: the item's state and, for a shared link, until when."""

    item: models.Model
    link: PreviewLink | None = None
    edit_url: str = ""

    @property
    def state(self) -> str:
        item = self.item
        if isinstance(item, Publishable):
            if item.is_live:
                return "published"
            if item.status == Publishable.Status.PUBLISHED:
                return "scheduled"
            return "draft"
        return "published" if getattr(item, "is_live", False) else "not published"

    @property
    def publish_time(self) -> datetime.datetime | None:
        return getattr(self.item, "published_at", None)


def preview_headers(response: HttpResponse) -> HttpResponse:
    """No cache (browser, proxy, ours) keeps a preview, no search engine lists it, and no
    page it links to learns its address from the Referer."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@transaction.atomic
def create_link(*, item, user, expires_at=None, shared_with: str = "") -> PreviewLink:
    """A new link to ``item``, working for seven days unless ``expires_at`` says otherwise."""
    return PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        created_by=user,
        expires_at=expires_at or PreviewLink.default_expiry(),
        shared_with=shared_with,
    )


def revoke_link(*, link: PreviewLink, user) -> None:
    """The link stops working at once (kept, so editors see who shared what and when)."""
    if link.revoked_at is None:
        PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
        link.refresh_from_db()


def link_url(request: HttpRequest, link: PreviewLink) -> str:
    return request.build_absolute_uri(reverse("core:preview", kwargs={"token": link.token}))


def _refused(request, *, status: int, heading: str, message: str) -> HttpResponse:
    response = render(
        request,
        "preview_refused.html",
        {"heading": heading, "message": message},
        status=status,
    )
    return preview_headers(response)


@require_safe
def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """/preview/<token>/: the item a preview link names, to anyone holding the link.

    A token this site did not sign, or whose item is gone, is a 404; a revoked or expired link
    is a 410 Gone that says which, so the reviewer knows to ask for a new one.
    """
    link_id = PreviewLink.id_from_token(token)
    link = (
        PreviewLink.objects.select_related("content_type", "created_by").filter(pk=link_id).first()
        if link_id is not None
        else None
    )
    if link is None:
        return _refused(
            request,
            status=404,
            heading="This preview link does not work",
            message="The address is incomplete or was changed. Ask for the link again.",
        )
    if link.is_revoked:
        return _refused(
            request,
            status=410,
            heading="This preview link was withdrawn",
            message="The editor who shared it has switched it off. Ask them for a new link.",
        )
    if link.is_expired:
        when = date_format(timezone.localtime(link.expires_at), "F j, Y, g:i a")
        return _refused(
            request,
            status=410,
            heading="This preview link has expired",
            message=f"It worked until {when}. Ask the editor who shared it for a new link.",
        )
    model = link.content_type.model_class()
    item = model._default_manager.filter(pk=link.object_id).first() if model in _renderers else None
    if item is None:
        return _refused(
            request,
            status=404,
            heading="This item no longer exists",
            message="It was deleted after the link was shared.",
        )
    PreviewLink.objects.filter(pk=link.pk).update(
        opened_count=F("opened_count") + 1, last_opened_at=timezone.now()
    )
    response = _renderers[model](request, item, Preview(item=item, link=link))
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return preview_headers(response)
