"""The inquiry form end to end: stored first, then mailed; honeypot; rate limit; CRLF."""

import datetime
import email
import email.policy

import pytest
import time_machine
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from media_relations import services
from media_relations.models import Inquiry
from tests.caching import REDIS_BACKENDS, redis_client

pytestmark = pytest.mark.django_db

URL = "/press/inquiry/"
THANKS = "/press/inquiry/thanks/"


def payload(**overrides):
    data = {
        "name": "Dana Reporter",
        "outlet": "Example Daily",
        "email": "dana@news.example.com",
        "phone": "+1 555 010 0199",
        "deadline": "2030-05-01",
        "topic": "interview",
        "message": "Could we speak with the council about the next summit?",
        "website": "",
    }
    data.update(overrides)
    return data


def test_inquiry_stored_and_mailed_to_primary_with_reply_to(
    client, primary, mailoutbox, run_queued_jobs
):
    response = client.post(URL, payload(), REMOTE_ADDR="203.0.113.7")
    run_queued_jobs()
    assert response.status_code == 302
    assert response["Location"] == THANKS
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.outlet, inquiry.email) == (
        "Dana Reporter",
        "Example Daily",
        "dana@news.example.com",
    )
    assert inquiry.deadline == datetime.date(2030, 5, 1)
    assert inquiry.ip_address == "203.0.113.7"
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.mailed_at is not None
    # The contact's e-mail, then the journalist's copy of their question.
    assert [mail.to for mail in mailoutbox] == [
        ["karen.budell@example.org"],
        ["dana@news.example.com"],
    ]
    mail = mailoutbox[0]
    assert mail.to == ["karen.budell@example.org"]
    assert mail.reply_to == ["dana@news.example.com"]
    assert mail.subject == "Press inquiry: Interview request from Dana Reporter (Example Daily)"
    assert "Could we speak with the council about the next summit?" in mail.body


def test_inquiry_thanks_page_names_who_answers_and_when(client, primary):
    response = client.post(URL, payload(), follow=True)
    assert response.redirect_chain == [(THANKS, 302)]
    html = response.content.decode()
    assert "Karen Budell, CMO, will answer you within one business day." in html


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,
    EMAIL_TIMEOUT=5,
)
def test_inquiry_survives_a_failing_mail_server(client, primary, run_queued_jobs):
    response = client.post(URL, payload(), follow=True)
    outcomes = run_queued_jobs()
    assert response.status_code == 200
    assert response.redirect_chain == [(THANKS, 302)]
    assert "will answer you within one business day" in response.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.mailed_at is None
    # Both e-mails failed, so the worker retries them: the inquiry and its e-mails are kept.
    assert sorted(outcomes) == [
        "media_relations.confirm_inquiry",
        "media_relations.notify_media_contact",
    ]
    assert all(isinstance(error, OSError) for error in outcomes.values())


def test_inquiry_without_primary_contact_is_still_stored(client, mailoutbox, run_queued_jobs):
    response = client.post(URL, payload())
    outcomes = run_queued_jobs()
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1
    # The notification waits (retried) for a primary contact; the journalist is answered.
    assert isinstance(outcomes["media_relations.notify_media_contact"], services.NoPrimaryContact)
    (confirmation,) = mailoutbox
    assert confirmation.to == ["dana@news.example.com"]
    assert "Our media team will answer you within one business day." in confirmation.body


def test_honeypot_filled_stores_nothing_but_looks_like_success(
    client, primary, mailoutbox, run_queued_jobs
):
    response = client.post(URL, payload(website="http://spam.example"))
    run_queued_jobs()
    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert Inquiry.objects.count() == 0
    assert mailoutbox == []


def test_sixth_post_in_ten_minutes_gets_429(client, primary):
    statuses = [
        client.post(URL, payload(), REMOTE_ADDR="198.51.100.5").status_code for _ in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 302, 429]
    assert Inquiry.objects.count() == 5
    response = client.post(URL, payload(), REMOTE_ADDR="198.51.100.5")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "Too many inquiries at once" in html
    assert 'href="#main"' in html  # the page is in the site's layout


def test_rate_limit_is_per_address(client, primary):
    for _ in range(5):
        client.post(URL, payload(), REMOTE_ADDR="198.51.100.5")
    response = client.post(URL, payload(), REMOTE_ADDR="198.51.100.6")
    assert response.status_code == 302


@pytest.mark.redis
def test_rate_limit_holds_across_two_servers_sharing_redis(client, primary):
    first_server = caches["default"]
    codes = [client.post(URL, payload(), REMOTE_ADDR="192.0.2.9").status_code for _ in range(3)]
    # A second app server: its own cache object and Redis connection pool.
    del caches["default"]
    second_server = caches["default"]
    codes += [client.post(URL, payload(), REMOTE_ADDR="192.0.2.9").status_code for _ in range(3)]

    assert isinstance(second_server, REDIS_BACKENDS)
    assert second_server is not first_server
    assert codes == [302, 302, 302, 302, 302, 429]


