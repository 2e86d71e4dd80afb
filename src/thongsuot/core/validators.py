"""Text input refuses control characters: one check for every form and every API text field.

An invisible control character typed or pasted into a title (BEL, ESC, a stray \\x1b[…] from a
terminal, a C1 character from a wrongly decoded file) shows as nothing on the page, breaks the
Excel export and the XML of other systems, and can hide one text inside another. Tab, line feed and
carriage return are ordinary text and stay allowed.

`install` runs at `CoreConfig.ready()` and puts the check in front of the validators of Django's
`forms.CharField` and DRF's `serializers.CharField`, so every text field of every form (model
forms included) and every serializer (and their subclasses: e-mail, slug, URL, regex fields)
refuses such a character with a 400 naming the field, whatever validators the field was given
and whenever its form class was defined (docs/decisions.md, record 24).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

#: C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CODE = "control_character"


def control_character_message(value: str, label: str | None = None) -> str | None:
    """Return the refusal for a text holding a control character, or None when the text is clean."""
    found = CONTROL_CHARACTERS.search(value)
    if found is None:
        return None
    params = {"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1, "field": label}
    if label:
        return _("“%(field)s” có ký tự điều khiển không được phép (%(code)s, ở ký tự thứ %(position)s); "
                 "hãy xoá ký tự đó rồi gửi lại.") % params
    return _("Có ký tự điều khiển không được phép (%(code)s, ở ký tự thứ %(position)s); "
             "hãy xoá ký tự đó rồi gửi lại.") % params


def refuse_control_characters(value, label: str | None = None) -> None:
    """Raise Django's ValidationError when a text holds a control character."""
    if isinstance(value, str) and (message := control_character_message(value, label)):
        raise ValidationError(message, code=CODE)


def install() -> None:
    """Check every Django form and DRF serializer text field for control characters (once)."""
    if getattr(forms.CharField.run_validators, "checks_control_characters", False):
        return
    form_run_validators = forms.CharField.run_validators
    api_run_validators = serializers.CharField.run_validators

    def form_field_run_validators(self, value):
        refuse_control_characters(value, str(self.label) if self.label else None)
        form_run_validators(self, value)

    def api_field_run_validators(self, value):
        if isinstance(value, str) and (message := control_character_message(value, str(self.label or self.field_name))):
            raise serializers.ValidationError(message, code=CODE)
        api_run_validators(self, value)

    form_field_run_validators.checks_control_characters = True
    api_field_run_validators.checks_control_characters = True
    forms.CharField.run_validators = form_field_run_validators
    serializers.CharField.run_validators = api_field_run_validators
