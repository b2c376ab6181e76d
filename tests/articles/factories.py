import datetime

import factory
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author Number{n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    job_title = "Chief Customer Officer"
    organisation = "Example Corp"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    description = "Parts of a longer piece."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, an hour old, by default."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    kind = Article.Kind.ARTICLE
    summary = "A short teaser about customers."
    body = "<h2>Heading</h2><p>Body text about customer strategy.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def saved_through_services(self, create, extracted, **kwargs):
        # As the admin and the demo loader do once an item and its links are saved.
        if create:
            services.item_changed(article_ids=[self.pk])


class DraftFactory(ArticleFactory):
    status = Article.Status.DRAFT
    published_at = None


class ConversationFactory(ArticleFactory):
    kind = Article.Kind.CONVERSATION
    body = ""
    interviewee_name = "Jay Topper"
    interviewee_title = "SVP of Customer Success"
    interviewee_organisation = "Rosetta Stone"
    interviewer = factory.SubFactory(AuthorFactory)
    introduction = "<p>An introduction to the conversation.</p>"


class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exchange
        skip_postgeneration_save = True

    article = factory.SubFactory(ConversationFactory)
    speaker = Exchange.Speaker.INTERVIEWER
    text = "<p>What changed first?</p>"
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def saved_through_services(self, create, extracted, **kwargs):
        if create:
            services.item_changed(article_ids=[self.article_id])
