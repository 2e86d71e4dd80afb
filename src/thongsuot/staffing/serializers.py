"""Serializers of the staffing API: what each endpoint reads and answers (the views are in api.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers

from thongsuot.accounts.permissions import visible_communes
from thongsuot.core import versioning
from thongsuot.core.params import MAX_ID
from thongsuot.core.resubmission import SUBMISSION_KEY, serializer_field
from thongsuot.core.vocabulary import StaffField
from thongsuot.staffing import services
from thongsuot.staffing.models import (
    Enrollment,
    OrgUnit,
    PersonnelAction,
    StaffingQuota,
    StaffMember,
    TrainingCourse,
    TravelAllowancePolicy,
)

# The choices a request may give, as module constants so that SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
# can name their schema enums.
RECRUIT_KINDS = [(k.value, k.label) for k in (PersonnelAction.Kind.RECRUITMENT, PersonnelAction.Kind.LABOUR_CONTRACT)]


MOVE_KINDS = [(k.value, k.label) for k in (PersonnelAction.Kind.TRANSFER, PersonnelAction.Kind.ROTATION,
                                           PersonnelAction.Kind.SECONDMENT)]


def submission_key_field() -> serializers.CharField:
    """The resubmission key a creating request may carry (never shown in answers)."""
    # Write-only here because these serializers also answer with the record.
    return serializer_field(write_only=True)


ENROLLMENT_END_STATUSES = [(s.value, s.label) for s in (Enrollment.Status.COMPLETED, Enrollment.Status.WITHDRAWN)]


@extend_schema_field(OpenApiTypes.STR)
class CommuneCode(serializers.SlugRelatedField):
    """A commune by its code, looked up among the communes the requesting user may see."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return visible_communes(self.context["request"].user)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(
                _("Không có xã, phường mã “%(code)s” trong phạm vi của bạn.") % {"code": data}) from exc


class QuotaSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    province_code = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = StaffingQuota
        fields = ["id", "province_code", "commune_code", "commune_name", "field", "headcount", "default_headcount",
                  "is_override", "override_reason", "active_count", "gap", "version"]


class QuotaOverrideSerializer(serializers.Serializer):
    headcount = serializers.IntegerField(min_value=0, max_value=services.MAX_QUOTA_PER_FIELD,
                                         error_messages={"min_value": gettext_lazy("Định biên không được nhỏ hơn 0.")})
    reason = serializers.CharField(min_length=5, error_messages={
        "min_length": gettext_lazy("Cần ghi lý do điều chỉnh (ít nhất 5 ký tự)."),
        "blank": gettext_lazy("Cần ghi lý do điều chỉnh.")})
    version = versioning.serializer_field()


class QuotaResetSerializer(serializers.Serializer):
    version = versioning.serializer_field()


class FieldSummarySerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    headcount = serializers.IntegerField()
    active = serializers.IntegerField()
    shortage = serializers.IntegerField(help_text="Tổng số còn thiếu của các xã thiếu (không trừ nơi vượt định biên).")
    surplus = serializers.IntegerField(help_text="Tổng số vượt định biên của các xã vượt: định biên − đang làm việc = còn thiếu − vượt.")
    communes_short = serializers.IntegerField()


class MemberSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", read_only=True, default=None)
    province_code = serializers.CharField(source="province.code", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True, default=None)
    seconded_from_code = serializers.CharField(source="seconded_from.code", read_only=True, default=None)

    class Meta:
        model = StaffMember
        fields = ["id", "full_name", "gender", "birth_year", "category", "position", "field", "qualification",
                  "province_code", "commune_code", "org_unit", "org_unit_name", "commute_km", "status",
                  "seconded_from_code", "contract_until", "joined_on", "left_on", "travel_allowance", "version"]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    submission_key = submission_key_field()
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    effective_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["decision_date"] > timezone.localdate():
            raise serializers.ValidationError({"decision_date": _("Ngày quyết định không được sau hôm nay.")})
        if data["effective_date"] < data["decision_date"]:
            raise serializers.ValidationError({"effective_date": _("Ngày hiệu lực không được trước ngày quyết định.")})
        return data


