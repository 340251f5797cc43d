"""Production settings: `check --deploy` is clean, and malformed values stop start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-1234567890-xyz",
    "ALLOWED_HOSTS": "theodoi.tinhuy.vn",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    "REQUIRE_TOTP": "1",
}


def _manage(*args, env_overrides):
    # A clean environment: nothing of the test run (DEBUG, async-unsafe flags) leaks in.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_check_deploy_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_the_second_factor_is_not_required():
    env = dict(PRODUCTION, REQUIRE_TOTP="0")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode != 0
    assert "accounts.W001" in result.stderr + result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production():
    env = dict(PRODUCTION, SECRET_KEY="")
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_a_malformed_boolean_instead_of_guessing():
    result = _manage("check", env_overrides=dict(PRODUCTION, DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_refuses_a_trusted_proxy_that_is_not_an_address():
    result = _manage("check", env_overrides=dict(PRODUCTION, TRUSTED_PROXIES="10.0.0.2,proxy"))
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy' is not an address or network." in result.stderr


def test_it_collects_static_files_with_hashed_names_for_production(tmp_path):
    env = dict(PRODUCTION, STATIC_ROOT=str(tmp_path), STATIC_MANIFEST="1")
    result = _manage("collectstatic", "--no-input", "-v0", env_overrides=env)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
    # The icon sprite, hashed and compressed beside it.
    assert list(tmp_path.glob("img/icons.*.svg.gz"))
