"""Demo breakthrough tasks (Quy định 30-QĐ/TU): about twenty agency leaders and three commune
Party secretaries under the Standing Board's management; 2025 done (assigned tasks self-assessed,
assessed by their focal point and concluded on the four levels, one carried into 2026); 2026 in
every state (drafts, registered, returned with comments per field, assigned with progress,
changed after approval, dropped, the task carried from 2025). The demo cadre `canbo` has tasks
in several states. Everything goes through breakthroughs.services, so the rules hold; the
moments are then set back to plausible days of the year, as the evaluation demo does."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assignments.models import Cadre, Commune
from breakthroughs import services
from breakthroughs.models import (
    BreakthroughYear,
    ProgressReport,
    Target,
    Task,
    TaskComment,
    TaskVersion,
)
from evaluations.models import Level
from hamlets.models import CommuneMember

from .names import GIVEN_MALE, MIDDLE_MALE, SURNAMES

YEAR = 2026
BEFORE = YEAR - 1
STANDING_BOARD_LEADERS = 20
# One decision assigns the year's tasks; a later one the task approved late.
DECISIONS = {
    BEFORE: ("1187-QĐ/TU", date(BEFORE, 4, 28)),
    YEAR: ("1395-QĐ/TU", date(YEAR, 4, 29)),
}
LATE_DECISION = ("1521-QĐ/TU", date(YEAR, 6, 12))

AT_MOST = Target.Direction.AT_MOST

# (title, field, why it is a breakthrough, [(measure, unit, value, direction)])
TASKS = [
    (
        "Xóa bỏ lò gạch thủ công trên địa bàn tỉnh",
        "environment",
        "Lò gạch thủ công gây ô nhiễm kéo dài, người dân nhiều lần kiến nghị nhưng chưa xử lý "
        "dứt điểm.",
        [("Lò gạch thủ công được xóa bỏ", "lò", 98), ("Hộ được hỗ trợ chuyển đổi nghề", "hộ", 120)],
    ),
    (
        "Nộp hồ sơ thủ tục hành chính cấp xã hoàn toàn trực tuyến",
        "administration",
        "Sau sắp xếp chính quyền hai cấp, xã mới rộng, người dân đi lại xa; dịch vụ công trực "
        "tuyến là khâu đột phá của cải cách hành chính.",
        [
            ("Thủ tục hành chính cấp xã nộp trực tuyến", "%", 100),
            ("Hồ sơ giải quyết trước và đúng hạn", "%", 98),
        ],
    ),
    (
        "Giảm nghèo bền vững ở các xã vùng đồng bào dân tộc thiểu số",
        "society",
        "Tỷ lệ hộ nghèo ở các xã vùng cao còn cao gấp ba lần bình quân của tỉnh.",
        [("Tỷ lệ hộ nghèo", "%", 3, AT_MOST), ("Nhà tạm, nhà dột nát được xóa", "căn", 450)],
    ),
    (
        "Số hóa hồ sơ đảng viên, quản lý đảng viên trên phần mềm",
        "party",
        "Hồ sơ đảng viên còn lưu trữ giấy, tra cứu chậm, dễ thất lạc khi sắp xếp tổ chức.",
        [
            ("Hồ sơ đảng viên được số hóa", "%", 100),
            ("Tổ chức cơ sở đảng sử dụng phần mềm", "tổ chức", 1350),
        ],
    ),
    (
        "Xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "agriculture",
        "Nhiều xã đã đạt chuẩn nhưng tiêu chí thu nhập, môi trường còn thiếu bền vững.",
        [
            ("Xã đạt chuẩn nông thôn mới nâng cao", "xã", 12),
            ("Xã đạt chuẩn nông thôn mới kiểu mẫu", "xã", 3),
        ],
    ),
    (
        "Thu hút đầu tư vào các khu công nghiệp của tỉnh",
        "economy",
        "Tỷ lệ lấp đầy khu công nghiệp mới đạt 60%, thủ tục đầu tư còn kéo dài.",
        [("Vốn đầu tư đăng ký mới", "tỷ đồng", 15000), ("Dự án FDI cấp mới", "dự án", 20)],
    ),
    (
        "Giải phóng mặt bằng các dự án trọng điểm",
        "economy",
        "Chậm giải phóng mặt bằng là điểm nghẽn lớn nhất của giải ngân vốn đầu tư công.",
        [
            ("Diện tích mặt bằng bàn giao cho nhà đầu tư", "ha", 350),
            ("Vụ khiếu nại kéo dài về đất đai", "vụ", 0, AT_MOST),
        ],
    ),
    (
        "Phát triển vùng chè đặc sản theo chuỗi giá trị",
        "agriculture",
        "Chè là cây trồng chủ lực nhưng giá trị thấp do sản xuất nhỏ lẻ, thiếu liên kết.",
        [
            ("Diện tích chè được chứng nhận VietGAP", "ha", 1200),
            ("Sản phẩm OCOP từ chè", "sản phẩm", 15),
        ],
    ),
    (
        "Chuyển đổi số trong khám bệnh, chữa bệnh",
        "society",
        "Người bệnh còn phải mang nhiều giấy tờ; dữ liệu khám chữa bệnh chưa liên thông.",
        [
            ("Bệnh viện triển khai bệnh án điện tử", "bệnh viện", 12),
            ("Người dân có hồ sơ sức khỏe điện tử", "%", 95),
        ],
    ),
    (
        "Nâng cao chất lượng giáo dục ở vùng khó khăn",
        "society",
        "Chênh lệch chất lượng giáo dục giữa vùng thấp và vùng cao còn lớn.",
        [
            ("Trường đạt chuẩn quốc gia", "trường", 40),
            ("Tỷ lệ học sinh bỏ học", "%", Decimal("0.5"), AT_MOST),
        ],
    ),
    (
        "Phát triển du lịch cộng đồng gắn với di sản Hát Xoan",
        "society",
        "Di sản được UNESCO ghi danh nhưng chưa trở thành sản phẩm du lịch có thương hiệu.",
        [
            ("Lượt khách du lịch", "nghìn lượt", 1500),
            ("Điểm du lịch cộng đồng được công nhận", "điểm", 6),
        ],
    ),
    (
        "Đấu tranh, giảm tội phạm và tệ nạn ma túy",
        "defence",
        "Tội phạm ma túy ở các xã giáp ranh có chiều hướng gia tăng.",
        [("Xã không có tệ nạn ma túy", "xã", 30), ("Tỷ lệ điều tra, khám phá án hình sự", "%", 85)],
    ),
    (
        "Xây dựng lực lượng dân quân vững mạnh, rộng khắp sau sắp xếp",
        "defence",
        "Sau sắp xếp đơn vị hành chính, lực lượng dân quân ở nhiều xã phải kiện toàn lại.",
        [("Xã hoàn thành diễn tập khu vực phòng thủ", "xã", 20)],
    ),
    (
        "Nâng cao chỉ số hài lòng của người dân về phục vụ hành chính",
        "administration",
        "Chỉ số SIPAS của tỉnh nhiều năm đứng ở nhóm giữa cả nước.",
        [("Chỉ số hài lòng (SIPAS)", "%", 90)],
    ),
    (
        "Tăng thu ngân sách nhà nước, chống thất thu",
        "economy",
        "Nợ đọng thuế còn cao, thất thu trong thương mại điện tử và kinh doanh cá thể.",
        [("Thu ngân sách nội địa", "tỷ đồng", 18500), ("Nợ thuế trên tổng thu", "%", 5, AT_MOST)],
    ),
    (
        "Phát triển đảng viên trong doanh nghiệp ngoài nhà nước",
        "party",
        "Số doanh nghiệp có tổ chức đảng còn rất ít so với số doanh nghiệp đang hoạt động.",
        [
            ("Đảng viên mới kết nạp trong doanh nghiệp", "đảng viên", 150),
            ("Tổ chức đảng mới thành lập trong doanh nghiệp", "tổ chức", 10),
        ],
    ),
    (
        "Thu gom, xử lý rác thải sinh hoạt ở nông thôn",
        "environment",
        "Rác thải sinh hoạt nông thôn tăng nhanh, nhiều bãi rác tự phát gây bức xúc.",
        [
            ("Rác thải sinh hoạt nông thôn được thu gom, xử lý", "%", 90),
            ("Bãi rác tự phát được xóa bỏ", "bãi", 60),
        ],
    ),
    (
        "Giải quyết dứt điểm đơn thư khiếu nại, tố cáo tồn đọng",
        "party",
        "Một số vụ việc kéo dài nhiều năm, phát sinh đoàn đông người.",
        [
            ("Vụ việc tồn đọng được giải quyết dứt điểm", "vụ", 45),
            ("Đoàn đông người vượt cấp", "đoàn", 0, AT_MOST),
        ],
    ),
    (
        "Xây dựng cơ quan điện tử, họp không giấy",
        "administration",
        "Văn bản giấy còn nhiều, thời gian xử lý hồ sơ kéo dài.",
        [("Văn bản đi được ký số", "%", 98), ("Cuộc họp không giấy", "cuộc", 40)],
    ),
    (
        "Phát triển hợp tác xã nông nghiệp kiểu mới",
        "agriculture",
        "Kinh tế tập thể yếu, nhiều hợp tác xã hoạt động cầm chừng.",
        [
            ("Hợp tác xã nông nghiệp mới thành lập", "hợp tác xã", 30),
            ("Hợp tác xã hoạt động hiệu quả", "%", 80),
        ],
    ),
    (
        "Hỗ trợ thanh niên khởi nghiệp, lập nghiệp",
        "society",
        "Thanh niên nông thôn thiếu vốn, thiếu kỹ năng khởi nghiệp, đi làm ăn xa đông.",
        [("Dự án khởi nghiệp của thanh niên được hỗ trợ", "dự án", 50)],
    ),
    (
        "Nâng cao hiệu quả tín dụng chính sách xã hội",
        "economy",
        "Nguồn vốn ủy thác địa phương còn thấp so với nhu cầu vay của hộ nghèo, cận nghèo.",
        [
            ("Dư nợ cho vay hộ nghèo, cận nghèo", "tỷ đồng", 2500),
            ("Tỷ lệ nợ quá hạn", "%", Decimal("0.3"), AT_MOST),
        ],
    ),
    (
        "Mở rộng bảo hiểm xã hội, bảo hiểm y tế toàn dân",
        "society",
        "Tỷ lệ lao động tham gia bảo hiểm xã hội thấp hơn mục tiêu của Nghị quyết 28-NQ/TW.",
        [
            ("Lực lượng lao động tham gia bảo hiểm xã hội", "%", 45),
            ("Dân số tham gia bảo hiểm y tế", "%", 95),
        ],
    ),
    (
        "Sắp xếp thôn, tổ dân phố và kiện toàn chi bộ sau sáp nhập",
        "party",
        "Nhiều thôn quy mô nhỏ, chi bộ ghép, sinh hoạt kém chất lượng.",
        [
            ("Thôn, tổ dân phố được sắp xếp", "thôn", 120),
            ("Chi bộ được kiện toàn", "chi bộ", 120),
        ],
    ),
]
# The commune Party secretaries' own tasks (the last one is 2025's).
COMMUNE_TASKS = [
    (
        "Dồn điền đổi thửa, tích tụ ruộng đất sản xuất hàng hóa",
        "agriculture",
        "Ruộng đất manh mún, mỗi hộ có 6 đến 8 thửa, không cơ giới hóa được.",
        [("Diện tích dồn điền đổi thửa", "ha", 250)],
    ),
    (
        "Chỉnh trang đô thị, lập lại trật tự vỉa hè",
        "environment",
        "Lấn chiếm vỉa hè, lòng đường kéo dài ở các tuyến phố trung tâm.",
        [("Tuyến phố văn minh đô thị", "tuyến", 8)],
    ),
    (
        "Xây dựng xã đạt chuẩn nông thôn mới nâng cao",
        "agriculture",
        "Xã mới sau sáp nhập có hai xã cũ chưa đạt các tiêu chí nâng cao.",
        [
            ("Tiêu chí nông thôn mới nâng cao đạt", "tiêu chí", 19),
            ("Tỷ lệ hộ nghèo", "%", 3, AT_MOST),
        ],
    ),
    (
        "Vận động nhân dân hiến đất mở rộng đường giao thông nông thôn",
        "agriculture",
        "Đường liên thôn hẹp, xe cơ giới không vào được vùng sản xuất.",
        [("Đường giao thông nông thôn được mở rộng", "km", 25), ("Hộ hiến đất", "hộ", 300)],
    ),
]

PLANS = [
    "Ban hành kế hoạch chi tiết, phân công lãnh đạo phụ trách từng nội dung; rà soát, lập danh "
    "mục cụ thể; kiểm tra, đôn đốc hằng tháng; sơ kết 6 tháng, báo cáo Ban Thường vụ Tỉnh ủy.",
    "Thành lập tổ công tác liên ngành; tuyên truyền, vận động nhân dân; bố trí kinh phí từ "
    "nguồn sự nghiệp và xã hội hóa; giao chỉ tiêu đến từng xã, phường.",
    "Rà soát cơ chế, chính sách, đề xuất tháo gỡ vướng mắc; ứng dụng công nghệ số trong theo "
    "dõi; biểu dương kịp thời tập thể, cá nhân làm tốt, phê bình nơi chậm.",
]
RETURN_MESSAGE = "Đề nghị đồng chí hoàn thiện nội dung theo các ý kiến dưới đây rồi đăng ký lại."
RETURN_COMMENTS = [
    ("objectives", "Mục tiêu còn chung chung, chưa gắn với kết quả cụ thể đến cuối năm."),
    ("targets", "Bổ sung chỉ tiêu định lượng, có đơn vị tính và giá trị cụ thể."),
    ("plan", "Nêu rõ lộ trình theo quý và đơn vị chủ trì từng giải pháp."),
]
PROGRESS = [
    "Đã ban hành kế hoạch triển khai, giao nhiệm vụ cho các phòng, đơn vị; tổ chức hội nghị "
    "quán triệt.",
    "Triển khai đồng bộ các giải pháp, kết quả đạt khoảng hai phần ba chỉ tiêu; còn vướng mắc "
    "về kinh phí, đã đề xuất tỉnh hỗ trợ.",
    "Cơ bản hoàn thành các phần việc theo kế hoạch; đang hoàn thiện hồ sơ, số liệu để tự đánh "
    "giá cuối năm.",
]
REMARKS = [
    "Tiến độ bảo đảm theo kế hoạch; đề nghị tiếp tục quan tâm chỉ tiêu còn thấp.",
    "Đề nghị đẩy nhanh tiến độ, báo cáo kết quả cụ thể theo từng chỉ tiêu.",
]
CONCLUSION_NOTES = {
    Level.EXCELLENT: "Hoàn thành vượt mức các chỉ tiêu, cách làm sáng tạo, được nhân rộng.",
    Level.GOOD: "Hoàn thành các chỉ tiêu đề ra, chuyển biến rõ nét.",
    Level.COMPLETED: "Cơ bản hoàn thành, còn một chỉ tiêu chưa đạt.",
    Level.NOT_COMPLETED: "Chưa đạt các chỉ tiêu chính; cần rút kinh nghiệm sâu sắc.",
}
# 2025's conclusions, in the order of its tasks (the four levels, mostly good).
LEVELS_BEFORE = [
    Level.GOOD,
    Level.EXCELLENT,
    Level.GOOD,
    Level.COMPLETED,
    Level.GOOD,
    Level.EXCELLENT,
    Level.GOOD,
    Level.COMPLETED,
    Level.NOT_COMPLETED,
    Level.GOOD,
    Level.COMPLETED,
]
# 2026, besides the demo cadre's four tasks: how many tasks of each state.
STATES = [
    *["assigned"] * 14,
    *["registered"] * 4,
    "adjusted",
    *["returned"] * 2,
    *["draft"] * 3,
    "changed",
    "dropped",
]


def _moment(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _not_after_today(day):
    return min(day, timezone.localdate())


@transaction.atomic
def seed_breakthroughs(rng, staff, leader):
    """The demo's breakthrough tasks (idempotent: nothing when a year's deadlines exist)."""
    if BreakthroughYear.objects.exists():
        return
    for year in (BEFORE, YEAR):
        BreakthroughYear.objects.create(
            year=year,
            registration_deadline=date(year, 3, 31),
            approval_deadline=date(year, 4, 30),
            assessment_deadline=date(year, 12, 15),
        )
    own = User.objects.filter(username="canbo").select_related("cadre").first()
    leaders = _standing_board(own.cadre if own else None)
    secretaries = _commune_secretaries(rng)
    focal_points = [staff, leader]
    people = {"staff": staff, "leader": leader, "focal": focal_points}
    pick = _catalogue(rng)

    # 2025: every task assigned, assessed and concluded, but one carried into 2026. (The demo
    # cadre was appointed in 2026: their tasks are all of this year.)
    own_cadre = own.cadre if own else None
    others = [c for c in leaders if c != own_cadre]
    concluded = [*others[:10], secretaries[0]]
    for n, cadre in enumerate(concluded):
        template = COMMUNE_TASKS[-1] if cadre.commune_id else next(pick)
        task = _assigned(
            rng, cadre, staff, template, BEFORE, people, focal_points[n % 2], progress=2
        )
        _year_end(rng, task, LEVELS_BEFORE[n % len(LEVELS_BEFORE)], people)
    task = _assigned(rng, others[0], staff, next(pick), BEFORE, people, staff, progress=2)
    carried = services.task_carry(
        task=task,
        reason="Dự án chưa được bố trí đủ vốn trong năm; chuyển sang năm sau thực hiện tiếp.",
        user=staff,
    )
    _backdate_versions(
        task, date(BEFORE, 3, 20), approved=DECISIONS[BEFORE][1], last=date(BEFORE, 12, 22)
    )

    # 2026: the task carried from 2025, registered again and assigned.
    services.task_register(task=carried, version=carried.version, user=staff)
    carried = services.task_approve(task=carried, user=leader, **_decision(YEAR))
    _progress(rng, carried, staff, 2, YEAR)
    _backdate_versions(carried, date(YEAR, 3, 15), approved=DECISIONS[YEAR][1])
    # The demo cadre's tasks in several states.
    pick = _catalogue(rng)
    if own:
        _assigned(rng, own_cadre, own, next(pick), YEAR, people, staff, progress=3, remark=True)
        task = _registered(rng, own_cadre, own, next(pick), YEAR, date(YEAR, 11, 25))
        _backdate_versions(task, date(YEAR, 11, 25))
        _returned(rng, own_cadre, own, next(pick), people)
        _draft(rng, own_cadre, own, next(pick), day=date(YEAR, 11, 28))
    # The others: about one task each, a few with two.
    cadres = secretaries + others
    for n, state in enumerate(STATES):
        cadre = cadres[n % len(cadres)]
        first = n < len(cadres)
        template = COMMUNE_TASKS[n] if cadre.commune_id and first else next(pick)
        focal = focal_points[n % 2]
        if state == "assigned":
            task = _assigned(
                rng, cadre, staff, template, YEAR, people, focal, progress=rng.randint(1, 3)
            )
            if n % 5 == 0:
                _remark(task, focal, date(YEAR, 10, 5))
            if n % 6 == 1:  # a few cadres have self-assessed already
                _self_assess(rng, task, staff, Level.GOOD)
        elif state in ("registered", "adjusted"):
            task = _registered(
                rng, cadre, staff, template, YEAR, date(YEAR, 3, rng.randint(20, 31))
            )
            if state == "adjusted":
                _adjust(task, people, focal)
            _backdate_versions(task, date(YEAR, 3, 25))
        elif state == "returned":
            _returned(rng, cadre, staff, template, people)
        elif state == "draft":
            _draft(rng, cadre, staff, template)
        elif state == "changed":
            task = _assigned(rng, cadre, staff, template, YEAR, people, focal, progress=1)
            rows = [_target_row(t) for t in task.targets.all()]
            rows[0]["value"] = (rows[0]["value"] * Decimal("0.8")).quantize(Decimal("1"))
            services.task_update(
                task=task,
                data={},
                targets=rows,
                version=task.version,
                user=staff,
                reason="Nguồn vốn năm 2026 bị cắt giảm; đề nghị điều chỉnh chỉ tiêu thứ nhất.",
            )
            _backdate_versions(task, date(YEAR, 3, 18), approved=DECISIONS[YEAR][1])
        elif state == "dropped":
            task = _assigned(rng, cadre, staff, template, YEAR, people, focal, progress=1)
            services.task_drop(
                task=task,
                reason="Dự án đầu tư bị dừng theo chủ trương của Trung ương; nhiệm vụ không còn "
                "điều kiện thực hiện.",
                user=staff,
            )
            _backdate_versions(task, date(YEAR, 3, 12), approved=DECISIONS[YEAR][1])


def _standing_board(own_cadre):
    """About twenty heads of agencies under the Standing Board's management (and the demo
    cadre, whoever they are)."""
    heads = list(
        Cadre.objects.of_agencies()
        .in_office()
        .exclude(position__startswith="Phó")
        .order_by("agency__search_name", "pk")[:STANDING_BOARD_LEADERS]
    )
    if own_cadre is not None and own_cadre not in heads:
        heads = [own_cadre, *heads[: STANDING_BOARD_LEADERS - 1]]
    Cadre.objects.filter(pk__in=[c.pk for c in heads]).update(standing_board=True)
    for cadre in heads:
        cadre.standing_board = True
    return heads


def _commune_secretaries(rng):
    """Three communes' Party secretaries in the registry (a commune instead of an agency),
    under the Standing Board's management since 2025."""
    accounts = User.objects.filter(username__in=["xa04792", "xa04795"]).select_related("commune")
    communes = [u.commune for u in accounts.order_by("username")]
    more = Commune.objects.filter(province_id=communes[0].province_id, kind=communes[0].kind)
    more = more.exclude(pk__in=[c.pk for c in communes]).order_by("code")
    communes += list(more[: 3 - len(communes)])
    cadres = []
    for commune in communes:
        member = CommuneMember.objects.filter(
            commune=commune, position=CommuneMember.Position.SECRETARY
        ).first()
        name = member.full_name if member else _name(rng)
        born = (member.date_of_birth if member else None) or date(
            rng.randint(1968, 1982), rng.randint(1, 12), rng.randint(1, 28)
        )
        cadre, _ = Cadre.objects.get_or_create(
            commune=commune,
            full_name=name,
            date_of_birth=born,
            defaults={
                "position": f"Bí thư Đảng ủy {commune.kind_word}",
                "gender": Cadre.Gender.MALE,
                "standing_board": True,
                "phone": f"09{rng.randint(10000000, 99999999)}",
            },
        )
        cadres.append(cadre)
    return cadres


