"""Periodic reports at national scale: a province's weekly report as DOCX and PDF, and the national
consolidation of 34 provinces.

    THONGSUOT_DATABASE_URL=postgres://… python bench/reports.py [--weeks 8] [--repeat 5]

Targets (issue 16): a province's weekly report as DOCX ≤ 1 s and as PDF ≤ 2 s; the national
consolidation of 34 provinces ≤ 5 s.

Prepares the database like the other benchmarks (migrate, units, seed-demo; bench/common.py), then
fills the reports tables at national scale: for each of `--weeks` past weeks of the demo's weekly
regime, one sent report per commune (3,321) with sample figures (pre-filling reads each commune's
registries and is measured separately, for one commune). Measured, in process:
- pre-fill: one commune's report drafted (its figures read from the registries);
- a province's weekly report (Hà Nội, 126 communes): consolidation, then DOCX, then PDF;
- the national consolidation: the 34 provinces' reports consolidated from their communes, then the
  nation's sum, completeness by province and the national Excel workbook.
Prints min/median/max wall seconds of each and the median CPU time of this process (the wall time
grows when other processes share the cores; the database's own time is in the wall time only).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

TARGETS = {"docx": 1.0, "pdf": 2.0, "national": 5.0}


def _timed(label: str, call, repeat: int, target: float | None = None):
    times, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    verdict = "" if target is None else ("  ok" if min(times) <= target else f"  OVER {target} s")
    print(f"{label}\n    wall min {min(times):6.3f} s  median {statistics.median(times):6.3f} s  "
          f"max {max(times):6.3f} s;  CPU median {statistics.median(cpu):6.3f} s{verdict}", flush=True)
    return result


def _fill(regime, weeks: int) -> int:
    """Sent commune reports with sample figures for `weeks` past weeks (bulk, once)."""
    from django.utils import timezone

    from thongsuot.accounts.models import Agency, Level, User
    from thongsuot.reports.figures import FIGURE_KEYS
    from thongsuot.reports.models import Report, ReportLevel, ReportState
    from thongsuot.reports.periods import periods_until

    clerk = User.objects.get(username="demo.tinh.chuyenvien")
    agencies = list(Agency.objects.filter(level=Level.COMMUNE).order_by("code"))
    rng = random.Random(16)
    made = 0
    for period in periods_until(regime, timezone.localdate() - timedelta(days=1), limit=weeks):
        done = set(Report.objects.filter(regime=regime, period_start=period.start).values_list("agency_id", flat=True))
        if len(done) > len(agencies) // 2:
            continue            # filled by an earlier run
        batch = []
        for number, agency in enumerate((a for a in agencies if a.pk not in done), start=100):
            if rng.random() < 0.08:
                continue        # about 8 % of communes never send
            sent = timezone.make_aware(timezone.datetime.combine(period.end, timezone.datetime.min.time())) \
                + timedelta(hours=rng.randint(8, 60))
            figures = {key: rng.randint(0, 12) for key in FIGURE_KEYS}
            batch.append(Report(
                regime=regime, period_start=period.start, period_end=period.end, deadline=period.commune_deadline,
                level=ReportLevel.COMMUNE, agency=agency, province_id=agency.province_id, commune_id=agency.commune_id,
                state=ReportState.SENT, figures=figures, figures_read_at=sent, assessment="Ổn định.",
                number=f"{number:02d}/BC-UBND", signed_on=sent.date(), signer_name="(mẫu)", signer_title="Chủ tịch",
                submitted_at=sent, created_by=clerk, created_at=sent, updated_at=sent))
        Report.objects.bulk_create(batch, batch_size=1000)
        made += len(batch)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-prepare", action="store_true", help="use the database as it is")
    options = parser.parse_args()
    import common

    if not options.no_prepare:
        common.prepare(national=False)
    os.environ.update({k: v for k, v in common.env().items() if k.startswith(("THONGSUOT_", "DJANGO_"))})
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from thongsuot.accounts.models import Agency, User
    from thongsuot.core.documents import render_docx, render_pdf
    from thongsuot.core.exports import xlsx_bytes
    from thongsuot.reports import demo, selectors, services
    from thongsuot.reports.documents import report_document
    from thongsuot.reports.figures import read_commune
    from thongsuot.reports.models import Report, ReportingRegime
    from thongsuot.reports.periods import last_closed_period

    regime = ReportingRegime.objects.get(name=demo.NAME)
    print(f"database: {connection.vendor}; regime “{regime.name}”", flush=True)
    started = time.perf_counter()
    made = _fill(regime, options.weeks)
    print(f"filled {made} commune reports in {time.perf_counter() - started:.1f} s; reports table: "
          f"{Report.objects.count()} rows", flush=True)
    period = last_closed_period(regime, timezone.localdate())
    nation = User.objects.get(username="demo.quocgia")
    hoan_kiem = Agency.objects.select_related("commune").get(code="X00070")
    _timed("pre-fill: one commune's figures read from the registries",
           lambda: read_commune(reader=nation, commune=hoan_kiem.commune, start=period.start, end=period.end,
                                groups=regime.figures), options.repeat)

    provinces = list(Agency.objects.filter(level="province").order_by("code"))
    clerk = User.objects.get(username="demo.tinh.chuyenvien")

    def consolidate(agency):
        with transaction.atomic():
            Report.objects.filter(regime=regime, period_start=period.start, agency=agency).delete()
            return services.report_compose(regime=regime, period=period, agency=agency, reader=clerk,
                                           created_by=clerk)

    hanoi = next(a for a in provinces if a.code == "T01")
    report = _timed("province report consolidated from its communes (Hà Nội)", lambda: consolidate(hanoi),
                    options.repeat)
    report.assessment = "Ổn định.\n" * 5
    report.number, report.signer_name, report.signer_title = "07/BC-UBND", "Hoàng Văn Tỉnh", "Phó Chủ tịch"
    recipient = services.recipient_of(report).name
    docx = _timed("province weekly report → DOCX (build + render)",
                  lambda: render_docx(report_document(report, recipient)), options.repeat, TARGETS["docx"])
    pdf = _timed("province weekly report → PDF (build + render)",
                 lambda: render_pdf(report_document(report, recipient)), options.repeat, TARGETS["pdf"])
    print(f"  DOCX {len(docx) / 1024:.0f} KB, PDF {len(pdf) / 1024:.0f} KB, "
          f"{len(report.communes_missing)} communes listed as missing", flush=True)

    def national():
        for agency in provinces:
            Report.objects.filter(regime=regime, period_start=period.start, agency=agency).update(state="draft")
            sent = consolidate(agency)
            Report.objects.filter(pk=sent.pk).update(state="sent", number="01/BC-UBND",
                                                     submitted_at=timezone.now(), signed_on=timezone.localdate())
        data = selectors.national_consolidation(regime=regime, period=period)
        total, rows = selectors.completeness_by_province(regime=regime, period=period)
        keys = list(data["total"])
        xlsx_bytes(title=regime.name, headers=["Mã", "Tỉnh", *keys],
                   rows=[(p.code, p.name, *(f.get(k) for k in keys)) for p, f in data["rows"]])
        return data, total

    data, total = _timed("national consolidation: 34 province reports + nation's sum + completeness + Excel",
                         national, max(1, options.repeat // 2), TARGETS["national"])
    print(f"  nation: {len(data['rows'])} province reports summed, communes {total.received}/{total.expected} "
          f"received, {total.on_time} on time; obstacles open {data['total'].get('obstacles_open')}", flush=True)
    _timed("national figures only (nation's sum + completeness by province)",
           lambda: (selectors.national_consolidation(regime=regime, period=period),
                    selectors.completeness_by_province(regime=regime, period=period)), options.repeat)


if __name__ == "__main__":
    main()
