"""The review page and the folder's index, written by Jinja2 templates (templates/): every value
escaped by the engine, the page's data as JSON its script reads (``tojson``: no ``</script>`` can
close the tag), styles and script inline — one file that opens from disk, offline, and prints."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govplan.review.timeline import timeline
from govplan.review.view import NoticeView
from govplan.version import __version__


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("govplan.review", "templates"),
                             autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    # tojson still writes < > & ' as \u escapes; Chinese as itself (half the bytes of \uXXXX)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


@lru_cache(maxsize=2)
def _asset(name: str):
    from markupsafe import Markup

    return Markup(resources.files("govplan.review").joinpath("templates").joinpath(name).read_text("utf-8"))


def page_data(view: NoticeView) -> dict:
    """What the page's script works with: the tasks (their ids, lines, what a correction of each
    names) and the corrections already applied (kept in a new download)."""
    return {
        "source": {"path": view.name, "sha256": view.result.source.sha256},
        "stem": view.stem,
        "tasks": [{"id": t.row.task_id, "number": t.row.number, "title": t.row.task, "line": t.first,
                   "first": t.first, "last": t.last, "text": t.heading_text, "units": t.units,
                   "lead": [u for u in t.row.lead_units.split("、") if u],
                   "resp": [u for u in t.row.responsible_units.split("、") if u], "deadline": t.row.deadline}
                  for t in view.tasks],
        "corrections": [c.model_dump(exclude_none=True, exclude_defaults=True) | {"line": c.line, "text": c.text}
                        for c in (view.corrections.corrections if view.corrections else [])],
    }


def render_page(view: NoticeView, index: str | None = None) -> str:
    """The review page of one notice (``index``: the link back to a folder's index page)."""
    return _environment().get_template("page.html.j2").render(
        view=view, timeline=timeline(view.tasks, view.today), data=page_data(view), index=index,
        css=_asset("review.css"), js=_asset("review.js"), version=__version__)


@dataclass
class IndexEntry:
    """A notice's line of the folder's index: its counts, or why it could not be read."""

    href: str
    source: str
    title: str = ""
    tasks: int = 0
    units: int = 0
    deadlines: int = 0
    problems: int = 0
    error: str = ""

    @classmethod
    def of(cls, href: str, source: str, view: NoticeView) -> "IndexEntry":
        return cls(href, source, view.title, len(view.tasks), len(view.units), view.deadline_count, view.problems)


def render_index(entries: list[IndexEntry], folder: str, today: dt.date) -> str:
    return _environment().get_template("index.html.j2").render(
        entries=entries, folder=folder, today=today, css=_asset("review.css"), version=__version__)