@pytest.mark.redis
def test_rate_limit_window_key_expires_after_600_seconds(primary):
    assert services.inquiry_allowed(ip="192.0.2.44") is True

    key = caches["default"].make_key("media_relations:inquiry-rate:192.0.2.44")
    with redis_client() as redis:
        assert 590 <= redis.ttl(key) <= 600


HEADERS = sorted(
    [
        "Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version",
        "Message-ID", "Reply-To", "Subject", "To",
    ]
)  # fmt: skip
CRLF = "\r\nBcc: victim@example.net\r\nX-Injected: yes"


@pytest.mark.parametrize("field", ["name", "outlet", "phone", "message", "topic", "deadline"])
def test_crlf_in_any_field_never_becomes_a_header(
    client, primary, mailoutbox, run_queued_jobs, field
):
    data = payload()
    data[field] = data[field] + CRLF
    response = client.post(URL, data)
    run_queued_jobs()
    assert response.status_code in (200, 302)
    for mail in mailoutbox[:1]:
        # What a receiving server would parse from the bytes on the wire.
        parsed = email.message_from_bytes(mail.message().as_bytes())
        assert sorted(parsed.keys()) == HEADERS
        assert parsed["Reply-To"] == "dana@news.example.com"
        assert mail.recipients() == ["karen.budell@example.org"]


def test_crlf_in_every_field_at_once_is_harmless(client, primary, mailoutbox, run_queued_jobs):
    data = {
        "name": "Dana" + CRLF,
        "outlet": "Daily" + CRLF,
        "email": "dana@news.example.com" + CRLF,
        "phone": "555 0100\r\n0199",
        "deadline": "",
        "topic": "comment",
        "message": "Hello" + CRLF,
        "website": "",
    }
    response = client.post(URL, data)
    run_queued_jobs()
    # The e-mail address with a header in it is refused next to its field; nothing is sent.
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert mailoutbox == []

    data["email"] = "dana@news.example.com"
    response = client.post(URL, data)
    run_queued_jobs()
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.name == "Dana Bcc: victim@example.net X-Injected: yes"
    assert inquiry.outlet == "Daily Bcc: victim@example.net X-Injected: yes"
    assert inquiry.phone == "555 0100 0199"
    assert inquiry.message == "Hello\nBcc: victim@example.net\nX-Injected: yes"
    mail, confirmation = mailoutbox
    assert confirmation.recipients() == ["dana@news.example.com"]
    assert confirmation.message()["Bcc"] is None
    message = mail.message()
    assert message["Bcc"] is None
    assert message["X-Injected"] is None
    assert message["Reply-To"] == "dana@news.example.com"
    assert mail.recipients() == ["karen.budell@example.org"]
    assert mail.subject == (
        "Press inquiry: Comment or quote for a story from Dana Bcc: victim@example.net "
        "X-Injected: yes (Daily Bcc: victim@example.net X-Injected: yes)"
    )
    assert sorted(email.message_from_bytes(message.as_bytes()).keys()) == HEADERS


def test_invalid_inquiry_shows_errors_next_to_fields_and_keeps_input(client, primary):
    response = client.post(URL, payload(email="not-an-address", message="x" * 5001))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_errors"' in html
    assert "Ensure this value has at most 5000 characters (it has 5001)." in html
    assert 'value="Dana Reporter"' in html
    assert 'value="not-an-address"' in html
    assert Inquiry.objects.count() == 0


def test_inquiry_nul_byte_in_body_is_a_form_error_not_500(client, primary):
    response = client.post(URL, payload(name="Dana\x00"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Null characters are not allowed."]


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/press/releases/", THANKS + "?next=%2Fpress%2Freleases%2F"),
        ("https://evil.example/", THANKS),
        ("//evil.example/", THANKS),
        ("javascript:alert(1)", THANKS),
    ],
)
def test_inquiry_next_only_ever_on_this_site(client, primary, next_url, location):
    response = client.post(URL, payload(next=next_url))
    assert response["Location"] == location


def test_thanks_page_ignores_foreign_next(client, primary):
    response = client.get(THANKS + "?next=https://evil.example/")
    assert "evil.example" not in response.content.decode()
    response = client.get(THANKS + "?next=/press/")
    assert '<a href="/press/">Back to where you were</a>' in response.content.decode()


def test_inquiry_form_honeypot_hidden_from_humans(client, primary):
    html = client.get(reverse("media_relations:inquiry")).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


