"""Sample documents: the `sample-document` command, the tests and `bench/documents.py` use them."""

from __future__ import annotations

import datetime

from thongsuot.core.documents.model import Document, Issuer, Section, Signature, Table

PROVINCE_COMMUNES = (
    "Phường Hoàn Kiếm", "Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ", "Phường Đống Đa",
    "Xã Sóc Sơn", "Xã Đông Anh", "Xã Gia Lâm", "Phường Long Biên", "Phường Cầu Giấy",
)


def sample_letter(*, number: int | None = 12, date: datetime.date | None = datetime.date(2026, 12, 5)) -> Document:
    """A province's written request (công văn đề nghị) to two ministries about staffing cases."""
    return Document(
        issuer=Issuer(parent="Ủy ban nhân dân Thành phố Hà Nội", name="Sở Nội vụ"),
        number=number,
        symbol="SNV-CCVC",
        place="Hà Nội",
        date=date,
        excerpt="đề nghị hướng dẫn bố trí công chức địa chính - xây dựng cấp xã",
        recipients=("Bộ Nội vụ", "Bộ Nông nghiệp và Môi trường"),
        paragraphs=(
            "Thực hiện Kế hoạch số 12/KH-BCĐ ngày 15 tháng 8 năm 2025 của Ban Chỉ đạo về việc tháo gỡ "
            "khó khăn, vướng mắc khi vận hành mô hình chính quyền địa phương hai cấp, Sở Nội vụ Thành phố "
            "Hà Nội đã tổng hợp kiến nghị của các xã, phường trên địa bàn.",
            "Qua rà soát, 02 đơn vị cấp xã (Phường Hoàn Kiếm, Phường Ba Đình) báo cáo thiếu công chức "
            "làm công tác địa chính - xây dựng - đô thị và môi trường, ảnh hưởng đến thời hạn giải quyết "
            "thủ tục hành chính về đất đai cho người dân và doanh nghiệp.",
        ),
        sections=(
            Section(
                heading="Số liệu thiếu công chức theo lĩnh vực",
                tables=(Table(header=("STT", "Đơn vị", "Lĩnh vực", "Biên chế giao", "Hiện có", "Còn thiếu"),
                              rows=((1, "Phường Hoàn Kiếm", "Địa chính - xây dựng", 6, 4, 2),
                                    (2, "Phường Ba Đình", "Địa chính - xây dựng", 7, 5, 2)),
                              widths=(10, 33, 33, 16, 14, 14)),),
            ),
        ),
        closing=(
            "Sở Nội vụ Thành phố Hà Nội kính đề nghị Bộ Nội vụ, Bộ Nông nghiệp và Môi trường xem xét, "
            "có văn bản hướng dẫn việc điều động, biệt phái công chức giữa các xã, phường để kịp thời "
            "bảo đảm nhân lực cho các đơn vị nêu trên.",
            "Trân trọng./.",
        ),
        copies_to=("Như trên", "UBND Thành phố (để b/c)", "UBND Phường Hoàn Kiếm", "UBND Phường Ba Đình"),
        filed_at="VT, CCVC",
        signature=Signature(authority=("KT. Giám đốc", "Phó Giám đốc"), signer="Nguyễn Thị Thu Hà"),
    )


def sample_report(*, pages: int = 10, tables: int = 3) -> Document:
    """A province's periodic report, "Số: …/BC-UBND", about `pages` pages long with `tables` tables."""
    rows_per_table = 40
    narrative = (
        "Trong kỳ báo cáo, Ủy ban nhân dân các xã, phường đã tiếp nhận và giải quyết hồ sơ thủ tục "
        "hành chính đúng hạn; một số đơn vị còn khó khăn về nhân lực chuyên môn, trụ sở làm việc và "
        "hạ tầng kết nối mạng, đã được tổng hợp và kiến nghị cấp có thẩm quyền tháo gỡ."
    )
    # About 10 such paragraphs a page fill the pages left over by the tables (a 40-row table ≈ 1.5 pages).
    paragraph_count = max(3, int((pages - tables * 1.5) * 10))
    sections = []
    for number in range(tables):
        rows = tuple(
            (index + 1, PROVINCE_COMMUNES[index % len(PROVINCE_COMMUNES)], 120 + index * 7, 110 + index * 6,
             round(91.5 + (index % 8) * 0.7, 1))
            for index in range(rows_per_table))
        sections.append(Section(
            heading=f"{'I' * (number + 1) if number < 3 else number + 1}. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {number + 1}",
            paragraphs=(narrative,) * (paragraph_count // tables),
            tables=(Table(header=("STT", "Đơn vị", "Hồ sơ tiếp nhận", "Đúng hạn", "Tỷ lệ (%)"),
                          rows=rows, widths=(8, 44, 18, 16, 14),
                          caption=f"Bảng {number + 1}. Kết quả giải quyết hồ sơ theo đơn vị"),),
        ))
    return Document(
        issuer=Issuer(name="Ủy ban nhân dân Thành phố Hà Nội"),
        symbol="BC-UBND",
        place="Hà Nội",
        kind="Báo cáo",
        excerpt="Tình hình vận hành mô hình chính quyền địa phương hai cấp tuần 49 năm 2026",
        recipients=("Ban Chỉ đạo Trung ương",),
        paragraphs=(narrative,),
        sections=tuple(sections),
        closing=("Ủy ban nhân dân Thành phố Hà Nội kính báo cáo./.",),
        copies_to=("Như trên", "Bộ Nội vụ", "Thường trực Thành ủy (để b/c)"),
        filed_at="VT, NC",
        signature=Signature(authority=("TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch"),
                            signer="Trần Văn Bình"),
    )
