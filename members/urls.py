from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.application_thanks, name="application_thanks"),
    path("profile/", views.profile, name="profile"),
    path("preferences/", views.preferences, name="preferences"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("my-data.json", views.download_data, name="download_data"),
    path("close/", views.close_account, name="close_account"),
    path("closed/", views.account_closed, name="account_closed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
