"""One address of every public page type, on the demo content (``manage.py seed_demo``).

The accessibility, picture and screenshot tests all walk this list, so a new page type is
added here once and every one of them covers it.
"""

from articles.models import Article, Author, Series
from articles.selectors import published_tags
from events.models import Event, Speaker
from media_relations.models import PressRelease


def public_paths() -> dict[str, str]:
    published = Article.objects.published()
    article = published.filter(kind=Article.Kind.ARTICLE, series__isnull=True).first()
    conversation = published.filter(kind=Article.Kind.CONVERSATION).first()
    series = Series.objects.published().first()
    author = Author.objects.published().order_by("name").first()
    event = Event.objects.published().order_by("start").first()
    speaker = Speaker.objects.with_published_talks().order_by("name").first()
    release = PressRelease.objects.published().first()
    tag = published_tags().order_by("name").first()
    return {
        "home": "/",
        "library": "/library/",
        "filtered library": "/library/?kind=conversation",
        "library search": "/library/?q=authority",
        "read page": article.get_absolute_url(),
        "conversation": conversation.get_absolute_url(),
        "conversations": "/conversations/",
        "series list": "/series/",
        "series": series.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "search results": "/search/?q=customer",
        "events": "/events/",
        "event": event.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "press": "/press/",
        "press releases": "/press/releases/",
        "press release": release.get_absolute_url(),
        "inquiry form": "/press/inquiry/",
        "not found": "/no-such-page/",
    }
