"""Create the staff groups: viewer, analyst, editor."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Models whose records staff manage directly (the rest are edited through these, as inlines).
MODELS = [
    "actor",
    "actoralias",
    "actorrelation",
    "actordesignation",
    "location",
    "locationalias",
    "brief",
    "briefactor",
    "brieflocation",
    "claim",
    "claimactor",
    "claimlocation",
    "claimlink",
    "comment",
]

GROUP_PERMISSIONS = {
    "viewer": [f"view_{model}" for model in MODELS],
    "analyst": [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change")],
    "editor": [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")]
    + ["publish_brief"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config("briefings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(content_type__app_label="briefings", codename__in=codenames)
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
