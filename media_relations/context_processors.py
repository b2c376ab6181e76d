def media_inquiries(request):
    """The primary media contact, for the footer's "Media inquiries" line on every page."""
    return {"media_contact": None}
