"""Find every message the code marks for translation, and keep the catalogues in step with it.

A message is marked by a call with string literals: ``_("…")``, ``N_("…")``,
``translate("…", lang)`` or ``ngettext("…", "…", n)``.  :func:`extract`
collects them (stdlib ``ast``, the code is never run); :func:`render_pot`
writes the template; :func:`merge` brings a language's entries up to date:
translations of messages still in the code are kept, new messages come in
untranslated, and messages gone from the code become obsolete (``#~``) so a
translator can still see them.  ``scripts/extract_strings.py`` is the command
line for all of it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui_nn.i18n.po import PoEntry, parse_po

#: Function name -> positions of its message arguments (singular, plural).
KEYWORDS: dict[str, tuple[int, ...]] = {
    "_": (0,),
    "N_": (0,),
    "translate": (0,),
    "ngettext": (0, 1),
}

POT_HEADER = (
    "Project-Id-Version: tui-nn\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?[^{}]*\}")


@dataclass
class Message:
    """A message found in the code, with every place it appears."""

    msgid: str
    msgid_plural: str | None = None
    references: list[str] = field(default_factory=list)


def placeholders(text: str) -> list[str]:
    """The ``str.format`` fields of ``text``, sorted: ``"{n} of {m}"`` -> ``["{m}", "{n}"]``."""
    return sorted(match.group(0) for match in _PLACEHOLDER.finditer(text.replace("{{", "")))


def _string_args(call: ast.Call, positions: tuple[int, ...]) -> list[str] | None:
    values: list[str] = []
    for position in positions:
        if position >= len(call.args):
            return None
        arg = call.args[position]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return None
        values.append(arg.value)
    return values


def extract_source(source: str, filename: str) -> list[tuple[str, str | None, int]]:
    """``(msgid, msgid_plural, line)`` for every marked message in one file's source."""
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        positions = KEYWORDS.get(node.func.id)
        if positions is None:
            continue
        values = _string_args(node, positions)
        if values:
            found.append((values[0], values[1] if len(values) > 1 else None, node.lineno))
    return sorted(found, key=lambda item: item[2])


def extract(package_dir: Path) -> list[Message]:
    """Every marked message under ``package_dir``, in order of first appearance by file."""
    root = package_dir.parent
    messages: dict[str, Message] = {}
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for msgid, plural, _line in extract_source(path.read_text(encoding="utf-8"), relative):
            message = messages.setdefault(msgid, Message(msgid, plural))
            message.msgid_plural = message.msgid_plural or plural
            if relative not in message.references:  # files only: lines move too often
                message.references.append(relative)
    return list(messages.values())


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _field(keyword: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{keyword} ""', *(_quote(part) for part in parts)]


def render_entry(entry: PoEntry, obsolete: bool = False) -> str:
    """One entry as ``.po`` text (comments, references, flags, then the fields)."""
    lines: list[str] = []
    if not obsolete:
        lines += entry.comments
        lines += [f"#: {reference}" for reference in entry.references]
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
    fields: list[str] = []
    if entry.msgctxt is not None:
        fields += _field("msgctxt", entry.msgctxt)
    fields += _field("msgid", entry.msgid)
    if entry.msgid_plural is not None:
        fields += _field("msgid_plural", entry.msgid_plural)
        for index, text in enumerate(entry.msgstr):
            fields += _field(f"msgstr[{index}]", text)
    else:
        fields += _field("msgstr", entry.msgstr[0])
    lines += [f"#~ {line}" for line in fields] if obsolete else fields
    return "\n".join(lines) + "\n"


def _entry_for(message: Message, nplurals: int) -> PoEntry:
    flags = {"python-brace-format"} if placeholders(message.msgid) else set()
    forms = nplurals if message.msgid_plural is not None else 1
    return PoEntry(
        msgid=message.msgid,
        msgstr=[""] * forms,
        msgid_plural=message.msgid_plural,
        flags=flags,
        references=list(message.references),
    )


def render_pot(messages: list[Message]) -> str:
    """The template: the header, then every message untranslated (no dates: stable output)."""
    header = PoEntry(msgid="", msgstr=[POT_HEADER], comments=["# Messages of tui-nn."])
    entries = [header, *(_entry_for(message, 2) for message in messages)]
    return "\n".join(render_entry(entry) for entry in entries)


def _nplurals(header: PoEntry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
    return int(match.group(1)) if match else 2


def merge(po_text: str, messages: list[Message]) -> str:
    """A language's ``.po`` brought up to date with ``messages`` (see the module docstring)."""
    old = parse_po(po_text)
    header = next((entry for entry in old if entry.msgid == ""), None)
    if header is None:
        header = PoEntry(msgid="", msgstr=[POT_HEADER])
    nplurals = _nplurals(header)
    by_id = {entry.msgid: entry for entry in old if entry.msgid}
    current: list[PoEntry] = []
    for message in messages:
        entry = _entry_for(message, nplurals)
        previous = by_id.pop(message.msgid, None)
        if previous is not None:
            entry.comments = previous.comments
            entry.flags |= previous.flags - {"python-brace-format"}
            if len(previous.msgstr) == len(entry.msgstr):
                entry.msgstr = previous.msgstr
        current.append(entry)
    blocks = [render_entry(header), *(render_entry(entry) for entry in current)]
    blocks += [render_entry(entry, obsolete=True) for entry in by_id.values()]
    return "\n".join(blocks)


def new_catalogue(language: str, language_name: str, messages: list[Message]) -> str:
    """A fresh ``.po`` for ``language``: the template with that language's header."""
    header = POT_HEADER.replace("Plural-Forms: nplurals=2; plural=(n != 1);\n", "")
    header += (
        f"Language: {language}\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n"
        f"X-Language-Name: {language_name}\n"
    )
    seed = render_entry(PoEntry(msgid="", msgstr=[header]))
    return merge(seed, messages)
