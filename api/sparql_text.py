"""What the endpoint needs to know about a query's text before or after Oxigraph parses it.

A small lexer that skips what cannot hold keywords (string literals, IRIs, comments, variables,
prefixed names) finds the first keyword of the operation (to tell an update sent to the query
operation from a malformed query) and a ``SERVICE`` clause (federated queries are off unless the
settings allow them). Oxigraph's own parser stays the judge of what is valid SPARQL; this only
explains its verdict better.
"""

from __future__ import annotations

import re

_SKIP = r"""
    (?P<skip>
        \"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"      # long strings
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"                       # short strings
      | '(?:[^'\\\n\r]|\\.)*'
      | <[^<>"{}|^`\\\s]*>                          # IRIs
      | \#[^\n\r]*                                  # comments
      | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+   # variables
      | [\w.-]*:[\w.:%\\-]*                         # prefixed names
    )
  | (?P<word>[A-Za-z]+)
"""
_TOKENS = re.compile(_SKIP, re.VERBOSE | re.DOTALL)

_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_PROLOGUE_KEYWORDS = frozenset({"PREFIX", "BASE"})
_CHAR_CLASSES = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]")
_ERROR_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


def _words(text: str) -> list[str]:
    return [m.group("word").upper() for m in _TOKENS.finditer(text) if m.group("word")]


def first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (``SELECT``, ``INSERT``, ...), or None."""
    for m in _TOKENS.finditer(text):
        word = m.group("word")
        if word and word.upper() not in _PROLOGUE_KEYWORDS:
            return word.upper()
    return None


def is_update(text: str) -> bool:
    """Whether the text reads as a SPARQL Update operation rather than a query."""
    return first_keyword(text) in _UPDATE_KEYWORDS


def uses_service(text: str) -> bool:
    """Whether the query contains a ``SERVICE`` clause (a federated query)."""
    if "service" not in text.lower():  # the common case costs one scan
        return False
    return "SERVICE" in _words(text)


def describe_syntax_error(text: str, message: str) -> str:
    """Oxigraph's ``error at L:C: ...`` as a sentence, with the line quoted and the place marked."""
    m = _ERROR_POSITION.match(message.strip())
    if not m:
        return f"SPARQL syntax error: {message}"
    line_no, column, reason = int(m.group(1)), int(m.group(2)), _CHAR_CLASSES.sub("a name", m.group(3).strip())
    out = f"SPARQL syntax error at line {line_no}, column {column}: {reason}"
    lines = text.splitlines() or [""]
    if 1 <= line_no <= len(lines):
        line = lines[line_no - 1]
        caret = " " * max(min(column - 1, len(line)), 0) + "^"
        out += f"\n\n    {line}\n    {caret}"
    return out


#: How deep groups ``{}``, expressions ``()`` and blank-node lists ``[]`` may nest in a query.
#: Real queries stay under 20; parsers recurse once per level and overflow their stack in the thousands.
MAX_NESTING = 64

_BRACKETS = re.compile(
    r"""
        \"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*'
      | <[^<>"{}|^`\\\s]*>
      | \#[^\n\r]*
      | \\.                                         # an escape in a local name (ex:a\(b)
      | (?P<open>[{(\[])
      | (?P<close>[})\]])
    """,
    re.VERBOSE | re.DOTALL,
)


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in the query's code (strings, IRIs and comments do not count)."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        if m.group("open"):
            depth += 1
            deepest = max(deepest, depth)
        elif m.group("close"):
            depth -= 1
    return deepest


def too_deep(text: str, limit: int = MAX_NESTING) -> str | None:
    """Why the query is refused for nesting too deep, or None if it is not."""
    if text.count("{") + text.count("(") + text.count("[") <= limit:
        return None  # the common case: too few brackets to nest that deep
    depth = nesting_depth(text)
    if depth <= limit:
        return None
    return (f"nested too deep: {depth} levels of brackets ({{}}, (), []), the limit is {limit}; "
            "a query this deep would overflow the parser")
