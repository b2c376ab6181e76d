import contextlib
from functools import partial

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.html import strip_tags
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from articles import selectors, social
from articles.caching import cache_public_page
from articles.filters import LibraryFilters, SearchForm
from articles.models import Article, Author, Series
from articles.reading import ReadPage
from cco_council.core.html import json_for_script
from cco_council.core.membership import is_member
from cco_council.core.pagination import PageNumberMixin, page_number
from cco_council.core.previews import Preview
from cco_council.core.social import card_response


class LibraryPageMixin(PageNumberMixin):
    """Pagination of every library list: a bad page number is a 400 that says why, and a page
    past the end is a 404. The page's items are fetched by ``selectors.listing()``, with
    everything their entries show."""

    paginate_by = settings.LIBRARY_PAGE_SIZE
    http_method_names = ["get", "head", "options"]
    list_entries = True

    def get_paginator(self, queryset, per_page, **kwargs):
        if not self.list_entries:
            return super().get_paginator(queryset, per_page, **kwargs)
        facet = self.list_facet()
        count = None if facet is None else selectors.facet_count(*facet)
        ids = None
        if count is not None:
            ids = partial(self.facet_ids, *facet)
        elif isinstance(queryset, DeferredItems):
            queryset = queryset.build()
        paginator = super().get_paginator(
            queryset, per_page, rows=selectors.listing, ids=ids, **kwargs
        )
        if count is not None:
            paginator.count = count
        return paginator

    @staticmethod
    def facet_ids(kind, slug, offset, limit):
        return selectors.facet_page_ids(kind, slug, offset=offset, limit=limit)

    def list_facet(self) -> tuple[str, str] | None:
        """The facet (``articles.models.Facet``) whose published items this list is, when it
        is one: then the facets count it and a statement written once finds its pages;
        otherwise the queryset does both."""
        return None


class DeferredItems:
    """A facet's list of items (an author's, a tag's) as ``get_queryset()`` gives it: the
    queryset is built only when the facets cannot count and page the list, which they nearly
    always can; building it cost those pages a quarter of a millisecond for nothing."""

    model = Article  # for the template's name of the list, "article_list"

    def __init__(self, build):
        self.build = build


class FetchedPagePaginator(Paginator):
    """A paginator over one page already fetched (``selectors.search_page()``), of a list
    whose length is set as ``count``."""

    def page(self, number):
        number = self.validate_number(number)
        return Page(self.object_list, number, self)


class LibraryView(LibraryPageMixin, ListView):
    """The library: every published item, newest first, filtered and searched from the URL.

    Unknown filter values answer 400 with the form showing what is wrong.
    """

    template_name = "articles/article_list.html"
    heading = "Resource library"
    intro = (
        "Articles, conversations with customer executives and series of excerpts from the "
        "council's members."
    )
    hide_filters: tuple[str, ...] = ()
    implied_kind = ""  # the kind every item of the list has (its facet counts it)

    def base_queryset(self):
        return Article.objects.published()

    def get(self, request, *args, **kwargs):
        self.search_form = SearchForm(request.GET)
        searching = self.search_form.is_valid() and bool(self.search_form.cleaned_data["q"])
        self.filterset = LibraryFilters(request.GET, hidden=self.hide_filters, searching=searching)
        self.search = None
        if not self.filterset.is_valid():
            self.object_list = Article.objects.none()
            context = self.get_context_data(invalid=True)
            return self.render_to_response(context, status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = self.search_form.cleaned_data["q"] if self.search_form.is_valid() else ""
        facet = self.items_facet()
        if query and facet is not None:
            # The library or one facet of it: the page asked for, counted and ranked in one
            # statement.
            number = page_number(self.request.GET.get("page"))
            self.search = selectors.search_page(
                query, page=number, per_page=self.paginate_by, facet=facet
            )
            return Article.objects.none()
        if query:
            queryset = self.filterset.queryset(self.base_queryset())
            self.search = selectors.search_with_correction(query, queryset)
            # Ranked with headlines computed in the query: fetched as they come.
            return self.search.results.for_listing(text=True)
        if self.list_facets() is not None:
            # Counted and paged by statements (see get_paginator): never read.
            return Article.objects.none()
        return self.filterset.queryset(self.base_queryset())

    def list_facet(self):
        if self.search is not None:
            return None
        return self.items_facet()

    def list_facets(self) -> dict[str, str] | None:
        """The facets the list's items all have (see ``LibraryFilters.facets()``), or None
        when only the queryset can find them."""
        facets = self.filterset.facets()
        if facets is not None and self.implied_kind:
            facets["kind"] = self.implied_kind
        return facets

    @staticmethod
    def filtered_ids(facets, offset, limit):
        return selectors.filtered_page_ids(facets, offset=offset, limit=limit)

    def items_facet(self) -> tuple[str, str] | None:
        """The one facet the list's items are (the library with no filter, a kind, a tag...),
        or None when filters combine."""
        facet = self.filterset.facet()
        if facet is None:
            return None
        if self.implied_kind:
            if facet[0] not in ("all", "kind"):
                return None
            facet = ("kind", self.implied_kind)
        return facet

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.search is None:
            if not self.filterset.is_valid():
                return Paginator(queryset, per_page, **kwargs)
            paginator = super().get_paginator(queryset, per_page, **kwargs)
            facets = self.list_facets()
            if facets is not None:
                if paginator.ids is None:
                    paginator.ids = partial(self.filtered_ids, facets)
                if "count" not in paginator.__dict__:
                    paginator.count = selectors.filtered_count(facets)
            return paginator
        if isinstance(self.search.results, list):
            paginator = FetchedPagePaginator(self.search.results, per_page, **kwargs)
        else:
            paginator = Paginator(queryset, per_page, **kwargs)
        # Search results are few (see MAX_SEARCH_CANDIDATES) and already counted.
        paginator.count = self.search.count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=self.filterset,
            search_form=self.search_form,
            search=self.search,
            heading=self.heading,
            intro=self.intro,
        )
        return context


