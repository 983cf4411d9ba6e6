from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self) -> None:
        from competencies.hooks import register_role_links
        from curriculum.selectors import course_links_for_role

        register_role_links(course_links_for_role)
