"""The probes a checklist item may carry (``checks:``): declarative, they never run code.

Three kinds, told apart by their key: ``files`` alone (globs that must match, optionally with a
regex the files contain), ``query`` (a JMESPath expression over YAML/JSON files) and
``scanner`` (rule ids in an IaC scanner's results). ``orr.checks`` runs them.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from orr.model.base import Strict
from orr.model.fields import StrList


def _repo_glob(pattern: str) -> str:
    """A glob inside the repository: relative, and never climbing out with ``..``."""
    if not pattern.strip():
        raise PydanticCustomError("glob", "an empty glob matches nothing; write a pattern")
    path = PurePosixPath(pattern)
    if path.is_absolute() or pattern.startswith("~") or re.match(r"^[A-Za-z]:", pattern):
        raise PydanticCustomError(
            "glob",
            "'{value}' is not inside the repository: write the glob relative to its top level",
            {"value": pattern},
        )
    if ".." in path.parts:
        raise PydanticCustomError(
            "glob",
            "'{value}' would leave the repository ('..'); write the glob from its top level",
            {"value": pattern},
        )
    return pattern


def _regex(source: str) -> str:
    try:
        re.compile(source)
    except re.error as error:
        raise PydanticCustomError(
            "regex",
            "not a valid regular expression: {message}",
            {"message": str(error.msg), "offset": error.pos or 0},
        ) from None
    return source


def _jmespath(source: str) -> str:
    import jmespath  # only checklists with queries pay for it
    from jmespath import exceptions

    try:
        jmespath.compile(source)
    except exceptions.IncompleteExpressionError as error:
        problem, offset = "it ends too early", error.lex_position
    except exceptions.LexerError as error:
        problem, offset = str(error.message).lower(), error.lexer_position
    except exceptions.ParseError as error:
        problem, offset = f"unexpected {error.token_value!r}", error.lex_position
    except exceptions.JMESPathError as error:
        problem, offset = str(error), 0
    else:
        return source
    raise PydanticCustomError(
        "jmespath",
        "not a valid JMESPath expression: {message}",
        {"message": problem, "offset": int(offset or 0)},
    )


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


RepoGlob = Annotated[str, AfterValidator(_repo_glob)]
#: One glob or a list of them.
Globs = Annotated[list[RepoGlob], BeforeValidator(_listify), Field(min_length=1)]
Regex = Annotated[str, AfterValidator(_regex)]
JMESPath = Annotated[str, AfterValidator(_jmespath)]


class FilesCheck(Strict):
    """Each glob matches a file; with ``contains``, one file (or ``each`` file) matches it."""

    files: Globs
    contains: Regex | None = None
    each: bool = False
    title: str = ""
    kind: ClassVar[str] = "files"


class QueryCheck(Strict):
    """``query`` holds (is JMESPath-truthy) for every thing selected in the matching files.

    ``for_each`` selects the things in each document (a mapping's entries, or a list's
    elements; default: the document), ``where`` keeps those it holds for, and ``name`` says
    what to call one in a failure (default: its key, else its ``address``, ``metadata.name``
    or ``name``).
    """

    query: JMESPath
    files: Globs
    for_each: JMESPath | None = None
    where: JMESPath | None = None
    name: JMESPath | None = None
    title: str = ""
    kind: ClassVar[str] = "query"


class ScannerCheck(Strict):
    """Every result of these rule ids (checkov JSON or SARIF 2.1.0) passed."""

    scanner: Annotated[StrList, Field(min_length=1)]
    title: str = ""
    kind: ClassVar[str] = "scanner"


def _kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("query", "scanner"):
            if key in value:
                return key
        return "files"
    if isinstance(value, FilesCheck | QueryCheck | ScannerCheck):
        return value.kind
    return None


Check = Annotated[
    Annotated[FilesCheck, Tag("files")]
    | Annotated[QueryCheck, Tag("query")]
    | Annotated[ScannerCheck, Tag("scanner")],
    Discriminator(
        _kind,
        custom_error_type="check",
        custom_error_message="a check is a mapping with a `files:`, `query:` or `scanner:` key",
    ),
]

_TAGS = ("files", "query", "scanner")


def _untag(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validate the list, reporting each error at its path in the file.

    pydantic puts the kind's tag in an error's location (``checks[0].query.files``); the file
    has no such key, so it is dropped and the message points where the user types.
    """
    try:
        return handler(value)
    except ValidationError as error:
        details: list[InitErrorDetails] = []
        for err in error.errors(include_url=False):
            loc = err["loc"]
            if len(loc) >= 2 and isinstance(loc[0], int) and loc[1] in _TAGS:
                loc = (loc[0], *loc[2:])
            details.append(
                InitErrorDetails(
                    type=PydanticCustomError(err["type"], err["msg"], err.get("ctx")),
                    loc=loc,
                    input=err["input"],
                )
            )
        raise ValidationError.from_exception_data(error.title, details) from None


#: An item's ``checks:``.
Checks = Annotated[list[Check], WrapValidator(_untag)]

#: What a probe found: ``unknown`` when there was nothing to look at. Never n/a.
Outcome = Literal["pass", "fail", "unknown"]
