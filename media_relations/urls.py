from django.urls import path

from media_relations import feeds, views

app_name = "media_relations"

urlpatterns = [
    path("", views.PressView.as_view(), name="press"),
    path("releases/", views.ReleaseListView.as_view(), name="release_list"),
    path("releases/<slug:slug>/", views.ReleaseDetailView.as_view(), name="release_detail"),
    path("releases/<slug:slug>/card-<str:version>.png", views.release_card, name="release_card"),
    path("inquiry/", views.inquiry, name="inquiry"),
    path("inquiry/thanks/", views.inquiry_thanks, name="inquiry_thanks"),
    path("contact.vcf", views.primary_vcard, name="primary_vcard"),
    path("contacts/<slug:slug>.vcf", views.contact_vcard, name="contact_vcard"),
    path("feed/rss/", feeds.PressReleaseFeed(), name="feed_rss"),
    path("feed/atom/", feeds.PressReleaseAtomFeed(), name="feed_atom"),
]
