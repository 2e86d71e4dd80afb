"""A written request (công văn đề nghị) as a Decree 30/2020 document (core.documents): the asking
agency as issuer, "Kính gửi" the recipient, the covered cases as a table, "Nơi nhận", the signature
of the approving leader. A draft prints "Số: …" and "ngày … tháng … năm …"."""

from __future__ import annotations

import re

from thongsuot.accounts.models import Level
from thongsuot.core.documents import Document, Issuer, Section, Signature, Table
from thongsuot.obstacles.models import EscalationRequest, Obstacle

LEADING_NUMBER = re.compile(r"^(\d+)/(.+)$")


def symbol_of(agency) -> str:
    """The symbol of an agency's written requests: “UBND-NV” for a people's committee, “BNV-NV”
    for a ministry (its code)."""
    if agency.level in (Level.PROVINCE, Level.COMMUNE):
        return "UBND-NV"
    return f"{agency.code}-NV"


def _full_name(agency_name: str) -> str:
    """“UBND Thành phố Hà Nội” → “Ủy ban nhân dân Thành phố Hà Nội” (the issuer is written in full)."""
    return re.sub(r"^UBND\s+", "Ủy ban nhân dân ", agency_name)


def _place(request: EscalationRequest) -> str:
    agency = request.from_agency
    if agency.level == Level.PROVINCE and agency.province_id:
        return re.sub(r"^(Thành phố|Tỉnh|tỉnh)\s+", "", agency.province.name)
    return "Hà Nội"


def request_document(request: EscalationRequest, cases: list[Obstacle]) -> Document:
    agency = request.from_agency
    number, symbol = None, request.number or ""
    match = LEADING_NUMBER.match(request.number or "")
    if match:
        number, symbol = int(match.group(1)), match.group(2)
    elif not symbol:
        symbol = symbol_of(agency)
    rows = tuple((index, case.commune.name if case.commune_id else case.province.name, case.title, case.code)
                 for index, case in enumerate(cases, start=1))
    paragraphs = tuple(line for line in request.content.splitlines() if line.strip())
    is_committee = agency.level in (Level.PROVINCE, Level.COMMUNE)
    authority = ("TM. Ủy ban nhân dân", request.signer_title or "Chủ tịch") if is_committee else (
        request.signer_title or "Thủ trưởng",)
    return Document(
        issuer=Issuer(name=_full_name(agency.name)),
        number=number,
        symbol=symbol,
        place=_place(request),
        date=request.signed_on,
        excerpt=request.excerpt or request.content[:80],
        recipients=(request.to_agency.name,),
        paragraphs=paragraphs,
        sections=(Section(heading="Danh sách khó khăn, vướng mắc đề nghị hướng dẫn",
                          tables=(Table(header=("STT", "Đơn vị", "Nội dung khó khăn, vướng mắc", "Mã hồ sơ"),
                                        rows=rows, widths=(8, 26, 50, 16)),)),),
        closing=("Trân trọng./.",),
        copies_to=("Như trên", *dict.fromkeys(f"UBND {case.commune.name}" for case in cases if case.commune_id)),
        filed_at="VT, NV",
        signature=Signature(authority=authority, signer=request.signer_name or "(Chưa ký)"),
    )
