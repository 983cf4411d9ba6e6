"""The demo content files: complete, in six languages, coherent."""

from competencies.content import LANGUAGES, load_content


def test_demo_content_is_complete_and_coherent():
    content = load_content()  # raises ContentError naming the file and place on any defect
    assert len(content.areas) >= 8
    competences = content.competences()
    assert len(competences) >= 40
    for competence in competences:
        assert competence["knowledge"] and competence["skills"], competence["code"]
        low, high = competence["levels"]
        assert set(competence["descriptors"]) == set(range(low, high + 1))
    assert [role["slug"] for role in content.roles] == [
        "smart-city-project-developer",
        "smart-city-project-manager",
        "smart-city-project-management-consultant",
        "smart-city-engineer",
        "smart-city-technician",
    ]
    for role in content.roles:
        assert len(role["requirements"]) >= 12
        assert role["occupations"]
        assert all(role["title"][lang] for lang in LANGUAGES)


def test_every_area_is_needed_by_some_role():
    content = load_content()
    required_areas = {r["competence"].split(".")[0] for role in content.roles for r in role["requirements"]}
    assert required_areas == {area["code"] for area in content.areas}
