"""A report as a Decree 30/2020 document (core.documents) and its figures as the Excel form (biểu mẫu).

The document follows the regime's outline: each outline line is a section heading, and the part of the
report it names goes under it (the figures under the line about figures, the assessment, the
difficulties, the proposals under theirs); a part no line names gets its own section at the end.
"""

from __future__ import annotations

import re

from thongsuot.core.documents import Document, Issuer, Section, Signature, Table
from thongsuot.core.text import fold
from thongsuot.reports.figures import BASIS_LABELS, GROUP_LABELS, figures_of, on_time_rate
from thongsuot.reports.models import Report, ReportLevel

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
#: Which part of the report an outline line names, by its folded words.
SLOTS = (("figures", ("so lieu", "bieu")), ("difficulties", ("kho khan", "vuong mac")),
         ("proposals", ("de xuat", "kien nghi")), ("assessment", ("danh gia", "tinh hinh", "ket qua")))
DEFAULT_HEADINGS = {"assessment": "Đánh giá chung", "figures": "Số liệu báo cáo",
                    "difficulties": "Khó khăn, vướng mắc", "proposals": "Đề xuất, kiến nghị"}


def full_name(agency_name: str) -> str:
    """“UBND Phường Hoàn Kiếm” → “Ủy ban nhân dân Phường Hoàn Kiếm”."""
    return re.sub(r"^UBND\s+", "Ủy ban nhân dân ", agency_name)


def place_of(report: Report) -> str:
    """The place line names the unit without its kind: “Hoàn Kiếm”, “Hà Nội”."""
    unit = report.commune.name if report.level == ReportLevel.COMMUNE else report.province.name
    return re.sub(r"^(Thành phố|Tỉnh|Xã|Phường|Đặc khu)\s+", "", unit, flags=re.IGNORECASE)


def authority_of(title: str) -> tuple[str, ...]:
    """The signing lines of a people's committee: “TM.”, then “KT. Chủ tịch” for a vice-chairman."""
    folded = fold(title)
    if folded.startswith("pho chu tich"):
        return ("TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch")
    if folded.startswith("chu tich"):
        return ("TM. Ủy ban nhân dân", "Chủ tịch")
    return ("TM. Ủy ban nhân dân", title or "Chủ tịch")


def _slot(heading: str) -> str | None:
    folded = fold(heading)
    for slot, words in SLOTS:
        if any(word in folded for word in words):
            return slot
    return None


def figure_rows(report: Report) -> list[tuple]:
    """The form's rows: group headings (A, B, …) and the figures under them, numbered."""
    rows, group, number = [], None, 0
    letters = "ABCDEFGH"
    for figure in figures_of(report.regime.figures):
        if figure.group != group:
            group = figure.group
            rows.append((letters[len({r[4] for r in rows if r[4]})], str(GROUP_LABELS[group]), None, "", group))
            number = 0
        value = report.figures.get(figure.key)
        if figure.indent:
            rows.append(("", f"– {figure.label}", value, "", ""))
        else:
            number += 1
            rows.append((str(number), str(figure.label), value, str(BASIS_LABELS[figure.basis]), ""))
    if "dossiers" in report.regime.figures:
        rate = on_time_rate(report.figures)
        rows.append(("", "– Tỷ lệ đúng hạn (%)", rate, "", ""))
    return rows


def figures_table(report: Report) -> Table:
    return Table(header=("STT", "Chỉ tiêu", "Số liệu", "Cơ sở số liệu"),
                 rows=tuple(row[:4] for row in figure_rows(report)), widths=(8, 58, 13, 21),
                 caption="Biểu số liệu")


def _figures_section_parts(report: Report) -> tuple[tuple[str, ...], tuple[Table, ...]]:
    source = ("cộng từ báo cáo đã gửi của các xã, phường, đặc khu" if report.level == ReportLevel.PROVINCE
              else "đọc từ cơ sở dữ liệu của hệ thống")
    paragraphs = [f"Số liệu {source}, kỳ từ ngày {report.period_start:%d/%m/%Y} đến ngày "
                  f"{report.period_end:%d/%m/%Y} (ngày chốt số liệu)."]
    tables = [figures_table(report)]
    if report.level == ReportLevel.PROVINCE and report.communes_expected:
        received = len(report.communes_reported)
        paragraphs.append(f"Tổng hợp từ báo cáo của {received}/{report.communes_expected} xã, phường, đặc khu "
                          f"đã gửi; {len(report.communes_missing)} đơn vị chưa gửi báo cáo.")
        if report.communes_missing:
            tables.append(Table(header=("STT", "Mã", "Xã, phường, đặc khu chưa gửi báo cáo"),
                                rows=tuple((index, code, name) for index, (code, name)
                                           in enumerate(report.communes_missing, start=1)),
                                widths=(10, 18, 72), caption="Đơn vị chưa gửi báo cáo"))
    return tuple(paragraphs), tuple(tables)


def _text(value: str) -> tuple[str, ...]:
    lines = tuple(line.strip() for line in value.splitlines() if line.strip())
    return lines or ("(Không có nội dung.)",)


def report_document(report: Report, recipient_name: str) -> Document:
    """The report as an official document; a draft prints “Số: …” and “ngày … tháng … năm …”."""
    texts = {"assessment": _text(report.assessment), "difficulties": _text(report.difficulties),
             "proposals": _text(report.proposals)}
    placed, sections = set(), []
    headings = report.regime.outline_sections()
    for heading in headings:
        slot = _slot(heading)
        if slot in placed:
            slot = None
        placed.add(slot)
        sections.append((heading, slot))
    for slot in ("assessment", "figures", "difficulties", "proposals"):
        if slot not in placed:
            sections.append((DEFAULT_HEADINGS[slot], slot))
    built = []
    for index, (heading, slot) in enumerate(sections):
        numbered = re.sub(r"^([IVX]+|\d+)[.)]\s*", "", heading)
        title = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {numbered.upper()}"
        if slot == "figures":
            paragraphs, tables = _figures_section_parts(report)
            built.append(Section(heading=title, paragraphs=paragraphs, tables=tables))
        elif slot:
            built.append(Section(heading=title, paragraphs=texts[slot]))
        else:
            built.append(Section(heading=title))
    issuer = full_name(report.agency.name)
    number = None
    if report.number:
        match = re.match(r"^(\d+)/", report.number)
        number = int(match.group(1)) if match else None
    return Document(
        issuer=Issuer(name=issuer),
        number=number,
        symbol="BC-UBND",
        place=place_of(report),
        date=report.signed_on,
        kind="Báo cáo",
        excerpt=f"{report.regime.name} (kỳ từ ngày {report.period_start:%d/%m/%Y} đến ngày "
                f"{report.period_end:%d/%m/%Y})",
        recipients=(full_name(recipient_name),),
        paragraphs=(f"Thực hiện chế độ báo cáo “{report.regime.name}”, {issuer} báo cáo như sau:",),
        sections=tuple(built),
        closing=(f"{issuer} kính báo cáo./.",),
        copies_to=("Như trên", "Chủ tịch, các Phó Chủ tịch UBND"),
        filed_at="VT, VP",
        signature=Signature(authority=authority_of(report.signer_title),
                            signer=report.signer_name or "(Chưa ký)"),
        title=f"Báo cáo {report.number or 'dự thảo'} — {report.agency.name}",
    )
