"""Signing in by an e-mailed code (django-allauth), closed to all but current members."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from members import services

SIGN_IN = "/account/sign-in/"
CODE = "/account/sign-in/code/"


def code_from(mail) -> str:
    return re.search(r"^    (\S+)$", mail.body, re.MULTILINE).group(1)


def test_member_signs_in_with_the_code_from_the_email(client, member, run_worker, mailoutbox):
    run_worker()  # the welcome e-mail
    mailoutbox.clear()
    response = client.post(SIGN_IN, {"email": "mara@example.com"})
    assert response.status_code == 302
    assert response["Location"] == CODE
    run_worker()
    (mail,) = mailoutbox
    assert mail.to == ["mara@example.com"]
    assert mail.subject == "[CCO Council] Your sign-in code"
    response = client.post(CODE, {"code": code_from(mail)})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    page = client.get("/members/")
    assert page.status_code == 200
    assert page.context["user"] == member.user


def test_unknown_address_gets_the_same_answer_and_no_code(client, member, run_worker, mailoutbox):
    run_worker()
    mailoutbox.clear()
    known = client.post(SIGN_IN, {"email": "mara@example.com"})
    stranger = type(client)().post(SIGN_IN, {"email": "nobody@example.com"})
    assert (known.status_code, known["Location"]) == (stranger.status_code, stranger["Location"])
    run_worker()
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_address) == ["mara@example.com", "nobody@example.com"]
    assert by_address["nobody@example.com"].subject == "[CCO Council] Signing in to the CCO Council"
    assert "no code was sent" in by_address["nobody@example.com"].body


def test_lapsed_member_and_editor_get_no_code(client, member, editor, run_worker, mailoutbox):
    services.lapse_membership(member=member)
    run_worker()
    mailoutbox.clear()
    client.post(SIGN_IN, {"email": "mara@example.com"})
    type(client)().post(SIGN_IN, {"email": "editor@example.org"})
    run_worker()
    assert sorted(mail.subject for mail in mailoutbox) == [
        "[CCO Council] Signing in to the CCO Council",
        "[CCO Council] Signing in to the CCO Council",
    ]


def test_reused_code_says_it_expired_or_was_used(client, member, run_worker, mailoutbox):
    run_worker()
    client.post(SIGN_IN, {"email": "mara@example.com"})
    run_worker()
    code = code_from(mailoutbox[-1])
    client.post(CODE, {"code": code})
    client.logout()
    response = client.post(CODE, {"code": code}, follow=True)
    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "That sign-in code has expired or has already been used. Ask for a new one below."
    ]
    assert response.context["user"].is_authenticated is False


def test_expired_code_says_so(client, member, run_worker, mailoutbox):
    run_worker()
    client.post(SIGN_IN, {"email": "mara@example.com"})
    run_worker()
    code = code_from(mailoutbox[-1])
    eleven_minutes_later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=11)
    with time_machine.travel(eleven_minutes_later):
        response = client.post(CODE, {"code": code}, follow=True)
    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert [str(m) for m in response.context["messages"]][-1] == (
        "That sign-in code has expired or has already been used. Ask for a new one below."
    )


def test_wrong_codes_three_times_end_the_attempt_with_a_clear_message(client, member):
    client.post(SIGN_IN, {"email": "mara@example.com"})
    first = client.post(CODE, {"code": "AAAA-AAAA"})
    assert first.status_code == 200
    assert first.context["form"].errors["code"] == ["Incorrect code."]
    client.post(CODE, {"code": "BBBB-BBBB"})
    response = client.post(CODE, {"code": "CCCC-CCCC"}, follow=True)
    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Too many attempts for this address: wait a few minutes, then ask for a new code below."
    ]


@pytest.mark.django_db
def test_editor_password_form_is_never_served_to_members(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert 'type="password"' not in response.content.decode()
    assert client.get("/account/join/")["Location"] == "/members/apply/"


def test_asking_for_codes_is_rate_limited_per_address(member, run_worker, mailoutbox):
    run_worker()  # the welcome e-mail
    mailoutbox.clear()
    # Fresh sessions each time, as a script would ask: the sixth ask in the hour is refused.
    answers = [Client().post(SIGN_IN, {"email": "Mara@example.com"}) for _ in range(6)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [200]
    assert "Too many attempts for this address" in answers[5].content.decode()
    run_worker()
    assert [mail.to for mail in mailoutbox] == [["mara@example.com"]] * 5


def test_asking_again_in_one_session_sends_no_new_code(client, member, run_worker, mailoutbox):
    run_worker()
    mailoutbox.clear()
    answers = [client.post(SIGN_IN, {"email": "mara@example.com"}) for _ in range(3)]
    assert [answer["Location"] for answer in answers] == [CODE] * 3
    run_worker()
    assert len(mailoutbox) == 1
