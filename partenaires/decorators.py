from functools import wraps

from django.core.exceptions import PermissionDenied


def autorise_si(predicate):
    """Run the view only when `predicate(user)` holds; 403 otherwise (the user is signed in)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
