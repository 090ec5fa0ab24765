"""Errors a user can act on. Everything else is a bug and may show a traceback.

All errors are picklable (they cross worker-process boundaries) and their str()
is a single line suitable for a terminal or a CI log.
"""

from __future__ import annotations


class CoachcheckError(Exception):
    """Base class for errors caused by the user's input or configuration."""


class InputError(CoachcheckError):
    """A transcript could not be read or has nothing to analyze.

    Args:
        path (str): the file the problem is in.
        problem (str): what is wrong, one line.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(path, problem)
        self.path = str(path)
        self.problem = " ".join(str(problem).split())

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class RuleError(CoachcheckError):
    """One problem in a rule file, located as `path:line:col` (1-based).

    Args:
        path (str): the rule file.
        line (int): 1-based line, 0 when unknown.
        col (int): 1-based column, 0 when unknown.
        message (str): what is wrong.
        rule_id (str | None): the rule the problem is in, when known.
    """

    def __init__(self, path: str, line: int, col: int, message: str, rule_id: str | None = None) -> None:
        super().__init__(path, line, col, message, rule_id)
        self.path, self.line, self.col = str(path), line, col
        self.message = " ".join(str(message).split())
        self.rule_id = rule_id

    def __str__(self) -> str:
        rule = f"[{self.rule_id}] " if self.rule_id else ""
        return f"{self.path}:{self.line}:{self.col}: {rule}{self.message}"


class RuleErrorGroup(CoachcheckError):
    """Every problem found in a set of rule files, reported together.

    Args:
        errors (list[RuleError]): the problems, in file and line order.
    """

    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__(errors)
        self.errors = sorted(errors, key=lambda e: (e.path, e.line, e.col))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class ConfigError(CoachcheckError):
    """A configuration file or option is invalid."""
