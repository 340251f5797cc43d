"""Property-based tests of the registry's forms (a commune, an agency, a cadre), as staff post
them: odd Unicode, names at their length limit (Vietnamese tones, letters that grow when
normalised), NUL characters, codes in other scripts' digits, choices and references that do
not exist, impossible dates — on 29 February too.

Either the form comes back with every problem shown, what was typed still in it, and nothing
written; or the row is saved as typed (names in NFC, trimmed; a commune's code in its official
five digits) and fits its columns, so that
PostgreSQL cannot refuse it. Every example runs in a savepoint that is rolled back.
"""

from contextlib import contextmanager
from datetime import date
from html import escape

import pytest
from django.db import transaction
from django.db.models import CharField
from django.urls import resolve, reverse
from freezegun import freeze_time
from hypothesis import event, given
from hypothesis import strategies as st

from assignments.models import Agency, Cadre, Commune
from core import text
from tests.conftest import examples
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
EXAMPLES = examples(25)

ODD = ["\u200b", "\ufeff", "\u202e", "עברית", "😀", "\u0301", "\u00a0", "\t", "ß", "ﬁ", "한글"]
GROWS_IN_NFC = ["\u0958", "\ufb1d", "\u2adc"]  # one character, two once normalised
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)


def names(words):
    """A name: odd, or right at 200 characters (tones, letters that grow when normalised)."""
    odd = st.tuples(
        st.sampled_from(words), st.lists(st.one_of(st.sampled_from(ODD), any_text), max_size=3)
    ).map(lambda t: " ".join([t[0], *t[1]]))
    at_the_limit = st.tuples(
        st.sampled_from(words),
        st.sampled_from(["Hà ", "ạ", "Thuỷ ", "ß", *GROWS_IN_NFC * 3]),
        st.integers(0, 5),
    ).map(lambda t: (t[0] + " " + t[1] * 200)[: 200 - t[2]])
    return st.one_of(odd, at_the_limit)


