"""core.apiviews: the API's one way to read a request body and to answer one record by its access_* selector."""

import pytest
from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory, force_authenticate

from thongsuot.core.apiviews import RecordDetail, validated


class _Body(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(required=False)


class _Req:
    def __init__(self, data):
        self.data = data


def test_validated_gives_a_plain_dict_of_values():
    values = validated(_Body, _Req({"name": "abc", "count": "3"}))
    assert values == {"name": "abc", "count": 3}
    assert type(values) is dict


def test_validated_refuses_with_the_field_named():
    with pytest.raises(ValidationError) as caught:
        validated(_Body, _Req({"name": "too long"}))
    assert "name" in caught.value.detail


def test_validated_passes_serializer_options():
    assert validated(_Body, _Req({"count": 1}), partial=True) == {"count": 1}


class _Record:
    def __init__(self, pk):
        self.pk = pk


class _RecordSerializer(serializers.Serializer):
    pk = serializers.IntegerField()


def _access(user, key):
    if str(key) != "7":
        raise Http404
    return _Record(7)


class _Detail(RecordDetail):
    serializer_class = _RecordSerializer
    access = _access


class _ByCode(RecordDetail):
    serializer_class = _RecordSerializer
    access = _access
    key = "code"


def _get(view, **kwargs):
    request = APIRequestFactory().get("/x/")
    force_authenticate(request, user=object())
    return view.as_view(permission_classes=[], throttle_classes=[])(request, **kwargs)


def test_record_detail_answers_the_record_its_selector_gives():
    assert _get(_Detail, pk=7).data == {"pk": 7}
    assert _get(_ByCode, code="7").data == {"pk": 7}


def test_record_detail_answers_404_where_its_selector_does():
    assert _get(_Detail, pk=8).status_code == 404
