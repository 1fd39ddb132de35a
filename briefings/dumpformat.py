"""`dumpdata` / `loaddata` JSON that keeps every microsecond.

Django's JSON serializer writes date-times with millisecond precision (ECMA-262 style), so a dump
of records saved with `auto_now` timestamps does not load back as the same rows: a backup would
silently change every `created_at`, `updated_at` and `history_date`. This format (registered as
`json` in `SERIALIZATION_MODULES`) writes full ISO 8601 date-times and times; everything else,
and loading, is Django's own.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = django_json.Deserializer


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder
