"""API building blocks that apply district scoping the same way in every view and serializer."""
from django.db import transaction
from django.utils.translation import gettext_noop
from rest_framework import serializers, viewsets
from rest_framework.relations import ManyRelatedField, RelatedField

from accounts.audit import audited_delete, audited_save

from ..scoping import scoped


class ScopedRelationsMixin:
    """Limit every related-object field to the rows the requesting user may read, so a foreign
    id is answered like a missing one ("does not exist") and never reveals another district's data."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(relation, RelatedField) and relation.queryset is not None:
                relation.queryset = scoped(relation.queryset, user)
        return fields


class ScopedModelSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    pass


class ScopedViewSetMixin:
    """Rows come from `base_queryset()` passed through `scoped()` for the requesting user.
    Each concrete view still states its `permission_classes` explicitly."""

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return scoped(self.base_queryset(), self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Create and update are a plain audited save unless a subclass calls a domain service
    instead. Deletion is audited; a row other rows still depend on answers 409 (api_errors)."""

    @transaction.atomic
    def perform_create(self, serializer):
        obj = self.queryset.model(**serializer.validated_data)
        audited_save(obj, actor=self.request.user)
        serializer.instance = obj

    @transaction.atomic
    def perform_update(self, serializer):
        obj = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(obj, field, value)
        audited_save(obj, actor=self.request.user)

    def perform_destroy(self, instance):
        audited_delete(instance, actor=self.request.user, reason=gettext_noop("删除"))

