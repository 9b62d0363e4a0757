"""Web plumbing shared by every blueprint: domain errors as responses, messages, redirects."""
