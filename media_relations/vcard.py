"""vCard 3.0 (RFC 2426) for a media contact: CRLF line ends, escaped values, folded lines."""

from django.conf import settings

from media_relations.models import MediaContact

FOLD_AT = 75  # octets per physical line, CRLF excluded (RFC 2425 5.8.1)


def escape(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon, and line breaks as \\n."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into <=75-octet pieces joined by CRLF + space, never inside a
    UTF-8 character."""
    pieces, current, size = [], "", 0
    limit = FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = FOLD_AT - 1  # continuation lines start with the folding space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def build_vcard(contact: MediaContact) -> str:
    parts = contact.name.strip().rsplit(" ", 1)
    given, family = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(contact.name)}",
        f"ORG:{escape(settings.SITE_NAME)}",
    ]
    if contact.job_title:
        lines.append(f"TITLE:{escape(contact.job_title)}")
    lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(contact.phone)}")
    lines.append(f"URL:{escape(settings.SITE_URL + contact.get_absolute_url())}")
    lines.append(f"NOTE:{escape('Media inquiries for the ' + settings.SITE_NAME + '.')}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)
