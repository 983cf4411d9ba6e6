"""The error responses every endpoint documents in the OpenAPI schema."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse

from core.errors import Message

E400 = OpenApiResponse(description=_("Invalid input: a message per field."))
E401 = OpenApiResponse(description=_("Authentication credentials were not provided or are not valid."))
E403 = OpenApiResponse(description=_("Only framework editors may change frameworks."))
E404 = OpenApiResponse(description=_("Not found."))
#: Lists come in pages (``?page=``); a page number past the last page, or not a number, is 404.
E404_PAGE = OpenApiResponse(description=_("There is no such page of the list."))
E429_SIGN_IN = OpenApiResponse(
    description=_("Too many failed sign-in attempts for this email address and client: wait, then try again.")
)


def forbidden(description: Message) -> OpenApiResponse:
    """A 403 response that says who may use the operation."""
    return OpenApiResponse(description=description)