class ConversationListView(LibraryView):
    heading = "Conversations"
    intro = "Question-and-answer conversations with customer executives."
    hide_filters = ("kind",)
    implied_kind = Article.Kind.CONVERSATION

    def base_queryset(self):
        return Article.objects.published().conversations()


def pdf_size(article):
    """The PDF's size if it is already built; a read page never builds one."""
    from articles.pdf.cache import cached_article_pdf_size

    return cached_article_pdf_size(article)


class ArticleDetailView(DetailView):
    """The read page of a published item."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    preview = False
    # A reviewer's shared preview (cco_council.core.previews), rather than an editor's.
    shared_preview = None

    def get_object(self, queryset=None):
        self.item = selectors.item_to_read(self.kwargs["slug"], preview=self.preview)
        if self.item is None:
            raise Http404("No library item is published at this address.")
        return self.item.article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article, authors, tags = self.object, self.item.authors, self.item.tags
        exchanges = self.item.exchanges
        # Who speaks, named on every turn of a conversation.
        names = {
            True: article.interviewer.name if article.interviewer else "Interviewer",
            False: article.interviewee_name or "Interviewee",
        }
        for exchange in exchanges:
            exchange.speaker_name = names[exchange.is_interviewer]
        canonical = article.source_url or settings.SITE_URL + article.get_absolute_url()
        # A members-only item's body, introduction and exchanges never reach the template
        # for anyone else: the teaser (article.preview_html) is all it gets.
        full_access = self.preview or article.readable_by(self.request.user)
        preview = self.get_preview()
        read = ReadPage(
            article=article,
            authors=authors,
            tags=tags,
            exchanges=exchanges if full_access else [],
            full_access=full_access,
            preview=preview,
            series_nav=self.item.series_nav,
            related=self.item.related,
            reading_minutes=article.reading_minutes(exchanges),
            pdf_size=pdf_size(article) if full_access and not self.preview else None,
        )
        context.update(
            read=read,
            preview=preview,
            full_access=full_access,
            authors=authors,
            tags=tags,
            exchanges=read.exchanges,
            reading_minutes=read.reading_minutes,
            series_nav=read.series_nav,
            related=read.related,
            canonical_url=canonical,
            jsonld=article_jsonld(article, authors=authors, tags=tags),
            social_image=social.article_image(article, authors),
            pdf_size=read.pdf_size,
        )
        return context

    def get_preview(self) -> Preview | None:
        if self.shared_preview is not None:
            return self.shared_preview
        if self.preview:
            edit_url = reverse("admin:articles_article_change", args=[self.object.pk])
            return Preview(item=self.object, edit_url=edit_url)
        return None


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """An editor's view of any item, draft or scheduled, at its own address; never cached."""

    permission_required = "articles.view_article"
    preview = True

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            return super().handle_no_permission()
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(self.request.get_full_path(), "admin:login")


