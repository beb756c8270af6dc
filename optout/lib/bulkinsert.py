"""Inserting many rows while holding the database's write lock as briefly as possible.

Django's `bulk_create` turns every value into its database form while the transaction is open; for
thousands of rows that is seconds of Python work under SQLite's single write lock, and everyone
else's saves wait. `PreparedInsert` does that work first, outside any transaction, so the
transaction only runs `executemany` on ready values.
"""

from __future__ import annotations

from django.db import connection


class PreparedInsert:
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

    def execute(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
