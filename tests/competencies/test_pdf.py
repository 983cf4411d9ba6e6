"""The role profile PDF renders Latin, Cyrillic and Greek text (checked with pdftotext)."""

import shutil
import subprocess

import pytest
from django.utils import translation

from competencies.models import JobRole
from tests.conftest import missing_service


@pytest.mark.parametrize("lang", ["bg", "el", "ro"])
def test_role_profile_pdf_in_the_page_language(client, demo, lang, tmp_path):
    if shutil.which("pdftotext") is None:
        missing_service("pdftotext (poppler-utils) is not installed")
    response = client.get(f"/{lang}/roles/smart-city-engineer/profile.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="smart-city-engineer-{lang}.pdf"'
    pdf = tmp_path / "profile.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    role = JobRole.objects.get(slug="smart-city-engineer")
    with translation.override(lang):
        title = role.title
        first_requirement = role.requirements.select_related("competence").first().competence.title
    assert " ".join(title.split()) in " ".join(text.split())
    assert " ".join(first_requirement.split()[:3]) in " ".join(text.split())
    assert "e-3" in text
