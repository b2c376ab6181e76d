import datetime

import factory
from django.utils import timezone

from media_relations.models import (
    Coverage,
    Inquiry,
    MediaContact,
    PressKit,
    PressKitAsset,
    PressRelease,
)


class MediaContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaContact

    name = factory.Sequence(lambda n: f"Contact Person{n}")
    job_title = "Head of Communications"
    email = factory.Sequence(lambda n: f"press{n}@example.org")
    phone = "+1 (555) 010-0100"
    is_active = True


class PressReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressRelease

    title = factory.Sequence(lambda n: f"Council announcement number {n}")
    summary = "The council has news to share."
    body = "<p>The council has news to share with the press.</p>"
    status = PressRelease.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    headline = factory.Sequence(lambda n: f"A story about the council, part {n}")
    outlet = "CMSWire"
    url = factory.Sequence(lambda n: f"https://news.example.com/story-{n}")
    published_on = datetime.date(2016, 4, 20)
    excerpt = "A reporter's account of the summit, summarised by us."


class PressKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressKit
        django_get_or_create = ["key"]

    key = "press-kit"
    boilerplate = "<p>The CCO Council gathers chief customer officers.</p>"


class PressKitAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressKitAsset

    kit = factory.SubFactory(PressKitFactory)
    title = factory.Sequence(lambda n: f"Logo variant {n}")
    kind = PressKitAsset.Kind.LOGO
    file = factory.django.FileField(filename="logo.svg", data=b"<svg></svg>")


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = "Dana Reporter"
    outlet = "Example Daily"
    email = "dana@news.example.com"
    topic = Inquiry.Topic.INTERVIEW
    message = "Could we talk about the summit?"
