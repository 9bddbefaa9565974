"""What every API view shares: permission classes built from our predicates."""

from rest_framework.permissions import BasePermission


def permission_depuis(predicat, message: str):
    """A DRF permission class from a `peut_…(user)` predicate of an app."""

    class Permission(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and predicat(request.user))

    Permission.message = message
    Permission.__name__ = f"Permission_{predicat.__name__}"
    return Permission
