"""The press room's background jobs: the two e-mails of every inquiry."""

from procrastinate.contrib.django import app

from cco_council.core.mail import MAIL_TASK_OPTIONS
from media_relations import services


@app.task(name="media_relations.notify_media_contact", **MAIL_TASK_OPTIONS)
def notify_media_contact(*, inquiry_id: int) -> None:
    services.send_inquiry_email(inquiry_id=inquiry_id)


@app.task(name="media_relations.confirm_inquiry", **MAIL_TASK_OPTIONS)
def confirm_inquiry(*, inquiry_id: int) -> None:
    services.send_inquiry_confirmation(inquiry_id=inquiry_id)
