"""The library's list entries and home-page teasers, written in Python rather than by the
template engine.

Every list of the library (the library and conversations pages, tag, author and series pages,
search results) shows up to twenty entries. Through a template each entry cost some sixty
microseconds (two dozen variable lookups, loops over authors and tags), which on a list was
more than the rest of the page; written here it costs a few. The values come from
``Article.card`` (fetched ``for_listing``); every one is escaped here except the search
snippet (``selectors.snippet`` escapes it around its <mark>s) and the cover's ``<picture>``
(``core.pictures.picture_html`` escapes its own). The markup is what the templates
``articles/includes/entry.html`` and ``includes/article_teaser.html`` wrote.
"""

from html import escape

from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from cco_council.templatetags.pictures import loading_at, picture

TEASER_WORDS = 40


def _cover(article, url: str, role: str, loading: str) -> str:
    if not article.cover:
        return ""
    image = picture(article.cover, role, loading=loading, alt="")
    return f'<a class="picture-link" href="{url}" tabindex="-1" aria-hidden="true">{image}</a>'


# Entries written, by what shapes them (see entry_html): about one per item on the site.
WRITTEN_LIMIT = 4096
_written: dict[tuple, str] = {}


def entry_html(article, *, loading: str = "lazy", is_member=False) -> str:
    """One list entry. ``is_member``: whether the reader may download members-only PDFs
    (read only when the item is members-only).

    An entry is a function of its row in ``selectors.listing()`` (every column the entry
    shows, as the database sent them), the reader's membership where it matters, the
    pictures' loading and the site's address prefix: this process remembers it by those, so
    a list of twenty is not written afresh for every reader. A search result (its snippet
    depends on the words searched) is always written afresh.
    """
    row = getattr(article, "row", None)
    if row is None or getattr(article, "headline", None):
        return _entry_html(article, loading=loading, is_member=is_member)
    members_only = article.members_only or bool(article.series_id and article.series_members_only)
    key = (row, loading, bool(is_member) if members_only else None, get_script_prefix())
    try:
        html = _written.get(key)
    except TypeError:  # a column the driver sent as something unhashable: write it afresh
        return _entry_html(article, loading=loading, is_member=is_member)
    if html is None:
        if len(_written) >= WRITTEN_LIMIT:
            _written.clear()
        html = _written[key] = _entry_html(article, loading=loading, is_member=is_member)
    return html


def _entry_html(article, *, loading: str, is_member) -> str:
    card = article.card
    pk, url, title = card["pk"], escape(card["url"]), escape(card["title"])
    kind = escape(card["kind"])
    if card["series_url"]:
        kind += (
            f' · <a href="{escape(card["series_url"])}">{escape(card["series_title"])}</a>, '
            f"part {card['part_number']}"
        )
    if card["featured"]:
        kind += " · Featured"
    if card["members_only"]:
        kind += ' · <span class="badge">Members only</span>'
    cover = _cover(article, url, "card", loading)
    byline = ", ".join(
        f'<a href="{escape(author["url"])}">{escape(author["name"])}</a>'
        for author in card["authors"]
    )
    meta = f"By {byline} · " if byline else ""
    date = f'<time datetime="{card["date_iso"]}">{card["date"]}</time>'
    text = (
        f'<p class="snippet">{card["snippet"]}</p>'
        if card["snippet"]
        else f"<p>{escape(card['summary'])}</p>"
    )
    tags = "".join(
        f'<li><a href="{escape(tag["url"])}">{escape(tag["name"])}</a></li>' for tag in card["tags"]
    )
    if tags:
        text += f'\n    <ul class="tag-list" aria-label="Tags">{tags}</ul>'
    hidden = f'<span class="visually-hidden">: {title}</span>'
    pdf = ""
    if not card["members_only"] or is_member:
        pdf = (
            f'\n      <a class="button button-secondary" href="{escape(card["pdf_url"])}" '
            f'type="application/pdf" download>Download PDF{hidden}</a>'
        )
    return (
        f'<li class="card entry{" has-picture" if cover else ""}">\n'
        f'  <article aria-labelledby="entry-{pk}">\n'
        f'    <p class="kind">{kind}</p>\n'
        f'    <h2 id="entry-{pk}"><a href="{url}">{title}</a></h2>\n'
        + (f"    {cover}\n" if cover else "")
        + f'    <p class="meta">{meta}{date}</p>\n'
        f"    {text}\n"
        f'    <p class="actions">\n'
        f'      <a class="button" href="{url}">Read{hidden}</a>{pdf}\n'
        f"    </p>\n"
        f"  </article>\n"
        f"</li>\n"
    )


def entries_html(articles, *, is_member=False) -> SafeString:
    """The <li> entries of a list of items fetched ``for_listing``, in order; the first ones'
    pictures load at once (``loading_at``), the rest as they come into view."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            entry_html(article, loading=loading_at(position), is_member=is_member)
            for position, article in enumerate(articles, start=1)
        )
    )


def teaser_html(article, *, loading: str = "lazy") -> str:
    """A home-page teaser: cover, kind, title, authors' names, date, the summary's first
    words."""
    card = article.card
    url = escape(card["url"])
    kind = escape(card["kind"])
    if card["members_only"]:
        kind += ' · <span class="badge">Members only</span>'
    authors = ", ".join(escape(author["name"]) for author in card["authors"])
    summary = Truncator(card["summary"]).words(TEASER_WORDS, truncate=" …")
    cover = _cover(article, url, "teaser", loading)
    return (
        f'<li><article class="card teaser-card">\n'
        f"  {cover}\n"
        f'  <p class="kind">{kind}</p>\n'
        f'  <h3><a href="{url}">{escape(card["title"])}</a></h3>\n'
        f'  <p class="meta">{authors}{" · " if authors else ""}'
        f'<time datetime="{card["date_iso"]}">{card["date"]}</time></p>\n'
        f"  <p>{escape(summary)}</p>\n"
        f"</article>\n</li>"
    )


def teasers_html(articles, *, lazy: bool = False) -> SafeString:
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            teaser_html(article, loading="lazy" if lazy else loading_at(position))
            for position, article in enumerate(articles, start=1)
        )
    )
