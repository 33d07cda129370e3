"""Step 12: vehicles, insured persons and the DASK/konut address (issue 16 item 4).

- ``vehicle``: a customer's vehicle (plate, ruhsat serial, chassis/VIN, engine no, brand,
  model, year, usage) that trafik/kasko policies point to (``policy.vehicle_id``).
- ``insured_person``: who a policy covers besides (or instead of) the policyholder, e.g.
  the four people of a family TSS policy: a customer of the book or a name + TCKN.
- ``policy.uavt_code`` (the 10-digit national address code DASK asks for) and
  ``policy.address`` (the insured building's address) for dask/konut.

``policy.plate`` stays: it is the plate copied from the policy's vehicle when the policy
is saved (or typed before vehicles existed). Every reader of a policy's title (Today,
renewals, iCal, reminders, the search index) keeps reading one column instead of a join,
and a plate of an older policy whose vehicle was later changed keeps what was insured.
Existing plates become vehicles here, one per customer and distinct plate, so the old
policies point to a vehicle record at once; the plates are kept as stored (they were
normalised to ``34 ABC 123`` when typed), the stricter rules of step 12 apply to new ones.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_SQLITE_TABLES = (
    'CREATE TABLE "vehicle" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL,'
    ' "plate" VARCHAR(255), "ruhsat_serial" VARCHAR(255), "chassis_no" VARCHAR(255),'
    ' "engine_no" VARCHAR(255), "brand" VARCHAR(255), "model" VARCHAR(255), "year" INTEGER,'
    ' "usage" VARCHAR(255) NOT NULL, "notes" TEXT, "created_at" DATETIME NOT NULL,'
    ' "updated_at" DATETIME NOT NULL, "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "insured_person" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "policy_id" INTEGER NOT NULL, "customer_id" INTEGER, "name" VARCHAR(255),'
    ' "national_id" VARCHAR(255), "relation" VARCHAR(255) NOT NULL, "birthday" DATE,'
    ' "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE SET NULL)',
    'ALTER TABLE "policy" ADD COLUMN "vehicle_id" INTEGER'
    ' REFERENCES "vehicle" ("id") ON DELETE SET NULL',
    'ALTER TABLE "policy" ADD COLUMN "uavt_code" VARCHAR(255)',
    'ALTER TABLE "policy" ADD COLUMN "address" TEXT',
    "CREATE TRIGGER vehicle_version AFTER UPDATE ON vehicle WHEN NEW.version <= OLD.version BEGIN"
    " UPDATE vehicle SET version = OLD.version + 1 WHERE id = NEW.id; END",
)

_PG_TABLES = (
    'CREATE TABLE "vehicle" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL,'
    ' "plate" TEXT, "ruhsat_serial" TEXT, "chassis_no" TEXT, "engine_no" TEXT, "brand" TEXT,'
    ' "model" TEXT, "year" INTEGER, "usage" TEXT NOT NULL, "notes" TEXT,'
    ' "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL,'
    ' "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "insured_person" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "policy_id" INTEGER NOT NULL, "customer_id" INTEGER, "name" TEXT, "national_id" TEXT,'
    ' "relation" TEXT NOT NULL, "birthday" DATE, "created_at" TIMESTAMP NOT NULL,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE SET NULL)',
    'ALTER TABLE "policy" ADD COLUMN "vehicle_id" INTEGER'
    ' REFERENCES "vehicle" ("id") ON DELETE SET NULL',
    'ALTER TABLE "policy" ADD COLUMN "uavt_code" TEXT',
    'ALTER TABLE "policy" ADD COLUMN "address" TEXT',
    # crm_raise_version() comes with the PostgreSQL baseline (postgres_loyalty.py)
    'CREATE TRIGGER vehicle_version BEFORE UPDATE ON "vehicle"'
    " FOR EACH ROW EXECUTE FUNCTION crm_raise_version()",
)

INDEXES = (
    'CREATE INDEX "vehicle_customer_id" ON "vehicle" ("customer_id")',
    'CREATE INDEX "vehicle_plate" ON "vehicle" ("plate")',
    'CREATE INDEX "insured_person_policy_id" ON "insured_person" ("policy_id")',
    'CREATE INDEX "insured_person_customer_id" ON "insured_person" ("customer_id")',
    'CREATE INDEX "policy_vehicle_id" ON "policy" ("vehicle_id") WHERE "vehicle_id" IS NOT NULL',
)

# The plates policies already carry become vehicles (one per customer and plate); the
# usage is unknown, so ``other``. Same SQL on both engines; the policies keep their version.
_FROM_PLATES = (
    'INSERT INTO "vehicle" ("customer_id", "plate", "usage", "created_at", "updated_at")'
    ' SELECT "customer_id", "plate", \'other\', MIN("created_at"), MIN("created_at")'
    ' FROM "policy" WHERE "plate" IS NOT NULL AND "plate" <> \'\''
    ' GROUP BY "customer_id", "plate" ORDER BY MIN("id")',
    'UPDATE "policy" SET "vehicle_id" = (SELECT v."id" FROM "vehicle" v'
    ' WHERE v."customer_id" = "policy"."customer_id" AND v."plate" = "policy"."plate")'
    ' WHERE "plate" IS NOT NULL AND "plate" <> \'\'',
)

# PostgreSQL: other desks hear of a changed vehicle or insured person (step 7)
LIVE = {
    "vehicle": "r.customer_id",
    "insured_person": "(SELECT p.customer_id FROM policy p WHERE p.id = r.policy_id)",
}


def _link_plates(db: DatabaseProxy, dialect: Dialect) -> None:
    """Run ``_FROM_PLATES`` without raising the policies' versions: pointing a policy to
    the vehicle its plate names is no edit (a form open at another desk still saves)."""
    if dialect.name == "postgresql":
        db.execute_sql('ALTER TABLE "policy" DISABLE TRIGGER "policy_version"')
        for stmt in _FROM_PLATES:
            db.execute_sql(stmt)
        db.execute_sql('ALTER TABLE "policy" ENABLE TRIGGER "policy_version"')
        return
    row = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'policy_version'"
    ).fetchone()
    if row:
        db.execute_sql("DROP TRIGGER policy_version")
    for stmt in _FROM_PLATES:
        db.execute_sql(stmt)
    if row:
        db.execute_sql(row[0])


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    tables = _PG_TABLES if dialect.name == "postgresql" else _SQLITE_TABLES
    for stmt in (*tables, *INDEXES):
        db.execute_sql(stmt)
    _link_plates(db, dialect)
    if dialect.name != "postgresql":
        return
    from .. import pg_roles
    from .m0007_live_notify import trigger_statements

    for table, expr in LIVE.items():
        for stmt in trigger_statements(table, expr):
            db.execute_sql(stmt)
    if pg_roles.groups_exist():  # step 6's groups: staff work vehicles as the other tables
        pg_roles.grant_all()
