import pytest
from django.urls import clear_url_caches


@pytest.fixture
def central(settings):
    """A central installation (INSTALLATION_KIND=central): its own pages, its own roles."""
    settings.INSTALLATION_KIND = "central"
    settings.CENTRAL = True
    settings.ROOT_URLCONF = "config.urls_central"
    clear_url_caches()
    yield settings
    clear_url_caches()
