-- PostgreSQL: the schema of crm-tui at version 3 (migration steps 1-3), frozen.
-- Generated once from the models (crm_tui/db/models.py) with these differences: text
-- columns are TEXT (SQLite never enforced VARCHAR(255)), money (integer kuruş) is BIGINT.
-- Steps 1-3 were written for SQLite; a new PostgreSQL database gets this file instead and
-- records them in schema_history as a baseline. A change is a new step (4 on), which runs
-- on both backends; never edit this file.
CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "customer" ("id" SERIAL NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "name" TEXT NOT NULL, "company" TEXT, "national_id" TEXT, "tax_number" TEXT, "tax_office" TEXT, "email" TEXT, "address" TEXT, "city" TEXT, "district" TEXT, "birthday" DATE, "source" TEXT, "referred_by_id" INTEGER, "ladder_override" TEXT, "contact_every_days" INTEGER, "last_contact_at" TIMESTAMP, "notes" TEXT, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "archived_at" TIMESTAMP, "anonymized_at" TIMESTAMP, "version" INTEGER NOT NULL, FOREIGN KEY ("referred_by_id") REFERENCES "customer" ("id") ON DELETE SET NULL);
CREATE INDEX "customer_national_id" ON "customer" ("national_id");
CREATE INDEX "customer_tax_number" ON "customer" ("tax_number");
CREATE INDEX "customer_email" ON "customer" ("email");
CREATE INDEX "customer_city" ON "customer" ("city");
CREATE INDEX "customer_referred_by_id" ON "customer" ("referred_by_id");
CREATE INDEX "customer_last_contact_at" ON "customer" ("last_contact_at");
CREATE TABLE "phone" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "label" TEXT NOT NULL, "e164" TEXT NOT NULL, "digits" TEXT NOT NULL, "is_primary" BOOLEAN NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "phone_customer_id" ON "phone" ("customer_id");
CREATE INDEX "phone_e164" ON "phone" ("e164");
CREATE INDEX "phone_digits" ON "phone" ("digits");
CREATE TABLE "tag" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
CREATE UNIQUE INDEX "tag_name" ON "tag" ("name");
CREATE TABLE "customer_tag" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "customer_tag_customer_id" ON "customer_tag" ("customer_id");
CREATE INDEX "customer_tag_tag_id" ON "customer_tag" ("tag_id");
CREATE UNIQUE INDEX "customer_tag_customer_id_tag_id" ON "customer_tag" ("customer_id", "tag_id");
CREATE TABLE "consent" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "channel" TEXT NOT NULL, "granted" BOOLEAN NOT NULL, "at" TIMESTAMP NOT NULL, "method" TEXT, "reference" TEXT, "iys_registered" BOOLEAN NOT NULL, "recorded_at" TIMESTAMP NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "consent_customer_id" ON "consent" ("customer_id");
CREATE INDEX "consent_customer_id_channel_at" ON "consent" ("customer_id", "channel", "at");
CREATE TABLE "interaction" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "channel" TEXT NOT NULL, "direction" TEXT NOT NULL, "summary" TEXT NOT NULL, "outcome" TEXT, "duration_min" INTEGER, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "interaction_customer_id" ON "interaction" ("customer_id");
CREATE INDEX "interaction_customer_id_at" ON "interaction" ("customer_id", "at");
CREATE TABLE "policy" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "line" TEXT NOT NULL, "provider" TEXT, "number" TEXT, "plate" TEXT, "start_date" DATE NOT NULL, "end_date" DATE, "premium" BIGINT, "commission" BIGINT, "currency" TEXT NOT NULL, "status" TEXT NOT NULL, "renewed_from_id" INTEGER, "lost_reason" TEXT, "renewal_postponed_to" DATE, "renewal_handled_at" TIMESTAMP, "notes" TEXT, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "version" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("renewed_from_id") REFERENCES "policy" ("id") ON DELETE SET NULL);
CREATE INDEX "policy_customer_id" ON "policy" ("customer_id");
CREATE INDEX "policy_number" ON "policy" ("number");
CREATE INDEX "policy_plate" ON "policy" ("plate");
CREATE INDEX "policy_renewed_from_id" ON "policy" ("renewed_from_id");
CREATE TABLE "renewal_alert" ("id" SERIAL NOT NULL PRIMARY KEY, "policy_id" INTEGER NOT NULL, "lead_days" INTEGER NOT NULL, "handled_at" TIMESTAMP NOT NULL, FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE);
CREATE INDEX "renewal_alert_policy_id" ON "renewal_alert" ("policy_id");
CREATE UNIQUE INDEX "renewal_alert_policy_id_lead_days" ON "renewal_alert" ("policy_id", "lead_days");
CREATE TABLE "purchase" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "date" DATE NOT NULL, "amount" BIGINT NOT NULL, "description" TEXT, "category" TEXT, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "purchase_customer_id" ON "purchase" ("customer_id");
CREATE INDEX "purchase_customer_id_date" ON "purchase" ("customer_id", "date");
CREATE INDEX "purchase_date" ON "purchase" ("date");
CREATE TABLE "complaint" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "policy_id" INTEGER, "purchase_id" INTEGER, "opened_at" TIMESTAMP NOT NULL, "channel" TEXT NOT NULL, "category" TEXT NOT NULL, "priority" TEXT NOT NULL, "subject" TEXT NOT NULL, "description" TEXT, "owner" TEXT, "status" TEXT NOT NULL, "deadline_at" TIMESTAMP, "waiting_since" TIMESTAMP, "breached" BOOLEAN NOT NULL, "resolved_at" TIMESTAMP, "closed_at" TIMESTAMP, "resolution" TEXT, "first_contact_resolution" BOOLEAN, "satisfaction" INTEGER, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "version" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE SET NULL, FOREIGN KEY ("purchase_id") REFERENCES "purchase" ("id") ON DELETE SET NULL);
CREATE INDEX "complaint_customer_id" ON "complaint" ("customer_id");
CREATE INDEX "complaint_policy_id" ON "complaint" ("policy_id");
CREATE INDEX "complaint_purchase_id" ON "complaint" ("purchase_id");
CREATE INDEX "complaint_status" ON "complaint" ("status");
CREATE INDEX "complaint_deadline_at" ON "complaint" ("deadline_at");
CREATE TABLE "complaint_event" ("id" SERIAL NOT NULL PRIMARY KEY, "complaint_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "kind" TEXT NOT NULL, "from_status" TEXT, "to_status" TEXT, "note" TEXT, "author" TEXT, FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE CASCADE);
CREATE INDEX "complaint_event_complaint_id" ON "complaint_event" ("complaint_id");
CREATE TABLE "reminder" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER, "policy_id" INTEGER, "complaint_id" INTEGER, "title" TEXT NOT NULL, "notes" TEXT, "due_at" TIMESTAMP NOT NULL, "has_time" BOOLEAN NOT NULL, "kind" TEXT NOT NULL, "rrule" TEXT, "recur_from" TEXT, "status" TEXT NOT NULL, "snoozed_count" INTEGER NOT NULL, "done_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "version" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE SET NULL, FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE SET NULL);
CREATE INDEX "reminder_customer_id" ON "reminder" ("customer_id");
CREATE INDEX "reminder_policy_id" ON "reminder" ("policy_id");
CREATE INDEX "reminder_complaint_id" ON "reminder" ("complaint_id");
CREATE INDEX "reminder_customer_id_status" ON "reminder" ("customer_id", "status");
CREATE TABLE "points_entry" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "kind" TEXT NOT NULL, "points" INTEGER NOT NULL, "purchase_id" INTEGER, "note" TEXT, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("purchase_id") REFERENCES "purchase" ("id") ON DELETE SET NULL);
CREATE INDEX "points_entry_customer_id" ON "points_entry" ("customer_id");
CREATE INDEX "points_entry_purchase_id" ON "points_entry" ("purchase_id");
CREATE INDEX "points_entry_customer_id_at" ON "points_entry" ("customer_id", "at");
CREATE TABLE "survey" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "kind" TEXT NOT NULL, "score" INTEGER NOT NULL, "comment" TEXT, "complaint_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE SET NULL);
CREATE INDEX "survey_customer_id" ON "survey" ("customer_id");
CREATE INDEX "survey_complaint_id" ON "survey" ("complaint_id");
CREATE TABLE "audit_log" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, "action" TEXT NOT NULL, "customer_id" INTEGER, "detail" TEXT);
-- Partial indexes of step 1 (the daily queries).
CREATE INDEX reminder_open_due ON reminder (due_at) WHERE status = 'open';
CREATE INDEX policy_active_end ON policy (end_date) WHERE status = 'active';
CREATE INDEX complaint_open_deadline ON complaint (deadline_at) WHERE status IN ('new', 'in_progress', 'waiting');
CREATE INDEX customer_active_name ON customer (name) WHERE archived_at IS NULL;
-- Indexes of step 3 that do not depend on SQLite functions (the version defaults and
-- triggers, the loyalty totals and their triggers, the contact-due index: postgres_loyalty.py).
CREATE INDEX complaint_list_order ON complaint (status, deadline_at, waiting_since, resolved_at);
CREATE INDEX complaint_opened ON complaint (opened_at);
CREATE INDEX policy_updated_at ON policy (updated_at);
CREATE INDEX customer_loyalty_cover ON customer (id, referred_by_id, ladder_override, contact_every_days, last_contact_at, created_at, archived_at, anonymized_at) WHERE archived_at IS NULL AND anonymized_at IS NULL;
CREATE INDEX customer_ladder_override ON customer (id, ladder_override, archived_at, anonymized_at) WHERE ladder_override IS NOT NULL;
CREATE INDEX customer_quiet ON customer (coalesce(last_contact_at, created_at), id, contact_every_days, archived_at, anonymized_at) WHERE contact_every_days IS NULL AND archived_at IS NULL AND anonymized_at IS NULL;
CREATE INDEX customer_rhythm_cover ON customer (contact_every_days, id, last_contact_at, created_at, archived_at, anonymized_at) WHERE contact_every_days IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL;
CREATE INDEX customer_referral_cover ON customer (referred_by_id, id, archived_at, anonymized_at) WHERE referred_by_id IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL;
CREATE INDEX policy_active_end_cover ON policy (end_date, customer_id, commission) WHERE status = 'active';
CREATE INDEX policy_status_end_customer ON policy (status, end_date, customer_id);
CREATE INDEX complaint_open_customer ON complaint (customer_id, status) WHERE status IN ('new', 'in_progress', 'waiting');
CREATE INDEX complaint_satisfaction ON complaint (coalesce(resolved_at, closed_at, updated_at), satisfaction, id, status) WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed');
CREATE INDEX survey_kind_score ON survey (kind, score, at, complaint_id);
-- Customer search (SQLite: the FTS5 tables of step 2): one row per customer, its folded
-- words and its phones' digits, each a space before every word/number (crm_tui/db/
-- postgres_search.py). Trigram indexes on both are made when pg_trgm is available.
CREATE TABLE customer_search (customer_id INTEGER NOT NULL PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE, words TEXT NOT NULL, digits TEXT NOT NULL);
-- Phone numbers typed from their start: a prefix range of the digits.
CREATE INDEX phone_digits_prefix ON phone (digits text_pattern_ops);
