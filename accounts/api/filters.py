"""The API's filter backend (kept apart from the view mixins: settings import it early)."""
from django_filters.filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend

from ..scoping import scoped


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter, with every related-object filter limited to the rows the user may read:
    the filter form (shown by the browsable API) would otherwise list every district's units,
    and a foreign id is answered like an unknown one."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for f in filterset.filters.values():
                if isinstance(f, (ModelChoiceFilter, ModelMultipleChoiceFilter)) and f.queryset is not None:
                    qs = f.queryset(request) if callable(f.queryset) else f.queryset
                    f.queryset = scoped(qs, request.user)
        return filterset
