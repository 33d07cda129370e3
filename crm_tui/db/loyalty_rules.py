"""The loyalty rules, defined once: the ladder suggestion and the lifetime value.

Each rule is a small expression over named **terms** (one customer's figures: purchases,
policies in force, latest answers...) and **parameters** (one value for everybody: the
settings ``ltv_expected_years`` and ``ltv_discount_rate``, the whole book's renewal rate).
The same expression is

- rendered as SQL by ``sql(columns, params)`` for the scoring query (``Scored``: the
  overview, its lists, campaigns), with each term bound to a column expression and each
  parameter written as a literal (a choice that depends on parameters only is made while
  rendering, so the query carries one branch);
- evaluated by ``value(env)`` for one customer (the card: ``crm_tui.domain.loyalty``),
  exactly, in Decimal.

Missing values follow SQL: arithmetic with None gives None, a comparison with None does not
hold. So a policy in force without a commission makes the Python value unknown (the domain
binds the commission to None), while the SQL, whose commission column is never NULL, counts
it as 0 (for ordering). The domain rounds each part of the lifetime value to cents; the SQL
keeps floats (ordering only). ``tests/domain/test_loyalty.py`` checks that both agree,
customer by customer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .sqlfn import greatest, literal

Value = Decimal | None
Env = Mapping[str, Any]  # term or parameter name -> int | float | Decimal | None


def _dec(value: Any) -> Value:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(value) if isinstance(value, int) else Decimal(str(value))


# -- expressions --------------------------------------------------------------------------------


class Expr:
    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        raise NotImplementedError

    def value(self, env: Env) -> Value:
        raise NotImplementedError

    def real(self) -> bool:
        """Known to be a real number in SQL (so ``/`` is not an integer division)."""
        return False

    def __add__(self, other: Expr | int | str) -> Expr:
        return Op("+", self, num(other))

    def __radd__(self, other: int | str) -> Expr:
        return Op("+", num(other), self)

    def __sub__(self, other: Expr | int | str) -> Expr:
        return Op("-", self, num(other))

    def __rsub__(self, other: int | str) -> Expr:
        return Op("-", num(other), self)

    def __mul__(self, other: Expr | int | str) -> Expr:
        return Op("*", self, num(other))

    def __truediv__(self, other: Expr | int | str) -> Expr:
        return Op("/", self, num(other))


class Num(Expr):
    def __init__(self, text: str) -> None:
        self.number = Decimal(text)

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return str(self.number)

    def value(self, env: Env) -> Value:
        return self.number

    def real(self) -> bool:
        return "." in str(self.number)


def num(x: Expr | int | str) -> Expr:
    return x if isinstance(x, Expr) else Num(str(x))


class Term(Expr):
    """One customer's figure: a column expression in SQL, ``env[name]`` in Python."""

    def __init__(self, name: str) -> None:
        self.name = name

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return columns[self.name]

    def value(self, env: Env) -> Value:
        return _dec(env[self.name])


class Param(Expr):
    """One value for every customer (a setting, the book's renewal rate); a literal in SQL."""

    def __init__(self, name: str) -> None:
        self.name = name

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return literal(params[self.name])

    def real(self) -> bool:
        return True  # written as a float literal (or NULL)

    def value(self, env: Env) -> Value:
        return _dec(env[self.name])


class Op(Expr):
    def __init__(self, op: str, left: Expr, right: Expr) -> None:
        self.op, self.left, self.right = op, left, right

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        a, b = self.left.sql(columns, params), self.right.sql(columns, params)
        if self.op == "/" and not self.real():  # never SQL's integer division
            return f"(1.0 * {a} / {b})"
        return f"({a} {self.op} {b})"

    def real(self) -> bool:
        return self.left.real() or self.right.real()

    def value(self, env: Env) -> Value:
        a, b = self.left.value(env), self.right.value(env)
        if a is None or b is None:
            return None
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        return a / b


class Greatest(Expr):
    def __init__(self, *args: Expr | int | str) -> None:
        self.args = [num(a) for a in args]

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return greatest(*(a.sql(columns, params) for a in self.args))

    def real(self) -> bool:
        return any(a.real() for a in self.args)

    def value(self, env: Env) -> Value:
        values = [a.value(env) for a in self.args]
        return None if None in values else max(v for v in values if v is not None)


class Cond:
    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        raise NotImplementedError

    def holds(self, env: Env) -> bool:
        raise NotImplementedError

    def decided(self, params: Env) -> bool | None:
        """True or False when the parameters alone decide it, else None."""
        return None


