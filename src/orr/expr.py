"""The small boolean languages of orr, parsed and evaluated without ``eval``.

Two grammars share one tokenizer:

* **Risk-rule conditions** (Well-Architected lens syntax) over the choice ids of one question:
  ``&&``, ``||``, ``!``, parentheses, choice ids, and the word ``default`` alone.
* **applies_when** over a review's context: ``and``, ``or``, ``not``, ``==``, ``!=``, ``<``,
  ``<=``, ``>``, ``>=``, ``in``, ``not in``, parentheses, string / number / boolean literals,
  list literals and context keys (a bare key tests truthiness).

Errors carry the 0-based offset of the offending character so the loader can turn it into the
file's line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

MAX_LENGTH = 4096
MAX_DEPTH = 64

Scalar: TypeAlias = str | int | float | bool
Value: TypeAlias = Scalar | list[Scalar]


class ExprError(Exception):
    """A syntax or type error in an expression, at ``offset`` characters from its start."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class MissingContext(Exception):
    """An ``applies_when`` names a context key the review does not set."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# --- AST ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Const:
    value: Value


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


CompareOp: TypeAlias = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in"]


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Node
    right: Node
    offset: int


@dataclass(frozen=True, slots=True)
class Default:
    """The lens condition ``default``: always true."""


Node: TypeAlias = Name | Const | Not | And | Or | Compare | Default


# --- tokenizer ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # op, name, str, num, end
    text: str
    offset: int
    value: Value | None = None


_OPS = ("&&", "||", "==", "!=", "<=", ">=", "!", "<", ">", "(", ")", "[", "]", ",")
_LENS_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")
_CTX_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _tokens(source: str, *, lens: bool) -> Iterator[Token]:
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    i, n = 0, len(source)
    name_re = _LENS_NAME if lens else _CTX_NAME
    while i < n:
        ch = source[i]
        if ch.isspace():
            i += 1
            continue
        if not lens and ch in "'\"":
            j, out = i + 1, []
            while j < n and source[j] != ch:
                if source[j] == "\\" and j + 1 < n:
                    j += 1
                out.append(source[j])
                j += 1
            if j >= n:
                raise ExprError("unterminated string", i)
            yield Token("str", source[i : j + 1], i, "".join(out))
            i = j + 1
            continue
        if not lens and (m := _NUMBER.match(source, i)):
            text = m.group()
            num: int | float = float(text) if "." in text else int(text)
            yield Token("num", text, i, num)
            i = m.end()
            continue
        for op in _OPS:
            if source.startswith(op, i):
                yield Token("op", op, i)
                i += len(op)
                break
        else:
            m = name_re.match(source, i)
            if not m:
                raise ExprError(f"unexpected character {ch!r}", i)
            yield Token("name", m.group(), i)
            i = m.end()
    yield Token("end", "", n)


class _Parser:
    def __init__(self, source: str, *, lens: bool) -> None:
        self.source = source
        self.tokens = list(_tokens(source, lens=lens))
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def is_op(self, text: str) -> bool:
        return self.tok.kind == "op" and self.tok.text == text

    def is_word(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == word

    def expect_op(self, text: str, what: str) -> None:
        if not self.is_op(text):
            raise ExprError(f"expected {what}, found {self.describe(self.tok)}", self.tok.offset)
        self.take()

    @staticmethod
    def describe(tok: Token) -> str:
        return "end of expression" if tok.kind == "end" else repr(tok.text)

    def or_(self) -> Node:
        """The whole grammar's top rule: each language defines it."""
        raise NotImplementedError

    def nested(self, offset: int, parse: Callable[[], Node]) -> Node:
        """``parse()`` one level deeper, refusing to go past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", offset)
        node = parse()
        self.depth -= 1
        return node

    def group(self) -> Node:
        """``( or-expression )``, the opening parenthesis being the current token."""
        tok = self.take()

        def inside() -> Node:
            node = self.or_()
            self.expect_op(")", "')'")
            return node

        return self.nested(tok.offset, inside)

    def chain(
        self, operand: Callable[[], Node], separated: Callable[[], bool], kind: type[And | Or]
    ) -> Node:
        """``operand (sep operand)*`` as one And/Or node, or the lone operand."""
        parts = [operand()]
        while separated():
            self.take()
            parts.append(operand())
        return parts[0] if len(parts) == 1 else kind(tuple(parts))

    def finish(self, node: Node) -> Node:
        if self.tok.kind != "end":
            raise ExprError(f"unexpected {self.describe(self.tok)}", self.tok.offset)
        return node


# --- lens conditions ---------------------------------------------------------------------


class _LensParser(_Parser):
    def parse(self) -> Node:
        if self.tok.kind == "name" and self.tok.text == "default" and self.tokens[1].kind == "end":
            return Default()
        if self.tok.kind == "end":
            raise ExprError("empty condition", 0)
        return self.finish(self.or_())

    def or_(self) -> Node:
        return self.chain(self.and_, lambda: self.is_op("||"), Or)

    def and_(self) -> Node:
        return self.chain(self.unary, lambda: self.is_op("&&"), And)

    def unary(self) -> Node:
        tok = self.tok
        if self.is_op("!"):
            self.take()
            return self.nested(tok.offset, lambda: Not(self.unary()))
        if self.is_op("("):
            return self.group()
        if tok.kind == "name":
            if tok.text == "default":
                raise ExprError("'default' must stand alone as the whole condition", tok.offset)
            self.take()
            return Name(tok.text, tok.offset)
        raise ExprError(f"expected a choice id, found {self.describe(tok)}", tok.offset)

    def finish(self, node: Node) -> Node:
        if self.tok.kind == "name":
            raise ExprError(f"expected '&&' or '||' before {self.tok.text!r}", self.tok.offset)
        return super().finish(node)


def parse_condition(source: str) -> Node:
    """Parse a Well-Architected risk-rule condition."""
    return _LensParser(source, lens=True).parse()


def evaluate_condition(
    node: Node, selected: Collection[str], not_applicable: Collection[str] = ()
) -> bool:
    """Evaluate a risk-rule condition.

    A choice marked not applicable is neutral: it is left out of the ``&&`` or ``||`` it
    stands in (so it acts as true inside ``&&`` and false inside ``||``), negation passes
    the neutrality through, and a condition made only of neutral choices does not hold.
    """
    return _cond(node, selected, not_applicable) is True


def _cond(node: Node, selected: Collection[str], na: Collection[str]) -> bool | None:
    if isinstance(node, Default):
        return True
    if isinstance(node, Name):
        if node.name in na:
            return None
        return node.name in selected
    if isinstance(node, Not):
        inner = _cond(node.operand, selected, na)
        return None if inner is None else not inner
    if isinstance(node, And | Or):
        values = [v for v in (_cond(o, selected, na) for o in node.operands) if v is not None]
        if not values:
            return None
        return all(values) if isinstance(node, And) else any(values)
    raise TypeError(f"not a condition node: {node!r}")


# --- applies_when ------------------------------------------------------------------------

_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_COMPARE_OPS = ("==", "!=", "<=", ">=", "<", ">")


class _ContextParser(_Parser):
    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ExprError("empty expression", 0)
        return self.finish(self.or_())

    def or_(self) -> Node:
        return self.chain(self.and_, lambda: self.is_word("or"), Or)

    def and_(self) -> Node:
        return self.chain(self.not_, lambda: self.is_word("and"), And)

    def not_(self) -> Node:
        if self.is_word("not"):
            tok = self.take()
            return self.nested(tok.offset, lambda: Not(self.not_()))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.atom()
        tok = self.tok
        if tok.kind == "op" and tok.text in _COMPARE_OPS:
            self.take()
            op: CompareOp = tok.text  # type: ignore[assignment]
            return Compare(op, left, self.atom(), tok.offset)
        if self.is_word("in"):
            self.take()
            return Compare("in", left, self.atom(), tok.offset)
        if self.is_word("not") and self.tokens[self.pos + 1].text == "in":
            self.take()
            self.take()
            return Compare("not in", left, self.atom(), tok.offset)
        return left

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind in ("str", "num"):
            self.take()
            assert tok.value is not None
            return Const(tok.value)
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                self.take()
                return Const(tok.text == "true")
            if tok.text in _KEYWORDS:
                raise ExprError(f"expected a value, found {tok.text!r}", tok.offset)
            self.take()
            return Name(tok.text, tok.offset)
        if self.is_op("("):
            return self.group()
        if self.is_op("["):
            return self.list_()
        if tok.kind == "op" and tok.text in ("&&", "||", "!"):
            word = {"&&": "and", "||": "or", "!": "not"}[tok.text]
            raise ExprError(f"use {word!r} instead of {tok.text!r}", tok.offset)
        raise ExprError(f"expected a value, found {self.describe(tok)}", tok.offset)

    def list_(self) -> Node:
        self.take()
        items: list[Scalar] = []
        while not self.is_op("]"):
            tok = self.tok
            if tok.kind in ("str", "num"):
                assert tok.value is not None and not isinstance(tok.value, list)
                items.append(tok.value)
            elif tok.kind == "name" and tok.text in ("true", "false"):
                items.append(tok.text == "true")
            else:
                raise ExprError(
                    f"expected a literal in the list, found {self.describe(tok)}", tok.offset
                )
            self.take()
            if not self.is_op("]"):
                self.expect_op(",", "',' or ']'")
        self.take()
        return Const(items)


class _ContextParserStrict(_ContextParser):
    def finish(self, node: Node) -> Node:
        tok = self.tok
        if tok.kind == "op" and tok.text in ("&&", "||", "!"):
            word = {"&&": "and", "||": "or", "!": "not"}[tok.text]
            raise ExprError(f"use {word!r} instead of {tok.text!r}", tok.offset)
        if tok.kind in ("name", "str", "num"):
            raise ExprError(f"expected 'and' or 'or' before {tok.text!r}", tok.offset)
        return super().finish(node)


def parse_applies_when(source: str) -> Node:
    """Parse an ``applies_when`` expression over a review's context."""
    return _ContextParserStrict(source, lens=False).parse()


