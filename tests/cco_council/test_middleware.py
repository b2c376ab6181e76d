"""The project's middleware, seen from a real gunicorn where the WSGI layer matters."""

import http.client

import pytest

from tests.articles.factories import ArticleFactory
from tests.cco_council.servers import gunicorn
from tests.media_relations.factories import MediaContactFactory

PATHS = ["/", "/search/", "/healthz", "/press/contact.vcf", "/library/"]


def send(port: int, method: str, path: str) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Length"), response.read()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_head_over_gunicorn_gets_get_headers_without_a_body_and_no_warning():
    ArticleFactory(title="Onboarding that sticks")
    MediaContactFactory(is_primary=True)
    with gunicorn() as server:
        answers = {
            path: (send(server.port, "GET", path), send(server.port, "HEAD", path))
            for path in PATHS
        }
    for path, (get, head) in answers.items():
        status, length, body = get
        assert (status, length) == (200, str(len(body))), path
        assert head == (200, length, b""), path
    for path in PATHS:
        assert f'"HEAD {path} HTTP/1.1" 200' in server.log
    assert "no-body response" not in server.log, server.log
