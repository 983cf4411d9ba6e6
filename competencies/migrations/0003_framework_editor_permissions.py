"""Framework editors may manage frameworks, competences and roles in the admin."""

from django.db import migrations

MODELS = (
    "framework", "competence", "leveldescriptor", "association", "jobrole", "roleoccupation",
    "rolerequirement", "proficiencyscale", "proficiencylevel",
)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make them now so they can be granted.
    app_config = apps.get_app_config("competencies")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="framework_editor")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="competencies", content_type__model__in=MODELS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="framework_editor").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="competencies"))


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0002_search_trigram_index"),
        ("accounts", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
