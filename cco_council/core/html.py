"""Small helpers for what templates put into HTML."""

import json

from django.utils.safestring import mark_safe

# A </script> or <!-- in editors' text must not end a script element early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/ld+json">``.

    Django's ``json_script`` escapes the same way but writes its own ``application/json``
    element, which search engines do not read as structured data.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & escaped above
