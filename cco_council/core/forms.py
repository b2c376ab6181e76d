"""Form fields written without the template engine, for forms on busy public pages.

Django renders every widget through its templates (an input, its attributes, each option of a
select), which for the press room's eight-field inquiry form cost more than the rest of the
page. ``widget_html`` writes the same markup as Django's ``input.html``, ``textarea.html`` and
``select.html`` from the widget's own context (``Widget.get_context``: its attributes, value
and options, as Django computes them); any other widget is rendered by Django as before.
tests/cco_council/core/test_forms.py holds the output to Django's, character for character.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("text", "email", "url", "number", "password", "date", "datetime", "time")
}
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def widget_html(bound_field) -> SafeString:
    """``str(bound_field)``: the field's widget with its value and attributes."""
    widget = bound_field.field.widget
    template = widget.template_name
    if template not in _INPUT_TEMPLATES and template not in (_TEXTAREA, _SELECT):
        return bound_field.as_widget()
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    name = escape(str(context["name"]))
    if template == _TEXTAREA:
        value = escape(str(context["value"])) if context["value"] else ""
        html = f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{value}</textarea>'
    elif template == _SELECT:
        html = _select(name, context)
        if html is None:
            return bound_field.as_widget()
    else:
        kind, value = escape(str(context["type"])), context["value"]
        value = "" if value is None else f' value="{escape(str(value))}"'
        html = f'<input type="{kind}" name="{name}"{value}{_attrs(context["attrs"])}>'
    return mark_safe(html)  # noqa: S308 - every value and attribute is escaped above


def _select(name: str, context: dict) -> str | None:
    parts = [f'<select name="{name}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(str(group_name))}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)
