from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db(transaction=True)
def test_the_standards_page_renders_in_a_real_browser(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/community-standards/")
    assert "Community standards" in page.locator("h1").inner_text()