def names(node: Node) -> Iterator[Name]:
    """Every name the expression refers to, in order."""
    if isinstance(node, Name):
        yield node
    elif isinstance(node, Not):
        yield from names(node.operand)
    elif isinstance(node, And | Or):
        for operand in node.operands:
            yield from names(operand)
    elif isinstance(node, Compare):
        yield from names(node.left)
        yield from names(node.right)


def evaluate_applies_when(node: Node, context: Mapping[str, Value]) -> bool:
    """Evaluate ``applies_when``; raises MissingContext for a key the context lacks."""
    return _truthy(_ctx(node, context))


def _truthy(value: Value) -> bool:
    return bool(value)


def _ctx(node: Node, context: Mapping[str, Value]) -> Value:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Name):
        if node.name not in context:
            raise MissingContext(node.name)
        return context[node.name]
    if isinstance(node, Not):
        return not _truthy(_ctx(node.operand, context))
    if isinstance(node, And):
        return all(_truthy(_ctx(o, context)) for o in node.operands)
    if isinstance(node, Or):
        return any(_truthy(_ctx(o, context)) for o in node.operands)
    if isinstance(node, Compare):
        return _compare(node, _ctx(node.left, context), _ctx(node.right, context))
    raise TypeError(f"not an applies_when node: {node!r}")


def _kind(value: Value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list"


def _compare(node: Compare, left: Value, right: Value) -> bool:
    op = node.op
    if op in ("in", "not in"):
        if not isinstance(right, list):
            raise ExprError(f"the right side of {op!r} must be a list", node.offset)
        found = any(_kind(left) == _kind(r) and left == r for r in right)
        return found if op == "in" else not found
    same = _kind(left) == _kind(right)
    if op == "==":
        return same and left == right
    if op == "!=":
        return not (same and left == right)
    if not same or _kind(left) not in ("number", "string"):
        raise ExprError(
            f"cannot order {_kind(left)} {left!r} against {_kind(right)} {right!r} with {op!r}",
            node.offset,
        )
    a, b = left, right
    assert not isinstance(a, list) and not isinstance(b, list)
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]
