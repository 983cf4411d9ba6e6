"""Cross-cutting pieces every app relies on: the rule-violation error and its API mapping,
request language handling, role-aware navigation, the home page and the demo loader.

It sits below ``accounts`` in the layering and imports no other project app.
"""