def _name(rng):
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _decision(year):
    number, day = DECISIONS[year]
    return {"decision_number": number, "decision_date": day}


def _target_row(target):
    return {
        "measure": target.measure,
        "unit": target.unit,
        "value": target.value,
        "direction": target.direction,
    }


def _catalogue(rng):
    """The tasks' texts in a random order, for one year (over again when they run out)."""
    catalogue = list(TASKS)
    rng.shuffle(catalogue)
    return iter(catalogue * 2)


def _data(template, year):
    title, field, rationale, targets = template
    described = "; ".join(
        f"{measure[0].lower()}{measure[1:]} "
        f"{'không quá' if rest and rest[0] == AT_MOST else 'đạt'} "
        f"{str(value).replace('.', ',')}{'' if unit == '%' else ' '}{unit}"
        for measure, unit, value, *rest in targets
    )
    return {
        "title": title,
        "field": field,
        "rationale": rationale,
        "objectives": f"Đến ngày 31/12/{year}: {described}.",
        "plan": PLANS[len(title) % len(PLANS)],
        "start_date": date(year, 3, 1),
        "deadline": date(year, 12, 31),
    }


def _targets(template):
    return [
        {
            "measure": measure,
            "unit": unit,
            "value": value,
            "direction": rest[0] if rest else Target.Direction.AT_LEAST,
        }
        for measure, unit, value, *rest in template[3]
    ]


