"""Demo generator: interactions, reminders and general tasks."""

from __future__ import annotations

from .base import DAY, GeneratorBase
from .words import GENERAL_TASKS, OUTCOMES, RECURRING, REMINDER_TITLES


class Contact(GeneratorBase):
    def interactions(self, cid: int, since: int) -> int | None:
        rng = self.rng
        n = int(rng.expovariate(1 / 5.7))
        if n == 0:
            return None
        start = max(since, self.t0 - 730)
        span = self.t0 - start
        rows = self.rows["interactions"]
        newest = None
        for _i in range(n):
            day = self.t0 - int(span * rng.random() ** 1.7)
            at = self.work_minute(day)
            channel, direction, _w, summaries, duration = self.pick(self.inter_w)
            minutes = rng.randint(*duration) if duration else None
            rows.append(
                (
                    cid,
                    self.ts(at),
                    channel,
                    direction,
                    rng.choice(summaries),
                    rng.choice(OUTCOMES),
                    minutes,
                    self.ts(at),
                )
            )
            if newest is None or at > newest:
                newest = at
        return newest

    def reminders(self, cid: int | None, policies: list, complaints: list) -> None:
        rng = self.rng
        rows = self.rows["reminders"]
        n = int(rng.expovariate(1 / 3.6))
        open_complaints = [c for c, s in complaints if s in ("new", "in_progress", "waiting")]
        for _i in range(n):
            kind = "callback" if rng.random() < 0.4 else "manual"
            title = rng.choice(REMINDER_TITLES[kind])
            rrule = recur = policy = complaint = None
            r = rng.random()
            if rng.random() < 0.03:  # recurring: the next occurrence is near
                kind = "manual"
                rrule, recur, title = rng.choice(RECURRING)
                day = self.t0 + rng.randint(-3, 30)
            elif kind == "callback" and open_complaints:  # promised the customer news
                complaint = open_complaints.pop()
                title = "Geri ara: şikâyet hakkında bilgi ver"
                day = self.t0 + rng.randint(-1, 2)
            elif r < 0.74:
                day = self.t0 - 1 - int(700 * rng.random() ** 2)
            elif r < 0.755:
                day = self.t0
            else:
                day = self.t0 + 1 + int(60 * rng.random() ** 1.5)
            has_time = rng.random() < (0.8 if kind == "callback" else 0.2)
            minute = (
                rng.choice((9 * 60 + 30, 11 * 60, 14 * 60, 14 * 60 + 30, 16 * 60))
                if has_time
                else 9 * 60
            )
            due = day * DAY + minute
            status, done_at, snoozed = "open", None, 0
            if day < self.t0 and not (rrule or complaint):
                age = self.t0 - day
                p_open = 0.2 if age <= 14 else 0.03 if age <= 45 else 0.0
                s = rng.random()
                if s < p_open:
                    snoozed = rng.choice((0, 0, 1, 2, 3))
                elif s < p_open + 0.08:
                    status = "cancelled"
                else:
                    status = "done"
                    done_at = min(self.now_m - 1, due + rng.randint(-120, 2 * DAY))
            elif day == self.t0 and due < self.now_m and not rrule and rng.random() < 0.3:
                status = "done"
                done_at = self.now_m - rng.randint(1, 60)
            if kind == "manual" and policies and rng.random() < 0.4:
                policy = rng.choice(policies)[0]
            created = min(self.now_m - 1, due - rng.randint(60, 14 * DAY))
            updated = done_at or created
            rows.append(
                (
                    cid,
                    policy,
                    complaint,
                    title,
                    None,
                    self.ts(due),
                    int(has_time),
                    kind,
                    rrule,
                    recur,
                    status,
                    snoozed,
                    self.ts(done_at) if done_at else None,
                    self.ts(created),
                    self.ts(updated),
                )
            )

    def general_task(self) -> None:
        """A reminder without a customer (office work)."""
        rng = self.rng
        day = self.t0 + rng.randint(-3, 20)
        due = day * DAY + 10 * 60
        status = "open"
        self.rows["reminders"].append(
            (
                None,
                None,
                None,
                rng.choice(GENERAL_TASKS),
                None,
                self.ts(due),
                1,
                "manual",
                None,
                None,
                status,
                0,
                None,
                self.ts(min(self.now_m - 1, due - 3 * DAY)),
                self.ts(min(self.now_m - 1, due - 3 * DAY)),
            )
        )
