"""Dates as the templates' ``date`` filter writes them, for pages written in Python.

Lists and read pages print a date per entry; the filter (and Django's lazily translated month
names) costs a translation lookup and a format parse each time. The site is written in English
(``LANGUAGE_CODE``), so the month names are English here too, and every date is shown in the
site's time zone as the filter shows it.
"""

from django.utils import timezone

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def iso(moment) -> str:
    """``|date:"c"``."""
    return timezone.localtime(moment).isoformat()


def long_date(moment) -> str:
    """``|date:"F j, Y"``: "March 4, 2026"."""
    local = timezone.localtime(moment)
    return f"{MONTH_NAMES[local.month]} {local.day}, {local.year}"


def month_year(moment) -> str:
    """``|date:"M Y"``: "Mar 2026"."""
    local = timezone.localtime(moment)
    return f"{MONTH_NAMES[local.month][:3]} {local.year}"
