"""What the site writes to its log for a client's mistakes: one line, no traceback."""

import http.client
import logging

import pytest

from tests.cco_council.servers import gunicorn

REFUSED = (
    "Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to ALLOWED_HOSTS."
)


@pytest.mark.django_db
def test_bad_host_logs_one_warning_without_traceback(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in records] == [
        ("WARNING", REFUSED, None)
    ]


@pytest.mark.django_db(transaction=True)
def test_bad_host_over_gunicorn_logs_one_line_without_traceback():
    with gunicorn() as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/", headers={"Host": "evil.example"})
        status = connection.getresponse().status
        connection.close()
    assert status == 400
    lines = [line for line in server.log.splitlines() if "DisallowedHost" in line]
    assert lines == [f"WARNING django.security.DisallowedHost: {REFUSED}"]
    assert "Traceback" not in server.log, server.log