def article_jsonld(article: Article, *, authors, tags) -> str:
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": article.source_url or url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.kind_label,
        "keywords": [tag.name for tag in tags],
        "author": [person_jsonld(author) for author in authors],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.is_conversation and article.interviewee_name:
        interviewee = {"@type": "Person", "name": article.interviewee_name}
        if article.interviewee_title:
            interviewee["jobTitle"] = article.interviewee_title
        if article.interviewee_organisation:
            interviewee["worksFor"] = {
                "@type": "Organization",
                "name": article.interviewee_organisation,
            }
        data["about"] = interviewee
    if article.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.title,
            "url": settings.SITE_URL + article.series.get_absolute_url(),
        }
        data["position"] = article.part_number
    if article.source_url:
        data["isBasedOn"] = article.source_url
    if article.is_members_only:
        # How search engines are told the full text is for members (schema.org's paywall
        # markup): the same for every reader, since the page is.
        data["isAccessibleForFree"] = False
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".members-only-content",
        }
    return json_for_script({key: value for key, value in data.items() if value is not None})


def person_jsonld(author: Author) -> dict:
    person = {
        "@type": "Person",
        "name": author.name,
        "url": settings.SITE_URL + author.get_absolute_url(),
    }
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.organisation:
        person["worksFor"] = {"@type": "Organization", "name": author.organisation}
    return person


class AuthorDetailView(LibraryPageMixin, ListView):
    """An author's page: who they are, and the published pieces they wrote or conducted."""

    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = selectors.public_author(self.kwargs["slug"])
        if self.author is None:
            raise Http404("No author with published pieces at this address.")
        slug = self.author.slug
        return DeferredItems(lambda: Article.objects.published().by_author(slug))

    def list_facet(self):
        return ("author", self.author.slug)

    def get_context_data(self, **kwargs):
        bio = strip_tags(self.author.bio)
        return super().get_context_data(
            author=self.author, bio=bio, social_image=social.author_image(self.author), **kwargs
        )


