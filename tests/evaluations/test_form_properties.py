"""Property-based tests of the commune's evaluation form (draft save and submit, by the commune
or by staff on its behalf).

Whatever is posted — odd Unicode, text far over its limit, NUL characters (PostgreSQL refuses
them in text), choices that do not exist, numbers out of range, fields left out, a hidden
version that is missing or wrong, bytes that are not UTF-8 — the answer is the form again
with every problem shown and every typed text still there, and the stored form exactly as it
was; or, when everything is acceptable, a save of exactly what was typed (trimmed): a
redirect after a submission, the form as saved (no error) after a draft. Never a server
error, never half a form.

Every example runs in a savepoint that is rolled back, so each starts from the same new form.
"""

import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html import escape

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from evaluations.models import EvaluationForm, FormEvent, Level
from tests.conftest import examples

pytestmark = pytest.mark.django_db

MISSING = object()  # the field is not in the request at all
TEXT_LIMITS = {
    "replacement_reason": 2000,
    "strengths": 5000,
    "shortcomings": 5000,
    "recommendations": 5000,
    "signer_name": 200,
    "signer_title": 200,
}
COMMENT_LIMIT = 5000
LEVELS = [value for value, _label in Level.choices]
ODD = [
    "\u200b",
    "\ufeff",
    "\u202e",
    "עברית",
    "😀",
    "👨\u200d👩\u200d👧",
    "\u0301",
    "\u00a0",
    "\t",
    "\r\n",
    "\x1b",
    "\x7f",
    "<script>alert(1)</script>",
    "{{ form }}",
    "%(x)s",
    "Hoa\u0300 Bi\u0300nh",  # Vietnamese typed decomposed
    "Nhận xét: sâu sát cơ sở",
]


@dataclass(frozen=True)
class Posted:
    value: object  # what is posted (MISSING: nothing)
    stored: object = None  # what a save must store


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- what can be posted in each field: (acceptable, unacceptable) ------------------------------
# `filled`: every acceptable value is there (a form that can be submitted), else some are empty.

any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
odd_text = st.lists(st.one_of(st.sampled_from(ODD), any_text), max_size=5).map("".join)


def either_empty(written, empty, filled):
    return written if filled else st.one_of(empty, written)


def texts(limit, filled):
    near_the_limit = st.tuples(st.sampled_from(["ạ", "x", "😀", "Thuỷ "]), st.integers(0, 3)).map(
        lambda t: (t[0] * limit)[: limit - t[1]]
    )
    said = st.tuples(st.sampled_from(["Sâu sát cơ sở", "x", "Tốt"]), odd_text).map("".join)
    written = (
        st.one_of(said, near_the_limit)
        .filter(lambda s: len(s.strip()) <= limit)
        .map(lambda s: Posted(s, s.strip()))
    )
    empty = st.sampled_from([Posted(MISSING, ""), Posted("", ""), Posted(" \t\r\n", "")])
    with_nul = st.tuples(odd_text, odd_text).map(lambda t: Posted(f"{t[0]}\x00{t[1]}"))
    too_long = st.sampled_from(["ạ", "x ", "😀"]).map(
        lambda piece: Posted(piece * (limit + 1 + 40_000 // len(piece)))
    )
    return either_empty(written, empty, filled), st.one_of(with_nul, too_long)


def numbers(filled):
    written = st.integers(0, 1000).flatmap(
        lambda n: st.sampled_from(
            [
                Posted(str(n), n),
                Posted(f"  {n} ", n),
                Posted(str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), n),
            ]
        )
    )
    empty = st.sampled_from([Posted(MISSING, None), Posted("", None)])
    wrong = st.sampled_from(
        ["-1", "1001", "abc", "1.5", "1e3", "9" * 25, "1" * 5000, "\x00", "12\x00", "mười"]
    ).map(Posted)
    return either_empty(written, empty, filled), wrong


def choices(allowed, meaning, filled):
    written = st.sampled_from([Posted(v, meaning(v)) for v in allowed])
    empty = st.sampled_from([Posted(MISSING, meaning("")), Posted("", meaning(""))])
    wrong = (
        st.one_of(
            st.sampled_from(["Tốt", "GOOD", "good ", "có", "true", "1", "\x00", "x" * 40_000]),
            any_text,
        )
        .filter(lambda v: v not in allowed and v != "")
        .map(Posted)
    )
    return either_empty(written, empty, filled), wrong


def dates(filled):
    def written_as(day, style):
        d, m, y = f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}"
        return {"slash": f"{d}/{m}/{y}", "dash": f"{d}-{m}-{y}", "dot": f"{d}.{m}.{y}"}.get(
            style, f"{y}-{m}-{d}"
        )

    written = st.builds(
        lambda day, style: Posted(written_as(day, style), day),
        st.dates(date(1, 1, 1), date(9999, 12, 31)),
        st.sampled_from(["slash", "dash", "dot", "iso"]),
    )
    empty = st.sampled_from([Posted(MISSING, None), Posted("", None)])
    wrong = st.sampled_from(
        ["31/02/2026", "hôm nay", "2026-13-01", "99/99/9999", "1/1/1/1", "\x00", "2" * 40_000]
    ).map(Posted)
    return either_empty(written, empty, filled), wrong


