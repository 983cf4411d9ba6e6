"""Reads of accounts."""

from django.db.models import QuerySet

from accounts.models import User


def user_with_details(*, user_id: int) -> User:
    return User.objects.select_related("organisation").prefetch_related("groups").get(pk=user_id)


def users_in_role(*, role: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True).select_related("organisation")
