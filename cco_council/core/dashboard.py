"""Panels on the editors' home (the admin's index page), for any app to add its own.

The home shows what needs an editor's attention. The project's own panels (the agenda, recent
drafts, new press inquiries) are built in ``cco_council.editors``; an app adds one by
``register(build)`` in its ``AppConfig.ready()``, where ``build(request)`` returns a ``Panel``,
or None when the signed-in editor may not see it (members' applications waiting, failed
background jobs: see docs/ARCHITECTURE.md).
"""

import dataclasses
from collections.abc import Callable

from django.http import HttpRequest


@dataclasses.dataclass(frozen=True)
class Row:
    text: str
    url: str = ""
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Panel:
    title: str
    rows: list[Row]
    empty: str = "Nothing to show."
    more_url: str = ""
    count: int | None = None


PanelBuilder = Callable[[HttpRequest], Panel | None]

_builders: list[PanelBuilder] = []


def register(build: PanelBuilder) -> PanelBuilder:
    """Show the panel ``build`` returns on the editors' home (usable as a decorator)."""
    if build not in _builders:
        _builders.append(build)
    return build


def registered_panels(request: HttpRequest) -> list[Panel]:
    return [panel for build in _builders if (panel := build(request)) is not None]
