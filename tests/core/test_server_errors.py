"""A database that does not answer (restarting, failing over) gets a 503 page telling the person
that nothing was half-saved and to send again; any other error stays a plain 500."""

import pytest
from django.db import InterfaceError, OperationalError


class _Down:
    def __init__(self, error):
        self.error = error

    def cursor(self):
        raise self.error


@pytest.fixture
def client_keeping_errors(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
)
def test_it_answers_503_with_a_retry_page_when_the_database_does_not_answer(
    client_keeping_errors, monkeypatch, error
):
    # No database marker: the page itself must not need the database.
    monkeypatch.setattr("core.views.connection", _Down(error))
    response = client_keeping_errors.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'data-testid="database-unavailable"' in response.content.decode()


def test_any_other_error_is_still_a_500(client_keeping_errors, monkeypatch):
    monkeypatch.setattr("core.views.connection", _Down(RuntimeError("bug")))
    response = client_keeping_errors.get("/healthz")
    assert response.status_code == 500
    assert "database-unavailable" not in response.content.decode()
