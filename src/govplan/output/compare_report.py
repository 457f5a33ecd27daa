"""The comparison of two plans as people read it: a terminal table, rows for sheets, files."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govplan.models.compare import CompareMatch, CompareResult

if TYPE_CHECKING:
    from govplan.models.views import CompareRow

# what people read (the JSON keeps the stable English values: models.CompareTask says so)
STATUS_WORDS = {"covered": "已落实", "partial": "部分落实", "missing": "未落实", "local": "本地新增"}
FLAG_WORDS = {"late": "时限晚于上级", "unassigned": "未明确牵头单位", "counterpart": "缺少对口单位",
              "target": "指标变化"}


def render_compare(result: CompareResult, fmt: str, terminal: bool = False) -> bytes:
    """The comparison as text (a terminal table), json, xlsx, csv or md."""
    if fmt == "json":
        from govplan.output.json_stream import to_json

        return to_json(result).encode("utf-8")
    if fmt == "text":
        return text_table(result, terminal)
    from govplan.models.views import CompareRow  # (the sheets' columns: pydantic, for these formats only)
    from govplan.output import writers

    rows = compare_rows(result)
    if fmt == "xlsx":
        title = f"对标：{result.upper.title or result.upper.path} → {result.lower.title or result.lower.path}"
        return writers.to_xlsx([("compare", rows)], CompareRow, titles={"compare": title})
    return writers.to_csv(rows, CompareRow) if fmt == "csv" else writers.to_markdown(rows, CompareRow)


def compare_rows(result: CompareResult) -> list[CompareRow]:
    """UPPER's tasks in order, each beside its matches (a row each), then the local additions."""
    from govplan.models.views import CompareRow

    rows: list[CompareRow] = []
    for task in result.tasks:
        upper: dict[str, Any] = dict(upper_line=task.line, upper_path=task.path, upper_title=task.title,
                     upper_lead="、".join(task.lead_units), upper_due=task.due, status=STATUS_WORDS[task.status],
                     flags="; ".join(f"{FLAG_WORDS[f]}: {n}" for f, n in zip(task.flags, task.notes)))
        matches: list[CompareMatch | None] = list(task.matches) or [None]
        for m in matches:
            lower: dict[str, Any] = {} if m is None else dict(lower_line=m.line, lower_path=m.path, lower_title=m.title,
                                              lower_lead="、".join(m.lead_units), lower_due=m.due, score=m.score)
            rows.append(CompareRow(**upper, **lower))
    rows += [CompareRow(status=STATUS_WORDS["local"], lower_line=t.line, lower_path=t.path, lower_title=t.title,
                        lower_lead="、".join(t.lead_units), lower_due=t.due) for t in result.local]
    return rows


STATUS_STYLE = {"covered": "green", "partial": "yellow", "missing": "bold red", "local": "cyan"}


def text_table(result: CompareResult, terminal: bool) -> bytes:
    """A table for the terminal (rich, in colour); plain text of 100 columns when piped."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.upper.path} → {result.lower.path}", show_lines=True)
    for name in ("行号", "上级任务", "状态", "下级任务（行号 相似度）", "提示"):
        table.add_column(name, overflow="fold")
    for t in result.tasks:
        matches = "\n".join(f"{m.line} {m.title[:24]} ({m.score:.2f})" for m in t.matches)
        table.add_row(str(t.line), f"{t.path} {t.title}"[:60], f"[{STATUS_STYLE[t.status]}]{STATUS_WORDS[t.status]}[/]",
                      matches, "\n".join(f"{FLAG_WORDS[f]}: {n}" for f, n in zip(t.flags, t.notes)))
    for local in result.local:
        table.add_row("", "", f"[cyan]{STATUS_WORDS['local']}[/]", f"{local.line} {local.title[:24]}", "")
    buf = io.StringIO()
    console = Console(file=buf, width=Console().width if terminal else 100, force_terminal=terminal,
                      color_system="auto" if terminal else None)
    console.print(table)
    s = result.summary
    console.print(f"上级任务{len(result.tasks)}项：已落实{s['covered']}项，部分落实{s['partial']}项，"
                  f"未落实{s['missing']}项；时限晚于上级{s['late']}项，未明确牵头单位{s['unassigned']}项，"
                  f"缺少对口单位{s['counterpart']}项，指标变化{s.get('target', 0)}项；本地新增{s['local']}项"
                  f"（分词 {result.segmenter}）")
    return buf.getvalue().encode("utf-8")
