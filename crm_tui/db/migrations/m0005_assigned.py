"""Step 5: reminders and complaints assigned to a user (issue 15).

``assigned_to`` names the desk user (``domain.who.current_user``) who is to handle the
reminder or complaint; NULL is nobody in particular, and Today's "Mine" shows it to
everyone. A complaint's ``owner`` (free text since step 1, "who handles it") is the same
idea: the app keeps the two equal from now on. Existing rows are not copied over here:
an UPDATE of every complaint would fire step 3's version trigger on each (another desk's
open form would then see a conflict), and an old complaint is everyone's until it is saved.

The partial indexes serve Today's "Mine": open rows of one assignee (or of none) in due
order, without reading the other desks' rows. The audit screen (who did what) lists the
log newest first, for one customer or one user: indexes for those three orders, so a log
of 100,000 rows shows its newest 500 at once. The same SQL on both engines.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    db.execute_sql('ALTER TABLE reminder ADD COLUMN "assigned_to" TEXT')
    db.execute_sql('ALTER TABLE complaint ADD COLUMN "assigned_to" TEXT')
    db.execute_sql(
        "CREATE INDEX reminder_open_assigned ON reminder (assigned_to, due_at)"
        " WHERE status = 'open'"
    )
    db.execute_sql(
        "CREATE INDEX complaint_open_assigned ON complaint (assigned_to, deadline_at)"
        " WHERE status IN ('new', 'in_progress', 'waiting')"
    )
    db.execute_sql("CREATE INDEX audit_log_at ON audit_log (at, id)")
    db.execute_sql("CREATE INDEX audit_log_customer ON audit_log (customer_id, at, id)")
    db.execute_sql('CREATE INDEX audit_log_user ON audit_log (lower("user"), at, id)')
