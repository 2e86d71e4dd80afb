"""The audit app's system check: no platform starts without an audit key it can use."""

from django.core.checks import Error, register

from thongsuot.audit.keys import audit_key_problem


@register()
def audit_key_check(app_configs, **kwargs):
    problem = audit_key_problem()
    return [Error(problem, id="thongsuot.audit.E001")] if problem else []