def versions(current):
    """The hidden version: the one the page was loaded with, or missing, garbled, stale."""
    wrong = [MISSING, "", "abc", "1.5", "0x0", "-1", "1", "9" * 30, "١", "\x00"]
    return st.just(Posted(str(current))), st.sampled_from(
        [Posted(v) for v in wrong if v != str(current)]
    )


YES_NO = {"yes": True, "no": False, "": None}


@st.composite
def postings(draw, form):
    """(the one unacceptable field or None, {field: Posted})."""
    filled = draw(st.booleans(), label="filled")
    fields = {
        "version": versions(form.version),
        "visits": numbers(filled),
        "meetings": numbers(filled),
        "level": choices(LEVELS, lambda v: v, filled),
        "propose_commendation": choices(["yes", "no"], YES_NO.get, filled),
        "propose_replacement": choices(["yes", "no"], YES_NO.get, filled),
        "signed_on": dates(filled),
    }
    for name, limit in TEXT_LIMITS.items():
        fields[name] = texts(limit, filled)
    for criterion in form.round.criteria.all():
        fields[f"c{criterion.pk}_comment"] = texts(COMMENT_LIMIT, filled)
    faulty = draw(st.one_of(st.none(), st.sampled_from(list(fields))), label="faulty")
    return faulty, {
        name: draw(wrong if name == faulty else right) for name, (right, wrong) in fields.items()
    }


def complete(fields, form):
    """services.missing_for_submission, as the README states it: every criterion commented,
    the counts given, a level, both proposals answered, a reason for a replacement, signed."""
    stored = {name: posted.stored for name, posted in fields.items()}
    return (
        all(stored[f"c{c.pk}_comment"] for c in form.round.criteria.all())
        and stored["visits"] is not None
        and stored["meetings"] is not None
        and bool(stored["level"])
        and stored["propose_commendation"] is not None
        and stored["propose_replacement"] is not None
        and (not stored["propose_replacement"] or bool(stored["replacement_reason"]))
        and all(stored[name] for name in ("signer_name", "signer_title", "signed_on"))
    )


def stored_row(form):
    return EvaluationForm.objects.filter(pk=form.pk).values().get()


def assert_every_error_is_shown(page, form):
    assert form.errors, "the form came back without saying why"
    for errors in form.errors.values():
        for message in errors:
            assert escape(message) in page, message


# --- the properties ---------------------------------------------------------------------------


