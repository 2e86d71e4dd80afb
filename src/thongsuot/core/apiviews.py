"""The API views' common pieces, so that each app's `api.py` says only what differs.

- `validated(Serializer, request, **kwargs)`: the request body through its serializer, as a dict of
  values; otherwise DRF's ValidationError (400 naming the field, answered by `api/errors.py`).
- `RecordDetail`: GET one record through its app's `access_<entity>(user, key)` selector, which
  answers 404 alike for a missing and an out-of-scope record.
"""

from rest_framework import generics


def validated(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# No docstring here: the schema would show it as the description of every subclass without one.
# Set `serializer_class` and `access` (the app's `access_<entity>` selector); `key` names the URL's
# variable (`pk`, or `code` for records addressed by their code).
class RecordDetail(generics.RetrieveAPIView):
    access = None
    key = "pk"

    def get_object(self):
        return type(self).access(self.request.user, self.kwargs[self.key])
