"""What every admin page of the app shares: history, server-owned fields, the request user, stale-save refusal.

Stale saves: every change form (and every inline row) carries the `version` the record had when
the page was rendered, in the hidden field `expected_version`. On save the form compares it with
the row as loaded in the saving request (the main row is locked first, see `get_object`), and a
mismatch becomes a form error instead of a silent overwrite of someone else's work.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from briefings.models.briefs import BriefChild
from briefings.services.matching import normalize

VERSION_FIELD = "expected_version"
STALE_MESSAGE = "Someone else saved this record since you opened it: reload to see their changes."
# Shown read-only on change pages; the server sets them (DESIGN.md: server-owned fields).
RECORD_FIELDS = ("id", "version", "created_at", "updated_at")


class VersionField(forms.IntegerField):
    """The hidden version token. It is never a change the user made, so it never counts as one."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)

    def has_changed(self, initial, data) -> bool:
        # Otherwise an untouched inline row whose record moved on would look edited and be rewritten.
        return False


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that refuses to save over a newer version of its record."""

    expected_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance._state.adding and cleaned_data.get(VERSION_FIELD) != self.instance.version:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned_data


def stamp_request_user(obj: models.Model, user) -> None:
    """Set the server-owned user fields of `obj` from the request user (never from form data).

    `author`/`created_by` are set once, on creation; `updated_by` on every save. The history
    record is told the user here, where the change happens, rather than relying only on
    simple-history's middleware.
    """
    adding = obj._state.adding
    field_names = {field.name for field in obj._meta.concrete_fields}
    if adding and "author" in field_names and obj.author_id is None:
        obj.author = user
    if adding and "created_by" in field_names and obj.created_by_id is None:
        obj.created_by = user
    if "updated_by" in field_names:
        obj.updated_by = user
    obj._history_user = user


class VersionedFieldsMixin:
    """Keeps the hidden version field on the page whatever `fields`/`fieldsets` an admin declares."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if VERSION_FIELD in fields else [*fields, VERSION_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *fieldsets[1:]]


class BaseAdmin(VersionedFieldsMixin, SimpleHistoryAdmin):
    """Base of every ModelAdmin here: history view, read-only record fields, request user, stale-save check."""

    form = VersionedModelForm
    readonly_fields = RECORD_FIELDS
    # Staff paste links without a scheme; https is the safe guess (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in RECORD_FIELDS if name not in readonly]

    def get_fieldsets(self, request, obj=None):
        """Put the record fields in their own collapsed section at the end, and only on change pages."""
        fieldsets = super().get_fieldsets(request, obj)
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in RECORD_FIELDS]})
            for name, options in fieldsets
        ]
        fieldsets = [(name, options) for name, options in fieldsets if options["fields"]]
        if obj is not None:
            fieldsets.append(("Record", {"fields": list(RECORD_FIELDS), "classes": ["collapse"]}))
        return fieldsets

    def get_object(self, request, object_id, from_field=None):
        """On a save, lock the row so no other writer slips in between the version check and the write.

        The admin runs the whole POST in one transaction, so the lock holds until the save commits.
        SQLite ignores FOR UPDATE, but its IMMEDIATE transactions (settings) serialize writers anyway.
        """
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            if isinstance(obj, BriefChild):
                obj.lock_brief_of(obj.pk)  # the brief's row before the child's (see BriefChild)
            manager = type(obj)._default_manager
            locked_version = manager.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
            if locked_version != obj.version:
                obj.refresh_from_db()
        return obj

    def save_model(self, request, obj, form, change):
        stamp_request_user(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Save inline rows one by one so each gets the request user, like the main record."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for obj in instances:
            stamp_request_user(obj, request.user)
            obj.save()
        formset.save_m2m()

    def revert_disabled(self, request, obj=None):
        # History is for reading: simple-history's revert would write an old `status` (bypassing the
        # workflow) and an old `version` (reusing ETags), so it is off.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Reverting from history is disabled: edit the record instead.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete widget that can be handed its selected option's label instead of querying it.

    Django's widget looks up the label of its selected record when it renders: one query per
    widget, so one per inline row. The inline formset below loads the labels of all its rows at once.
    """

    preloaded_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        if self.preloaded_labels is None:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in value:
            label = self.preloaded_labels.get(str(key))
            if label is not None:
                options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class BriefingsInlineFormSet(BaseInlineFormSet):
    """Inline formset: keeps a new parent's key while validating, and loads autocomplete labels in bulk."""

    def add_fields(self, form, index):
        """Leave the new parent's UUID in place while the rows are validated.

        On an add page Django clears a parent's default-generated key, expecting it to be regenerated
        on save. Our rows validate against their parent (a claim's quote must be in *this* brief's
        body; a comment's claim must be in *this* brief), which the models skip when the parent key
        is missing, and `Brief.save` derives its slug from the key. The hidden parent field is built
        while the key is cleared, so the page never carries a key the next request would not know.
        """
        parent_key = self.instance.pk
        super().add_fields(form, index)
        if self.instance.pk is None and parent_key is not None:
            self.instance.pk = parent_key

    @cached_property
    def forms(self):
        forms = super().forms
        if forms:
            self._preload_autocomplete_labels(forms)
        return forms

    def _preload_autocomplete_labels(self, forms) -> None:
        """One query per autocomplete column for the whole formset, instead of one per row."""
        for name, field in forms[0].fields.items():
            if not isinstance(getattr(field.widget, "widget", field.widget), PreloadedAutocompleteSelect):
                continue
            selected = {str(form[name].value()) for form in forms} - {"", "None"}
            records = field.queryset.filter(pk__in=selected) if selected else []
            labels = {str(record.pk): field.label_from_instance(record) for record in records}
            for form in forms:
                widget = form.fields[name].widget
                getattr(widget, "widget", widget).preloaded_labels = labels


class InlineMixin(VersionedFieldsMixin):
    """Inline rows carry their own version too: an inline edit never overwrites a newer row."""

    form = VersionedModelForm
    formset = BriefingsInlineFormSet
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BaseTabularInline(InlineMixin, admin.TabularInline):
    pass


class BaseStackedInline(InlineMixin, admin.StackedInline):
    pass


class AliasSearchMixin:
    """Search also matches aliases by their normalized form, so "PMF" finds an actor aliased "P.M.F."."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize(search_term)
        if normalized:
            results = results | queryset.filter(aliases__normalized__contains=normalized)
            # The alias join can repeat a row; the changelist then de-duplicates with an EXISTS query.
            may_have_duplicates = True
        return results, may_have_duplicates
