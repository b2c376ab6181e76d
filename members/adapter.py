"""django-allauth, fitted to a council whose members are approved, not signed up.

- Sign-up is closed: accounts are made by ``services.approve_application``.
- A sign-in code is e-mailed only to a current member (``services.may_sign_in_by_code``);
  anyone else who types an address (unknown, lapsed, an editor) gets, at that address, the
  e-mail saying there is no membership there, and the page answers exactly as for a member,
  so the form tells nobody who is a member.
- Every e-mail goes through the durable queue, rendered here (a code lives only in the
  session and in the message).
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from cco_council.core.http import client_ip
from cco_council.core.mail import queue_email
from members import services

LOGIN_CODE_TEMPLATE = "account/email/login_code"
NO_MEMBERSHIP_TEMPLATE = "account/email/unknown_account"


class MemberAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "rate_limited": "Too many sign-in requests from here or for this address. Wait a few "
        "minutes, then ask for a new code.",
        # allauth says this both after three wrong codes and when an address has asked for too
        # many codes: one message that is true of both.
        "too_many_login_attempts": "Too many attempts for this address: wait a few minutes, "
        "then ask for a new code below.",
        "incorrect_code": "Incorrect code.",
    }

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        context = {
            "email": email,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "apply_url": settings.SITE_URL + reverse("members:apply"),
            "sign_in_url": settings.SITE_URL + reverse("account_login"),
            **context,
        }
        if template_prefix == LOGIN_CODE_TEMPLATE and not services.email_may_sign_in(email):
            template_prefix = NO_MEMBERSHIP_TEMPLATE
            context.pop("code", None)
        queue_email(self.render_mail(template_prefix, email, context))

    def pre_login(self, request, user, **kwargs):
        if not services.may_sign_in_by_code(user):
            # Reached only if the membership lapsed between the code and its use.
            messages.error(
                request,
                "There is no current membership for this address. Editors sign in to the admin.",
            )
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request):
        # Without a ?next=, a member lands on their own page (the admin keeps its index).
        return reverse("members:account")

    def get_client_ip(self, request):
        # The same notion of the client's address as every other limit on the site.
        return client_ip(request) or "unknown"