@override_settings(NUM_PROXIES=1)
def test_client_ip_from_forwarded_for_only_with_trusted_proxies(client, primary):
    client.post(
        URL, payload(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50"
    )
    assert Inquiry.objects.get().ip_address == "203.0.113.50"


def test_client_ip_ignores_forwarded_for_by_default(client, primary):
    client.post(URL, payload(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert Inquiry.objects.get().ip_address == "10.0.0.1"


CONTROL_ERROR = (
    "Remove the invisible control character U+001B at character {}: it cannot be shown, or "
    "sent in feeds and e-mails."
)


@pytest.mark.parametrize(
    ("field", "value", "position"),
    [("name", "Dana\x1b[2J", 5), ("outlet", "Daily\x1b]0;pwned\x07", 6),
     ("phone", "555\x1b0100", 4), ("message", "Hello\r\nthere\x1b[31m", 13)],
)  # fmt: skip
def test_control_character_in_inquiry_is_a_form_error(client, primary, field, value, position):
    response = client.post(URL, payload(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [CONTROL_ERROR.format(position)]
    assert Inquiry.objects.count() == 0


def test_noncharacter_in_inquiry_message_is_a_form_error(client, primary):
    response = client.post(URL, payload(message="Hello\uffff"))
    assert response.context["form"].errors["message"] == [
        "Remove the character U+FFFF at character 6: it is not a character that text may hold."
    ]
    assert Inquiry.objects.count() == 0


def test_control_characters_stored_earlier_never_reach_the_mail_headers(primary, mailoutbox):
    # Stored before the form refused them: the e-mail must still carry no escape sequence.
    inquiry = Inquiry.objects.create(
        name="Dana\x1b[2J\x1b]0;owned\x07 Reporter",
        outlet="Daily\x9b31m\x7f\u2028News",
        email="dana@news.example.com",
        topic=Inquiry.Topic.COMMENT,
        message="Hello\x1b[31m\r\nthere",
    )
    services.send_inquiry_email(inquiry_id=inquiry.pk)
    (mail,) = mailoutbox
    assert mail.subject == (
        "Press inquiry: Comment or quote for a story from Dana[2J]0;owned Reporter (Daily31m News)"
    )
    # What a receiving mail client shows: headers unfolded and decoded.
    parsed = email.message_from_bytes(mail.message().as_bytes(), policy=email.policy.default)
    controls = [
        name
        for name, value in parsed.items()
        if any(ord(char) < 32 or 0x7F <= ord(char) <= 0x9F for char in str(value))
    ]
    assert controls == []
    assert "Name:     Dana[2J]0;owned Reporter\n" in mail.body
    assert "Hello[31m\r\nthere" in mail.body


def test_retry_after_says_the_time_left_in_the_window(client, primary):
    start = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            client.post(URL, payload(), REMOTE_ADDR="198.51.100.9")
        traveller.shift(datetime.timedelta(minutes=4))
        response = client.post(URL, payload(), REMOTE_ADDR="198.51.100.9")
        assert response.status_code == 429
        assert response["Retry-After"] == "360"
        assert "Please send it again in 6 minutes" in response.content.decode()
        traveller.shift(datetime.timedelta(seconds=359.5))
        response = client.post(URL, payload(), REMOTE_ADDR="198.51.100.9")
        assert response["Retry-After"] == "1"
        assert "Please send it again in 1 minute" in response.content.decode()
        traveller.shift(datetime.timedelta(seconds=0.5))
        response = client.post(URL, payload(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert Inquiry.objects.count() == 6


def test_journalist_gets_a_copy_of_the_question_and_who_answers(
    client, primary, mailoutbox, run_queued_jobs
):
    client.post(URL, payload(message="When is the <b>next</b> summit?\nAnd where?"))
    run_queued_jobs()
    confirmation = mailoutbox[1]
    assert confirmation.to == ["dana@news.example.com"]
    assert confirmation.reply_to == ["karen.budell@example.org"]
    assert confirmation.subject == "We have your question: CCO Council press office"
    assert (
        "Karen Budell, CMO, will answer you within one business day from "
        "karen.budell@example.org." in confirmation.body
    )
    assert "When is the <b>next</b> summit?\nAnd where?" in confirmation.body


def test_inquiry_emails_are_enqueued_with_the_inquiry(client, primary):
    from procrastinate.contrib.django.models import ProcrastinateJob

    client.post(URL, payload())
    inquiry = Inquiry.objects.get()
    assert sorted(ProcrastinateJob.objects.values_list("task_name", "args")) == [
        ("media_relations.confirm_inquiry", {"inquiry_id": inquiry.pk}),
        ("media_relations.notify_media_contact", {"inquiry_id": inquiry.pk}),
    ]