def _draft(rng, cadre, account, template, year=YEAR, day=None):
    task = services.task_create(
        cadre=cadre, year=year, data=_data(template, year), targets=_targets(template), user=account
    )
    day = day or date(year, 3, rng.randint(2, 20))
    Task.objects.filter(pk=task.pk).update(created_at=_moment(_not_after_today(day), 8))
    return task


def _registered(rng, cadre, account, template, year, day):
    task = _draft(rng, cadre, account, template, year, day - timedelta(days=4))
    return services.task_register(task=task, version=task.version, user=account)


def _adjust(task, people, focal):
    """Staff adjust a registered task: its focal point (a staff or leader account)."""
    return services.task_update(
        task=task,
        data={"focal_point": focal},
        targets=None,
        version=task.version,
        user=people["staff"],
    )


def _returned(rng, cadre, account, template, people):
    task = _registered(rng, cadre, account, template, YEAR, date(YEAR, 3, 28))
    services.task_comment(
        task=task,
        field="title",
        text="Tên nhiệm vụ cần thể hiện rõ kết quả cần đạt.",
        user=people["leader"],
    )
    fields = RETURN_COMMENTS[: rng.randint(2, 3)]
    task = services.task_return(
        task=task, message=RETURN_MESSAGE, comments=fields, user=people["staff"]
    )
    _backdate_versions(task, date(YEAR, 3, 28))
    return task


