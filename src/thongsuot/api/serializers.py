from rest_framework import serializers

from thongsuot.accounts.models import Agency
from thongsuot.geo.models import Commune, FormerUnit, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name", "short_name", "kind", "latitude", "longitude"]


class FormerUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormerUnit
        fields = ["code", "name", "district_name", "province_name", "whole"]


class CommuneSerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = Commune
        fields = ["id", "code", "name", "kind", "province_code", "province_name", "latitude", "longitude",
                  "area_km2", "population", "figures_are_sample", "is_mountainous", "is_island"]


class CommuneDetailSerializer(CommuneSerializer):
    former_units = FormerUnitSerializer(many=True, read_only=True)

    class Meta(CommuneSerializer.Meta):
        fields = [*CommuneSerializer.Meta.fields, "former_units"]


class AgencySerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True, default=None)
    commune_code = serializers.CharField(source="commune.code", read_only=True, default=None)
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "level", "sector", "province_code", "commune_code", "parent_code"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.RegexField(r"^\d{6}$", required=False,
                                 error_messages={"invalid": "Mã xác thực gồm đúng 6 chữ số."})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    agency = AgencySerializer(allow_null=True)
    level = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True)
