"""Trainer profiles, training organisations, quality criteria and accreditation."""
