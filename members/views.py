import json
import math

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cco_council.core.http import client_ip
from members import selectors, services
from members.forms import ApplicationForm, CloseAccountForm, PreferencesForm, ProfileForm

# --- Joining --------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """The "Become a member" application: stored, acknowledged by e-mail; POST-redirect-GET."""
    if request.method != "POST":
        return render(request, "members/apply.html", {"form": ApplicationForm()})
    ip = client_ip(request)
    if not services.application_allowed(ip=ip):
        retry_after = services.application_retry_after(ip=ip)
        response = render(
            request,
            "members/rate_limited.html",
            {"retry_minutes": math.ceil(retry_after / 60)},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
    form = ApplicationForm(request.POST)
    if form.is_spam:
        # Look exactly like success, so the bot learns nothing; store and send nothing.
        return redirect("members:application_thanks")
    if not form.is_valid():
        return render(request, "members/apply.html", {"form": form})
    services.submit_application(data=form.cleaned_data, ip=ip)
    return redirect("members:application_thanks")


@require_safe
def application_thanks(request):
    return render(request, "members/application_thanks.html")


# --- Signing in (django-allauth's views, at our addresses) -----------------------------------


def confirm_login_code(request):
    """allauth's code form, which says why when it sends the reader back for a new code.

    With no sign-in waiting in the session (the code expired, or was already used to sign
    in), allauth redirects to the request form without a word; the reader is told here.
    """
    storage = messages.get_messages(request)
    before = len(storage)
    response = allauth_views.confirm_login_code(request)
    if (
        response.status_code == 302
        and response.url == reverse("account_request_login_code")
        and not request.user.is_authenticated
        and len(storage) == before
    ):
        messages.error(
            request,
            "That sign-in code has expired or has already been used. Ask for a new one below.",
        )
    return response


@require_safe
def closed_signup(request):
    """Nobody signs up: people apply, and editors approve."""
    return redirect("members:apply")


# --- A member's own page --------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def account(request):
    """The member's page: membership, profile, e-mail preferences, and their data."""
    member = selectors.member_for(request.user)
    return render(request, "members/account.html", {"member": member})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    member = selectors.member_for(request.user)
    if member is None:
        return redirect("members:account")
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("members:account")
    return render(request, "members/profile.html", {"form": form, "member": member})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    member = selectors.member_for(request.user)
    if member is None:
        return redirect("members:account")
    form = PreferencesForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.set_digest_preference(member=member, opt_in=form.cleaned_data["digest_opt_in"])
        messages.success(request, "Your e-mail preferences are saved.")
        return redirect("members:account")
    return render(request, "members/preferences.html", {"form": form})


@login_required
@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You are signed out on every device, this one included.")
    return redirect("account_login")


@never_cache
@login_required
@require_safe
def download_data(request):
    """Everything the site holds about the member, as a JSON file."""
    data = selectors.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cco-council-my-data-{stamp}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def close_account(request):
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.close_account(user=user, closed_by="the member")
        return redirect("members:account_closed")
    return render(request, "members/close_account.html", {"form": form})


@require_safe
def account_closed(request):
    return render(request, "members/account_closed.html")


# --- The digest's unsubscribe ---------------------------------------------------------------


@never_cache
@csrf_exempt  # RFC 8058: mail providers POST here with no session and no form of ours.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link scanners follow links and must not unsubscribe anybody);
    POST, from that button or a mail provider's one-click, unsubscribes. No sign-in."""
    member = services.member_for_token(token)
    if member is None:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "members/unsubscribe.html", {"done": True})
    return render(request, "members/unsubscribe.html", {"member": member, "token": token})
