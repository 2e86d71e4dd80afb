"""Periodic reports (chế độ báo cáo, Decree 09/2019/NĐ-CP): the regime the national level defines, each
commune's and province's report per period pre-filled from the registries, consolidation upward,
completeness and timeliness, and the report as a Decree 30/2020 document."""
