from django.db import migrations


class Migration(migrations.Migration):
    """Tracking numbers come from a database sequence: unique under any concurrency, never reused."""

    dependencies = [("programs", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE programs_tracking_number_seq START 1001",
            "DROP SEQUENCE programs_tracking_number_seq",
        ),
    ]
