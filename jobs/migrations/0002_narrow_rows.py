"""Keep vacancy rows narrow so searches read few pages.

Search filters and facet counts read the short columns of many rows; the description, its HTML and the
full search vector are read for one vacancy at a time (or only through the GIN index). With a low
toast_tuple_target PostgreSQL compresses and moves those long values out of the row, to the TOAST table,
while the small ranking vector (title and skills) is kept in the row with PLAIN storage.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE jobs_vacancy SET (toast_tuple_target = 256)",
                "ALTER TABLE jobs_vacancy ALTER COLUMN search_head SET STORAGE PLAIN",
            ],
            reverse_sql=[
                "ALTER TABLE jobs_vacancy RESET (toast_tuple_target)",
                "ALTER TABLE jobs_vacancy ALTER COLUMN search_head SET STORAGE EXTENDED",
            ],
        ),
    ]
