"""Reads of accounts."""

from accounts.models import User


def user_with_details(*, user_id: int) -> User:
    return User.objects.select_related("organisation").prefetch_related("groups").get(pk=user_id)
