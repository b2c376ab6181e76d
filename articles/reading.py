"""The parts of an item's read page, written in Python rather than by the template engine.

The read page is the site's most visited page and every first reader after an edit, every
editor and every reader of a site run without the page cache renders it afresh. Through the
template its header, byline, conversation, end matter and sidebar cost a hundred-odd variable
lookups, filters and tags: more than the rest of the request together. Here each part is
written once from values the view already holds, and ``articles/article_detail.html`` keeps the
page's structure (which parts, in which order, and what a non-member sees instead of the text).

Every value is escaped here except rich text, which is sanitized when it is saved (as the
template's ``|safe`` trusted it), and pictures, which ``picture`` escapes itself. The markup is
what the template wrote.
"""

from dataclasses import dataclass
from functools import cached_property
from html import escape

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.models import Article, Author
from articles.selectors import SeriesNavigation, TurnToRead
from cco_council.core.addresses import SlugUrls
from cco_council.core.dates import iso, long_date, month_year
from cco_council.templatetags.pictures import picture


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - see the module's docstring


@dataclass
class ReadPage:
    """What the read page of ``article`` shows, as the HTML of each part."""

    article: Article
    authors: list[Author]
    tags: list
    exchanges: list[TurnToRead]  # each with its ``speaker_name``; empty unless in full
    full_access: bool
    preview: object  # core.previews.Preview, or None
    series_nav: SeriesNavigation | None
    related: list[Article]
    reading_minutes: int
    pdf_size: int | None

    @cached_property
    def urls(self) -> SlugUrls:
        return SlugUrls()

    def url(self, viewname: str, slug: str) -> str:
        return escape(self.urls(viewname, slug))

    @cached_property
    def article_url(self) -> str:
        return self.url("articles:article_detail", self.article.slug)

    def meta_tags(self) -> SafeString:
        """The Open Graph and article meta tags before the social image's."""
        article, site_url = self.article, escape(settings.SITE_URL)
        summary = Truncator(article.summary).chars(300)
        lines = [
            f'<meta property="og:site_name" content="{escape(settings.SITE_NAME)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{escape(article.title)}">',
            f'<meta property="og:description" content="{escape(summary)}">',
            f'<meta property="og:url" content="{site_url}{self.article_url}">',
        ]
        if article.published_at:
            lines.append(
                f'<meta property="article:published_time" content="{iso(article.published_at)}">'
            )
        lines += [
            f'<meta property="article:modified_time" content="{iso(article.updated_at)}">',
            f'<meta property="article:section" content="{escape(article.kind_label)}">',
        ]
        lines += [
            '<meta property="article:author" '
            f'content="{site_url}{self.url("articles:author_detail", author.slug)}">'
            for author in self.authors
        ]
        lines += [
            f'<meta property="article:tag" content="{escape(tag.name)}">' for tag in self.tags
        ]
        return _safe("\n  ".join(lines))

    def twitter_tags(self) -> SafeString:
        article = self.article
        summary = Truncator(article.summary).chars(200)
        return _safe(
            f'<meta name="twitter:title" content="{escape(article.title)}">\n'
            f'  <meta name="twitter:description" content="{escape(summary)}">'
        )

    def header(self) -> SafeString:
        """Kind (and place in a series), title, standfirst, byline, date and reading time."""
        article, nav = self.article, self.series_nav
        kind = escape(article.kind_label)
        if nav and nav.index:
            series_url = self.url("articles:series_detail", nav.series.slug)
            kind += (
                f' · <a href="{series_url}">{escape(nav.series.title)}</a>: '
                f"part {nav.index} of {nav.total}"
            )
        html = [
            '<header class="read-header">',
            f'<p class="kind">{kind}</p>',
            f'<h1 id="article-title">{escape(article.title)}</h1>',
        ]
        if article.summary:
            html.append(f'<p class="standfirst">{escape(article.summary)}</p>')
        if self.authors:
            html.append('<div class="byline">')
            for position, author in enumerate(self.authors):
                lead = "Interview by" if article.is_conversation else "By"
                if position:
                    lead = "and"
                role = author.role
                role = f'<span class="byline-role">{escape(role)}</span>' if role else ""
                html.append(
                    f'<p class="byline-person">{picture(author.portrait, "byline", alt="")}'
                    f'<span>{lead} <a class="byline-name" '
                    f'href="{self.url("articles:author_detail", author.slug)}">'
                    f"{escape(author.name)}</a>{role}</span></p>"
                )
            html.append("</div>")
        date = ""
        if article.published_at:
            date = (
                f'<time datetime="{iso(article.published_at)}">'
                f"{long_date(article.published_at)}</time> · "
            )
        html.append(f'<p class="meta read-meta">{date}{self.reading_minutes} min read</p>')
        if article.is_members_only:
            reading = ""
            if self.full_access and not self.preview:
                reading = " You are reading this as a member."
            html.append(
                f'<p class="members-badge"><span class="badge">Members only</span>{reading}</p>'
            )
        html.append("</header>")
        if article.cover:
            html.append(f'<figure class="lead-figure">{picture(article.cover, "lead")}</figure>')
        return _safe("\n".join(html))

    def conversation_with(self) -> SafeString:
        """Who the conversation is with, and who interviewed them when not in the byline."""
        article = self.article
        if not (article.is_conversation and article.interviewee_name):
            return _safe("")
        role = article.interviewee_role
        role = f", {escape(role)} at the time of the interview" if role else ""
        interviewer = ""
        if article.interviewer and article.interviewer_id not in {a.pk for a in self.authors}:
            url = self.url("articles:author_detail", article.interviewer.slug)
            interviewer = f', interviewed by <a href="{url}">{escape(article.interviewer.name)}</a>'
        return _safe(
            f'<p class="conversation-with">A conversation with '
            f"<strong>{escape(article.interviewee_name)}</strong>{role}{interviewer}.</p>"
        )

    def teaser(self) -> SafeString:
        """What a reader who may not read the item in full sees of its text."""
        article = self.article
        if article.preview_html:
            return _safe(f'<div class="prose teaser">{article.preview_html}</div>')
        return _safe(f"<p>{escape(article.summary)}</p>")

    def text(self) -> SafeString:
        """The item in full: a conversation's introduction and exchanges, then the body."""
        article, html = self.article, []
        if article.is_conversation:
            html.append(self.conversation_with())
            if article.introduction:
                html.append(f'<div class="prose">{article.introduction}</div>')
            if self.exchanges:
                html.append(
                    '<section class="conversation" aria-labelledby="conversation-heading">\n'
                    '<h2 id="conversation-heading">The conversation</h2>'
                )
                for exchange in self.exchanges:
                    verb = "asks" if exchange.is_interviewer else "answers"
                    html.append(
                        f'<div class="exchange exchange-{escape(exchange.speaker)}">\n'
                        f'<p class="exchange-speaker">{escape(exchange.speaker_name)}'
                        f'<span class="visually-hidden"> {verb}:</span></p>\n'
                        f'<div class="exchange-text">{exchange.text}</div>\n'
                        "</div>"
                    )
                html.append("</section>")
        if article.body:
            html.append(f'<div class="prose">{article.body}</div>')
        return _safe("\n".join(html))

    def end(self) -> SafeString:
        """Where the piece came from, the PDF to download, and its tags."""
        article, html = self.article, ['<footer class="read-end">']
        if article.source_url or article.source_name:
            if article.source_url:
                source_url = escape(article.source_url)
                name = escape(article.source_name) if article.source_name else source_url
                source = f'<a href="{source_url}" rel="noopener">{name}</a>'
            else:
                source = escape(article.source_name)
            html.append(f'<p class="meta source-credit">Originally published at {source}.</p>')
        if self.full_access and not getattr(self.preview, "link", None):
            size = f" ({filesizeformat(self.pdf_size)})" if self.pdf_size else ""
            html.append(
                f'<p class="actions"><a class="button button-secondary" '
                f'href="{self.url("articles:article_pdf", article.slug)}" '
                f'type="application/pdf" download>Download PDF{escape(size)}</a></p>'
            )
        if self.tags:
            links = "".join(
                f'<li><a href="{self.url("articles:tag_detail", tag.slug)}">'
                f"{escape(tag.name)}</a></li>"
                for tag in self.tags
            )
            html.append(
                '<h2 class="tags-heading" id="tags-heading">Tags</h2>\n'
                f'<ul class="tag-list" aria-labelledby="tags-heading">{links}</ul>'
            )
        html.append("</footer>")
        return _safe("\n".join(html))

    def aside(self) -> SafeString:
        """The series' parts with the way to the previous and next, and related items."""
        html, nav = [], self.series_nav
        if nav:
            html.append(
                '<nav class="series-nav" aria-labelledby="series-nav-heading">\n'
                f'<h2 id="series-nav-heading">{escape(nav.series.title)}</h2>'
            )
            if nav.index:
                html.append(f"<p>Part {nav.index} of {nav.total}</p>")
            parts = []
            for part in nav.parts:
                title = escape(part.title)
                if part.pk == self.article.pk:
                    parts.append(f'<li><span aria-current="page">{title}</span></li>')
                else:
                    url = self.url("articles:article_detail", part.slug)
                    parts.append(f'<li><a href="{url}">{title}</a></li>')
            html.append(f"<ol>\n{''.join(parts)}\n</ol>")
            if nav.previous:
                url = self.url("articles:article_detail", nav.previous.slug)
                title = escape(nav.previous.title)
                html.append(f'<p><a href="{url}" rel="prev">← Previous: {title}</a></p>')
            if nav.next:
                url = self.url("articles:article_detail", nav.next.slug)
                title = escape(nav.next.title)
                html.append(f'<p><a href="{url}" rel="next">Next: {title} →</a></p>')
            html.append("</nav>")
        if self.related:
            items = "".join(
                f'<li><a href="{self.url("articles:article_detail", item.slug)}">'
                f"{escape(item.title)}</a> "
                f'<span class="meta">{escape(item.kind_label)} · '
                f"{month_year(item.published_at) if item.published_at else ''}</span></li>"
                for item in self.related
            )
            html.append(
                '<section aria-labelledby="related-heading">\n'
                '<h2 id="related-heading">Related</h2>\n'
                f'<ul class="related">\n{items}\n</ul>\n'
                "</section>"
            )
        return _safe("\n".join(html))
