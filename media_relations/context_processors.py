import logging

from django.db import InterfaceError, OperationalError

from media_relations.selectors import primary_contact

logger = logging.getLogger(__name__)


def media_inquiries(request):
    """The primary media contact, for the footer's "Media inquiries" line on every page.

    Cached (see ``selectors.primary_contact``), so a page costs at most one query a minute.
    A lost database must not turn a 404 or another page into a 500 here: the footer then
    falls back to the press-room link.
    """
    try:
        contact = primary_contact()
    except (OperationalError, InterfaceError):
        logger.warning("media contact unavailable: database not answering", exc_info=True)
        contact = None
    return {"media_contact": contact}
