"""Request language for the API.

Pages take their language from the URL prefix (``/bg/…``). API endpoints have no prefix: their
content language follows ``Accept-Language`` (handled by Django's LocaleMiddleware) or, when
given, the ``?lang=`` query parameter, which wins.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.GET.get("lang")
        if lang in self.languages and request.path.startswith(API_PREFIX):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)
