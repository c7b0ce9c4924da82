"""Fast inserts for demo and benchmark data: PostgreSQL COPY, with primary keys taken from the sequence first.

bulk_create spends most of its time building SQL for wide rows; COPY streams them. Only for generated
data: business writes go through services.
"""

from django.db import connection


def copy_insert(model, objects: list) -> None:
    """Insert unsaved `objects` of `model` and set their pks. Generated columns are computed by PostgreSQL."""
    if not objects:
        return
    meta = model._meta
    fields = [
        field for field in meta.concrete_fields if not field.primary_key and not getattr(field, "generated", False)
    ]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in ["id", *(field.column for field in fields)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608 (names from the model)
            for obj in objects:
                copy.write_row(
                    [obj.pk, *(field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields)]
                )
    for obj in objects:
        obj._state.adding = False
