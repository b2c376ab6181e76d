"""Every public route of the site, with real values for its URL parameters."""

import re
from functools import partial

from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
NOT_PUBLIC = ("admin/", "media/")


def route_templates():
    """Flatten the URLconf into path templates such as ``/library/<slug:slug>/``."""

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if not route.startswith(NOT_PUBLIC):
                    yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and not route.startswith(NOT_PUBLIC):
                yield "/" + route.lstrip("^").rstrip("$")

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _value_for(chosen, match):
    return chosen[match.group("name")]


def fill(template: str, values: dict[str, list[str]]) -> list[str]:
    """Every way of filling ``template`` with the known values of its parameters."""
    names = [m.group("name") for m in PARAM.finditer(template)]
    if not names:
        return [template]
    if any(not values.get(name) for name in names):
        return []
    urls = []
    for index in range(max(len(values[name]) for name in names)):
        chosen = {name: values[name][index % len(values[name])] for name in names}
        urls.append(PARAM.sub(partial(_value_for, chosen), template))
    return urls


def known_values():
    """Real slugs and primary keys from the demo content, so views are reached."""
    from django.apps import apps

    values: dict[str, list[str]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"articles", "events", "media_relations", "taggit"}:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        if "slug" in field_names:
            values.setdefault("slug", []).extend(
                model._default_manager.values_list("slug", flat=True)[:5]
            )
        values.setdefault("pk", []).extend(
            str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:3]
        )
    values["slug"] = [*values.get("slug", []), "no-such-slug", "x" * 300]
    values["pk"] = [*values.get("pk", []), "0", "999999999"]
    for name in ("name", "year", "id", "token", "code", "path", "version"):
        values.setdefault(name, ["2019", "0", "99999", "abc"])
    return values
