"""Serializer fields every API layer shares."""
from rest_framework import serializers

# The largest id (and version number) a database stores: SQLite's INTEGER and PostgreSQL's bigint
# are both 64-bit signed; a larger number is no row, and would crash the query rather than miss.
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """A row's id (or number) given in a request body: 1 to MAX_ID, else a 400 naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
