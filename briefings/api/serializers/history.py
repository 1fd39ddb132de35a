"""The shape of a history entry (built by briefings.services.history)."""

from rest_framework import serializers

from briefings.api.serializers.base import UserSerializer


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One historical row of the record or of one of its child rows (aliases, relations, mentions ...)."""

    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    history_user = UserSerializer(allow_null=True)
    change_reason = serializers.CharField(allow_null=True)
    model = serializers.CharField(help_text='Model of the changed row, e.g. "actor" or "actoralias".')
    object_id = serializers.UUIDField()
    changes = FieldChangeSerializer(many=True)