class Cmp(Cond):
    OPS = {">": "__gt__", ">=": "__ge__", "=": "__eq__", "<=": "__le__"}

    def __init__(self, left: Expr, op: str, right: Expr | int | str) -> None:
        assert op in self.OPS
        self.left, self.op, self.right = left, op, num(right)

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return f"{self.left.sql(columns, params)} {self.op} {self.right.sql(columns, params)}"

    def holds(self, env: Env) -> bool:
        a, b = self.left.value(env), self.right.value(env)
        return a is not None and b is not None and bool(getattr(a, self.OPS[self.op])(b))


class AnyOf(Cond):
    def __init__(self, *conds: Cond) -> None:
        self.conds = conds

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return "(" + " OR ".join(c.sql(columns, params) for c in self.conds) + ")"

    def holds(self, env: Env) -> bool:
        return any(c.holds(env) for c in self.conds)


class Known(Cond):
    """The parameter has a value."""

    def __init__(self, param: Param) -> None:
        self.param = param

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        return f"{self.param.sql(columns, params)} IS NOT NULL"

    def holds(self, env: Env) -> bool:
        return env[self.param.name] is not None

    def decided(self, params: Env) -> bool | None:
        return params[self.param.name] is not None


class If(Expr):
    def __init__(self, cond: Cond, then: Expr | int | str, otherwise: Expr | int | str) -> None:
        self.cond, self.then, self.otherwise = cond, num(then), num(otherwise)

    def sql(self, columns: Mapping[str, str], params: Env) -> str:
        decided = self.cond.decided(params)
        if decided is not None:
            return (self.then if decided else self.otherwise).sql(columns, params)
        return (
            f"CASE WHEN {self.cond.sql(columns, params)} THEN {self.then.sql(columns, params)}"
            f" ELSE {self.otherwise.sql(columns, params)} END"
        )

    def value(self, env: Env) -> Value:
        return (self.then if self.cond.holds(env) else self.otherwise).value(env)

    def real(self) -> bool:
        return self.then.real() and self.otherwise.real()


# -- the loyalty ladder -------------------------------------------------------------------------

STAGES = ("suspect", "prospect", "customer", "client", "supporter", "advocate")

N = Term("n")  # purchases and policies (not cancelled), renewals included; 0 without any
IN_FORCE = Term("in_force")  # active policies not past their end date
NPS = Term("nps")  # latest NPS answer (0-10) or None
CSAT = Term("csat")  # latest CSAT answer (1-5, a resolved complaint's satisfaction) or None
REFERRED_BUYERS = Term("referred_buyers")  # customers they referred (not archived) who bought

# The suggested stage: the first rung whose condition holds. ``suspect`` is only ever set by
# hand; a manual stage wins over the suggestion (both in SQL and in Python).
LADDER: tuple[tuple[str, Cond | None], ...] = (
    ("prospect", Cmp(N, "<=", 0)),  # no purchase nor policy, whatever else holds
    ("advocate", Cmp(REFERRED_BUYERS, ">", 0)),
    ("supporter", AnyOf(Cmp(NPS, ">=", 9), Cmp(CSAT, "=", 5))),
    ("client", AnyOf(Cmp(N, ">=", 2), Cmp(IN_FORCE, ">=", 2))),
    ("customer", None),  # otherwise
)


def _lower_bound(cond: Cond, term: Term) -> Decimal | None:
    """k when ``cond`` is ``term >= k`` (or ``term > k - 1`` over whole numbers), else None."""
    if not (isinstance(cond, Cmp) and isinstance(cond.left, Term) and cond.left.name == term.name):
        return None
    if not isinstance(cond.right, Num) or cond.op not in (">=", ">"):
        return None
    return cond.right.number + (1 if cond.op == ">" else 0)


def in_force_decides_stage() -> bool:
    """Whether a policy past its end date can change a suggested stage.

    ``in_force`` never exceeds ``n`` (an active policy is counted in ``n``), so a rung's
    ``in_force >= k`` is decided by ``n`` alone when the same rung also holds ``n >= j``
    with j <= k. When that is so for every use of ``in_force`` (the ladder above), the
    stage kept in the totals (step 24, every active policy counted as in force) is the
    true one, and the overview need not look up the customers with a policy past its end.
    Any other use of the term, and this answers True."""
    for _stage, cond in LADDER:
        if cond is None:
            continue
        conds = cond.conds if isinstance(cond, AnyOf) else (cond,)
        floors = [_lower_bound(c, N) for c in conds]
        n_floor = min((f for f in floors if f is not None), default=None)
        for c in conds:
            if not _mentions(c, IN_FORCE):
                continue
            k = _lower_bound(c, IN_FORCE)
            if k is None or n_floor is None or n_floor > k:
                return True
    return False


