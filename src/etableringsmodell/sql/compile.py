"""Forms to SQL: one status column per criterion, for DuckDB, Spark, PostgreSQL and SQL Server.

:func:`compile_rule` resolves the rule on the reference date (a programme's
version by :func:`~etableringsmodell.rules.eligibility.resolve_rule`), takes
each criterion's :mod:`form <etableringsmodell.rules.forms>`, builds a
`sqlglot <https://sqlglot.com>`_ expression tree and writes it in the
dialect asked for. The query has one common table expression per level of
the rule (leaves first, then composites from the innermost out), so no
sub-expression is repeated; it returns the kept columns, one status column
per criterion (``criterion_0`` is the rule itself, then its parts in the
pre-order of ``Decision.reasons``; 0 failed, 1 undetermined, 2 passed) and
``eligible``.

Traps each dialect sets, handled here and tested on the engines:

* date + interval is a ``TIMESTAMP`` on DuckDB and PostgreSQL: every date
  addition is cast back to ``DATE``; sqlglot writes the dialect's own
  addition (``ADD_MONTHS`` on Spark, ``DATEADD`` on SQL Server), all of which
  clamp a missing day to the month's last, as Lag (1930:173) does;
* SQL Server has no boolean values: every test stays inside ``CASE WHEN``,
  boolean columns are ``BIT`` compared with 1 or 0, and ``eligible`` is 1 or 0;
* list columns (competences, interests) are arrays on DuckDB, Spark and
  PostgreSQL, and JSON arrays of text on SQL Server (read with ``OPENJSON``).

>>> from datetime import date
>>> from etableringsmodell.model import AgeBetween
>>> text = to_sql(AgeBetween(18, 64), date(2024, 2, 29), dialect="tsql", pretty=False)
>>> print(text)  # doctest: +NORMALIZE_WHITESPACE
WITH [level_0] AS (SELECT *, CASE WHEN ([birth_date] <= CAST('2006-02-28' AS DATE) AND [birth_date] >
CAST('1959-02-28' AS DATE)) THEN 2 WHEN NOT (([birth_date] <= CAST('2006-02-28' AS DATE) AND
[birth_date] > CAST('1959-02-28' AS DATE))) THEN 0 ELSE 1 END AS [criterion_0] FROM cohort) SELECT
[criterion_0], CASE WHEN [criterion_0] = 2 THEN 1 ELSE 0 END AS [eligible] FROM level_0
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

import sqlglot
from attrs import frozen
from sqlglot import exp

from etableringsmodell.calendar import MissingDay
from etableringsmodell.errors import InvalidTypeError, InvalidValueError, MissingColumnError
from etableringsmodell.i18n import N_
from etableringsmodell.io.table import YEARS_PER_UNIT
from etableringsmodell.model.criteria import Criterion
from etableringsmodell.rules.eligibility import Rule, resolve_rule
from etableringsmodell.rules.forms import (
    AddMonths,
    And,
    AnyElement,
    AnyMissing,
    Cases,
    Column,
    ColumnKind,
    Combine,
    Compare,
    Const,
    Form,
    InSet,
    IsNull,
    ListSum,
    Negate,
    Or,
    Predicate,
    Value,
    form_of,
)

__all__ = ["DIALECTS", "CompiledRule", "StatusColumn", "compile_rule", "status_column", "to_sql"]

DIALECTS = ("duckdb", "spark", "postgres", "tsql")
"""The dialects written and tested (sqlglot writes others, untested here)."""

_OPS: dict[str, type[exp.Binary]] = {
    "<": exp.LT,
    "<=": exp.LTE,
    "=": exp.EQ,
    "<>": exp.NEQ,
    ">=": exp.GTE,
    ">": exp.GT,
}
_TYPES = {
    ColumnKind.DATE: "DATE",
    ColumnKind.INTEGER: "INT",
    ColumnKind.BOOLEAN: "BOOLEAN",
    ColumnKind.TEXT: "VARCHAR",
}


def status_column(index: int) -> str:
    """The name of the ``index``-th criterion's status column: ``criterion_0`` is the rule."""
    return f"criterion_{index}"


@frozen
class StatusColumn:
    """One criterion of the compiled rule and where its status is."""

    criterion: Criterion
    depth: int
    leaf: bool
    name: str


