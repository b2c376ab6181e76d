"""django-allauth's views at the site's own addresses, with the names allauth reverses.

Only what members use is routed: signing in by code (the login page *is* the code form, so no
password form is ever served), signing out, the inactive-account page. Sign-up goes to the
application form; the address page is the member's own page.
"""

from allauth.account import views as allauth_views
from django.urls import path

from members import views

urlpatterns = [
    path("sign-in/", allauth_views.request_login_code, name="account_login"),
    path("sign-in/", allauth_views.request_login_code, name="account_request_login_code"),
    path("sign-in/code/", views.confirm_login_code, name="account_confirm_login_code"),
    path("sign-out/", allauth_views.logout, name="account_logout"),
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("join/", views.closed_signup, name="account_signup"),
    path("email/", views.account, name="account_email"),
]
