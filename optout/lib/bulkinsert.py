"""Inserting or updating many rows while holding the database's write lock as briefly as possible.

Django's `bulk_create` turns every value into its database form while the transaction is open; for
thousands of rows that is seconds of Python work under SQLite's single write lock, and everyone
else's saves wait. `PreparedInsert` does that work first, outside any transaction, so the
transaction only runs `executemany` on ready values. `PreparedUpdate` does the same for many rows whose same
fields changed (Django's `bulk_update` builds a CASE per field and row: slower than saving them one by one).
"""

from __future__ import annotations

from django.db import connection


class _Prepared:
    """A statement and its rows of ready values (`sql`, `rows`), run in one `executemany`."""

    sql: str
    rows: list[list]

    def execute(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)


class PreparedInsert(_Prepared):
    def __init__(self, model, objects: list):
        fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
        quote = connection.ops.quote_name
        self.columns = [field.column for field in fields]
        self.rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
                     for obj in objects]
        self.sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in self.columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(fields))})")

    def set_column(self, column: str, values: list) -> None:
        """Fill a column known only inside the transaction (e.g. the id of a row inserted just before)."""
        index = self.columns.index(column)
        for row, value in zip(self.rows, values, strict=True):
            row[index] = value


class PreparedUpdate(_Prepared):
    """An UPDATE of the named fields of many saved rows, in one `executemany`."""

    def __init__(self, model, objects: list, names):
        fields = [model._meta.get_field(name) for name in names]
        quote = connection.ops.quote_name
        self.rows = [[field.get_db_prep_save(field.pre_save(obj, False), connection) for field in fields] + [obj.pk]
                     for obj in objects]
        self.sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
                    f"WHERE {quote(model._meta.pk.column)} = %s")
