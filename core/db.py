"""Database helpers shared by the apps."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection
from django.db.models import JSONField


def bulk_insert(model, rows: Iterable[Mapping], *, batch_size: int = 5000) -> None:
    """Insert many rows given as {attname: value} (every concrete field but the primary key): COPY
    on PostgreSQL (several times faster than INSERT for the tens of thousands of rows a compute
    writes), bulk_create elsewhere. Runs in
    the caller's transaction; values are prepared by the model fields as Django would."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create((model(**row) for row in rows), batch_size=batch_size)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # psycopg adapts numbers, text, booleans, dates and Decimals itself; only JSON needs the
    # field's preparation (a Jsonb wrapper). Preparing every value through the field costs more
    # than the COPY.
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    names = [(f.attname, f.attname in json_fields, f) for f in fields]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([
                    f.get_db_prep_save(row[name], connection) if is_json else row[name]
                    for name, is_json, f in names
                ])
