"""Users (email login, preferred language), organisations and role groups."""
