from django.db import migrations


def seed(apps, schema_editor):
    from bookings.equipment.categories import seed_categories

    seed_categories(apps.get_model("bookings", "Category"))


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_equipment")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
