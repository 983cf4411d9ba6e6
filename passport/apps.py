from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportConfig(AppConfig):
    name = "passport"
    verbose_name = _("Skills passport")

    def ready(self) -> None:
        from passport import cache

        cache.connect()
