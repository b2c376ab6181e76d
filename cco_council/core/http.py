"""Small HTTP helpers every app shares."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, which the proxy in front must set to the client.

    With ``NUM_PROXIES`` = n > 0 (n trusted proxies that each append to X-Forwarded-For), the
    n-th address from the right of X-Forwarded-For is used instead: the one the first trusted
    proxy saw. Anything unparsable counts as no address.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None
