"""What every API view shares: permission classes built from our predicates, pagination."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission


def permission_depuis(predicat, message: str):
    """A DRF permission class from a `peut_…(user)` predicate of an app."""

    class Permission(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and predicat(request.user))

    Permission.message = message
    Permission.__name__ = f"Permission_{predicat.__name__}"
    return Permission


class Pagination(PageNumberPagination):
    """DRF's page numbers, with a malformed `page` refused as a 400 (DRF answers 404 for any
    page it cannot read); a well-formed page past the last one stays a 404."""

    def get_page_number(self, request, paginator):
        numero = request.query_params.get(self.page_query_param)
        lisible = numero is None or numero in self.last_page_strings
        if not lisible and not re.fullmatch(r"[1-9][0-9]{0,5}", numero):
            raise ValidationError(
                {self.page_query_param: ["Numéro de page invalide : un entier de 1 à 999999."]}
            )
        return super().get_page_number(request, paginator)
