"""The three roles, as groups with their permissions.

- editor: creates and edits records (drafts and those in review), sends them for review; cannot publish.
- reviewer: everything an editor does, and publishes, withdraws, restores, merges and deletes.
- administrator: every permission, accounts included.

Running it again (or after new models) brings the groups up to date; it never removes a permission an
administrator added by hand.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "archive": ["source", "sourcepage", "citation", "event", "estimate", "place", "placename", "organization"],
    "victims": ["victim", "victimname", "victimphoto", "perpetratorlink"],
    "perpetrators": ["perpetrator", "perpetratorname", "perpetratorphoto", "position"],
}


def make_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        had_models, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(actions):
        codenames = [f"{action}_{model}" for models in CONTENT.values() for model in models for action in actions]
        found = Permission.objects.filter(
            content_type__app_label__in=CONTENT, codename__in=codenames
        ) | Permission.objects.filter(content_type__app_label="editorial", codename="view_historyentry")
        return list(found)

    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.add(*permissions(["add", "change", "view"]))
    reviewer, _ = Group.objects.get_or_create(name="reviewer")
    reviewer.permissions.add(
        *permissions(["add", "change", "view", "delete"]),
        *Permission.objects.filter(content_type__app_label="editorial", codename="publish_records"),
    )
    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(*Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("archive", "0004_name_words"),
        ("victims", "0003_search_indexes"),
        ("perpetrators", "0003_search_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_roles, migrations.RunPython.noop)]
