import math
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from cco_council.core.pagination import PageNumberMixin
from cco_council.core.social import card_response
from media_relations import selectors, services, social
from media_relations.forms import InquiryForm
from media_relations.models import MediaContact, PressRelease
from media_relations.vcard import build_vcard

PRESS_PAGE_RELEASES = 10
PRESS_PAGE_COVERAGE = 30


def safe_next(request, value: str | None) -> str:
    """``value`` if it is a path on this site, else ''."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


class PressMixin:
    """Every press-room page names who answers the press."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("contact", selectors.primary_contact())
        return context


class PressView(TemplateView):
    """The press room: contact card, releases, coverage, the press kit and the inquiry form.

    Its template names the footer's primary contact (``press_tags.primary_media_contact``),
    rather than read it a second time."""

    template_name = "media_relations/press.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        room = selectors.press_room(releases=PRESS_PAGE_RELEASES + 1, coverage=PRESS_PAGE_COVERAGE)
        releases = room.releases
        context.update(
            releases=releases[:PRESS_PAGE_RELEASES],
            more_releases=len(releases) > PRESS_PAGE_RELEASES,
            coverage_items=room.coverage,
            kit=room.kit,
            kit_groups=selectors.press_kit_groups(room.kit),
            form=InquiryForm(),
            next_url=self.request.path,
        )
        return context


class ReleaseListView(PageNumberMixin, PressMixin, ListView):
    template_name = "media_relations/pressrelease_list.html"
    context_object_name = "releases"
    paginate_by = 20

    def get_queryset(self):
        return selectors.published_releases()


class ReleaseDetailView(DetailView):
    template_name = "media_relations/pressrelease_detail.html"
    context_object_name = "release"
    # A reviewer's shared preview of an embargoed or draft release (cco_council.core.previews).
    shared_preview = None

    def get_queryset(self):
        if self.shared_preview:
            return PressRelease.objects.all()
        return selectors.published_releases()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact"] = selectors.release_contact(self.object)
        context["preview"] = self.shared_preview
        context["social_image"] = social.release_image(self.object)
        return context


def shared_release_preview(request, release, preview):
    return ReleaseDetailView.as_view(shared_preview=preview)(request, slug=release.slug)


@require_safe
def release_card(request, slug, version):
    """The card of a published release, at the address its page links to."""
    release = selectors.published_releases().filter(slug=slug).first()
    if release is None:
        raise Http404("No such press release.")
    card = social.release_card(release)
    current = reverse(
        "media_relations:release_card", kwargs={"slug": slug, "version": card.version}
    )
    return card_response(request, card, version=version, current_url=current)


def _inquiry_context(form, next_url=""):
    return {"form": form, "contact": selectors.primary_contact(), "next_url": next_url}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry(request):
    """The inquiry form: stored, then e-mailed to the primary contact; POST-redirect-GET."""
    if request.method != "POST":
        next_url = safe_next(request, request.GET.get("next"))
        return render(
            request, "media_relations/inquiry_form.html", _inquiry_context(InquiryForm(), next_url)
        )

    ip = services.client_ip(request)
    if not services.inquiry_allowed(ip=ip):
        retry_after = services.inquiry_retry_after(ip=ip)
        response = render(
            request,
            "media_relations/rate_limited.html",
            {
                "window_minutes": services.INQUIRY_RATE_WINDOW_SECONDS // 60,
                "limit": services.INQUIRY_RATE_LIMIT,
                "retry_minutes": math.ceil(retry_after / 60),
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response

    next_url = safe_next(request, request.POST.get("next"))
    thanks = reverse("media_relations:inquiry_thanks")
    if next_url:
        thanks += "?" + urlencode({"next": next_url})
    form = InquiryForm(request.POST)
    if form.is_spam:
        # Look exactly like success, so the bot learns nothing; store and send nothing.
        return redirect(thanks)
    if not form.is_valid():
        return render(
            request, "media_relations/inquiry_form.html", _inquiry_context(form, next_url)
        )
    services.submit_inquiry(data=form.cleaned_data, ip=ip)
    return redirect(thanks)


@require_safe
def inquiry_thanks(request):
    """Who will answer the journalist, and how soon."""
    return render(
        request,
        "media_relations/inquiry_thanks.html",
        {
            "contact": selectors.primary_contact(),
            "next_url": safe_next(request, request.GET.get("next")),
        },
    )


def _vcard_response(contact: MediaContact) -> HttpResponse:
    response = HttpResponse(build_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{contact.slug}.vcf"'
    return response


@require_safe
def contact_vcard(request, slug):
    contact = MediaContact.objects.active().filter(slug=slug).first()
    if contact is None:
        raise Http404("No such media contact.")
    return _vcard_response(contact)


@require_safe
def primary_vcard(request):
    contact = selectors.primary_contact()
    if contact is None:
        raise Http404("There is no media contact at the moment.")
    return _vcard_response(contact)
