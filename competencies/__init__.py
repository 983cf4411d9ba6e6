"""Competence frameworks (tree of competences), proficiency levels, job roles and their
requirements, mappings to ESCO and e-CF, import and export."""
