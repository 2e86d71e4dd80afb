from rest_framework import serializers

from thongsuot.reports.figures import BASIS_LABELS, figures_of, on_time_rate
from thongsuot.reports.models import Report, ReportingRegime


class ReportingRegimeSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(source="recipient.name", read_only=True)
    outline = serializers.ListField(source="outline_sections", child=serializers.CharField(), read_only=True)
    figures = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="Nhóm số liệu của biểu mẫu.")

    class Meta:
        model = ReportingRegime
        fields = ["id", "name", "content", "communes_report", "provinces_report", "recipient", "method", "frequency",
                  "cutoff_weekday", "cutoff_day", "commune_deadline_days", "province_deadline_days", "starts_on",
                  "ends_on", "outline", "figures", "is_active"]


class PeriodicReportSerializer(serializers.ModelSerializer):
    regime = serializers.IntegerField(source="regime_id", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    province_code = serializers.CharField(source="province.code", read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, allow_null=True, default=None)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = ["id", "regime", "period_start", "period_end", "deadline", "level", "agency", "agency_code",
                  "province_code", "commune_code", "state", "number", "signed_on", "submitted_at", "on_time",
                  "version"]


class ReportFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    basis = serializers.ChoiceField(choices=list(BASIS_LABELS))
    value = serializers.FloatField(allow_null=True)


class PeriodicReportFiguresSerializer(PeriodicReportSerializer):
    figures = serializers.SerializerMethodField()
    dossiers_on_time_rate = serializers.SerializerMethodField()
    figures_read_at = serializers.DateTimeField(read_only=True)
    communes_expected = serializers.IntegerField(read_only=True)
    communes_missing = serializers.SerializerMethodField()

    class Meta(PeriodicReportSerializer.Meta):
        fields = [*PeriodicReportSerializer.Meta.fields, "figures", "dossiers_on_time_rate", "figures_read_at",
                  "communes_expected", "communes_missing", "assessment", "difficulties", "proposals"]

    def get_figures(self, report) -> list[dict]:
        return ReportFigureSerializer([
            {"key": f.key, "label": str(f.label), "group": f.group, "basis": f.basis, "value": report.figures.get(f.key)}
            for f in figures_of(report.regime.figures)], many=True).data

    def get_dossiers_on_time_rate(self, report) -> float | None:
        return on_time_rate(report.figures)

    def get_communes_missing(self, report) -> list[str]:
        return [code for code, _name in report.communes_missing]
