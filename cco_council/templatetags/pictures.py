"""``{% picture obj.cover "card" %}``: a picture in one of the site's roles.

A role is where a picture appears: which crop, how wide it is shown at each screen width (the
browser picks the file from that), and at what fixed size for portraits. Roles are decided
here, once, so templates stay one line and every card of a kind is the same.
"""

from dataclasses import dataclass

from django import template

from cco_council.core.pictures import picture_html

register = template.Library()


@dataclass(frozen=True)
class Role:
    crop: str
    sizes: str
    css: str
    display: tuple[int, int] | None = None
    priority: bool = False


ROLES = {
    # A library entry: a thumbnail beside the text (above 40rem), top right below it.
    "card": Role("wide", "(min-width: 40rem) 14rem, 7.5rem", "card-picture"),
    # Home-page teasers in a grid: the picture spans the card.
    "teaser": Role(
        "wide",
        "(min-width: 72rem) 22rem, (min-width: 44rem) calc(50vw - 3rem), calc(100vw - 2rem)",
        "teaser-picture",
    ),
    # The cover of a read page or event page, under the headline: the first thing seen.
    "lead": Role(
        "wide", "(min-width: 72rem) 47rem, calc(100vw - 2rem)", "lead-picture", priority=True
    ),
    # A series or event card: wide, over the text.
    "banner": Role("wide", "(min-width: 48rem) 22rem, calc(100vw - 2rem)", "banner-picture"),
    "byline": Role("square", "48px", "byline-photo", display=(48, 48)),
    "avatar": Role("square", "64px", "avatar", display=(64, 64)),
    "contact": Role("square", "96px", "contact-photo", display=(96, 96)),
    "portrait": Role("square", "160px", "portrait", display=(160, 160), priority=True),
    "preview": Role("fit", "10rem", "kit-preview-picture"),
}


@register.simple_tag
def picture(value, role, loading="lazy", alt=None):
    """The ``<picture>`` of ``value`` (a model's picture) in ``role``; "" when there is none.

    ``loading="eager"`` for the first cards of a page, which are on screen at once; ``alt=""``
    where the text beside the picture already names what it shows.
    """
    spec = ROLES[role]
    return picture_html(
        value,
        spec.crop,
        sizes=spec.sizes,
        css=spec.css,
        loading="eager" if loading == "eager" else "lazy",
        display=spec.display,
        alt=alt,
        priority=spec.priority,
    )


# How many cards of a list are on screen when the page opens: their pictures load at once.
FIRST_SCREEN = 2


@register.filter
def loading_at(position):
    """``{{ forloop.counter|loading_at }}``: "eager" for the first cards of a list, else "lazy"."""
    try:
        return "eager" if int(position) <= FIRST_SCREEN else "lazy"
    except (TypeError, ValueError):
        return "lazy"
