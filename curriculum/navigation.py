"""Menu entries offered by the curriculum: open to everyone."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(key="courses", label=_("Courses"), url_name="curriculum:course_list", order=30),
    NavItem(key="guide", label=_("User guide"), url_name="curriculum:guide_index", order=35),
    NavItem(key="tests", label=_("Tests"), url_name="curriculum:test_list", order=38, login_required=True),
    NavItem(
        key="my-materials",
        label=_("My materials"),
        url_name="curriculum:my_materials",
        order=40,
        roles=frozenset({"trainer"}),
    ),
    NavItem(
        key="question-bank",
        label=_("Question bank"),
        url_name="curriculum:question_bank",
        order=41,
        roles=frozenset({"trainer"}),
    ),
    NavItem(
        key="test-results",
        label=_("Test results"),
        url_name="curriculum:results",
        order=43,
        roles=frozenset({"trainer", "certifier"}),
    ),
    NavItem(
        key="review-materials",
        label=_("Review materials"),
        url_name="curriculum:review_queue",
        order=45,
        roles=frozenset({"framework_editor"}),
    ),
)
