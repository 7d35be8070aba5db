"""The API's filter backend (kept apart from the view mixins: settings import it early)."""
from django.db import models
from django.utils.translation import gettext as _
from django_filters.filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from ..scoping import scoped


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter, with every related-object filter limited to the rows the user may read:
    the filter form (shown by the browsable API) would otherwise list every district's units,
    and a foreign id is answered like an unknown one."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for name, f in filterset.filters.items():
                if isinstance(f, (ModelChoiceFilter, ModelMultipleChoiceFilter)) and f.queryset is not None:
                    qs = f.queryset(request) if callable(f.queryset) else f.queryset
                    f.queryset = scoped(qs, request.user)
                    _refuse_ids_out_of_range(request, name, f.queryset.model)
        return filterset


_BIGINT = 2**63


def _refuse_ids_out_of_range(request, name, model):
    """An id no database column can hold is a 400: checking it against the table would crash the
    driver (SQLite OverflowError, PostgreSQL "out of range") instead of finding nothing."""
    if not isinstance(model._meta.pk, models.IntegerField):  # AutoField, BigAutoField …
        return
    for value in request.query_params.getlist(name):
        try:
            number = int(value)
        except ValueError:
            continue  # the filter's own field reports it
        if not -_BIGINT <= number < _BIGINT:
            raise ValidationError({name: [_("编号 %(value)s 无效。") % {"value": value}]})
