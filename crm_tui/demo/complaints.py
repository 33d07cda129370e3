"""Demo generator: complaints with their history and deadlines, and surveys."""

from __future__ import annotations

from .base import ANCHORS, DAY, GeneratorBase
from .words import (
    COMPLAINT_NOTES,
    COMPLAINTS,
    CSAT_COMMENTS,
    NPS_COMMENTS,
    RESOLUTIONS,
    STAFF,
    STATUS_WEIGHTS,
)


class Complaints(GeneratorBase):
    def deadline(self, opened: int, priority: str) -> int:
        if priority == "urgent":
            return opened + 4 * 60
        if priority == "low":
            return opened + 7 * DAY
        days = 1 if priority == "high" else 3
        o, minute = divmod(opened, DAY)
        if (o + 6) % 7 >= 5:  # opened at the weekend: the clock starts on Monday
            while (o + 6) % 7 >= 5:
                o += 1
            minute = 0
        while days:
            o += 1
            if (o + 6) % 7 < 5:
                days -= 1
        return o * DAY + minute

    def complaints(
        self, cid: int, index: int, policies: list, purchases: list
    ) -> list[tuple[int, str]]:
        rng = self.rng
        r = rng.random()
        n = 1 if r < 0.15 else 2 if r < 0.175 else 0
        if index < len(ANCHORS) and index in (0, 4):
            n = max(n, 1)
        made = []
        for _i in range(n):
            coid = self.next["complaint"]
            self.next["complaint"] += 1
            if self.complaint_count < len(STATUS_WEIGHTS):  # every status at least once
                status = STATUS_WEIGHTS[self.complaint_count][0]
            else:
                status = self.pick(self.status_w)
            self.complaint_count += 1
            made.append(self.complaint(coid, cid, status, policies, purchases))
        return made

    def complaint(self, coid, cid, status, policies, purchases) -> tuple[int, str]:
        rng = self.rng
        now = self.now_m
        priority = self.pick(self.prio_w)
        category = self.pick(self.ccat_w)
        subject, description = rng.choice(COMPLAINTS[category])
        policy = purchase = None
        if category in ("claim", "billing") and policies:
            policy = rng.choice(policies)[0]
        if category in ("product", "delivery") and purchases:
            purchase = rng.choice(purchases)[0]
        owner = rng.choice(STAFF) if rng.random() < 0.85 else None
        if status == "new":
            days_ago = int(4 * rng.random() ** 2)
        elif status in ("in_progress", "waiting"):
            days_ago = int(11 * rng.random() ** 1.5)
        elif status == "resolved":
            days_ago = rng.randint(3, 40)
        else:
            days_ago = rng.randint(10, 900)
        opened = self.work_minute(self.t0 - days_ago, 8 * 60, 20 * 60)
        opened = min(opened, now - 15)
        deadline = self.deadline(opened, priority)
        events = self.rows["complaint_events"]
        author = owner or rng.choice(STAFF)
        events.append(
            (coid, self.ts(opened), "status", None, "new", "Şikâyet kaydı açıldı", author)
        )
        waiting_since = resolved_at = closed_at = resolution = fcr = satisfaction = None
        t = opened
        fast = rng.random() < 0.3  # first contact resolution
        if status != "new":
            step = (now - opened) // 4
            if fast and status in ("resolved", "closed"):
                t = opened + rng.randint(5, 40)
            else:
                t = opened + rng.randint(10, max(11, min(step, DAY)))
                events.append((coid, self.ts(t), "status", "new", "in_progress", None, author))
                if rng.random() < 0.4:
                    t += rng.randint(10, max(11, min(step, 2 * DAY)))
                    events.append(
                        (coid, self.ts(t), "note", None, None, rng.choice(COMPLAINT_NOTES), author)
                    )
            if status == "waiting":
                t += rng.randint(10, max(11, min(step, DAY)))
                waiting_since = t
                events.append(
                    (
                        coid,
                        self.ts(t),
                        "status",
                        "in_progress",
                        "waiting",
                        "Müşteriden belge bekleniyor",
                        author,
                    )
                )
            if status in ("resolved", "closed"):
                if fast:
                    resolved_at = t
                    fcr = 1
                    events.append((coid, self.ts(t), "status", "new", "resolved", None, author))
                else:
                    allowed = max(60, deadline - opened)
                    if rng.random() < 0.78:  # most are solved within the service level
                        took = int(allowed * rng.uniform(0.15, 0.95))
                    else:
                        took = int(allowed * rng.uniform(1.05, 3.0))
                    resolved_at = max(t + 10, opened + took)
                    resolved_at = min(resolved_at, now - 5)
                    fcr = 0
                    events.append(
                        (
                            coid,
                            self.ts(resolved_at),
                            "status",
                            "in_progress",
                            "resolved",
                            None,
                            author,
                        )
                    )
                resolution = rng.choice(RESOLUTIONS)
                late = resolved_at > deadline
                weights = (1, 1, 2, 3, 3) if late else (0.3, 0.5, 1, 3, 6)
                satisfaction = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
                if status == "closed":
                    closed_at = min(now - 1, resolved_at + rng.randint(60, 7 * DAY))
                    events.append(
                        (coid, self.ts(closed_at), "status", "resolved", "closed", None, author)
                    )
                if rng.random() < 0.6:
                    self.csat(
                        cid,
                        coid,
                        (closed_at or resolved_at) + rng.randint(60, 3 * DAY),
                        satisfaction,
                    )
        end = resolved_at if resolved_at is not None else (waiting_since or now)
        breached = int(end > deadline)
        updated = max(t, closed_at or 0, resolved_at or 0)
        self.rows["complaints"].append(
            (
                coid,
                cid,
                policy,
                purchase,
                self.ts(opened),
                self.pick(self.cchan_w),
                category,
                priority,
                subject,
                description,
                owner,
                status,
                self.ts(deadline),
                self.ts(waiting_since) if waiting_since else None,
                breached,
                self.ts(resolved_at) if resolved_at else None,
                self.ts(closed_at) if closed_at else None,
                resolution,
                fcr,
                satisfaction,
                self.ts(opened),
                self.ts(updated),
                owner,  # assigned_to: who handles it (the app keeps the two equal)
            )
        )
        return coid, status

    def csat(self, cid: int, coid: int, at: int, score: int) -> None:
        at = min(at, self.now_m - 1)
        comment = self.rng.choice(CSAT_COMMENTS[score])
        self.rows["surveys"].append((cid, self.ts(at), "csat", score, comment, coid))

    def surveys(self, cid: int, since: int) -> None:
        rng = self.rng
        if rng.random() >= 0.3:
            return
        for _i in range(1 if rng.random() < 0.8 else 2):
            day = rng.randint(max(since, self.t0 - 730), self.t0)
            r = rng.random()
            if r < 0.55:
                score, band = rng.choice((9, 10)), "promoter"
            elif r < 0.8:
                score, band = rng.choice((7, 8)), "passive"
            else:
                score, band = rng.randint(0, 6), "detractor"
            comment = rng.choice(NPS_COMMENTS[band])
            self.rows["surveys"].append(
                (cid, self.ts(self.work_minute(day)), "nps", score, comment, None)
            )
