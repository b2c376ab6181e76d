"""Sitemap sections of this app, merged by cco_council's /sitemap.xml: (slug, last change)
pairs, read in one hand-written statement per section."""

from cco_council.core.sitemaps import SlugSitemap, published_rows

_EVENTS_SQL = """
SELECT e.slug, e.updated_at FROM events_event e
WHERE {published}
ORDER BY e.start DESC, e.id DESC
"""

# Speakers with a talk at a published event (Speaker.objects.with_published_talks()'s rule).
_SPEAKERS_SQL = """
SELECT s.slug, s.updated_at FROM events_speaker s
WHERE EXISTS (SELECT 1 FROM events_talkspeaker ts
              JOIN events_talk t ON t.id = ts.talk_id
              JOIN events_event e ON e.id = t.event_id
              WHERE ts.speaker_id = s.id AND {published})
ORDER BY s.name, s.id
"""


class EventSitemap(SlugSitemap):
    """``Event.objects.published()``, latest start first."""

    viewname = "events:event_detail"
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return published_rows(_EVENTS_SQL, alias="e")


class SpeakerSitemap(SlugSitemap):
    viewname = "events:speaker_detail"
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return published_rows(_SPEAKERS_SQL, alias="e")


sitemaps = {"events": EventSitemap, "speakers": SpeakerSitemap}