def _assigned(rng, cadre, account, template, year, people, focal, *, progress, remark=False):
    """A task registered, adjusted by staff (its focal point), approved by a leader with the
    year's decision, and its progress reports."""
    registered_on = date(year, 3, rng.randint(5, 30))
    task = _registered(rng, cadre, account, template, year, registered_on)
    task = _adjust(task, people, focal)
    task = services.task_approve(task=task, user=people["leader"], **_decision(year))
    _progress(rng, task, account, progress, year)
    if remark:
        _remark(task, focal, date(year, 9, 20))
    _backdate_versions(task, registered_on, approved=DECISIONS[year][1])
    return task


def _so_far(target, share):
    """A value reached at `share` of the year."""
    value = Decimal(target.value)
    if target.direction == AT_MOST:
        return ((value * Decimal("1.6") + 1) - (value * Decimal("0.6") + 1) * share).quantize(
            Decimal("0.1")
        )
    return (value * share).quantize(Decimal("1") if value >= 10 else Decimal("0.1"))


def _progress(rng, task, account, count, year):
    days = [date(year, 6, 25), date(year, 9, 15), date(year, 11, 20)][:count]
    for n, day in enumerate(days):
        share = Decimal(n + 1) / Decimal(len(days) + 1)
        report = services.progress_add(
            task=task,
            day=_not_after_today(day),
            text=PROGRESS[min(n, len(PROGRESS) - 1)],
            values={t.pk: _so_far(t, share) for t in task.targets.all()},
            user=account,
        )
        ProgressReport.objects.filter(pk=report.pk).update(at=_moment(report.day, 16))