def with_nul(strategy):
    return strategy.map(lambda s: s[: len(s) // 2] + "\x00" + s[len(s) // 2 :])


def bad_text(valid):
    return st.one_of(with_nul(valid), st.just("x" * 40_000))


valid_dates = st.dates(min_value=date(1900, 1, 1)).map(
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
)
bad_dates = st.sampled_from(["29/02/2027", "31/04/2026", "hôm qua", "\x00", "9" * 50])
CODES = ["04792", "07900", " 4792 ", "12345"]
BAD_CODES = ["٠٤٧٩٢", "０４７９２", "²", "12345678901", "abc", "-5", ""]  # other scripts' digits
bad_references = st.sampled_from(["abc", "-1", "1.5", "99999999999999999999999", "\x00"])


@st.composite
def postings(draw, fields):
    """{field: (valid, bad)} → (the one faulty field or None, what is posted)."""
    faulty = draw(st.one_of(st.none(), st.sampled_from(list(fields))), label="faulty")
    return faulty, {
        name: draw(bad if name == faulty else valid) for name, (valid, bad) in fields.items()
    }


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Sở Nội vụ")


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_fits(obj):
    for f in obj._meta.fields:
        value = getattr(obj, f.attname)
        if isinstance(f, CharField) and isinstance(value, str):
            assert len(value) <= f.max_length, (f.name, len(value))
            assert "\x00" not in value, f.name


def post_and_check(client, url, data, model, *, faulty, typed, named, stored=None):
    """Post; then either every error is shown (one on the faulty field) with what was typed,
    and nothing is written, or the row is saved with its name in NFC, other text trimmed (or
    as `stored` says: {field: what is stored for what was typed})."""
    stored = stored or {}
    before = list(model.objects.order_by("pk").values())
    response = client.post(url, data)
    must_refuse = faulty or len(text.clean(data[named])) > 200  # as stored: in NFC
    event("saved" if response.status_code == 302 else "refused")
    if response.status_code == 200:
        page = response.content.decode()
        form = response.context["form"]
        assert form.errors
        assert not faulty or faulty in form.errors, faulty
        for errors in form.errors.values():
            for message in errors:
                assert escape(message) in page, message
        for name in typed:
            assert escape(data[name]) in page, f"{name}: what was typed is lost"
        assert list(model.objects.order_by("pk").values()) == before
        return None
    assert not must_refuse, "a text PostgreSQL would refuse was accepted"
    assert response.status_code == 302
    saved = model.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert getattr(saved, named) == text.clean(data[named])
    for name in typed:
        if name != named and isinstance(getattr(saved, name), str):
            expected = stored.get(name, str.strip)(data[name])
            assert getattr(saved, name) == expected, name
    assert_fits(saved)
    return saved


@EXAMPLES
@given(data=st.data())
def test_a_commune_form_saves_what_was_typed_or_says_what_is_wrong(
    data, client, staff, province, commune_a
):
    name, secretary = names(["Xã Tân Lạc", "Phường Hòa Bình"]), names(["Đinh Văn Tuấn"])
    phone, email = st.sampled_from(["0912 345 678", ""]), st.sampled_from(["vp@phutho.gov.vn", ""])
    faulty, posted = data.draw(
        postings(
            {
                "code": (st.sampled_from(CODES), st.sampled_from(BAD_CODES)),
                "name": (name, bad_text(name)),
                "kind": (st.sampled_from(Commune.Kind.values), st.sampled_from(["xã", ""])),
                "province": (st.just(str(province.pk)), bad_references),
                "district": (st.just(""), bad_references),
                "valid_from": (st.sampled_from(["", "01/07/2025"]), bad_dates),
                "valid_to": (st.one_of(st.just(""), valid_dates), bad_dates),
                "secretary_name": (secretary, bad_text(secretary)),
                "phone": (phone, bad_text(phone)),
                "email": (email, st.sampled_from(["xã@phú-thọ.vn", "a@b", "\x00"])),
            }
        )
    )
    typed = ["code", "name", "secretary_name", "phone", "email"]
    client.force_login(staff)
    with rolled_back():
        saved = post_and_check(
            client,
            reverse("registry:commune_new"),
            posted,
            Commune,
            faulty=faulty,
            typed=typed,
            named="name",
            # " 4792 " is commune 04792, as the import reads it (test_commune_code.py)
            stored={"code": Commune.normalise_code},
        )
        if saved:
            assert saved.code.isascii() and saved.code.isdigit() and len(saved.code) >= 5


@EXAMPLES
@given(data=st.data())
def test_an_agency_form_saves_what_was_typed_or_says_what_is_wrong(data, client, staff):
    name = names(["Sở Nội vụ", "Ban Dân vận Tỉnh ủy"])
    faulty, posted = data.draw(
        postings(
            {
                "name": (name, bad_text(name)),
                "kind": (st.sampled_from(Agency.Kind.values), st.sampled_from(["Sở", ""])),
                "leader_quota": (
                    st.sampled_from(["3", "0", " 12 "]),
                    st.sampled_from(["-1", "99999", "1.5", "ba", "", "\x00"]),
                ),
            }
        )
    )
    client.force_login(staff)
    with rolled_back():
        saved = post_and_check(
            client,
            reverse("registry:agency_new"),
            posted,
            Agency,
            faulty=faulty,
            typed=["name"],
            named="name",
        )
        if saved:
            assert saved.key == text.name_key(saved.name)


@EXAMPLES
@given(data=st.data())
def test_a_cadre_form_saves_what_was_typed_or_says_what_is_wrong_even_on_29_february(
    data, client, staff, agency
):
    today = data.draw(st.sampled_from(["2028-02-29", "2026-11-23"]), label="today")
    name, position = names(["Nguyễn Văn Hùng", "Lê Thị Hoà"]), names(["Phó Giám đốc"])
    phone, email = (
        st.sampled_from(["0912 345 678", ""]),
        st.sampled_from(["hung@phutho.gov.vn", ""]),
    )
    born = ["15/06/1975", "01/01/1940"]
    if today == "2028-02-29":
        born.append("28/02/2010")  # 18 on 28/02/2028; born on 01/03/2010, not yet
    faulty, posted = data.draw(
        postings(
            {
                "full_name": (name, bad_text(name)),
                "position": (position, bad_text(position)),
                "agency": (st.just(str(agency.pk)), bad_references),
                "date_of_birth": (
                    st.sampled_from(born),
                    st.one_of(bad_dates, st.just("01/03/2010")),
                ),
                "gender": (st.sampled_from(["male", "female"]), st.sampled_from(["nam", ""])),
                "phone": (phone, bad_text(phone)),
                "email": (email, st.sampled_from(["a@b", "\x00"])),
            }
        )
    )
    typed = ["full_name", "position", "date_of_birth", "phone", "email"]
    with rolled_back(), freeze_time(today):
        client.force_login(staff)  # inside: the session's age counts from the frozen day
        saved = post_and_check(
            client,
            reverse("registry:cadre_new"),
            posted,
            Cadre,
            faulty=faulty,
            typed=typed,
            named="full_name",
        )
        if saved:
            assert saved.name_key == text.name_key(saved.full_name)


@pytest.mark.parametrize(
    ("url", "field"), [("registry:commune_new", "name"), ("registry:cadre_new", "full_name")]
)
def test_a_name_that_outgrows_its_column_once_normalised_is_refused_not_a_crash(
    url, field, client, staff, province, agency
):
    grown = "Xã " + "\u0958" * 190  # 193 characters typed, 383 in NFC
    posted = {
        "registry:commune_new": {"code": "20001", "name": grown, "kind": "xa"},
        "registry:cadre_new": {"full_name": grown, "position": "Phó Giám đốc", "gender": "male"},
    }[url] | {"province": province.pk, "agency": agency.pk, "date_of_birth": "15/06/1975"}
    client.force_login(staff)
    response = client.post(reverse(url), posted)
    assert response.status_code == 200
    assert "tối đa 200" in str(response.context["form"].errors[field])
    assert not Commune.objects.filter(code="20001").exists() and not Cadre.objects.exists()
