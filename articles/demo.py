"""Demo content for this app, written fresh from the facts in the seed documents."""


def seed() -> str:
    """Create the demo content if missing; return a one-line summary. Idempotent."""
    return ""
