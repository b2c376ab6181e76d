from django.urls import path

from cco_council.core import previews

app_name = "core"

urlpatterns = [
    path("preview/<str:token>/", previews.shared_preview, name="preview"),
]
