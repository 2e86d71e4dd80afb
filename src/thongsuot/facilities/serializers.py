"""Serializers of the facilities API: what each endpoint reads and answers (the views are in api.py)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from thongsuot.core import versioning
from thongsuot.core.params import moment_in_range
from thongsuot.core.resubmission import serializer_field
from thongsuot.facilities.models import (
    CommuneReadiness,
    Connectivity,
    DigitalPlatform,
    EquipmentNeed,
    Facility,
    FacilityDocument,
    HandlingPlan,
    HandlingPlanEvent,
    Outage,
    ProcurementRequest,
)


def _date(label: str, **kwargs):
    return serializers.DateField(error_messages={"invalid": f"{label} không đúng định dạng ngày (YYYY-MM-DD).",
                                                 "required": f"{label} không được để trống."}, **kwargs)


def _number(label: str, **kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=1, error_messages={
        "invalid": f"{label} phải là một số.", "required": f"{label} không được để trống.",
        "max_decimal_places": f"{label} chỉ lấy một chữ số thập phân."}, **kwargs)


def _integer(label: str, **kwargs):
    return serializers.IntegerField(error_messages={"invalid": f"{label} phải là số nguyên.",
                                                    "required": f"{label} không được để trống."}, **kwargs)


COMMUNE_CODE = serializers.CharField(source="commune.code", read_only=True)


COMMUNE_NAME = serializers.CharField(source="commune.name", read_only=True)


PROVINCE_CODE = serializers.CharField(source="province.code", read_only=True)


class FacilitySerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    commune_name = COMMUNE_NAME
    province_code = PROVINCE_CODE
    former_unit_name = serializers.CharField(source="former_unit.name", read_only=True, default=None)

    class Meta:
        model = Facility
        fields = ["id", "province_code", "commune_code", "commune_name", "name", "kind", "address", "land_area_m2",
                  "floor_area_m2", "year_built", "condition", "current_use", "status", "manager", "former_unit",
                  "former_unit_name", "plan_method", "plan_state", "plan_deadline", "updated_at", "version"]


class FacilityWriteSerializer(serializers.Serializer):
    commune = serializers.CharField(required=False, allow_blank=True, help_text="Mã xã (cấp xã: bỏ trống).")
    name = serializers.CharField(max_length=200)
    kind = serializers.CharField(required=False, default="tru_so")
    address = serializers.CharField(max_length=255)
    land_area_m2 = _number("Diện tích đất")
    floor_area_m2 = _number("Diện tích sàn")
    year_built = _integer("Năm xây dựng", required=False, allow_null=True)
    condition = serializers.CharField(required=False, default="kha")
    current_use = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(required=False, default="dang_su_dung")
    manager = serializers.CharField(required=False, allow_blank=True, default="")
    submission_key = serializer_field()


class FacilityPatchSerializer(FacilityWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("commune")
        self.fields.pop("submission_key")
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty
        self.fields["version"] = versioning.serializer_field()


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = FacilityDocument
        fields = ["id", "title", "original_name", "content_type", "size", "uploaded_at", "download_url"]

    def get_download_url(self, document) -> str:
        return reverse("facilities:document", args=[document.pk])


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(required=False, allow_blank=True, default="")


class PlanEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", read_only=True)

    class Meta:
        model = HandlingPlanEvent
        fields = ["kind", "from_state", "to_state", "actor", "at", "note"]


class PlanSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    events = PlanEventSerializer(many=True, read_only=True)

    class Meta:
        model = HandlingPlan
        fields = ["id", "facility", "facility_name", "commune_code", "method", "state", "reason_not_priority", "note",
                  "decision_number", "approval_date", "deadline", "done_date", "created_at", "events", "version"]


class PlanProposeSerializer(serializers.Serializer):
    method = serializers.CharField()
    deadline = _date("Hạn hoàn thành")
    reason_not_priority = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanUpdateSerializer(PlanProposeSerializer):
    version = versioning.serializer_field()


class PlanApproveSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    approval_date = _date("Ngày phê duyệt")
    deadline = _date("Hạn hoàn thành", required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanCompleteSerializer(serializers.Serializer):
    done_date = _date("Ngày hoàn thành")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanCancelSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EquipmentSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    commune_name = COMMUNE_NAME
    gap = serializers.IntegerField(read_only=True)

    class Meta:
        model = EquipmentNeed
        fields = ["id", "commune_code", "commune_name", "category", "required", "available", "gap", "note",
                  "updated_at", "version"]


class EquipmentWriteSerializer(serializers.Serializer):
    commune = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField()
    required = _integer("Số cần có")
    available = _integer("Số hiện có")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = versioning.serializer_field(required=False, default=0, help_text=(
        "Phiên bản đã đọc của dòng này (0 hoặc bỏ trống: chưa có). Khác phiên bản hiện tại: 409."))


class ProcurementSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE

    class Meta:
        model = ProcurementRequest
        fields = ["id", "commune_code", "category", "quantity", "estimated_cost", "justification", "state",
                  "decision_note", "created_at"]


class ProcurementWriteSerializer(serializers.Serializer):
    commune = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField()
    quantity = _integer("Số lượng")
    estimated_cost = serializers.DecimalField(max_digits=15, decimal_places=0, required=False, default=0)
    submission_key = serializer_field()
    justification = serializers.CharField()


class MoveSerializer(serializers.Serializer):
    to = serializers.CharField(help_text="da_gui, da_duyet, tu_choi, da_cap")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConnectivitySerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    commune_name = COMMUNE_NAME

    class Meta:
        model = Connectivity
        fields = ["commune_code", "commune_name", "broadband_mbps", "mobile_coverage", "government_network",
                  "video_conference_ready", "updated_at", "version"]


class ConnectivityWriteSerializer(serializers.Serializer):
    broadband_mbps = _number("Tốc độ băng rộng")
    mobile_coverage = serializers.CharField()
    government_network = serializers.BooleanField(default=False)
    video_conference_ready = serializers.BooleanField(default=False)
    version = versioning.serializer_field()


class OutageSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    duration_minutes = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Outage
        fields = ["id", "commune_code", "started_at", "ended_at", "duration_minutes", "cause"]


class OutageWriteSerializer(serializers.Serializer):
    commune = serializers.CharField(required=False, allow_blank=True)
    started_at = serializers.DateTimeField(validators=[moment_in_range])
    ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None, validators=[moment_in_range])
    cause = serializers.CharField(max_length=255)
    submission_key = serializer_field()


class OutageCloseSerializer(serializers.Serializer):
    ended_at = serializers.DateTimeField(validators=[moment_in_range])


class PlatformSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE

    class Meta:
        model = DigitalPlatform
        fields = ["id", "commune_code", "system", "name", "connected_to_province", "updated_at", "version"]


class PlatformWriteSerializer(serializers.Serializer):
    commune = serializers.CharField(required=False, allow_blank=True)
    system = serializers.CharField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    connected_to_province = serializers.BooleanField(default=False)
    version = versioning.serializer_field(required=False, default=0, help_text=(
        "Phiên bản đã đọc của hệ thống này (0 hoặc bỏ trống: chưa có). Khác phiên bản hiện tại: 409."))


class ReadinessSerializer(serializers.ModelSerializer):
    commune_code = COMMUNE_CODE
    commune_name = COMMUNE_NAME
    province_code = PROVINCE_CODE

    class Meta:
        model = CommuneReadiness
        fields = ["commune_code", "commune_name", "province_code", "total", "facilities_score", "equipment_score",
                  "connectivity_score", "platform_score", "has_vehicle", "broadband_mbps", "surplus_count",
                  "surplus_handled", "computed_at"]


class SummarySerializer(serializers.Serializer):
    surplus = serializers.DictField()
    readiness = serializers.DictField()
    provinces = serializers.ListField(child=serializers.DictField(), required=False,
                                      help_text="Theo tỉnh (chỉ cấp Trung ương, bộ, khi không lọc tỉnh).")
    connectivity_threshold = serializers.FloatField()
