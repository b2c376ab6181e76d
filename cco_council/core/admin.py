"""Admin pieces every app's ModelAdmins share."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.db import models
from js_asset import Media

# Links typed without a scheme are read as https (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class RecordsEditorMixin:
    """save_model records who created the object (where the model keeps that) and who last
    changed it. events and media_relations admins use this one too."""

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by"):
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ProseEditorCSPMixin:
    """Let the rich-text editor run under the site's Content-Security-Policy.

    django-prose-editor loads its modules through an inline ``<script type="importmap">``,
    which ``script-src 'self'`` blocks. The change form's scripts get this request's nonce,
    and the policy of this one response allows that nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=str(nonce))
            # django-csp's public decorator adds the nonce to this one response's policy.
            render = csp_update({"script-src": [NONCE]})(super().render_change_form)
            return render(request, context, *args, **kwargs)
        return super().render_change_form(request, context, *args, **kwargs)


class PublicPageLinkMixin:
    """ "View on site" only for an object whose public page exists.

    Django's admin links every object that has ``get_absolute_url()``; a draft, an author
    with nothing published or a speaker with no talk at a published event has no public page
    yet (the link would be a 404). Each admin names the queryset the public sees, the same one
    its views start from.
    """

    def public_queryset(self):
        raise NotImplementedError

    def view_on_site(self, obj):
        if self.public_queryset().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None
