"""schema.org Event data for event pages, escaped to sit inside <script type=ld+json>."""

from html import unescape

from django.conf import settings
from django.utils.html import strip_tags


def event_data(event, speakers) -> dict:
    url = settings.SITE_URL + event.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "url": url,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": (
            "https://schema.org/OnlineEventAttendanceMode"
            if event.online
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "organizer": {"@type": "Organization", "name": event.organiser},
        "performer": [
            {
                "@type": "Person",
                "name": speaker.name,
                "url": settings.SITE_URL + speaker.get_absolute_url(),
                **({"jobTitle": speaker.job_title} if speaker.job_title else {}),
                **(
                    {"worksFor": {"@type": "Organization", "name": speaker.organisation}}
                    if speaker.organisation
                    else {}
                ),
            }
            for speaker in speakers
        ],
    }
    description = unescape(strip_tags(event.description)).strip()
    if description:
        data["description"] = description
    if event.online:
        data["location"] = {"@type": "VirtualLocation", "url": event.registration_url or url}
    else:
        address = {"@type": "PostalAddress"}
        if event.address:
            address["streetAddress"] = event.address
        if event.city:
            address["addressLocality"] = event.city
        if event.country:
            address["addressCountry"] = event.country
        data["location"] = {
            "@type": "Place",
            "name": event.venue or event.city or event.name,
            "address": address,
        }
    if event.cover_image:
        data["image"] = [settings.SITE_URL + event.cover_image.url]
    if event.registration_url and not event.is_past:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data