@examples(60)
@given(data=st.data())
def test_whatever_is_posted_the_form_is_saved_as_typed_or_shown_again_with_every_problem(
    data, client, commune_a_user, staff, form_a
):
    form_a = EvaluationForm.objects.get(pk=form_a.pk)  # as stored, whatever earlier examples did
    faulty, fields = data.draw(postings(form_a))
    submit = data.draw(st.booleans(), label="submit")
    as_staff = data.draw(st.booleans(), label="as_staff")
    user = staff if as_staff else commune_a_user
    url = reverse("evaluations:staff_edit" if as_staff else "evaluations:form", args=[form_a.pk])
    post = {name: p.value for name, p in fields.items() if p.value is not MISSING}
    post["submit" if submit else "save"] = "1"
    # The database holds one rule even for a draft: a proposed replacement has its reason.
    reasonless = fields["propose_replacement"].stored and not fields["replacement_reason"].stored
    saved = faulty is None and (complete(fields, form_a) if submit else not reasonless)
    event("submitted" if saved and submit else "draft saved" if saved else "refused")

    with rolled_back():
        client.force_login(user)
        before, events = stored_row(form_a), FormEvent.objects.count()
        response = client.post(url, post)
        if not saved:
            assert response.status_code == 200
            page = response.content.decode()
            form = response.context["form"]
            assert_every_error_is_shown(page, form)
            if faulty:  # the version is the page's, not a field's: its error is the page's
                assert (faulty if faulty != "version" else "__all__") in form.errors, faulty
            elif reasonless:
                assert "replacement_reason" in form.errors
            for name, posted in fields.items():
                if isinstance(posted.value, str) and name != "version":
                    assert escape(posted.value) in page, f"{name}: what was typed is lost"
            assert stored_row(form_a) == before, "a refused form changed what was stored"
            assert FormEvent.objects.count() == events
            return
        if submit and as_staff:  # staff go back to the form's page
            assert response.status_code == 302
        elif submit:  # the commune's home answers, with the thanks
            assert response.status_code == 200
            assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy" in response.content.decode()
        else:  # a draft saved answers with the form as saved
            assert response.status_code == 200 and not response.context["form"].errors
        form_a.refresh_from_db()
        stored = {name: p.stored for name, p in fields.items() if name != "version"}
        if not stored["propose_replacement"]:
            stored["replacement_reason"] = ""  # no replacement proposed: no reason kept
        for criterion in form_a.round.criteria.all():
            comment = stored.pop(f"c{criterion.pk}_comment")
            assert form_a.answer(criterion.pk, "comment") == comment
        assert {name: getattr(form_a, name) for name in stored} == stored
        assert form_a.version == before["version"] + 1
        assert form_a.status == ("submitted" if submit else "draft")
        kinds = list(FormEvent.objects.filter(form=form_a).values_list("kind", flat=True))
        assert kinds == (["submitted"] if submit else ["staff_edit"] if as_staff else [])


@examples(25)
@given(raw=st.binary(max_size=120))
def test_bytes_that_are_not_utf8_are_read_with_replacement_characters_not_a_crash(
    raw, client, commune_a_user, form_a
):
    body = "version=0&save=1&strengths=" + urllib.parse.quote_from_bytes(raw, safe="")
    read = raw.decode("utf-8", errors="replace")
    with rolled_back():
        client.force_login(commune_a_user)
        before = stored_row(form_a)
        response = client.post(
            reverse("evaluations:form", args=[form_a.pk]),
            body,
            content_type="application/x-www-form-urlencoded",
        )
        if "\x00" in read:
            assert response.status_code == 200
            assert "strengths" in response.context["form"].errors
            assert stored_row(form_a) == before
        else:
            assert response.status_code == 200
            assert not response.context["form"].errors
            form_a.refresh_from_db()
            assert form_a.strengths == read.strip()


@examples(25)
@given(data=st.data())
def test_any_form_number_but_its_own_answers_a_commune_not_found(
    data, client, commune_a_user, form_a, form_b
):
    pk = data.draw(
        st.one_of(st.sampled_from([form_a.pk, form_b.pk]), st.integers(0, 10**30)), label="pk"
    )
    client.force_login(commune_a_user)
    with rolled_back():
        response = client.post(
            reverse("evaluations:form", args=[pk]),
            {"version": "0", "strengths": "Sâu sát", "save": "1"},
        )
        assert response.status_code == (200 if pk == form_a.pk else 404)
        form_b.refresh_from_db()
        assert form_b.strengths == ""


def test_a_draft_proposing_a_replacement_without_its_reason_says_so_in_vietnamese(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    response = client.post(
        reverse("evaluations:form", args=[form_a.pk]),
        {"version": "0", "propose_replacement": "yes", "strengths": "Sâu sát", "save": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["replacement_reason"] == [
        "Nêu lý do đề nghị thay thế cán bộ."
    ]
    assert "Constraint" not in response.content.decode()
    form_a.refresh_from_db()
    assert (form_a.version, form_a.strengths) == (0, "")
