"""Demo content for this app, written fresh from the facts in the seed documents.

Totango's Customer Success Summit in San Francisco (400 attendees from eight countries;
Guy Nirpaz's six-point manifesto, then Jeanne Bliss's five-point job description for the
CCO), plus a council summit in 2027 and a past council webinar with members from the library.
"""

import zoneinfo
from datetime import datetime

from articles.demo import upsert
from articles.models import Article, Author
from events.models import Event, Speaker, Talk, TalkSpeaker

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# Fixed, so that a second run finds nothing to change.
PUBLISHED = datetime(2026, 1, 5, 9, 0, tzinfo=NEW_YORK)


def _author(slug: str):
    return Author.objects.filter(slug=slug).first()


SPEAKERS = {
    "jeanne-bliss": {
        "name": "Jeanne Bliss",
        "job_title": "Author, “The Chief Customer Officer”",
        "organisation": "",
        "bio": (
            "Jeanne Bliss wrote the book that gave the chief customer officer role its name. "
            "Before advising executives, she spent some twenty-five years leading customer "
            "experience work inside five large corporations."
        ),
    },
    "guy-nirpaz": {
        "name": "Guy Nirpaz",
        "job_title": "Chief Executive Officer",
        "organisation": "Totango",
        "bio": (
            "Guy Nirpaz runs Totango, the customer-success software company that hosts the "
            "yearly Customer Success Summit in San Francisco."
        ),
    },
    "jasmine-green": {
        "name": "Jasmine Green",
        "job_title": "Vice President and Chief Customer Advocate",
        "organisation": "Nationwide Insurance",
        "bio": (
            "Jasmine Green speaks for customers across every Nationwide business unit, "
            "pushing the insurer toward service that feels personal. She is a member of the "
            "CCO Council."
        ),
    },
    "helen-burt": {
        "name": "Helen Burt",
        "job_title": "Senior Vice President and Chief Customer Officer",
        "organisation": "Pacific Gas and Electric Company",
        "bio": (
            "Helen Burt became PG&E's first chief customer officer in 2006. She is known in "
            "the utility world for turning customer research into programmes that change "
            "how people engage with their energy company."
        ),
    },
}

