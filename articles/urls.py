from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/feed/", feeds.LibraryFeed(), name="feed_rss"),
    path("library/feed/atom/", feeds.LibraryAtomFeed(), name="feed_atom"),
    path("library/<slug:slug>/", views.article_detail, name="article_detail"),
    path("library/<slug:slug>/preview/", views.article_preview, name="article_preview"),
    path("library/<slug:slug>.pdf", views.article_pdf, name="article_pdf"),
    path("library/<slug:slug>/card-<str:version>.png", views.article_card, name="article_card"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("authors/<slug:slug>/card-<str:version>.png", views.author_card, name="author_card"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("conversations/", views.conversations, name="conversations"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("series/<slug:slug>.pdf", views.series_pdf, name="series_pdf"),
    path("series/<slug:slug>/card-<str:version>.png", views.series_card, name="series_card"),
]
