"""YAML syntax errors in words a policy author can act on.

PyYAML reports what its parser expected ("expected <block end>, but found '<scalar>'"),
often lines after the real mistake. The usual mistakes are few: a tab, a line indented
one space off, a quote or bracket left open. Each is recognised here and reported where
it was made, with what was expected.
"""

from __future__ import annotations

import yaml

from vernly.policy.errors import Problem


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _open_quote(text: str, before: yaml.Mark | None) -> yaml.ScalarToken | None:
    """The first quoted string that runs over a line end: almost always a missing quote."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if before is not None and token.start_mark.index >= before.index:
                return None
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line):
                return token
    except yaml.YAMLError:
        return None
    return None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, source: str) -> Problem:
    """One problem for a YAML syntax error, placed at the mistake rather than the symptom."""
    problem = exc.problem or ""
    context = exc.context or ""
    line, col = _pos(exc.problem_mark or exc.context_mark)

    def at(where: tuple[int, int], message: str) -> Problem:
        return Problem(source, where[0], where[1], f"YAML syntax error: {message}")

    if "'\\t'" in problem:
        return at((line, col), "a tab character, expected spaces (YAML indents with spaces only)")
    if "quoted scalar" in context:
        quote = text_at(text, exc.context_mark)
        return at(_pos(exc.context_mark),
                  f"the string opened with {quote} here is never closed, expected a closing "
                  f"{quote}")
    token = _open_quote(text, exc.problem_mark)
    if token is not None:
        quote = token.style
        return at(_pos(token.start_mark),
                  f"the string opened with {quote} here runs on to line "
                  f"{token.end_mark.line + 1}, expected a closing {quote} on this line")
    for opener, closer, kind in (("[", "]", "list"), ("{", "}", "mapping")):
        if f"flow {'sequence' if kind == 'list' else 'mapping'}" in context:
            return at(_pos(exc.context_mark),
                      f"the {kind} opened with '{opener}' here is not closed, expected "
                      f"',' or '{closer}'")
    if problem == "mapping values are not allowed here":
        return at((line, col), "unexpected ':', expected this line indented like the keys "
                               "above it, or the value quoted if it contains ': '")
    if problem.startswith("expected <block end>"):
        return at((line, col), "this line's indentation does not match the lines above, "
                               "expected it to line up with the keys of its block")
    return at((line, col), problem or context or "invalid YAML")


def text_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None or mark.index >= len(text):
        return '"'
    return text[mark.index]
