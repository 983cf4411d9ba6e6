"""VET curriculum (courses, modules, units, learning outcomes), learning materials, the user
guide, question banks, tests and attempts."""
