"""A test whose tool or service is missing: skipped on a developer's machine, failed under CI.

.ci/run installs and starts everything the suite needs (Chromium, gettext, Redis, PostgreSQL),
so under CI a skip would only hide a suite that never ran.
"""

import os

import pytest


def on_ci():
    """True when CI says so (CI=true, as .ci/run and CI services set it; also 1 or yes)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason):
    """Skip the test with `reason` on a developer's machine; fail it under CI."""
    if on_ci():
        pytest.fail(f"{reason}; CI=true, so this fails instead of skipping", pytrace=False)
    pytest.skip(reason)
