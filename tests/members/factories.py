import factory

from members import services
from members.models import Application


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A pending application, as the public form stores it."""

    class Meta:
        model = Application

    name = factory.Sequence(lambda n: f"Applicant Number{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    job_title = "Chief Customer Officer"
    company = "Example Corp"
    link = "https://www.linkedin.com/in/example"
    reason = "To compare notes with peers on renewals."


def make_member(**application_fields):
    """An approved member, made as an editor makes one: through the approval service."""
    application = ApplicationFactory(**application_fields)
    return services.approve_application(application=application)
