"""Demo content kept as data files, and what every app's demo loader needs to read and save it.

Each app keeps its demo content in ``<app>/demo_data/<kind>/``, one file per item, named after
the item's slug: TOML (``.toml``), or Markdown (``.md``) whose text is the item's ``body``,
after an optional TOML header between two ``+++`` lines. Rich text is written in the small
Markdown subset of ``markdown_to_html`` and stored after the same sanitizer an editor's HTML
goes through. Only the standard library reads the files, so an editor can fix a sentence without
touching code; docs/DEMO_CONTENT.md is their guide.
"""

import html
import re
import tomllib
import zoneinfo
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from cco_council.core.richtext import sanitize_html

FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?(.*)\Z", re.S | re.M)


class DemoDataError(ValueError):
    """A data file that cannot be read as an item; the message names the file and the fix."""


def read_items(
    directory: Path, *, required: Collection[str] = (), optional: Collection[str] = ()
) -> list[tuple[Path, dict]]:
    """Every item of ``directory`` in file-name order, as its path (whose stem is the slug) and
    its keys, with the text of a Markdown file as ``body``. Other files (images, PDFs) are left
    for the loader to open by name."""
    items = []
    for path in sorted(directory.glob("*")):
        if path.suffix not in {".toml", ".md"}:
            continue
        text = path.read_text(encoding="utf-8")
        body = None
        if path.suffix == ".md":
            match = FRONT_MATTER.match(text)
            text, body = match.groups() if match else ("", text)
        try:
            item = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise DemoDataError(f"{path}: {error}") from error
        if body is not None:
            item["body"] = body
        check_keys(item, required=required, optional=optional, where=path)
        items.append((path, item))
    return items


def check_keys(item: dict, *, required: Collection[str], optional: Collection[str], where) -> None:
    """A misspelt key would otherwise be ignored without a word: refuse it, and a missing one."""
    missing = sorted(set(required) - item.keys())
    unknown = sorted(item.keys() - set(required) - set(optional))
    problems = [f"missing {', '.join(missing)}"] if missing else []
    problems += [f"unknown {', '.join(unknown)}"] if unknown else []
    if problems:
        known = ", ".join(sorted({*required, *optional}))
        raise DemoDataError(f"{where}: {'; '.join(problems)} (the keys are: {known}).")


def lookup(objects: dict, slug: str, *, where):
    """The item a file names by its slug; a misspelt slug is an error naming the file."""
    try:
        return objects[slug]
    except KeyError:
        raise DemoDataError(
            f"{where}: no {slug!r}; there are {', '.join(sorted(objects))}."
        ) from None


def aware(value: datetime | None, *, zone: str | None = None, where="") -> datetime | None:
    """A TOML date-time as a time-zone-aware datetime.

    A time written without an offset is read in ``zone`` (an event's own time zone, as its
    admin form reads it); where there is no such zone, the offset is required, so a publish
    time means the same moment on every machine.
    """
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, datetime) and zone:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    raise DemoDataError(
        f"{where}: {value!r} needs a date, a time and an offset, e.g. 2014-09-08T09:00:00-04:00."
    )


def markdown_to_html(text: str) -> str:
    """HTML from the Markdown subset demo files use: paragraphs (blank-line separated),
    ``##``/``###``/``####`` headings, ``-`` and ``1.`` lists, ``>`` quotes, ``**bold**`` and
    ``*italic*``; a line without a marker continues the paragraph, item or quote above it.

    Everything else is text: ``<`` and ``&`` are escaped, so markup cannot be smuggled in, and
    the result goes through ``sanitize_html``, as an editor's HTML does.
    """
    return sanitize_html(_blocks(text))


def _blocks(text: str) -> str:
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        line = line.strip()
        kind = _kind(line)
        current = blocks[-1][0] if blocks else ""
        if current == "p" and kind == "ol" and not line.startswith("1. "):
            kind = "p"  # "... in 2014. The" wrapped: a number starts a line, not a list
        # A line without a marker continues the paragraph, item or quote above it.
        if current and current != "heading" and kind in {current, "p"}:
            blocks[-1][1].append(line)
        elif line:
            blocks.append((kind, [line]))
        else:
            blocks.append(("", []))
    return "".join(_block(kind, lines) for kind, lines in blocks if kind)


def _kind(line: str) -> str:
    if line.startswith(">"):
        return "quote"
    if re.match(r"#{2,4} ", line):
        return "heading"
    if line.startswith("- "):
        return "ul"
    if re.match(r"\d+\. ", line):
        return "ol"
    return "p" if line else ""


def _block(kind: str, lines: list[str]) -> str:
    if kind == "quote":
        inner = "\n".join(re.sub(r"^> ?", "", line) for line in lines)
        return f"<blockquote>{_blocks(inner)}</blockquote>"
    if kind == "heading":
        marks, words = lines[0].split(" ", 1)
        return f"<h{len(marks)}>{_inline(words.strip())}</h{len(marks)}>"
    if kind in {"ul", "ol"}:
        items: list[str] = []
        for line in lines:
            marker = re.match(r"(?:-|\d+\.) +", line)
            if marker:
                items.append(line[marker.end() :])
            else:
                items[-1] += " " + line
        return f"<{kind}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{kind}>"
    return f"<p>{_inline(' '.join(lines))}</p>"


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)


def upsert(model, lookup: dict, values: dict):
    """get_or_create, then save only what differs; returns the object and "created",
    "changed" or "" (nothing to do). A re-run touches nothing, not even ``updated_at``, which
    keeps every app's demo seed idempotent."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, "changed" if changed else ""
