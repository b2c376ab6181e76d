from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("conversations/", views.library, name="conversations"),
    path("series/", views.library, name="series_list"),
]
