"""Demo membership from ``demo_data/members.toml``, saved through the services: members-only
items, one approved member (who signs in by code: with the console e-mail backend the code
is printed by the worker), one pending application. Idempotent."""

import tomllib
from pathlib import Path

from django.db import transaction

from articles import services as article_services
from articles.models import Article, Series
from members import services
from members.models import Application, Member

DATA = Path(__file__).resolve().parent / "demo_data" / "members.toml"


def load() -> dict:
    with DATA.open("rb") as file:
        return tomllib.load(file)


@transaction.atomic
def seed() -> str:
    data = load()
    gated = data["members_only"]
    Series.objects.filter(slug__in=gated["series"]).update(members_only=True)
    Article.objects.filter(slug__in=gated["items"]).update(members_only=True)
    article_services.item_changed(
        article_ids=Article.objects.members_only().values_list("pk", flat=True)
    )
    for spec in data["member"]:
        if Member.objects.filter(user__email__iexact=spec["email"]).exists():
            continue
        application = Application.objects.create(**_application_fields(spec))
        member = services.approve_application(application=application, notify=False)
        services.set_digest_preference(member=member, opt_in=spec.get("digest", False))
    for spec in data["application"]:
        Application.objects.get_or_create(email=spec["email"], defaults=_application_fields(spec))
    members = Member.objects.current().count()
    pending = Application.objects.filter(status=Application.Status.PENDING).count()
    exclusive = Article.objects.published().members_only().count()
    return (
        f"Members: {members} current, {pending} application(s) waiting, "
        f"{exclusive} members-only items."
    )


def _application_fields(spec: dict) -> dict:
    fields = ("name", "email", "job_title", "company", "link", "reason")
    return {name: spec[name].strip() for name in fields if name in spec}