EVENTS = [
    {
        "slug": "totango-customer-success-summit-2014",
        "name": "Customer Success Summit 2014",
        "organiser": "Totango",
        "kind": Event.Kind.SUMMIT,
        "description": (
            "<p>Totango's yearly summit filled a San Francisco hall with people whose job is "
            "keeping customers: around 400 marketing and customer-success professionals, "
            "travelling in from eight countries.</p>"
            "<p>The morning opened with two talks that framed the day: Totango's chief "
            "executive on the rules a subscription economy imposes, and Jeanne Bliss on what "
            "a chief customer officer is actually for.</p>"
        ),
        "city": "San Francisco",
        "country": "US",
        "timezone": "America/Los_Angeles",
        "start": datetime(2014, 4, 24, 8, 30, tzinfo=LA),
        "end": datetime(2014, 4, 24, 17, 30, tzinfo=LA),
        "attendees": 400,
        "countries": 8,
        "recap_source": "cmswire.com",
        "talks": [
            {
                "title": "Customer success: a manifesto in six points",
                "kind": Talk.Kind.KEYNOTE,
                "start": datetime(2014, 4, 24, 9, 0, tzinfo=LA),
                "end": datetime(2014, 4, 24, 9, 40, tzinfo=LA),
                "room": "Main stage",
                "abstract": (
                    "<p>Cloud software has rewritten how companies buy and sell, Guy Nirpaz "
                    "argues, and the old playbook no longer holds. He sets out six principles "
                    "for teams that must win their customers' loyalty again every single "
                    "day.</p>"
                ),
                "speakers": ["guy-nirpaz"],
            },
            {
                "title": "What a chief customer officer does: a five-point job description",
                "kind": Talk.Kind.KEYNOTE,
                "start": datetime(2014, 4, 24, 9, 45, tzinfo=LA),
                "end": datetime(2014, 4, 24, 10, 30, tzinfo=LA),
                "room": "Main stage",
                "abstract": (
                    "<p>Customers do not care how a company is organised; they move from one "
                    "department to the next and expect it to hang together. Jeanne Bliss "
                    "describes the CCO as the person who makes it hang together, often by "
                    "holding the pieces in place by hand.</p>"
                    "<p>She explains why she would rather earn customers' desire than chase "
                    "their loyalty, how most buying decisions rest on three impressions "
                    "people form for themselves (the experience, its reliability and how it "
                    "left them feeling), and why a dozen or so moments decide the "
                    "relationship. She closes on the chief executive's part: owning the work "
                    "personally, holding people to account, shielding the effort and giving "
                    "it time.</p>"
                ),
                "speakers": ["jeanne-bliss"],
            },
        ],
    },
    {
        "slug": "cco-council-summit-2027",
        "name": "CCO Council Summit 2027",
        "organiser": "CCO Council",
        "kind": Event.Kind.SUMMIT,
        "description": (
            "<p>Two days for chief customer officers to trade what has worked and what has "
            "not, with members leading every session. Places are limited so that each "
            "session stays a conversation.</p>"
        ),
        "venue": "Chicago Cultural Center",
        "address": "78 East Washington Street",
        "city": "Chicago",
        "country": "US",
        "timezone": "America/Chicago",
        "start": datetime(2027, 5, 11, 9, 0, tzinfo=CHICAGO),
        "end": datetime(2027, 5, 12, 16, 0, tzinfo=CHICAGO),
        "registration_url": "https://example.org/cco-council-summit-2027/register",
        "talks": [
            {
                "title": "Making every business unit answer to the customer",
                "kind": Talk.Kind.KEYNOTE,
                "start": datetime(2027, 5, 11, 9, 30, tzinfo=CHICAGO),
                "end": datetime(2027, 5, 11, 10, 15, tzinfo=CHICAGO),
                "room": "Preston Bradley Hall",
                "abstract": (
                    "<p>Jasmine Green on giving customers one voice across an insurer with "
                    "many businesses, and on the habits that turn loyalty programmes into a "
                    "culture.</p>"
                ),
                "speakers": ["jasmine-green"],
            },
            {
                "title": "After the crisis: earning back customers' trust",
                "kind": Talk.Kind.FIRESIDE,
                "start": datetime(2027, 5, 11, 11, 0, tzinfo=CHICAGO),
                "end": datetime(2027, 5, 11, 11, 45, tzinfo=CHICAGO),
                "room": "Preston Bradley Hall",
                "abstract": (
                    "<p>Helen Burt talks through what a utility can do when a disaster has "
                    "broken its customers' confidence, and how long the road back takes.</p>"
                ),
                "speakers": ["helen-burt"],
            },
            {
                "title": "Panel: the CCO's first hundred days",
                "kind": Talk.Kind.PANEL,
                "start": datetime(2027, 5, 12, 10, 0, tzinfo=CHICAGO),
                "end": datetime(2027, 5, 12, 11, 0, tzinfo=CHICAGO),
                "room": "Claudia Cassidy Theater",
                "abstract": (
                    "<p>Two council members compare the first months in the role: which "
                    "allies to find, which numbers to fix first and which fights to leave "
                    "for later.</p>"
                ),
                "speakers": ["jasmine-green", "helen-burt"],
            },
        ],
    },
    {
        "slug": "webinar-customer-research-that-drives-engagement",
        "name": "Webinar: customer research that drives engagement",
        "organiser": "CCO Council",
        "kind": Event.Kind.WEBINAR,
        "online": True,
        "description": (
            "<p>An hour online on putting customer research to work: how one of the "
            "country's largest utilities used what it learned about its customers to "
            "design the programmes that brought them closer.</p>"
        ),
        "timezone": "America/New_York",
        "start": datetime(2013, 10, 17, 13, 0, tzinfo=NEW_YORK),
        "end": datetime(2013, 10, 17, 14, 0, tzinfo=NEW_YORK),
        "talks": [
            {
                "title": "From research to engagement at PG&E",
                "kind": Talk.Kind.TALK,
                "start": datetime(2013, 10, 17, 13, 0, tzinfo=NEW_YORK),
                "end": datetime(2013, 10, 17, 13, 40, tzinfo=NEW_YORK),
                "room": "",
                "abstract": (
                    "<p>Helen Burt walks through the customer studies behind PG&amp;E's "
                    "engagement work and the lessons her team drew from them.</p>"
                ),
                "speakers": ["helen-burt"],
            },
        ],
    },
]


def seed() -> str:
    """Create the demo content if missing; return a one-line summary. Idempotent."""
    speakers, created = {}, 0
    for slug, values in SPEAKERS.items():
        values = {**values, "author": _author(slug)}
        speakers[slug], new = upsert(Speaker, {"slug": slug}, values)
        created += new

    for spec in EVENTS:
        spec = dict(spec)
        talks = spec.pop("talks")
        recap_source = spec.pop("recap_source", None)
        values = {k: v for k, v in spec.items() if k != "slug"}
        values.update(status=Event.Status.PUBLISHED, published_at=PUBLISHED)
        if recap_source:
            # The library's copy of the outlet's recap, if its demo content has one.
            values["recap_article"] = (
                Article.objects.filter(source_url__icontains=recap_source).order_by("pk").first()
            )
        event, new = upsert(Event, {"slug": spec["slug"]}, values)
        created += new
        for talk_spec in talks:
            talk_spec = dict(talk_spec)
            speaker_slugs = talk_spec.pop("speakers")
            title = talk_spec.pop("title")
            talk, new = upsert(Talk, {"event": event, "title": title}, talk_spec)
            created += new
            for position, slug in enumerate(speaker_slugs):
                _, new = upsert(
                    TalkSpeaker,
                    {"talk": talk, "speaker": speakers[slug]},
                    {"position": position},
                )
                created += new

    linked = sum(1 for speaker in speakers.values() if speaker.author_id)
    return (
        f"events: {len(EVENTS)} events, {len(SPEAKERS)} speakers ({linked} linked to library "
        f"authors); {created} rows created."
    )
