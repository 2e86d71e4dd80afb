"""The API's settings: Django REST framework and the OpenAPI schema (drf-spectacular).

Kept apart from `settings.py` (which imports them) because the schema's enum names grow with
every app's API; each app adds its choice sets here, under its own heading.
"""
import os

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "thongsuot.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "thongsuot.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "thongsuot.api.throttling.ApiAnonThrottle",
        "thongsuot.api.throttling.ApiUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THONGSUOT_API_ANON_RATE", "60/min"),
        "user": os.environ.get("THONGSUOT_API_USER_RATE", "1200/min"),
        "public_lookup": os.environ.get("THONGSUOT_PUBLIC_LOOKUP_RATE", "120/min"),
    },
    "EXCEPTION_HANDLER": "thongsuot.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thông Suốt API",
    "DESCRIPTION": "REST API của nền tảng Thông Suốt. Xác thực: `Authorization: Token <token>` "
    "lấy từ `POST /api/auth/token/`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: a nullable reference is `oneOf: [$ref, null]`, which validators read as meant (3.0's
    # `allOf: [$ref]` + `nullable` is rejected by them for null).
    "OAS_VERSION": "3.1.0",
    # One stable component name per choice set, saying whose it is. Without these drf-spectacular names an
    # enum after the field (a `status` shared by obstacles and dossiers becomes "StatusD65Enum", a hash) and
    # gives one set several names (from_state/to_state/plan_state). A choice set is matched by its values and
    # labels, so a serializer that offers a subset needs its own entry (the module constants below).
    "ENUM_NAME_OVERRIDES": {
        # accounts, geo
        # one enum per vocabulary (core.vocabulary)
        "DomainEnum": "thongsuot.core.vocabulary.Domain",
        "MinistrySectorEnum": "thongsuot.core.vocabulary.Sector",
        "StaffFieldEnum": "thongsuot.core.vocabulary.StaffField",
        "ProcedureFieldEnum": "thongsuot.core.vocabulary.ProcedureField",
        "AgencyLevelEnum": "thongsuot.accounts.models.Level",
        "ProvinceKindEnum": "thongsuot.geo.models.Province.Kind",
        "CommuneKindEnum": "thongsuot.geo.models.Commune.Kind",
        # obstacles
        "ObstacleClassificationEnum": "thongsuot.obstacles.models.Classification",
        "ObstacleSeverityEnum": "thongsuot.obstacles.models.Severity",
        "ObstacleLevelEnum": "thongsuot.obstacles.models.CaseLevel",
        "ObstacleStatusEnum": "thongsuot.obstacles.models.Status",
        "ObstacleEventKindEnum": "thongsuot.obstacles.models.ObstacleEvent.Kind",
        "ObstacleActionEnum": "thongsuot.obstacles.serializers.SIMPLE_ACTIONS",
        "ObstacleFacilitySubjectEnum": "thongsuot.obstacles.models.FacilitySubject",
        "ObstacleResolutionKindEnum": "thongsuot.obstacles.models.ResolutionKind",
        # directives
        "DirectiveUrgencyEnum": "thongsuot.directives.models.Urgency",
        "AssignmentStateEnum": "thongsuot.directives.models.Assignment.State",
        # decentralisation
        "DecentralisedTaskStateEnum": "thongsuot.decentralisation.models.TaskState",
        "DecentralisedTaskCauseEnum": "thongsuot.decentralisation.models.DifficultyCause",
        # procedures
        "ProcedureOnlineLevelEnum": "thongsuot.procedures.models.OnlineLevel",
        "SimplificationProposalKindEnum": "thongsuot.procedures.models.SimplificationProposal.Kind",
        "SimplificationProposalStateEnum": "thongsuot.procedures.models.SimplificationProposal.State",
        "DossierChannelEnum": "thongsuot.procedures.models.Channel",
        "DossierStatusEnum": "thongsuot.procedures.models.Status",
        "DossierOutcomeEnum": "thongsuot.procedures.models.Outcome",
        "DossierEventKindEnum": "thongsuot.procedures.models.DossierEvent.Kind",
        "DossierStepKindEnum": "thongsuot.procedures.api.STEP_KINDS",
        # staffing
        "OrgUnitKindEnum": "thongsuot.staffing.models.OrgUnit.Kind",
        "StaffGenderEnum": "thongsuot.staffing.models.StaffMember.Gender",
        "StaffCategoryEnum": "thongsuot.staffing.models.StaffMember.Category",
        "StaffMemberStatusEnum": "thongsuot.staffing.models.StaffMember.Status",
        "PersonnelActionKindEnum": "thongsuot.staffing.models.PersonnelAction.Kind",
        "PersonnelRecruitKindEnum": "thongsuot.staffing.serializers.RECRUIT_KINDS",
        "PersonnelMoveKindEnum": "thongsuot.staffing.serializers.MOVE_KINDS",
        "ImportRowActionEnum": "thongsuot.imports.serializers.IMPORT_ACTIONS",
        "TrainingModeEnum": "thongsuot.staffing.models.TrainingCourse.Mode",
        "EnrollmentStatusEnum": "thongsuot.staffing.models.Enrollment.Status",
        "EnrollmentEndStatusEnum": "thongsuot.staffing.serializers.ENROLLMENT_END_STATUSES",
        # reports
        "ReportLevelEnum": "thongsuot.reports.models.ReportLevel",
        "ReportStateEnum": "thongsuot.reports.models.ReportState",
        "ReportingFrequencyEnum": "thongsuot.reports.models.Frequency",
        "ReportingMethodEnum": "thongsuot.reports.models.Method",
        "ReportingWeekdayEnum": "thongsuot.reports.models.Weekday",
        # facilities
        # jobs
        "JobStatusEnum": "thongsuot.jobs.models.Status",
        "JobKindEnum": "thongsuot.jobs.models.Kind",
        "FacilityKindEnum": "thongsuot.facilities.models.FacilityKind",
        "FacilityConditionEnum": "thongsuot.facilities.models.Condition",
        "FacilityStatusEnum": "thongsuot.facilities.models.FacilityStatus",
        "FacilityPlanMethodEnum": "thongsuot.facilities.models.PlanMethod",
        "FacilityPlanStateEnum": "thongsuot.facilities.models.PlanState",
        "FacilityPlanEventKindEnum": "thongsuot.facilities.models.HandlingPlanEvent.Kind",
        "EquipmentCategoryEnum": "thongsuot.facilities.models.EquipmentCategory",
        "ProcurementStateEnum": "thongsuot.facilities.models.ProcurementState",
        "MobileCoverageEnum": "thongsuot.facilities.models.MobileCoverage",
        "PlatformSystemEnum": "thongsuot.facilities.models.PlatformSystem",
    },
    # The error answers (400/401/403/404/409/429, in api.errors' body) on every operation that can give them.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "thongsuot.api.schema.add_error_responses"],
}
