import pytest

from tests.media_relations.factories import MediaContactFactory


@pytest.fixture
def primary(db):
    """The council's primary media contact, whom the press pages and inquiry mail name."""
    return MediaContactFactory(
        name="Karen Budell",
        job_title="CMO",
        email="karen.budell@example.org",
        phone="+1 (555) 010-0147",
        is_primary=True,
    )
