"""The deadline extension's commune picker says what to choose (issue 15), not "---------"."""

import pytest
from django.urls import reverse

from tests.core.test_empty_choices import empty_choices

pytestmark = pytest.mark.django_db


def test_the_extension_form_asks_to_choose_a_commune(client, staff, form_a):
    client.force_login(staff)
    page = client.get(reverse("evaluations:round_extend", args=[2026])).content.decode()
    assert empty_choices(page) == {"ext-commune": "— Chọn xã —"}
    assert "---------" not in page
