import pytest

from articles.demo import load_demo


@pytest.fixture
def demo(db):
    load_demo()