@frozen
class CompiledRule:
    """A rule compiled for one reference date and one dialect."""

    rule: Criterion
    on: date
    dialect: str
    columns: tuple[StatusColumn, ...]
    """One per criterion, the rule first, in the order of ``Decision.reasons``."""
    reads: tuple[str, ...]
    """The cohort columns the query reads, each once, in order of first use."""
    expression: exp.Expr
    pretty: bool = True

    @property
    def sql(self) -> str:
        """The SQL text."""
        text: str = self.expression.sql(dialect=self.dialect, pretty=self.pretty)
        return text


_COHORT_TABLE_NAMES = {
    "sponsor_received_on": "permit_sponsor_received_on",
    "sponsor_is_swedish_citizen": "permit_sponsor_is_swedish_citizen",
    "occupations": "competence_occupation",
}
"""The batch path's first-release column names and the cohort table schema's names for them."""


class _Writer:
    def __init__(self, dialect: str, schema: Collection[str] | None) -> None:
        self.dialect = dialect
        self.schema = None if schema is None else set(schema)
        self.reads: dict[str, None] = {}

    @property
    def tsql(self) -> bool:
        return self.dialect == "tsql"

    # ---- values
    def column(self, c: Column) -> exp.Expr:
        if self.schema is not None and c.name not in self.schema:
            found = self._cohort_table_column(c.name)
            if found is not None:
                return found
            if not c.optional:
                raise MissingColumnError(c.name, N_("the rule needs this column and the table has none"))
            return exp.cast(exp.Null(), _TYPES.get(c.kind, "VARCHAR"))
        self.reads.setdefault(c.name, None)
        return exp.column(exp.to_identifier(c.name, quoted=True))

    def _cohort_table_column(self, name: str) -> exp.Expr | None:
        """The batch path's column ``name`` from the cohort table schema's own columns, when it has them.

        The forms read the batch path's names; a file written by ``io.table.write_table`` holds the
        cohort table schema's (``docs/cohort_table.md``), and ``batch.columns`` maps between the two.
        """
        schema = self.schema or set()

        def col(column: str) -> exp.Expr:
            self.reads.setdefault(column, None)
            return exp.column(exp.to_identifier(column, quoted=True))

        other = _COHORT_TABLE_NAMES.get(name)
        if other is not None and other in schema:
            return col(other)
        if name == "first_permit_granted_on" and "permit_granted_on" in schema:
            # As the scalar path: the first permit's day when given, else this permit's.
            if "permit_first_granted_on" in schema:
                return exp.func("COALESCE", col("permit_first_granted_on"), col("permit_granted_on"))
            return col("permit_granted_on")
        return None

    def value(self, v: Value) -> exp.Expr:
        if isinstance(v, Column):
            return self.column(v)
        if isinstance(v, Const):
            return self.const(v.value)
        if isinstance(v, ListSum):
            return self.pairs(v.keys, v.values, v.prefixes, "sum")
        return self.add_months(v)

    def const(self, value: object) -> exp.Expr:
        if isinstance(value, bool):
            return exp.Literal.number(int(value)) if self.tsql else exp.Boolean(this=value)
        if isinstance(value, date) and not isinstance(value, datetime):
            return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
        if isinstance(value, int | float):
            return exp.Literal.number(repr(value) if isinstance(value, float) else value)
        if isinstance(value, str):
            return exp.Literal.string(value)
        raise InvalidTypeError("value", f"a form constant must be a date, int, str or bool, got {value!r}")

    def _add(self, value: exp.Expr, n: int, unit: str) -> exp.Expr:
        # date + interval is a TIMESTAMP on DuckDB and PostgreSQL: cast back to DATE.
        return exp.cast(exp.DateAdd(this=value, expression=exp.Literal.number(n), unit=exp.var(unit)), "DATE")

    def add_months(self, v: AddMonths) -> exp.Expr:
        start = self.value(v.value)
        moved = self._add(start, v.months, "MONTH") if v.months else start
        if v.months and v.convention is MissingDay.FIRST_OF_NEXT_MONTH:
            # Clamped to the month's last day (the day moved): the first of the next month instead.
            clamped = exp.NEQ(this=exp.Day(this=moved.copy()), expression=exp.Day(this=start.copy()))
            moved = exp.Case(
                ifs=[exp.If(this=clamped, true=self._add(moved.copy(), 1, "DAY"))], default=moved
            )
        return self._add(moved, v.days, "DAY") if v.days else moved

    # ---- tests
    def test(self, p: Predicate) -> exp.Expr:  # noqa: PLR0911  # one return per kind of test
        if isinstance(p, Compare):
            return _OPS[p.op](this=self.value(p.left), expression=self.value(p.right))
        if isinstance(p, IsNull):
            return exp.Is(this=self.value(p.value), expression=exp.Null())
        if isinstance(p, InSet):
            return exp.In(this=self.value(p.value), expressions=[self.const(m) for m in p.members])
        if isinstance(p, And):
            return exp.Paren(this=exp.and_(*(self.test(q) for q in p.parts), wrap=True))
        if isinstance(p, Or):
            return exp.Paren(this=exp.or_(*(self.test(q) for q in p.parts), wrap=True))
        if isinstance(p, Negate):
            return exp.Not(this=exp.Paren(this=self.test(p.part)))
        if isinstance(p, AnyMissing):
            return self.pairs(p.keys, p.values, p.prefixes, "missing")
        return self.any_element(p)

    def _condition(self, name: str, prefixes: tuple[str, ...] | None, *, casefold: bool = False) -> str:
        if prefixes is None:
            return "1 = 1"
        if casefold:
            members = ", ".join(exp.Literal.string(m).sql(self.dialect) for m in prefixes)
            return f"LOWER(TRIM({name})) IN ({members})"
        # A code meets a shorter code it starts with (2221 meets 22), never the reverse.
        return (
            "("
            + " OR ".join(f"{name} LIKE {exp.Literal.string(m + '%').sql(self.dialect)}" for m in prefixes)
            + ")"
        )

    def _experience_from_table(self, values: Column) -> Column | None:
        """The cohort table's unit column when ``values`` is ``experience_years`` and the table lacks it.

        The cohort table schema keeps each competence's experience in its own unit
        (``competence_experience`` beside ``competence_experience_unit``); each number is
        then turned into years element by element, by pint's definitions (YEARS_PER_UNIT).
        """
        if (
            values.name == "experience_years"
            and self.schema is not None
            and values.name not in self.schema
            and {"competence_experience", "competence_experience_unit"} <= self.schema
        ):
            return Column("competence_experience_unit", ColumnKind.TEXT_LIST)
        return None

    def _in_years(self, number: str, unit: str) -> str:
        """``number`` (in ``unit``, a column of the table's unit words) in years."""
        cases = " ".join(
            f"WHEN {exp.Literal.string(word).sql(self.dialect)} THEN {factor!r}"
            for word, factor in YEARS_PER_UNIT.items()
        )
        return (
            f"(CAST({number} AS DOUBLE PRECISION) * CASE {unit} {cases} END)"
            if self.dialect == "postgres"
            else (
                f"(CAST({number} AS FLOAT) * CASE {unit} {cases} END)"
                if self.tsql
                else f"(CAST({number} AS DOUBLE) * CASE {unit} {cases} END)"
            )
        )

    def pairs(  # noqa: PLR0912  # one branch per dialect and per kind of answer
        self, keys: Column, values: Column, prefixes: tuple[str, ...] | None, what: str
    ) -> exp.Expr:
        """A test or a sum over two parallel list columns, element by element.

        ``what``: ``"sum"``, the sum of the numbers of ``values`` beside a matching key (0 when
        none); ``"missing"``, whether a matching key has no number; ``"flagged"``, whether a
        matching key's flag in ``values`` is true.
        """
        unit = self._experience_from_table(values)
        if unit is not None:
            values = Column("competence_experience", ColumnKind.NUMBER_LIST)
        key_sql = self.column(keys).sql(self.dialect)
        value_sql = self.column(values).sql(self.dialect)
        unit_sql = None if unit is None else self.column(unit).sql(self.dialect)
        d = self.dialect
        if d == "tsql":
            # JSON arrays of text: the elements of the two arrays meet by their position ([key]).
            cond = self._condition("k.[value]", prefixes)
            source = f"OPENJSON({key_sql}) AS k JOIN OPENJSON({value_sql}) AS e ON k.[key] = e.[key]"
            number = "CAST(e.[value] AS FLOAT)"
            if unit_sql is not None:
                source += f" JOIN OPENJSON({unit_sql}) AS w ON w.[key] = k.[key]"
                number = self._in_years("e.[value]", "w.[value]")
            flags = {"missing": "e.[type] = 0", "flagged": "e.[value] = 'true'"}
            if what == "sum":
                text = f"(SELECT COALESCE(SUM({number}), 0) FROM {source} WHERE {cond})"
            else:
                text = f"EXISTS (SELECT 1 FROM {source} WHERE {flags[what]} AND {cond})"
        elif d == "spark":
            cond = self._condition("x", prefixes)
            if unit_sql is not None:
                # ZIP_WITH takes two arrays: the numbers are first made years beside their units.
                value_sql = f"ZIP_WITH({value_sql}, {unit_sql}, (n, w) -> {self._in_years('n', 'w')})"
            if what == "sum":
                text = (
                    f"AGGREGATE(ZIP_WITH({key_sql}, {value_sql}, (x, v) -> CASE WHEN {cond} AND v IS NOT NULL "
                    "THEN CAST(v AS DOUBLE) ELSE CAST(0 AS DOUBLE) END), CAST(0 AS DOUBLE), (a, y) -> a + y)"
                )
                text = f"COALESCE({text}, CAST(0 AS DOUBLE))"
            else:
                test = "v IS NULL" if what == "missing" else "v"
                text = f"COALESCE(EXISTS(ZIP_WITH({key_sql}, {value_sql}, (x, v) -> {test} AND {cond}), b -> b), FALSE)"
        else:
            cond = self._condition("x", prefixes)
            # DuckDB zips the UNNESTs of one SELECT; PostgreSQL's UNNEST takes all the arrays.
            names: tuple[str, ...] = ("x", "v")
            arrays = [key_sql, value_sql]
            if unit_sql is not None:
                names, arrays = ("x", "v", "w"), [*arrays, unit_sql]
            source = (
                f"UNNEST({', '.join(arrays)}) AS u({', '.join(names)})"
                if d == "postgres"
                else "(SELECT "
                + ", ".join(f"UNNEST({a}) AS {n}" for a, n in zip(arrays, names, strict=True))
                + ") AS u"
            )
            number = "v" if unit_sql is None else self._in_years("v", "w")
            if what == "sum":
                text = f"(SELECT COALESCE(SUM({number}), 0) FROM {source} WHERE {cond})"
            else:
                test = "v IS NULL" if what == "missing" else "v"
                text = f"EXISTS (SELECT 1 FROM {source} WHERE {test} AND {cond})"
        return sqlglot.parse_one(text, read=d)

    def any_element(self, p: AnyElement) -> exp.Expr:
        if (
            p.column.name == "validated_occupations"
            and self.schema is not None
            and p.column.name not in self.schema
            and {"competence_occupation", "competence_validated"} <= self.schema
        ):
            # The cohort table schema keeps one flag per competence (competence_validated).
            keys = Column("competence_occupation", ColumnKind.TEXT_LIST)
            flags = Column("competence_validated", ColumnKind.TEXT_LIST)
            return self.pairs(keys, flags, p.prefixes, "flagged")
        column = self.column(p.column)
        if isinstance(column, exp.Cast):  # an absent optional list: empty, nothing matches
            return exp.EQ(this=exp.Literal.number(1), expression=exp.Literal.number(0))
        name = "[value]" if self.tsql else "x"
        condition = self._condition(name, p.prefixes, casefold=p.casefold)
        list_sql = column.sql(self.dialect)
        # The literals are quoted by sqlglot and the column name is an identifier it quoted.
        template = {
            "duckdb": f"EXISTS (SELECT 1 FROM (SELECT UNNEST({list_sql}) AS x) AS u WHERE {condition})",
            "spark": f"EXISTS({list_sql}, x -> {condition})",
            "postgres": f"EXISTS (SELECT 1 FROM UNNEST({list_sql}) AS u(x) WHERE {condition})",
            "tsql": f"EXISTS (SELECT 1 FROM OPENJSON({list_sql}) WHERE {condition})",
        }.get(self.dialect, f"EXISTS (SELECT 1 FROM UNNEST({list_sql}) AS u(x) WHERE {condition})")
        return sqlglot.parse_one(template, read=self.dialect)

    # ---- statuses
    def cases(self, form: Cases) -> exp.Expr:
        if not form.cases:
            return exp.Literal.number(form.default)
        return exp.Case(
            ifs=[exp.If(this=self.test(p), true=exp.Literal.number(code)) for p, code in form.cases],
            default=exp.Literal.number(form.default),
        )

    def combine(self, how: str, parts: Sequence[str]) -> exp.Expr:
        refs = [exp.column(exp.to_identifier(name, quoted=True)) for name in parts]
        if how == "not":
            return exp.Sub(this=exp.Literal.number(2), expression=refs[0])

        def any_is(code: int) -> exp.Expr:
            return exp.or_(*(exp.EQ(this=r.copy(), expression=exp.Literal.number(code)) for r in refs))

        # Kleene over codes: AllOf is the minimum, AnyOf the maximum, written as
        # CASE so that no dialect needs LEAST/GREATEST or a boolean value.
        first, second, default = (0, 1, 2) if how == "all" else (2, 1, 0)
        return exp.Case(
            ifs=[
                exp.If(this=any_is(first), true=exp.Literal.number(first)),
                exp.If(this=any_is(second), true=exp.Literal.number(second)),
            ],
            default=exp.Literal.number(default),
        )