class RecruitSerializer(DecisionSerializer):
    kind = serializers.ChoiceField(choices=RECRUIT_KINDS, default=PersonnelAction.Kind.RECRUITMENT)
    commune = CommuneCode(required=False, allow_null=True)
    full_name = serializers.CharField(max_length=150)
    gender = serializers.ChoiceField(choices=StaffMember.Gender.choices)
    birth_year = serializers.IntegerField(min_value=1940, max_value=2010)
    category = serializers.ChoiceField(choices=StaffMember.Category.choices)
    position = serializers.CharField(max_length=150)
    field = serializers.ChoiceField(choices=StaffField.choices)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    qualification = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    commute_km = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0, default=0)
    contract_until = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_serializer(component_name="MemberMove")
class MoveSerializer(DecisionSerializer):
    kind = serializers.ChoiceField(choices=MOVE_KINDS)
    to_commune = CommuneCode(required=False, allow_null=True, default=None)
    to_field = serializers.ChoiceField(choices=StaffField.choices, required=False, allow_blank=True, default="")
    to_org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class MemberUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    gender = serializers.ChoiceField(choices=StaffMember.Gender.choices, required=False)
    birth_year = serializers.IntegerField(min_value=1940, max_value=2010, required=False)
    position = serializers.CharField(max_length=150, required=False)
    qualification = serializers.CharField(max_length=150, required=False, allow_blank=True)
    field = serializers.ChoiceField(choices=StaffField.choices, required=False)
    commute_km = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0, required=False)
    version = versioning.serializer_field()


class ActionSerializer(serializers.ModelSerializer):
    from_commune_code = serializers.CharField(source="from_commune.code", read_only=True, default=None)
    to_commune_code = serializers.CharField(source="to_commune.code", read_only=True, default=None)

    class Meta:
        model = PersonnelAction
        fields = ["id", "member", "kind", "from_commune_code", "to_commune_code", "from_field", "to_field",
                  "decision_number", "decision_date", "effective_date", "note", "created_at"]


class OrgUnitSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "commune_code", "kind", "name", "is_statutory", "order"]


class OrgUnitCreateSerializer(serializers.Serializer):
    commune = CommuneCode()
    name = serializers.CharField(max_length=200)
    submission_key = submission_key_field()


class CourseSerializer(serializers.ModelSerializer):
    submission_key = submission_key_field()

    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "field", "organiser", "starts_on", "ends_on", "mode", "capacity", SUBMISSION_KEY]

    def validate(self, data):
        if data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError({"ends_on": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")})
        return data


class EnrollmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrollment
        fields = ["id", "course", "member", "status", "completed_on"]
        read_only_fields = ["id", "course", "status", "completed_on"]


@extend_schema_serializer(component_name="EnrollmentCreate")
class EnrollmentCreateSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class EnrollmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ENROLLMENT_END_STATUSES)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class BandSerializer(serializers.Serializer):
    min_km = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    max_km = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0, allow_null=True, required=False,
                                      default=None)
    amount = serializers.IntegerField(min_value=0)


class PolicySerializer(serializers.ModelSerializer):
    bands = BandSerializer(many=True)
    province_code = serializers.CharField(source="province.code", read_only=True)
    submission_key = submission_key_field()

    class Meta:
        model = TravelAllowancePolicy
        fields = ["id", "province_code", "name", "legal_basis", "valid_from", "valid_to", "mountain_reduction_km",
                  "bands", SUBMISSION_KEY, "version"]
        # A whole replacement (PUT) without them means none and no reduction, as a new policy.
        extra_kwargs = {"valid_to": {"default": None}, "mountain_reduction_km": {"default": 0}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["bands"] = BandSerializer(instance.bands.all(), many=True).data
        return data


class PolicyUpdateSerializer(PolicySerializer):
    version = versioning.serializer_field()


class TravelCostSerializer(serializers.Serializer):
    monthly = serializers.IntegerField()
    yearly = serializers.IntegerField()
    months = serializers.IntegerField()
    beneficiaries = serializers.IntegerField()
    year = serializers.IntegerField()


class QuotaRuleSerializer(serializers.Serializer):
    province_code = serializers.CharField(read_only=True)
    base = serializers.IntegerField(min_value=1, max_value=100)
    threshold = serializers.IntegerField(min_value=0, max_value=1_000_000)
    step_mountain = serializers.IntegerField(min_value=100)
    step_lowland = serializers.IntegerField(min_value=100)
    cap_xa = serializers.IntegerField(min_value=1, max_value=100)
    cap_urban = serializers.IntegerField(min_value=1, max_value=150)
    reason = serializers.CharField(min_length=5, write_only=True)
    version = versioning.serializer_field(help_text=(
        "Phiên bản đã đọc (GET; 0 khi tỉnh chưa có công thức riêng). Khác phiên bản hiện tại: 409."))
