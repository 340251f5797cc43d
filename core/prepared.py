"""Queries compiled to SQL once per process and database, then run again with new ids.

Django builds a query's SQL anew each time it is evaluated. For the few queries that every request
of the commune's submit flow makes (the user with its commune, the form with its round, commune
and cadre, the round's criteria) building the SQL costs more than the database takes to answer:
about 0.7 ms of the form's 1 ms (issue 16). A `Prepared` query is built from an ordinary
queryset, written once where its rule lives, with stand-in ids; the first call on a database
compiles it; each call after puts its own ids in place of the stand-ins and runs the same SQL.
The rows become model instances through Django's own `ModelIterable`, so `select_related`,
`only`/`defer` and annotations give what the queryset would give.

What may vary between calls is integer ids only, passed by keyword and matched for equality (an
id the database cannot store matches nothing). Anything else a queryset depends on (a role, a
constant, a subquery) is part of its shape: `shape` names it, and each shape is compiled on its
own. At compile time the query is built twice with different stand-ins; if its SQL or its other
parameters differ, the queryset depends on something it was not told (the clock, a value read
from the database) and `Prepared` refuses it.

It reuses the compiler's column map (`select`, `klass_info`) as Django 5.2 fills it. The tests in
tests/evaluations/test_compiled_queries.py compare its answers with the ordinary queryset's, so
a Django upgrade that changes that map fails there first.
"""

import copy
import itertools
import threading

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.db.models.query import ModelIterable, QuerySet

# Stand-ins: integers no table here holds, two sets to tell a stand-in from a constant.
_STAND_INS = itertools.count(-7_301_946_218_000_000, -1)


class _Plan:
    """One compiled shape on one database: the SQL, which parameter each id fills, the
    compiler whose column map turns rows into instances, the queryset's prefetches, and the
    ids the database can store."""

    def __init__(self, sql, slots, constants, compiler, lookups, id_range):
        self.sql = sql
        self.slots = slots  # per parameter: the id's name, or None for a constant
        self.constants = constants
        self.compiler = compiler
        self.lookups = lookups
        self.id_range = id_range

    def params(self, values):
        return tuple(
            values[slot] if slot is not None else constant
            for slot, constant in zip(self.slots, self.constants, strict=True)
        )


class _Query:
    """What `ModelIterable` asks of a queryset's query: a compiler. This one answers with the
    plan's SQL and the call's parameters, and the column map compiled with it."""

    def __init__(self, plan, params, connection):
        self.plan, self.params, self.connection = plan, params, connection

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.plan.compiler)
        compiler.connection = self.connection
        sql, params = self.plan.sql, self.params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


class Prepared:
    """`Prepared(model, build, *names)`: `build(shape, **ids)` returns a queryset of `model`;
    `prepared.all(shape, **ids)` returns its instances as a list, `prepared.get(shape, **ids)`
    the one instance (the model's `DoesNotExist` when there is none)."""

    def __init__(self, model, build, *names):
        self.model = model
        self.build = build
        self.names = names
        self._plans = {}
        self._lock = threading.Lock()

    def _trial(self, shape, alias):
        """The query built with fresh stand-ins and compiled: its queryset, its compiler, and
        its signature (the SQL, which id each parameter is, the other parameters' values)."""
        stand_ins = {name: next(_STAND_INS) for name in self.names}
        queryset = self.build(shape, **stand_ins).using(alias)
        if queryset.model is not self.model or queryset._iterable_class is not ModelIterable:
            raise TypeError(f"{self.build!r} must build a queryset of {self.model.__name__}")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a shape that can match nothing (QuerySet.none())
            sql, params = None, ()
        names = {value: name for name, value in stand_ins.items()}
        slots = tuple(names.get(p) if type(p) is int else None for p in params)
        constants = tuple(None if slot else p for slot, p in zip(slots, params, strict=True))
        return queryset, compiler, (sql, slots, constants)

    def _compile(self, shape, alias):
        queryset, compiler, signature = self._trial(shape, alias)
        if self._trial(shape, alias)[2] != signature:
            raise ValueError(f"{self.build!r} depends on more than its shape and {self.names}")
        sql, slots, constants = signature
        id_range = connections[alias].ops.integer_field_range("BigIntegerField")
        return _Plan(sql, slots, constants, compiler, queryset._prefetch_related_lookups, id_range)

    def _plan(self, shape, alias):
        # The vendor too: settings that point an alias at another kind of database (a test's
        # override) get SQL of their own.
        key = (shape, alias, connections[alias].vendor)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key)
                if plan is None:
                    plan = self._plans[key] = self._compile(shape, alias)
        return plan

    def all(self, shape=None, **ids):
        if set(ids) != set(self.names) or any(type(v) is not int for v in ids.values()):
            raise TypeError(f"expected integer ids {self.names}, got {ids!r}")
        alias = router.db_for_read(self.model)
        plan = self._plan(shape, alias)
        low, high = plan.id_range
        if plan.sql is None or any(not low <= v <= high for v in ids.values()):
            # No row holds an id the database cannot store (a form number typed into the
            # address, say): Django's own lookups answer nothing for it, and so does this.
            return []
        query = _Query(plan, plan.params(ids), connections[alias])
        rows = list(ModelIterable(QuerySet(model=self.model, query=query, using=alias)))
        if plan.lookups and rows:
            prefetch_related_objects(rows, *plan.lookups)
        return rows

    def get(self, shape=None, **ids):
        rows = self.all(shape, **ids)
        if not rows:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching {ids!r} does not exist"
            )
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(f"{len(rows)} rows for {ids!r}")
        return rows[0]
