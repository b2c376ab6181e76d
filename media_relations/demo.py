"""Demo content for this app, written fresh from the facts in the seed documents."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from events.models import Event
from media_relations import services
from media_relations.models import Coverage, MediaContact, PressKit, PressKitAsset, PressRelease

RECAP_URL = (
    "https://www.cmswire.com/cms/customer-experience/"
    "how-to-be-a-great-chief-customer-officer-024576.php"
)

BOILERPLATE = (
    "<p>The CCO Council is a membership network for chief customer officers and the executives "
    "who lead customer experience, success and advocacy. Members compare notes in working "
    "groups, meet at summits and publish what they learn in the council's resource library of "
    "articles, case studies and conversations with customer leaders.</p>"
)

LOGO_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 48" role="img" '
    b'aria-label="CCO Council"><rect width="120" height="48" rx="6" fill="#0b3d6b"/>'
    b'<text x="60" y="31" font-family="Georgia, serif" font-size="20" fill="#fff" '
    b'text-anchor="middle">CCO</text></svg>'
)


def _summit():
    """The Customer Success Summit from events' demo, if it created one (else None)."""
    return (
        Event.objects.filter(
            Q(slug__icontains="customer-success-summit")
            | Q(name__icontains="Customer Success Summit")
        )
        .order_by("start", "id")
        .first()
    )


@transaction.atomic
def seed() -> str:
    """Create the demo content if missing; return a one-line summary. Idempotent."""
    created = []

    contact, new = MediaContact.objects.get_or_create(
        slug="karen-budell",
        defaults={
            "name": "Karen Budell",
            "job_title": "CMO",
            "email": "karen.budell@example.org",
            "phone": "+1 (555) 010-0142",
        },
    )
    if new:
        created.append("media contact")
    if not MediaContact.objects.primary().exists():
        services.set_primary_contact(contact=contact)

    summit = _summit()
    recap_article = Article.objects.filter(source_url=RECAP_URL).first()
    coverage, new = Coverage.objects.get_or_create(
        url=RECAP_URL,
        defaults={
            "headline": "How to Be a Great Chief Customer Officer",
            "outlet": "CMSWire",
            "published_on": summit.start.date() if summit else datetime.date(2014, 4, 8),
            "excerpt": (
                "CMSWire reported from Totango's Customer Success Summit in San Francisco, where "
                "Jeanne Bliss laid out five competencies of the CCO role and Totango's CEO Guy "
                "Nirpaz shared his manifesto for customer success with about 400 attendees."
            ),
            "event": summit,
            "article": recap_article,
        },
    )
    if new:
        created.append("coverage")

    library_size = Article.objects.published().count()
    now = timezone.now()
    releases = [
        {
            "slug": "council-announces-its-next-customer-leadership-summit",
            "title": "CCO Council announces its next customer leadership summit",
            "summary": (
                "Chief customer officers will gather again to trade what works in customer "
                "success, advocacy and experience; registration opens soon."
            ),
            "body": (
                "<p>The CCO Council will hold its next summit for customer executives, building "
                "on the conversations members started at last year's gatherings.</p>"
                "<p>Sessions will cover uniting departments around the customer, proving the "
                "value of customer programmes to the board, and the first months in a new CCO "
                "role. Speakers and the venue will be listed on the council's events page as "
                "they are confirmed.</p>"
            ),
            "published_at": now - datetime.timedelta(days=3),
        },
        {
            "slug": "council-resource-library-grows",
            "title": (
                f"The council's resource library reaches {library_size} pieces"
                if library_size
                else "The council opens its resource library to readers"
            ),
            "summary": (
                "Articles, case studies and conversations with customer leaders, each readable "
                "online or as a PDF."
            ),
            "body": (
                "<p>The CCO Council's resource library collects what its members and working "
                "groups have learned about customer engagement, crisis response, loyalty and "
                "the making of a customer-centric company.</p>"
                "<p>Every piece can be read on the site or downloaded as a PDF, and longer "
                "interviews appear as series of excerpts.</p>"
            ),
            "published_at": now - datetime.timedelta(days=10),
        },
    ]
    for data in releases:
        slug = data.pop("slug")
        _, new = PressRelease.objects.get_or_create(
            slug=slug, defaults={**data, "status": PressRelease.Status.PUBLISHED}
        )
        if new:
            created.append("press release")

    kit, new = PressKit.objects.get_or_create(
        key="press-kit", defaults={"boilerplate": BOILERPLATE}
    )
    if new:
        created.append("press kit")
    if not kit.assets.filter(kind=PressKitAsset.Kind.LOGO).exists():
        asset = PressKitAsset(kit=kit, title="CCO Council logo (SVG)", kind=PressKitAsset.Kind.LOGO)
        asset.file.save("cco-council-logo.svg", ContentFile(LOGO_SVG), save=True)
        created.append("logo")

    if not created:
        return "Press room: demo content already in place."
    return f"Press room: created {', '.join(created)}."
