"""A sample catalogue of ~100 decentralised tasks (illustrative, marked as sample) and
sample commune states, so the national page has something to show."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level, User
from thongsuot.core.vocabulary import MINISTRY_CODES, Sector
from thongsuot.decentralisation.models import CommuneTaskState, DecentralisedTask, DifficultyCause, TaskState
from thongsuot.decentralisation.services import task_state_set
from thongsuot.geo.models import Commune
from thongsuot.geo.selectors import communes_sample
from thongsuot.obstacles.services import emails_muted

#: sector → (legal basis, task names)
CATALOGUE = {
    Sector.HOME_AFFAIRS: ("Nghị định 129/2025/NĐ-CP", [
        "Quyết định tuyển dụng công chức cấp xã", "Quản lý vị trí việc làm của UBND cấp xã",
        "Công nhận ban đại diện cộng đồng tôn giáo cơ sở", "Xác nhận người có công với cách mạng",
        "Quản lý hội có phạm vi hoạt động trong xã", "Khen thưởng thành tích trong phong trào thi đua cấp xã",
        "Tiếp nhận thông báo sinh hoạt tôn giáo tập trung", "Quản lý hồ sơ cán bộ, công chức cấp xã",
        "Quyết định điều động công chức trong phạm vi xã", "Chi trả trợ cấp một lần cho người có công",
        "Thẩm định hồ sơ thôi việc của công chức cấp xã", "Quản lý văn thư, lưu trữ của UBND cấp xã"]),
    Sector.FINANCE: ("Nghị định 125/2025/NĐ-CP", [
        "Quyết định xử lý tài sản công tại cơ quan cấp xã", "Phê duyệt dự toán mua sắm tài sản cấp xã",
        "Quyết định cho thuê tài sản công dôi dư", "Lập kế hoạch đầu tư công trung hạn cấp xã",
        "Thẩm định quyết toán dự án nhóm C do xã quản lý", "Quyết định điều chuyển tài sản giữa các đơn vị thuộc xã",
        "Cấp giấy chứng nhận đăng ký hộ kinh doanh", "Quản lý thu phí, lệ phí theo phân cấp",
        "Quyết định thanh lý tài sản công cấp xã", "Phê duyệt phương án sắp xếp nhà, đất"]),
    Sector.AGRICULTURE_ENVIRONMENT: ("Nghị định 151/2025/NĐ-CP", [
        "Giao đất, cho thuê đất đối với hộ gia đình, cá nhân", "Cho phép chuyển mục đích sử dụng đất",
        "Thu hồi đất theo thẩm quyền", "Đăng ký đất đai lần đầu", "Xác nhận kế hoạch bảo vệ môi trường",
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Phê duyệt phương án bồi thường, hỗ trợ, tái định cư",
        "Quản lý khai thác khoáng sản làm vật liệu thông thường", "Công nhận làng nghề",
        "Phê duyệt kế hoạch phòng, chống thiên tai cấp xã", "Cấp phép khai thác nước mặt quy mô nhỏ",
        "Quản lý rừng cộng đồng dân cư"]),
    Sector.CONSTRUCTION: ("Nghị định 140/2025/NĐ-CP", [
        "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Phê duyệt quy hoạch chi tiết xây dựng điểm dân cư nông thôn",
        "Cấp giấy phép xây dựng có thời hạn", "Thẩm định báo cáo kinh tế - kỹ thuật công trình cấp xã",
        "Quản lý trật tự xây dựng", "Cấp phép đào đường đô thị", "Quản lý chiếu sáng công cộng",
        "Cấp giấy phép di dời công trình", "Quản lý cây xanh đô thị", "Đặt tên đường, phố và công trình công cộng"]),
    Sector.HEALTH: ("Nghị định 148/2025/NĐ-CP", [
        "Quản lý trạm y tế cấp xã", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "Tiếp nhận bản công bố sản phẩm thực phẩm", "Quản lý tiêm chủng mở rộng", "Xác nhận hộ cận nghèo để cấp thẻ BHYT",
        "Kiểm tra an toàn thực phẩm bếp ăn tập thể", "Quản lý hành nghề y tư nhân quy mô nhỏ",
        "Xác định mức độ khuyết tật"]),
    Sector.EDUCATION: ("Nghị định 142/2025/NĐ-CP", [
        "Cho phép thành lập trường mầm non tư thục", "Cho phép hoạt động nhóm trẻ độc lập",
        "Bổ nhiệm hiệu trưởng trường tiểu học", "Quản lý đội ngũ giáo viên mầm non",
        "Phê duyệt kế hoạch phổ cập giáo dục", "Cho phép trường trung học cơ sở hoạt động giáo dục",
        "Công nhận xã đạt chuẩn phổ cập giáo dục", "Sáp nhập, chia tách trường mầm non công lập",
        "Tuyển sinh lớp 6"]),
    Sector.SCIENCE_TECHNOLOGY: ("Nghị định 133/2025/NĐ-CP", [
        "Quản lý hạ tầng viễn thông thụ động", "Cấp phép lắp đặt cột ăng-ten", "Quản lý điểm bưu điện văn hóa xã",
        "Vận hành hệ thống thông tin giải quyết thủ tục hành chính cấp xã", "Quản lý đo lường trong thương mại bán lẻ",
        "Bảo đảm an toàn thông tin cấp độ 2", "Quản lý đài truyền thanh cấp xã", "Số hóa hồ sơ, kết quả giải quyết TTHC"]),
    Sector.JUSTICE: ("Nghị định 120/2025/NĐ-CP", [
        "Đăng ký khai sinh có yếu tố nước ngoài", "Chứng thực hợp đồng, giao dịch liên quan bất động sản",
        "Đăng ký kết hôn có yếu tố nước ngoài", "Đăng ký nhận cha, mẹ, con", "Thay đổi, cải chính hộ tịch",
        "Xử phạt vi phạm hành chính theo thẩm quyền", "Hòa giải cơ sở", "Trợ giúp pháp lý tại cơ sở",
        "Đăng ký giám hộ", "Cấp bản sao trích lục hộ tịch"]),
    Sector.CULTURE: ("Nghị định 137/2025/NĐ-CP", [
        "Cấp giấy phép kinh doanh karaoke", "Xếp hạng di tích cấp xã", "Quản lý lễ hội truyền thống",
        "Cấp phép quảng cáo ngoài trời", "Công nhận gia đình văn hóa", "Quản lý nhà văn hóa thôn, tổ dân phố",
        "Cấp phép tổ chức biểu diễn nghệ thuật", "Quản lý điểm du lịch cộng đồng", "Cấp giấy chứng nhận homestay"]),
    Sector.INDUSTRY_TRADE: ("Nghị định 139/2025/NĐ-CP", [
        "Cấp giấy phép bán lẻ rượu", "Cấp giấy phép bán lẻ sản phẩm thuốc lá", "Quản lý chợ hạng 3",
        "Cấp giấy chứng nhận cửa hàng đủ điều kiện bán LPG", "Quản lý cụm công nghiệp",
        "Cấp giấy phép sản xuất rượu thủ công", "Quản lý an toàn điện nông thôn", "Xác nhận hàng hóa vận chuyển nội địa",
        "Quản lý hoạt động khuyến công", "Kiểm tra thị trường hàng hóa thiết yếu"]),
}


def catalogue_seed(rng: random.Random) -> int:
    ministries = dict(Agency.objects.filter(level=Level.MINISTRY).values_list("code", "id"))
    existing = set(DecentralisedTask.objects.values_list("code", flat=True))
    made = 0
    number = 0
    for sector, (basis, names) in CATALOGUE.items():
        for name in names:
            number += 1
            code = f"PC-{number:03d}"
            if code in existing:
                continue
            issued = rng.random() < 0.62
            DecentralisedTask.objects.create(
                code=code, name=name, legal_basis=f"{basis}, điều {rng.randint(3, 40)}", sector=sector,
                owning_ministry_id=ministries[MINISTRY_CODES[sector]], guidance_issued=issued,
                guidance_document=f"Thông tư {rng.randint(1, 40):02d}/2025/TT-{MINISTRY_CODES[sector]}" if issued else "",
                is_sample=True)
            made += 1
    return made


def sample_states_seed(rng: random.Random) -> int:
    """Bulk sample states for the communes of Hà Nội and Lào Cai (not Hoàn Kiếm: its officer reports), and for
    a few communes of every other province."""
    if CommuneTaskState.objects.exists():
        return 0
    author = User.objects.get(username="demo.tinh")
    tasks = list(DecentralisedTask.objects.values_list("id", "guidance_issued"))
    communes = list(Commune.objects.filter(province__code__in=["01", "15"]).exclude(code="00070")
                    .values_list("id", "province_id"))
    communes += [(c.pk, c.province_id) for c in communes_sample(per_province=3, seed=34,
                                                                 exclude_provinces=["01", "15"])]
    now = timezone.now()
    rows = []
    for commune_id, province_id in communes:
        for task_id, issued in rng.sample(tasks, k=min(len(tasks), 40)):
            weights = [70, 18, 5, 7] if issued else [35, 35, 18, 12]
            state = rng.choices(TaskState.values, weights=weights)[0]
            cause = rng.choice([DifficultyCause.INTERPRETATION, DifficultyCause.PROCEDURE, DifficultyCause.TTHC]) \
                if state == TaskState.DIFFICULT else ""
            rows.append(CommuneTaskState(task_id=task_id, province_id=province_id, commune_id=commune_id,
                                         state=state, cause=cause, note="Số liệu mẫu." if state != "implemented" else "",
                                         updated_by=author, updated_at=now))
    CommuneTaskState.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def seed_demo(personas: dict, out) -> None:
    rng = random.Random(137)
    with transaction.atomic():
        made = catalogue_seed(rng)
        states = sample_states_seed(rng)
    out.write(f"  {made} nhiệm vụ phân cấp mẫu; {states} tình trạng thực hiện mẫu của các xã.")
    officer = User.objects.filter(username="demo.xa").first()
    if officer is None or CommuneTaskState.objects.filter(updated_by=officer).exists():
        return
    with emails_muted():
        for code, state, cause, note in [
            ("PC-001", TaskState.IMPLEMENTED, "", ""),
            ("PC-035", TaskState.DIFFICULT, DifficultyCause.PROCEDURE,
             "Chưa có quy trình nội bộ cấp giấy phép xây dựng nhà ở riêng lẻ sau khi bỏ cấp huyện."),
            ("PC-045", TaskState.CANNOT_IMPLEMENT, "", "Trạm y tế phường chưa đủ nhân lực thực hiện."),
            ("PC-071", TaskState.PROPOSAL, "", "Đề nghị giao thêm biên chế công chức tư pháp - hộ tịch."),
        ]:
            task = DecentralisedTask.objects.filter(code=code).first()
            if task is not None:
                task_state_set(actor=officer, task=task, state=state, cause=cause, note=note)
