"""The rule for a missing tool or service (tests/ci.py): a skip on a developer's machine, a
failure under CI."""

import pytest

from tests.ci import skip_or_fail


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_it_skips_on_a_developers_machine(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="xgettext is not installed"):
        skip_or_fail("xgettext is not installed")


@pytest.mark.parametrize("ci", ["true", "TRUE", "1", "yes"])
def test_it_fails_under_ci_and_says_why(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="xgettext is not installed; CI=true"):
        skip_or_fail("xgettext is not installed")
