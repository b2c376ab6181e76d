from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cco_council import views
from cco_council.sitemaps import sitemaps

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("media/<path:name>", views.media, name="media"),
    path("card-<str:version>.png", views.site_card, name="site_card"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps, "template_name": "cco_council/sitemap.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("", include("cco_council.core.urls")),
    path("", include("articles.urls")),
    path("", include("events.urls")),
    path("press/", include("media_relations.urls")),
    path("members/", include("members.urls")),
    path("account/", include("members.account_urls")),
]


handler400 = "cco_council.views.bad_request"
handler403 = "cco_council.views.permission_denied"
handler404 = "cco_council.views.page_not_found"
