"""A written request (công văn đề nghị) and its answer (công văn trả lời) as Decree 30/2020 documents
(core.documents): the issuing agency, "Kính gửi" the recipient, the covered cases as a table (the
answer's with each case's answer when answered item by item), "Nơi nhận", and the signature block
with its authority lines ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" when a vice-chairman
signs). A draft prints "Số: …" and "ngày … tháng … năm …"."""

from __future__ import annotations

import re

from thongsuot.accounts.models import Level
from thongsuot.core.documents import Document, Issuer, Section, Signature, Table
from thongsuot.core.text import fold
from thongsuot.obstacles.models import EscalationAnswer, EscalationRequest, Obstacle

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


#: Where an agency's name starts inside a signer's job title ("Phó Chủ tịch UBND Thành phố Hà Nội").
TITLE_TAIL = re.compile(r"\s+(UBND|Ủy ban|Uỷ ban|Bộ|Chỉ đạo|Vụ|Cục)\b.*$")


def _office(title: str) -> str:
    """The office alone, without the agency the job title names: “Phó Chủ tịch”."""
    return TITLE_TAIL.sub("", title.strip()) or title.strip()


def signature_authority(agency, signer_title: str) -> tuple[str, ...]:
    """The authority lines above a signature (Decree 30/2020, Appendix I): a people's committee signs
    “TM. Ủy ban nhân dân”, and a vice-chairman “KT. Chủ tịch” above “Phó Chủ tịch”; a deputy minister
    “KT. Bộ trưởng” above “Thứ trưởng”; another official of a ministry “TL. Bộ trưởng” above their office;
    the national steering committee likewise with its head (“Trưởng Ban”)."""
    office = _office(signer_title)
    folded = fold(office)
    if agency.level in (Level.PROVINCE, Level.COMMUNE):
        if folded.startswith("pho chu tich"):
            return ("TM. Ủy ban nhân dân", "KT. Chủ tịch", office)
        return ("TM. Ủy ban nhân dân", office or "Chủ tịch")
    head, deputy = ("Bộ trưởng", "thu truong") if agency.level == Level.MINISTRY else ("Trưởng Ban", "pho truong ban")
    if folded.startswith(fold(head)):
        return (office,)
    if folded.startswith(deputy):
        return (f"KT. {head}", office)
    return (f"TL. {head}", signer_title.strip() or head)     # “TL. Bộ trưởng / Vụ trưởng Vụ Pháp chế”


def _number_and_symbol(number: str, default_symbol: str) -> tuple[int | None, str]:
    match = LEADING_NUMBER.match(number or "")
    if match:
        return int(match.group(1)), match.group(2)
    return None, number or default_symbol


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
    authority = signature_authority(agency, request.signer_title or "")
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


def answer_document(answer: EscalationAnswer, request: EscalationRequest, cases: list[Obstacle],
                    case_answers: dict[int, EscalationAnswer] | None = None) -> Document:
    """The written answer: issued by the agency that answers, to the agency that asked, citing the
    request; the guidance as its body; when the cases were answered item by item (`case_answers`:
    case id → its answer), a table of each case with the answer it received."""
    agency = answer.agency
    number, symbol = _number_and_symbol(answer.number, symbol_of(agency))
    asked = request.from_agency
    cited = (f"{agency.name} nhận được Công văn số {request.number} ngày {request.signed_on:%d/%m/%Y} của "
             f"{asked.name} về việc {request.excerpt or request.content[:120]}."
             if request.signed_on else f"{agency.name} nhận được công văn đề nghị của {asked.name}.")
    paragraphs = (cited, f"Sau khi nghiên cứu, {agency.name} có ý kiến như sau:",
                  *(line for line in answer.guidance.splitlines() if line.strip()))
    sections = ()
    if case_answers:
        rows = tuple((index, case.commune.name if case.commune_id else case.province.name,
                      f"{case.title} ({case.code})",
                      case_answers[case.pk].guidance if case.pk in case_answers else "Chưa trả lời")
                     for index, case in enumerate(cases, start=1))
        sections = (Section(heading="Ý kiến trả lời từng nội dung đề nghị",
                            tables=(Table(header=("STT", "Đơn vị", "Nội dung đề nghị", "Ý kiến trả lời"),
                                          rows=rows, widths=(8, 20, 32, 40)),)),)
    excerpt = (f"trả lời Công văn số {request.number} của {asked.name}" if request.number
               else f"trả lời công văn đề nghị của {asked.name}")
    return Document(
        issuer=Issuer(name=_full_name(agency.name)),
        number=number,
        symbol=symbol,
        place="Hà Nội",
        date=answer.signed_on,
        excerpt=excerpt,
        recipients=(asked.name,),
        paragraphs=paragraphs,
        sections=sections,
        closing=(f"{agency.name} trả lời để {asked.name} biết, thực hiện./.",),
        copies_to=("Như trên",),
        filed_at="VT",
        signature=Signature(authority=signature_authority(agency, answer.signer_title),
                            signer=answer.signer_name),
    )
