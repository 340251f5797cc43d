"""Demo evaluation rounds: 2025 completed (every form in, a realistic spread of levels and
proposals), 2026 open with about a third of the forms still missing."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.services import commune_accounts_create
from evaluations import services
from evaluations.models import EvaluationForm, EvaluationRound, FormEvent, Level

COMMENTS = {
    1: [
        "Xây dựng chương trình, kế hoạch theo dõi năm kịp thời, sát với tình hình xã.",
        "Có kế hoạch theo dõi, gửi Đảng ủy xã đúng thời gian.",
        "Kế hoạch theo dõi ban hành chậm so với quy định.",
    ],
    2: [
        "Thường xuyên về cơ sở, dự đầy đủ các hội nghị quan trọng của Đảng ủy.",
        "Dự các kỳ họp Đảng ủy và sinh hoạt chi bộ theo kế hoạch.",
        "Số lần về cơ sở còn ít, chưa dự đủ các cuộc họp của Đảng ủy.",
    ],
    3: [
        "Nắm chắc tình hình chính trị, kinh tế - xã hội của địa phương.",
        "Nắm được tình hình cơ bản của xã.",
        "Chưa nắm sâu tình hình ở các thôn, tổ dân phố.",
    ],
    4: [
        "Tích cực hướng dẫn, giúp xã tháo gỡ vướng mắc về giải phóng mặt bằng.",
        "Có hướng dẫn, giúp đỡ cơ sở khi được đề nghị.",
        "Việc hướng dẫn, giúp đỡ cơ sở còn hạn chế.",
    ],
    5: [
        "Kịp thời phản ánh, đề xuất với Ban Thường vụ Tỉnh ủy các vấn đề phát sinh.",
        "Có đề xuất, kiến nghị với cấp trên.",
        "Chưa có đề xuất, kiến nghị cụ thể.",
    ],
    6: [
        "Có tinh thần trách nhiệm cao, tác phong gần gũi, sâu sát cơ sở.",
        "Có tinh thần trách nhiệm, phong cách làm việc nghiêm túc.",
        "Tinh thần trách nhiệm chưa cao.",
    ],
}
STRENGTHS = [
    "Gần gũi, sâu sát cơ sở; nhiệt tình hướng dẫn cán bộ xã.",
    "Nắm chắc tình hình, có nhiều ý kiến chỉ đạo sát thực tế.",
    "Chấp hành tốt chế độ báo cáo, thông tin hai chiều.",
]
SHORTCOMINGS = [
    "",
    "Thời gian về cơ sở còn hạn chế do bận công tác chuyên môn.",
    "Có lúc chưa kịp thời phản ánh kiến nghị của cơ sở.",
]


def _answers(form, criteria, quality, rng):
    """quality 0 (best) .. 2 (weakest) chooses the tone of the comments."""
    return {
        str(c.pk): {"comment": COMMENTS.get(c.position, COMMENTS[6])[quality]} for c in criteria
    }


def _level(rng):
    roll = rng.random()
    if roll < 0.22:
        return Level.EXCELLENT, 0
    if roll < 0.82:
        return Level.GOOD, 1 if rng.random() < 0.5 else 0
    if roll < 0.97:
        return Level.COMPLETED, 1
    return Level.NOT_COMPLETED, 2


def _fill(form, criteria, rng, signed_on, replacement=False):
    level, quality = _level(rng)
    if replacement:
        level, quality = Level.COMPLETED, 2
    return {
        "answers": _answers(form, criteria, quality, rng),
        "visits": rng.randint(2, 12) if quality < 2 else rng.randint(1, 3),
        "meetings": rng.randint(2, 8) if quality < 2 else rng.randint(0, 2),
        "level": level,
        "propose_commendation": level == Level.EXCELLENT
        or (level == Level.GOOD and rng.random() < 0.5),
        "propose_replacement": replacement,
        "replacement_reason": (
            "Đồng chí ít về cơ sở, chưa nắm được tình hình địa phương; "
            "đề nghị phân công đồng chí khác theo dõi."
            if replacement
            else ""
        ),
        "strengths": rng.choice(STRENGTHS),
        "shortcomings": "Ít về cơ sở." if replacement else rng.choice(SHORTCOMINGS),
        "recommendations": "",
        "signer_name": form.commune.secretary_name or "Nguyễn Văn Thắng",
        "signer_title": "Bí thư Đảng ủy",
        "signed_on": signed_on,
    }


def _at(day, rng):
    moment = datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _submit(form, criteria, rng, day, deadline, user, replacement=False):
    data = _fill(form, criteria, rng, day, replacement=replacement)
    saved = services.form_save(
        form=form,
        data=data,
        version=form.version,
        user=user,
        submit=True,
        ip=f"10.20.0.{rng.randint(2, 250)}",
    )
    at = _at(day, rng)
    EvaluationForm.objects.filter(pk=saved.pk).update(
        submitted_at=at, submitted_late=day > deadline
    )
    FormEvent.objects.filter(form=saved, kind=FormEvent.Kind.SUBMITTED).update(at=at)
    return saved


@transaction.atomic
def seed_evaluations(rng, staff):
    if EvaluationRound.objects.exists():
        return
    accounts = {u.commune_id: u for u in _commune_users()}

    # 2025: every form in, nearly all on time, all accepted, the round closed in January.
    r2025 = services.round_create(
        year=2025, opens_on=date(2025, 11, 15), deadline=date(2025, 12, 15), user=staff
    )
    services.round_open(evaluation_round=r2025, user=staff)
    r2025.refresh_from_db()  # round_open opens its own copy; the forms below read this one
    criteria = list(r2025.criteria.all())
    forms = list(r2025.forms.select_related("commune", "cadre").order_by("pk"))
    replace_at = rng.randrange(len(forms))
    for n, form in enumerate(forms):
        day = date(2025, 11, 17) + timedelta(days=rng.randint(0, 27))
        if n % 37 == 5:
            day = date(2025, 12, 16) + timedelta(days=rng.randint(0, 4))  # a few late
        saved = _submit(
            form,
            criteria,
            rng,
            day,
            r2025.deadline,
            accounts.get(form.commune_id),
            replacement=n == replace_at,
        )
        services.form_accept(form=saved, user=staff)
    EvaluationForm.objects.filter(round=r2025).update(reviewed_at=_at(date(2026, 1, 8), rng))
    services.round_close(evaluation_round=r2025, user=staff)
    EvaluationRound.objects.filter(pk=r2025.pk).update(closed_at=_at(date(2026, 1, 10), rng))

    # 2026: open since 15/11, deadline 15/12; two thirds in, one returned, some drafts.
    r2026 = services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2026, 12, 15), user=staff
    )
    services.round_open(evaluation_round=r2026, user=staff)
    r2026.refresh_from_db()  # round_open opens its own copy; the forms below read this one
    criteria = list(r2026.criteria.all())
    demo_communes = _demo_commune_ids()
    forms = list(r2026.forms.select_related("commune", "cadre").order_by("pk"))
    today = timezone.localdate()
    for n, form in enumerate(forms):
        if form.commune_id == demo_communes[0] or n % 3 == 0:
            if n % 6 == 0 and form.commune_id != demo_communes[0]:
                data = _fill(form, criteria, rng, today)
                data["level"] = ""
                services.form_save(
                    form=form, data=data, version=form.version, user=accounts.get(form.commune_id)
                )
            continue  # missing: not started, or a draft
        day = min(today, date(2026, 11, 16) + timedelta(days=rng.randint(0, 7)))
        saved = _submit(form, criteria, rng, day, r2026.deadline, accounts.get(form.commune_id))
        if form.commune_id == demo_communes[1]:
            services.form_return(
                form=saved,
                user=staff,
                message="Đề nghị Đảng ủy bổ sung số lượt đồng chí về cơ sở và nhận xét cụ thể "
                "hơn về việc nắm tình hình địa phương.",
                criterion_comments={str(criteria[2].pk): "Nêu rõ những việc cụ thể."},
            )
        elif n % 3 == 1:
            services.form_accept(form=saved, user=staff)


def _commune_users():
    from accounts.models import User

    commune_accounts_create()
    return User.objects.filter(commune__isnull=False)


def _demo_commune_ids():
    from accounts.models import User

    return list(
        User.objects.filter(username__in=["xa04792", "xa04795"])
        .order_by("username")
        .values_list("commune_id", flat=True)
    )
