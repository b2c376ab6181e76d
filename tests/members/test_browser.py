"""Membership in Chromium: apply, an editor approves, sign in by code, read an exclusive item
and its PDF, a non-member refused, one-click unsubscribe."""

import re

import pytest
from playwright.sync_api import expect

from members import services
from members.models import Member
from tests.articles.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_code(mailoutbox, address) -> str:
    (mail,) = [m for m in mailoutbox if m.to == [address] and "sign-in code" in m.subject]
    return re.search(r"^    (\S+)$", mail.body, re.MULTILINE).group(1)


def test_applicant_becomes_a_member_and_reads_an_exclusive_item(
    live_server, page, editor, mailoutbox, run_worker
):
    ArticleFactory(
        title="The renewal playbook", slug="renewal-playbook", members_only=True,
        teaser="<p>What the public reads.</p>",
        body="<p>The first secret of renewals.</p><p>Second secret of renewals.</p>",
    )  # fmt: skip

    # A visitor reads the teaser and is invited; the PDF is refused.
    page.goto(live_server.url + "/library/renewal-playbook/")
    expect(page.get_by_text("What the public reads.")).to_be_visible()
    expect(page.get_by_text("The first secret of renewals.")).to_have_count(0)
    expect(page.get_by_role("heading", name="Members read the rest")).to_be_visible()
    refused = page.request.get(live_server.url + "/library/renewal-playbook.pdf")
    assert refused.status == 403

    # They apply.
    page.get_by_role("link", name="Join your peers: become a member").click()
    form = page.locator("form.inquiry-form")
    form.get_by_label("Your name").fill("Robin <b>Bold</b> Reader")
    form.get_by_label("Work e-mail").fill("robin@example.com")
    form.get_by_label("Job title").fill("Chief Customer Officer")
    form.get_by_label("Company").fill("Fabrikam")
    form.get_by_label("Why do you want to join?").fill("To learn from peers.")
    form.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your application is in")
    run_worker()
    assert [mail.subject for mail in mailoutbox] == ["We have your application to the CCO Council"]

    # An editor approves it in the admin; the hostile name is shown as text.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/members/application/")
    page.get_by_role("link", name="Robin <b>Bold</b> Reader").click()
    page.get_by_role("button", name="Approve: make a member").click()
    expect(page.get_by_text("is a member; they have been e-mailed how to sign in.")).to_be_visible()
    page.context.clear_cookies()
    run_worker()
    assert mailoutbox[-1].subject == "Welcome to the CCO Council"

    # The new member signs in with the code from their e-mail.
    page.goto(live_server.url + "/library/renewal-playbook/")
    page.get_by_role("link", name="Already a member? Sign in").click()
    page.get_by_label("Your e-mail address").fill("robin@example.com")
    page.get_by_role("button", name="E-mail me a sign-in code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your sign-in code")
    run_worker()
    page.get_by_label("Code").fill(sign_in_code(mailoutbox, "robin@example.com"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/library/renewal-playbook/")
    expect(page.get_by_text("Second secret of renewals.")).to_be_visible()
    pdf = page.request.get(live_server.url + "/library/renewal-playbook.pdf")
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    assert "no-store" in pdf.headers["cache-control"]

    # The membership lapses: the same session sees the teaser again.
    services.lapse_membership(member=Member.objects.get(user__email="robin@example.com"))
    page.reload()
    expect(page.get_by_text("Second secret of renewals.")).to_have_count(0)
    expect(page.get_by_text("Your account has no current membership")).to_be_visible()
    assert page.request.get(live_server.url + "/library/renewal-playbook.pdf").status == 403


def test_member_unsubscribes_from_the_digest_in_one_click(live_server, page, member):
    services.set_digest_preference(member=member, opt_in=True)
    token = services.unsubscribe_token(member.user)
    # What a mail provider does for RFC 8058's one-click: a POST, no session, no form of ours.
    response = page.request.post(
        f"{live_server.url}/members/unsubscribe/{token}/",
        form={"List-Unsubscribe": "One-Click"},
    )
    assert response.status == 200
    member.refresh_from_db()
    assert member.digest_opt_in is False

    # The link in the e-mail opens a page whose one button unsubscribes, without signing in.
    services.set_digest_preference(member=member, opt_in=True)
    page.goto(f"{live_server.url}/members/unsubscribe/{token}/")
    member.refresh_from_db()
    assert member.digest_opt_in is True  # opening the link changes nothing
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    member.refresh_from_db()
    assert member.digest_opt_in is False