def _remark(task, focal, day):
    comment = services.remark_add(task=task, text=REMARKS[task.pk % len(REMARKS)], user=focal)
    TaskComment.objects.filter(pk=comment.pk).update(at=_moment(_not_after_today(day), 10))


def _reached(target, level, rng):
    """A value reached that makes the target reached or not, as the level says."""
    value = Decimal(target.value)
    reached = level in (Level.EXCELLENT, Level.GOOD) or (
        level == Level.COMPLETED and target.position == 1
    )
    if target.direction == AT_MOST:
        return (value * Decimal("0.8")).quantize(Decimal("0.1")) if reached else value + 1
    factor = {Level.EXCELLENT: "1.15", Level.GOOD: "1.02"}.get(level, "1")
    if not reached:
        factor = "0.7"
    return (value * Decimal(factor)).quantize(Decimal("1") if value >= 10 else Decimal("0.1"))


def _self_assess(rng, task, account, level):
    services.self_assess(
        task=task,
        values={t.pk: _reached(t, level, rng) for t in task.targets.all()},
        text="Đã triển khai đầy đủ các giải pháp theo kế hoạch; kết quả từng chỉ tiêu như trên.",
        user=account,
    )


def _year_end(rng, task, level, people):
    """2025's year end: the cadre's self-assessment, the focal point's, the conclusion."""
    _self_assess(rng, task, people["staff"], level)
    if task.pk % 4:  # the focal point assessed most of them
        services.focal_assess(
            task=task,
            values={t.pk: _reached(t, level, rng) for t in task.targets.all()},
            text="Thống nhất với kết quả tự đánh giá; số liệu đã được kiểm tra thực tế.",
            user=task.focal_point,
        )
    task.refresh_from_db()
    services.task_conclude(
        task=task, level=level, note=CONCLUSION_NOTES[level], user=people["leader"]
    )
    Task.objects.filter(pk=task.pk).update(concluded_at=_moment(date(BEFORE + 1, 1, 15), 15))
    TaskVersion.objects.filter(task=task, kind=TaskVersion.Kind.CONCLUDED).update(
        at=_moment(date(BEFORE + 1, 1, 15), 15)
    )


def _backdate_versions(task, first, *, approved=None, last=None):
    """The versions' moments on plausible days from `first` (the approval on the decision's
    day), comments with their version; never after today."""
    day = first
    for version in task.versions.exclude(kind=TaskVersion.Kind.CONCLUDED).order_by("number"):
        if version.kind == TaskVersion.Kind.APPROVED and approved:
            day = approved
        elif version.kind in (TaskVersion.Kind.CARRIED,) and last:
            day = last
        elif version.kind in (TaskVersion.Kind.CHANGED, TaskVersion.Kind.DROPPED):
            day = date(task.year, 9, 10)
        elif version.number > 1:
            day = day + timedelta(days=3 + version.number)
        at = _moment(_not_after_today(day), 9 + version.number % 8)
        TaskVersion.objects.filter(pk=version.pk).update(at=at)
        TaskComment.objects.filter(
            task=task, kind=TaskComment.Kind.REVIEW, version_number=version.number
        ).update(at=at)
        if version.kind == TaskVersion.Kind.APPROVED:
            Task.objects.filter(pk=task.pk).update(approved_at=at)