def _mentions(cond: Cond, term: Term) -> bool:
    """Whether ``term`` appears in ``cond`` (its SQL with every term bound to its name)."""
    names = _TermNames()
    cond.sql(names, {})
    return term.name in names.seen


class _TermNames(dict):
    """A columns mapping that binds every term to its name and remembers which were read."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def __missing__(self, key: str) -> str:
        self.seen.add(key)
        return key


def ladder_step(env: Env) -> str:
    """The suggested stage for one customer's terms (see ``LADDER``)."""
    for stage, cond in LADDER:
        if cond is None or cond.holds(env):
            return stage
    raise AssertionError("the ladder ends with a rung that always holds")


def ladder_clause(stage: str, env: Env) -> int:
    """Which of the conditions of ``stage``'s rung held first (0 for a single one); the
    last one when none of the given terms decides it."""
    cond = dict(LADDER)[stage]
    conds = cond.conds if isinstance(cond, AnyOf) else (cond,)
    for k, c in enumerate(conds):
        if c is not None and c.holds(env):
            return k
    return len(conds) - 1


def ladder_sql(columns: Mapping[str, str], stages: Sequence[str]) -> str:
    """The suggested stage's index in ``stages``, as SQL."""
    whens = [
        f"WHEN {cond.sql(columns, {})} THEN {stages.index(stage)}"
        for stage, cond in LADDER
        if cond is not None
    ]
    last = stages.index(LADDER[-1][0])
    return "CASE " + " ".join(whens) + f" ELSE {last} END"


# -- lifetime value -----------------------------------------------------------------------------

YEARS = Param("ltv_expected_years")  # setting
DISCOUNT = Param("ltv_discount_rate")  # setting, a fraction: 0.10 is 10 %
BOOK_RATE = Param("book_renewal_rate")  # renewed / (renewed + lapsed) of every policy, or None

N_PURCHASES = Term("n_purchases")
SHOP_REVENUE = Term("shop_revenue")  # the purchases' total
DAYS = Term("days_since_first_purchase")
N_POLICIES = Term("n_policies")  # not cancelled
RENEWED = Term("renewed")
LAPSED = Term("lapsed")
COMMISSION = Term("commission_in_force")  # yearly commission of the policies in force

# Shops: average purchase × purchases per year × expected years, where purchases per year =
# purchases / years since the first purchase (at least one year).
KNOWN_YEARS = Greatest(1, DAYS / 365)
SHOP_LTV = SHOP_REVENUE * YEARS / KNOWN_YEARS


def _by_rate(r: Expr) -> Expr:
    """yearly commission × r / (1 + i − r), the denominator at least 0.01."""
    return COMMISSION * r / Greatest("0.01", 1 + DISCOUNT - r)


# Policies: r = the customer's own renewal rate; the whole book's when they have none yet;
# one year's commission when nobody renewed or lapsed yet.
HAS_OWN_RATE = Cmp(RENEWED + LAPSED, ">", 0)
OWN_RATE = RENEWED / (RENEWED + LAPSED)
RENEWAL_RATE = If(HAS_OWN_RATE, OWN_RATE, BOOK_RATE)  # None when unknown
POLICY_LTV = If(
    HAS_OWN_RATE, _by_rate(OWN_RATE), If(Known(BOOK_RATE), _by_rate(BOOK_RATE), COMMISSION)
)

# A customer's lifetime value is the sum of the parts that apply to them.
LTV_PARTS: tuple[tuple[str, Cond, Expr], ...] = (
    ("shop", Cmp(N_PURCHASES, ">", 0), SHOP_LTV),
    ("policy", Cmp(N_POLICIES, ">", 0), POLICY_LTV),
)


def ltv_sql(columns: Mapping[str, str], params: Env) -> str:
    """The lifetime value (sum of the parts, 0 for a part that does not apply), as SQL."""
    return "\n + ".join(
        f"CASE WHEN {cond.sql(columns, params)} THEN {expr.sql(columns, params)} ELSE 0 END"
        for _kind, cond, expr in LTV_PARTS
    )
