"""A small reader for gettext ``.po`` files, and a compiler to ``.mo`` bytes (stdlib only).

tui-nn keeps its translations as ``.po`` text files only.  At first use the
catalogue is compiled in memory to the binary ``.mo`` format and handed to the
standard library's :class:`gettext.GNUTranslations`, which does the lookups and
the ``Plural-Forms`` arithmetic.  So there is no build step, no binary file in
the repository and nothing that can fall out of sync with the ``.po`` file;
and the files stay ordinary gettext files that Poedit, ``msgfmt`` or
``msgmerge`` can read too.

Supported: ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``/``msgstr[n]``,
strings continued over several lines, C escapes, ``#`` comments, and the
``#, fuzzy`` flag (a fuzzy entry is skipped, as ``msgfmt`` does).  Obsolete
entries (``#~``) are ignored.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field


class PoError(ValueError):
    """A ``.po`` file that cannot be read: says the line and what is wrong."""


@dataclass
class PoEntry:
    """One message of a catalogue."""

    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgid_plural: str | None = None
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when every form has a translation and the entry is not fuzzy."""
        return not self.fuzzy and all(self.msgstr)


#: C escapes in a quoted string: a named one, up to three octal digits, hex, or anything else
#: (refused); an unescaped quote is refused too.
_ESCAPE = re.compile(r'\\(?:([ntrabfv\\"\'?])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.|$))|(")', re.S)
_NAMED = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str, line_number: int) -> str:
    """The string of a quoted ``.po`` line, its C escapes decoded.

    Decoded here rather than by ``ast.literal_eval``: CPython 3.11's ``ast`` can fail
    with "SystemError: AST constructor recursion depth mismatch" while another
    thread compiles code (the catalogue may be read on any thread).
    """
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise PoError(f"line {line_number}: expected a quoted string, got {text!r}")

    def decode(match: re.Match[str]) -> str:
        named, octal, hexa = match.group(1, 2, 3)
        if named is not None:
            return _NAMED.get(named, named)
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        raise PoError(f"line {line_number}: bad string {text!r}")

    return _ESCAPE.sub(decode, text[1:-1])


def parse_po(text: str) -> list[PoEntry]:
    """Every entry of a ``.po`` file, the header (``msgid ""``) included, in file order."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    pending_flags: set[str] = set()
    pending_refs: list[str] = []
    pending_comments: list[str] = []
    field_name: str | None = None  # which field a continuation line extends
    seen_msgstr = False

    def finish() -> None:
        nonlocal current, seen_msgstr
        if current is not None:
            if not seen_msgstr:
                raise PoError(f"message {current.msgid!r} has no msgstr")
            entries.append(current)
        current = None
        seen_msgstr = False

    def append(name: str, value: str, line_number: int) -> None:
        assert current is not None
        if name == "msgid":
            current.msgid += value
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif name.startswith("msgstr["):
            index = int(name[7:-1])
            current.msgstr[index] += value
        else:
            current.msgstr[0] += value

    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is not None and seen_msgstr:
                finish()
            if line.startswith("#,"):
                pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#:"):
                pending_refs.extend(line[2:].split())
            else:
                pending_comments.append(line)
            continue
        if line.startswith('"'):
            if current is None or field_name is None:
                raise PoError(f"line {line_number}: a string outside any message")
            append(field_name, _unquote(line, line_number), line_number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (current is None or seen_msgstr):
            finish()
            current = PoEntry(
                msgid="",
                flags=pending_flags,
                references=pending_refs,
                comments=pending_comments,
            )
            pending_flags, pending_refs, pending_comments = set(), [], []
        if current is None:
            raise PoError(f"line {line_number}: {keyword!r} before any msgid")
        if keyword == "msgctxt":
            current.msgctxt = _unquote(rest, line_number)
        elif keyword == "msgid":
            current.msgid = _unquote(rest, line_number)
        elif keyword == "msgid_plural":
            current.msgid_plural = _unquote(rest, line_number)
        elif keyword == "msgstr":
            current.msgstr = [_unquote(rest, line_number)]
            seen_msgstr = True
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            if index == 0:
                current.msgstr = []
            if index != len(current.msgstr):
                raise PoError(f"line {line_number}: {keyword} out of order")
            current.msgstr.append(_unquote(rest, line_number))
            seen_msgstr = True
        else:
            raise PoError(f"line {line_number}: unknown keyword {keyword!r}")
        field_name = keyword
    finish()
    return entries


def header_fields(entries: list[PoEntry]) -> dict[str, str]:
    """The header entry's ``Name: value`` lines as a dict (empty when there is no header)."""
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            fields: dict[str, str] = {}
            for line in entry.msgstr[0].splitlines():
                name, sep, value = line.partition(":")
                if sep:
                    fields[name.strip()] = value.strip()
            return fields
    return {}


def compile_mo(entries: list[PoEntry]) -> bytes:
    """The entries as a GNU ``.mo`` file (what ``msgfmt`` writes); fuzzy and empty ones left out."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        is_header = entry.msgid == "" and entry.msgctxt is None
        if not is_header and not entry.translated:
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            key = entry.msgctxt + "\x04" + key
        messages[key.encode("utf-8")] = "\0".join(entry.msgstr).encode("utf-8")
    keys = sorted(messages)
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for encoded in keys:
        offsets.append((len(ids), len(encoded), len(strs), len(messages[encoded])))
        ids += encoded + b"\0"
        strs += messages[encoded] + b"\0"
    count = len(keys)
    keys_start = 7 * 4
    values_start = keys_start + count * 8
    ids_start = values_start + count * 8
    strs_start = ids_start + len(ids)
    key_table: list[int] = []
    value_table: list[int] = []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, ids_start + id_offset]
        value_table += [str_length, strs_start + str_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, keys_start, values_start, 0, 0)
    tables = struct.pack(f"{len(key_table)}i", *key_table)
    tables += struct.pack(f"{len(value_table)}i", *value_table)
    return header + tables + ids + strs
