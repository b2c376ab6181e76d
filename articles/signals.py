"""Keep each item's search vector current whatever changed: the item, an exchange, a credit,
an author or a tag. The work itself is in ``articles.services``."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import TaggedItem

from articles import caching, services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.refresh_search_vector(article_ids=[instance.pk])


@receiver(post_save, sender=Exchange)
@receiver(post_delete, sender=Exchange)
@receiver(post_save, sender=ArticleAuthor)
@receiver(post_delete, sender=ArticleAuthor)
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw and Article.objects.filter(pk=instance.article_id).exists():
        services.refresh_search_vector(article_ids=[instance.article_id])


@receiver(post_save, sender=Author)
def author_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        services.refresh_author_articles(author_id=instance.pk)


@receiver(m2m_changed, sender=TaggedItem)
def tags_changed(sender, instance, action, **kwargs):
    if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
        services.refresh_search_vector(article_ids=[instance.pk])


# Any change that a public page could show makes every cached page stale at once.
for model in (Article, Exchange, ArticleAuthor, Author, Series, TaggedItem):
    post_save.connect(caching.bump_library_version, sender=model, dispatch_uid=f"pages-{model}")
    post_delete.connect(caching.bump_library_version, sender=model, dispatch_uid=f"del-{model}")
m2m_changed.connect(caching.bump_library_version, sender=TaggedItem, dispatch_uid="pages-tags")
