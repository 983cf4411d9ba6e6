"""Certification schemes, validation of prior learning, certificates, verification and the
public registry."""
