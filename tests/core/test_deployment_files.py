"""docker-compose.yml is not run here (no Docker engine): check its shape instead."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_postgres_redis_web_worker_and_beat():
    services = _compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert "celery -A config worker" in services["worker"]["command"]
    assert "celery -A config beat" in services["beat"]["command"]


def test_the_app_services_share_one_image_and_their_configuration_is_the_environment():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://theodoi:")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DEBUG"] == "0"
        assert env["REQUIRE_TOTP"] == "${REQUIRE_TOTP:-1}"
        assert services[name]["build"] == "."


def test_every_variable_the_settings_read_is_documented_in_the_readme():
    settings_source = (ROOT / "config/settings.py").read_text()
    names = set(re.findall(r'_env_(?:bool|int)\("([A-Z_]+)"', settings_source))
    names |= set(re.findall(r'env\.(?:str|list|db)\("([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(n for n in names if f"`{n}`" not in readme)
    assert undocumented == []