class TagDetailView(LibraryPageMixin, ListView):
    """Published items with one tag; a tag no published item carries is not found."""

    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = selectors.public_tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404("No published item carries this tag.")
        slug = self.tag.slug
        return DeferredItems(lambda: Article.objects.published().with_tag(slug))

    def list_facet(self):
        return ("tag", self.tag.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SeriesListView(LibraryPageMixin, ListView):
    """Series with published parts, by title, each with how many (from the series facets)."""

    template_name = "articles/series_list.html"
    context_object_name = "series_list"
    list_entries = False

    def get_queryset(self):
        return Series.objects.published()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = FacetSeriesPaginator(queryset, per_page, **kwargs)
        paginator.count = selectors.series_count()
        return paginator


class FacetSeriesPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        return Page(selectors.series_page(offset=offset, limit=self.per_page), number, self)


class SeriesDetailView(DetailView):
    """A series and its published parts in order; a series with none is not found.

    In a shared preview, every part is listed, drafts and scheduled ones too.
    """

    template_name = "articles/series_detail.html"
    context_object_name = "series"
    model = Series
    shared_preview = None

    def get_object(self, queryset=None):
        series = selectors.series_with_parts(
            self.kwargs["slug"], preview=self.shared_preview is not None
        )
        if series is None:
            raise Http404("No series at this address.")
        return series

    def get_context_data(self, **kwargs):
        parts = self.object.part_list
        if not parts and not self.shared_preview:
            raise Http404("This series has no published parts yet.")
        # The series' one PDF holds every part: for members when any part is members-only.
        members_only = self.object.members_only or any(part.members_only for part in parts)
        return super().get_context_data(
            parts=parts,
            members_only=members_only,
            can_download=not members_only or is_member(self.request.user),
            preview=self.shared_preview,
            social_image=social.series_image(self.object, len(parts)),
            **kwargs,
        )


def shared_article_preview(request, article, preview):
    """The read page of any item, for a preview link (cco_council.core.previews)."""
    view = ArticleDetailView.as_view(preview=True, shared_preview=preview)
    return view(request, slug=article.slug)


def shared_series_preview(request, series, preview):
    view = SeriesDetailView.as_view(shared_preview=preview)
    return view(request, slug=series.slug)


library = cache_public_page(LibraryView.as_view())
conversations = cache_public_page(ConversationListView.as_view())
article_detail = cache_public_page(ArticleDetailView.as_view())
article_preview = ArticlePreviewView.as_view()
author_detail = AuthorDetailView.as_view()
tag_detail = cache_public_page(TagDetailView.as_view())
series_list = cache_public_page(SeriesListView.as_view())
series_detail = cache_public_page(SeriesDetailView.as_view())


# Social cards: the pictures shared links show when an item has no cover of its own.


@require_safe
def article_card(request, slug, version):
    """The card of a published item, at the address its read page links to."""
    article = get_object_or_404(Article.objects.published().with_authors(), slug=slug)
    card = social.article_card(article, article.author_list)
    current = reverse("articles:article_card", kwargs={"slug": slug, "version": card.version})
    return card_response(request, card, version=version, current_url=current)


@require_safe
def series_card(request, slug, version):
    series = get_object_or_404(Series.objects.published(), slug=slug)
    card = social.series_card(series, series.part_count)
    current = reverse("articles:series_card", kwargs={"slug": slug, "version": card.version})
    return card_response(request, card, version=version, current_url=current)


@require_safe
def author_card(request, slug, version):
    author = get_object_or_404(Author.objects.published(), slug=slug)
    card = social.author_card(author)
    current = reverse("articles:author_card", kwargs={"slug": slug, "version": card.version})
    return card_response(request, card, version=version, current_url=current)


# PDF downloads (owned by the PDF work)


def members_only_response(request, *, title: str, item_url: str):
    """403 for a non-member asking for a members-only download: what it is, and how to get
    it. Never stored by a shared cache, which could hand it to a member."""
    response = render(
        request,
        "articles/members_only.html",
        {"title": title, "item_url": item_url},
        status=403,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def members_only_slugs() -> frozenset[str]:
    """Slugs of every members-only item (any status), remembered beside the library's version,
    which every change to an item or series replaces: a repeat download asks no query, and
    one cache round trip reads both."""
    from django.core.cache import cache

    from articles import caching

    key = "articles:members-only-slugs"
    try:
        found = cache.get_many([caching.VERSION_KEY, key])
    except Exception:
        found = None  # a cache that is down costs the query only
    library = found.get(caching.VERSION_KEY) if found is not None else None
    remembered = found.get(key) if found is not None else None
    if library is not None and remembered is not None and remembered[0] == library:
        return remembered[1]
    slugs = frozenset(Article.objects.members_only().values_list("slug", flat=True))
    if found is not None:
        with contextlib.suppress(Exception):
            library = library or caching.library_version()
            cache.set(key, (library, slugs), settings.PUBLIC_PAGE_CACHE_SECONDS or 60)
    return slugs


@require_safe
def article_pdf(request, slug):
    """/library/<slug>.pdf (GET and HEAD; ``?preview=1`` for editors): see articles.pdf.views.

    A members-only item's PDF is for those who may read it in full (``readable_by``).
    """
    if not is_member(request.user) and slug in members_only_slugs():
        gated = Article.objects.published().members_only().filter(slug=slug).first()
        if gated is not None:
            return members_only_response(
                request, title=gated.title, item_url=gated.get_absolute_url()
            )
    # Imported here so that reportlab loads only in processes that serve PDFs.
    from articles.pdf import views as pdf_views

    return pdf_views.article_pdf(request, slug)


@require_safe
def series_pdf(request, slug):
    """/series/<slug>.pdf: every published part in one PDF; see articles.pdf.views.

    The whole series in one file is for members when the series or any of its published
    parts is members-only.
    """
    if not is_member(request.user):
        series = Series.objects.filter(slug=slug).first()
        if series is not None and (
            series.members_only
            or Article.objects.published().members_only().filter(series=series).exists()
        ):
            return members_only_response(
                request, title=series.title, item_url=series.get_absolute_url()
            )
    from articles.pdf import views as pdf_views

    return pdf_views.series_pdf(request, slug)
