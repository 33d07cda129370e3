"""Demo generator: a customer's phones, e-mail address, birthday and consent history."""

from __future__ import annotations

from datetime import date

from .base import GeneratorBase, safe_date
from .words import MOBILE_PREFIXES


class People(GeneratorBase):
    def unique_email(self, email: str) -> str:
        local, _at, domain = email.partition("@")
        n = 2
        while email in self.emails:
            email = f"{local}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def mobile(self) -> str:
        rng = self.rng
        return self.unique(
            self.phones,
            lambda: f"+90{rng.choice(MOBILE_PREFIXES)}{rng.randrange(2000000, 9999999)}",
        )

    def landline(self, area_codes) -> str:
        rng = self.rng
        return self.unique(
            self.phones, lambda: f"+90{rng.choice(area_codes)}{rng.randrange(2000000, 9999999)}"
        )

    def birth(self, index: int) -> str | None:
        rng = self.rng
        today = self.today
        year = today.year - rng.randint(19, 82)
        n = self.person_count
        if index == 1 or n % 150 == 7:  # birthday today
            return safe_date(year, today.month, today.day).isoformat()
        if index == 3 or n % 50 == 11:  # within the coming week
            soon = date.fromordinal(self.t0 + rng.randint(1, 7))
            return safe_date(year, soon.month, soon.day).isoformat()
        if index == 2:  # a leap-day birthday
            return date(1988, 2, 29).isoformat()
        if rng.random() < 0.12:
            return None
        return safe_date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()

    def consents(self, cid: int, since: int, has_email: bool, has_phone: bool) -> None:
        rng = self.rng
        rows = self.rows["consents"]
        for channel, p in (("sms", 0.7), ("email", 0.6), ("call", 0.75)):
            if (channel == "email" and not has_email) or (channel != "email" and not has_phone):
                continue
            if rng.random() >= p:
                continue
            at = self.work_minute(since + rng.randint(0, 10))
            method, reference = self.pick(self.consent_w)
            granted = rng.random() < 0.9
            iys = int(channel != "email" and granted and rng.random() < 0.8)
            rows.append(
                (cid, channel, int(granted), self.ts(at), method, reference, iys, self.ts(at))
            )
            if granted and rng.random() < 0.08:  # withdrawn later
                later = (
                    self.work_minute(rng.randint(since + 11, self.t0))
                    if since + 11 < self.t0
                    else at + 60
                )
                rows.append(
                    (
                        cid,
                        channel,
                        0,
                        self.ts(later),
                        "sms",
                        "İYS üzerinden ret bildirimi",
                        iys,
                        self.ts(later),
                    )
                )
