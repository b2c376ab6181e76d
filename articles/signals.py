"""The one change to the library that no code of ours makes: django-taggit's own admin renames
or deletes a tag. Every other change calls ``articles.services`` where it happens."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from articles import services
from articles.models import Article


def _tagged_ids(tag) -> list[int]:
    return list(Article.objects.filter(tags=tag).values_list("pk", flat=True))


@receiver(post_save, sender=Tag, dispatch_uid="articles-tag-saved")
def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        services.item_changed(article_ids=_tagged_ids(instance))


@receiver(pre_delete, sender=Tag, dispatch_uid="articles-tag-deleting")
def tag_deleting(sender, instance, **kwargs):
    # The tagged items' links go with the tag; note them while they are still there.
    instance.tagged_article_ids = _tagged_ids(instance)


@receiver(post_delete, sender=Tag, dispatch_uid="articles-tag-deleted")
def tag_deleted(sender, instance, **kwargs):
    services.item_changed(article_ids=getattr(instance, "tagged_article_ids", []))
