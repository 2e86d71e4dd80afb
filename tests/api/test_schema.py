import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats


@pytest.fixture
def schema_in(tmp_path):
    """Generate the OpenAPI schema as `manage.py spectacular --fail-on-warn --validate` does; any warning fails."""

    def generate(lang):
        reset_generator_stats()  # earlier schema requests in this process must not count
        path = tmp_path / f"schema-{lang}.yml"
        call_command("spectacular", "--fail-on-warn", "--validate", "--lang", lang, "--file", str(path))
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return generate


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_schema_generates_without_warnings_and_every_enum_is_named_in_settings(schema_in, settings, lang):
    schemas = schema_in(lang)["components"]["schemas"]
    named = set(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) | {"BlankEnum", "NullEnum"}
    unnamed = sorted(name for name, schema in schemas.items() if "enum" in schema and name not in named)
    assert not unnamed, f"add these choice sets to ENUM_NAME_OVERRIDES: {unnamed}"


def test_enums_have_domain_names_from_enum_name_overrides(schema_in):
    schemas = schema_in("vi")["components"]["schemas"]
    assert schemas["ObstacleStatusEnum"]["enum"] == ["new", "acknowledged", "in_progress", "escalated", "answered",
                                                     "returned", "resolved", "closed", "reopened"]
    assert schemas["DossierStatusEnum"]["enum"] == list(range(1, 11))
    assert schemas["ProcedureFieldEnum"]["enum"][:3] == ["ho_tich", "chung_thuc", "dat_dai"]
    assert schemas["FacilityKindEnum"]["enum"] == ["tru_so", "su_nghiep", "nha_van_hoa", "khac"]
    assert "`tru_so` - Trụ sở" in schemas["FacilityKindEnum"]["description"]
    # One name for a choice set however many fields use it: a plan's state, and an event's from/to state.
    assert "FacilityPlanStateEnum" in schemas
    for gone in ("PlanStateEnum", "FromStateEnum", "ToStateEnum", "StatusD65Enum", "ToStatusEnum", "FieldEnum"):
        assert gone not in schemas


def test_same_named_serializers_get_their_own_components(schema_in):
    schemas = schema_in("vi")["components"]["schemas"]
    assert "obstacle_id" in schemas["ObstacleNotification"]["properties"]
    assert "title" in schemas["Notification"]["properties"]
    assert "paused_working_days" in schemas["DossierEvent"]["properties"]
    assert "agency_code" in schemas["Event"]["properties"]
    assert schemas["MemberMoveRequest"]["properties"]["kind"] == {"$ref": "#/components/schemas/PersonnelMoveKindEnum"}
    assert set(schemas["MoveRequest"]["properties"]) == {"to", "note"}