@frozen
class _Node:
    criterion: Criterion
    depth: int
    form: Form
    children: tuple[int, ...]
    height: int


def _flatten(c: Criterion, form: Form, depth: int, out: list[_Node | None]) -> int:
    index = len(out)
    out.append(None)
    if isinstance(form, Combine):
        parts = getattr(c, "criteria", None) or (c.criterion,)  # type: ignore[attr-defined]
        children = tuple(_flatten(p, f, depth + 1, out) for p, f in zip(parts, form.parts, strict=True))
        height = 1 + max(out[i].height for i in children)  # type: ignore[union-attr]
        out[index] = _Node(c, depth, form, children, height)
    else:
        out[index] = _Node(c, depth, form, (), 0)
    return index


def compile_rule(
    rule: Rule,
    on: date,
    *,
    dialect: str = "duckdb",
    source: str = "cohort",
    keep: Sequence[str] = (),
    schema: Collection[str] | None = None,
    pretty: bool = True,
) -> CompiledRule:
    """Compile ``rule`` on the reference date ``on`` to a query over the table ``source``.

    ``source`` is a table or view name (dotted names are qualified names).
    ``keep`` lists the table's columns to return beside the statuses (a
    person's key, a row number). ``schema``, the table's column names when
    known, lets an absent optional column (an assessed fact no one has) read
    as missing, and names a needed column the table lacks
    (:class:`~etableringsmodell.errors.MissingColumnError`).
    """
    if type(on) is not date:
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
    if dialect not in DIALECTS and dialect not in sqlglot.dialects.DIALECTS:
        raise InvalidValueError("dialect", f"must be one of {', '.join(DIALECTS)}, got {dialect!r}")
    criterion = resolve_rule(rule, on)
    nodes: list[_Node | None] = []
    _flatten(criterion, form_of(criterion, on), 0, nodes)
    tree = [n for n in nodes if n is not None]
    writer = _Writer(dialect, schema)
    levels = max(n.height for n in tree) + 1
    table = exp.to_table(source, dialect=dialect)
    query: exp.Select | None = None
    ctes: list[tuple[str, exp.Select]] = []
    for level in range(levels):
        selects: list[exp.Expr] = [exp.Star()]
        for index, node in enumerate(tree):
            if node.height != level:
                continue
            if isinstance(node.form, Combine):
                value = writer.combine(node.form.how, [status_column(i) for i in node.children])
            else:
                value = writer.cases(node.form)
            selects.append(exp.alias_(value, status_column(index), quoted=True))
        origin: exp.Expr = table if level == 0 else exp.to_table(f"level_{level - 1}")
        ctes.append((f"level_{level}", exp.select(*selects).from_(origin)))
    last = exp.to_table(f"level_{levels - 1}")
    first = exp.column(exp.to_identifier(status_column(0), quoted=True))
    passed = exp.EQ(this=first, expression=exp.Literal.number(2))
    eligible = (
        exp.Case(ifs=[exp.If(this=passed, true=exp.Literal.number(1))], default=exp.Literal.number(0))
        if dialect == "tsql"
        else passed
    )
    outputs: list[exp.Expr] = [exp.column(exp.to_identifier(k, quoted=True)) for k in keep]
    outputs += [exp.column(exp.to_identifier(status_column(i), quoted=True)) for i in range(len(tree))]
    outputs.append(exp.alias_(eligible, "eligible", quoted=True))
    query = exp.select(*outputs).from_(last)
    for name, body in ctes:
        query = query.with_(exp.to_identifier(name, quoted=True), as_=body)
    columns = tuple(
        StatusColumn(n.criterion, n.depth, not n.children, status_column(i)) for i, n in enumerate(tree)
    )
    return CompiledRule(criterion, on, dialect, columns, tuple(writer.reads), query, pretty)


def to_sql(
    rule: Rule,
    on: date,
    *,
    dialect: str = "duckdb",
    source: str = "cohort",
    pretty: bool = True,
    **options: Any,
) -> str:
    """The SQL text of ``rule`` on ``on`` in ``dialect``: see :func:`compile_rule`."""
    return compile_rule(rule, on, dialect=dialect, source=source, pretty=pretty, **options).sql
