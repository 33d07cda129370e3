"""A small but complete database for export, backup and privacy tests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_tui.db import search
from crm_tui.db.models import (
    Attachment,
    AuditLog,
    CampaignSend,
    Claim,
    ClaimEvent,
    CommissionEntry,
    CommissionRate,
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    DuplicateDismissed,
    InfoText,
    InfoTextShown,
    Instalment,
    InsuredPerson,
    Interaction,
    MessageLog,
    MessageTemplate,
    Phone,
    PointsEntry,
    Policy,
    PolicyCommission,
    Purchase,
    Reminder,
    RenewalAlert,
    SavedView,
    Setting,
    Survey,
    Tag,
    Vehicle,
    db,
)

NOW = datetime(2026, 11, 22, 10, 0)


def fill() -> dict[str, int]:
    with db.atomic():
        ayse = Customer.create(
            name="Ayşe Yılmaz",
            email="ayse.yilmaz@example.com",
            national_id="12345678028",
            city="İstanbul",
            address="Moda Cd. 12 Kadıköy",
            birthday=date(1985, 3, 12),
            notes="Kızının adı Elif, çay sever",
            created_at=NOW,
            updated_at=NOW,
        )
        Phone.create(
            customer=ayse,
            label="mobile",
            e164="+905321112233",
            digits="5321112233",
            is_primary=True,
        )
        sukru = Customer.create(
            name="Şükrü Öztürk", referred_by=ayse, company="Öztürk Ltd.", created_at=NOW
        )
        Phone.create(customer=sukru, e164="+905332223344", digits="5332223344", is_primary=True)
        tag = Tag.create(name="VIP")
        CustomerTag.create(customer=ayse, tag=tag)
        Consent.create(
            customer=ayse,
            channel="sms",
            granted=True,
            at=NOW,
            method="written",
            reference="Form 12",
            iys_source="HS_ISLAK_IMZA",
            iys_status="ONAY",
            iys_synced_at=NOW,
        )
        info = InfoText.create(version=1, language="tr", text="Aydınlatma metni v1")
        InfoTextShown.create(
            customer=ayse, info_text=info, version=1, shown_at=NOW, shown_by="mehmet"
        )
        Interaction.create(
            customer=ayse, at=NOW, summary="Ayşe Hanım kasko fiyatı sordu", outcome="teklif"
        )
        car = Vehicle.create(
            customer=ayse,
            plate="34 AYS 85",
            chassis_no="VF1RFB00X56789012",
            brand="Renault",
            model="Clio",
            year=2019,
            usage="hususi",
        )
        old = Policy.create(
            customer=ayse,
            line="kasko",
            provider="Anadolu",
            number="KSK-1",
            plate="34 AYS 85",
            vehicle=car,
            start_date=date(2025, 12, 1),
            end_date=date(2026, 12, 1),
            premium=Decimal("12450.50"),
            status="renewed",
            notes="Ayşe'nin arabası",
        )
        PolicyCommission.update(commission=Decimal("1245.05")).where(
            PolicyCommission.id == old.id
        ).execute()
        new = Policy.create(
            customer=ayse,
            line="kasko",
            number="KSK-2",
            start_date=date(2026, 12, 1),
            end_date=date(2027, 12, 1),
            premium=Decimal("13999.99"),
            renewed_from=old,
        )
        InsuredPerson.create(
            policy=new, name="Elif Yılmaz", national_id="10000000146", relation="cocuk"
        )
        purchase = Purchase.create(
            customer=ayse, date=date(2026, 5, 1), amount=Decimal("1500.25"), description="Buzdolabı"
        )
        complaint = Complaint.create(
            customer=ayse,
            purchase=purchase,
            subject="Buzdolabı soğutmuyor",
            description="Ayşe Yılmaz aradı, 0532 111 22 33",
            deadline_at=NOW,
        )
        ComplaintEvent.create(complaint=complaint, note="Ayşe Hanım tekrar aradı", to_status="new")
        claim = Claim.create(
            customer=ayse,
            policy=old,
            loss_date=date(2026, 10, 3),
            kind="collision",
            place="Ayşe'nin evinin önü",
            insurer_file_no="H-77",
            status="expert_assigned",
            expected_amount=Decimal("8250.75"),
            follow_up_on=date(2026, 11, 25),
            notes="Ayşe Hanım'ın aracına çarpıldı",
        )
        ClaimEvent.create(claim=claim, to_status="reported", note="Ayşe Hanım bildirdi")
        Instalment.create(
            customer=ayse,
            purchase=purchase,
            n=1,
            count=2,
            due_date=date(2026, 6, 1),
            amount=Decimal("750.13"),
            paid_on=date(2026, 6, 2),
            paid_amount=Decimal("750.13"),
            method="kart",
            note="Ayşe Hanım kartla ödedi",
        )
        CommissionRate.create(
            insurer="Anadolu Sigorta",
            line="kasko",
            rate=Decimal("12.50"),
            valid_from=date(2026, 1, 1),
        )
        CommissionEntry.create(
            policy=old, kind="received", date=date(2026, 2, 1), amount=Decimal("1250.50"),
            note="Ayşe Hanım'ın poliçesi", created_by="sahip",
        )  # fmt: skip
        Reminder.create(
            customer=ayse,
            title="Ayşe Yılmaz kasko yenileme",
            due_at=datetime(2026, 11, 25, 9, 0),
            rrule="FREQ=YEARLY",
        )
        Reminder.create(
            title="Genel toplantı", due_at=datetime(2026, 11, 26, 14, 30), has_time=True
        )
        PointsEntry.create(customer=ayse, kind="earn", points=15, purchase=purchase, note="Ayşe")
        Survey.create(customer=ayse, kind="nps", score=9, comment="Ayşe: çok memnunum")
        Setting.create(key="business_name", value='"Deniz Sigorta"')
        RenewalAlert.create(policy=new, lead_days=30, handled_at=NOW)
        AuditLog.create(at=NOW, action="import", detail='{"file": "liste.csv"}')
        MessageTemplate.create(
            name="doğum günü", language="tr", channel="any", subject="İyi ki doğdunuz",
            body="Sevgili {first_name}!", builtin=False, updated_at=NOW,
        )  # fmt: skip
        MessageLog.create(
            customer=ayse, channel="email", template="doğum günü", subject="İyi ki doğdunuz",
            text="Sevgili Ayşe!", to="ayse@example.com", status="sent", who="sahip", at=NOW,
        )  # fmt: skip
        CampaignSend.create(
            campaign="Kasım", customer=ayse, template="doğum günü", status="sent", attempts=1,
            sent_at=NOW, created_at=NOW,
        )  # fmt: skip
        SavedView.create(name="İzmir filo", definition='{"city": "İzmir"}', created_by="sahip")
        lo, hi = sorted((ayse.id, sukru.id))
        DuplicateDismissed.create(customer_a=lo, customer_b=hi, who="sahip", at=NOW)
        search.index_customers([ayse.id, sukru.id])
        # a file's record (its bytes lie beside the book or in attachment_blob)
        Attachment.create(
            customer=ayse,
            name="kasko-police.pdf",
            size=3,
            sha256="0" * 64,
            added_by="test",
            created_at=NOW,
        )
    return {"ayse": ayse.id, "sukru": sukru.id}
