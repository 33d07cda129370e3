"""Which screen class serves each main section and shared screen (import paths, loaded lazily)."""

SECTION_SCREENS: dict[str, str] = {
    "today": "crm_tui.ui.screens.today:TodayScreen",
    "customers": "crm_tui.ui.screens.customers:CustomersScreen",
    "reminders": "crm_tui.ui.screens.reminders:RemindersScreen",
    "complaints": "crm_tui.ui.screens.complaints:ComplaintsScreen",
    "loyalty": "crm_tui.ui.screens.loyalty:LoyaltyScreen",
}

# Shared screens other areas open (customer card and form), by the customers area.
CUSTOMER_CARD = "crm_tui.ui.screens.card:CustomerCardScreen"
CUSTOMER_FORM = "crm_tui.ui.screens.customer_form:CustomerFormScreen"


def load(path: str):
    import importlib

    module_name, _sep, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


# Forms and detail screens each area provides (module:Class), opened from cards and Today.
INTERACTION_FORM = "crm_tui.ui.screens.interaction_form:InteractionFormScreen"  # (customer_id)
POLICY_FORM = "crm_tui.ui.screens.policy_form:PolicyFormScreen"  # (customer_id, policy_id=None)
REMINDER_FORM = (
    "crm_tui.ui.screens.reminder_form:ReminderFormScreen"  # (customer_id=None, reminder_id=None)
)
COMPLAINT_FORM = "crm_tui.ui.screens.complaint_form:ComplaintFormScreen"  # (customer_id)
COMPLAINT_DETAIL = "crm_tui.ui.screens.complaint_detail:ComplaintDetailScreen"  # (complaint_id)
PURCHASE_FORM = "crm_tui.ui.screens.purchase_form:PurchaseFormScreen"  # (customer_id)
SURVEY_FORM = "crm_tui.ui.screens.survey_form:SurveyFormScreen"  # (customer_id)
LADDER_FORM = "crm_tui.ui.screens.ladder_form:LadderFormScreen"  # (customer_id)
POINTS_FORM = "crm_tui.ui.screens.purchase_form:PointsFormScreen"  # (customer_id)
ATTACHMENTS_SCREEN = "crm_tui.ui.screens.attachments:AttachmentsScreen"  # (customer_id)
# Data in/out (import, backups): full screens pushed with no arguments.
IMPORT_SCREEN = "crm_tui.ui.screens.import_screen:ImportScreen"  # (path=None)
BACKUPS_SCREEN = "crm_tui.ui.screens.backups:BackupsScreen"  # ()
PRIVACY_SCREEN = "crm_tui.ui.screens.privacy:PrivacyScreen"  # (customer_id): KVKK
# Opened from the palette and from Today/Reminders (R) and Loyalty (c): no arguments.
RENEWALS_SCREEN = "crm_tui.ui.screens.renewals:RenewalsScreen"
RENEW_FORM = "crm_tui.ui.screens.renewals:RenewForm"  # (policy_id): Today's and Renewals' "r"
WINLOSS_SCREEN = "crm_tui.ui.screens.winloss:WinLossScreen"  # (first, last, line, insurer)
CAMPAIGN_SCREEN = "crm_tui.ui.screens.campaign:CampaignScreen"
# Who did what (the audit log): from the palette and Today (A); no arguments.
TEMPLATES_SCREEN = "crm_tui.ui.screens.templates:TemplatesScreen"  # (): message templates
AUDIT_SCREEN = "crm_tui.ui.screens.audit:AuditScreen"
CLAIMS_SCREEN = "crm_tui.ui.screens.claims:ClaimsScreen"  # (status=None, insurer=None)
CLAIM_FORM = "crm_tui.ui.screens.claim_form:ClaimFormScreen"  # (customer_id, claim_id=None)
COMMISSION_FORM = "crm_tui.ui.screens.commission_form:CommissionFormScreen"  # (view)
COMMISSION_RATES = "crm_tui.ui.screens.commission_rates:CommissionRatesScreen"  # (rates)
INFO_TEXTS = "crm_tui.ui.screens.info_texts:InfoTextsScreen"  # (versions): aydınlatma metni
CLAIM_DETAIL = "crm_tui.ui.screens.claim_detail:ClaimDetailScreen"  # (claim_id)
# Issue 18: tags, saved views, duplicates across the book (palette; no arguments).
TAGS_SCREEN = "crm_tui.ui.screens.tags:TagsScreen"
SAVED_VIEWS_SCREEN = "crm_tui.ui.screens.views:SavedViewsScreen"
DUPLICATES_SCREEN = "crm_tui.ui.screens.duplicates:DuplicatesScreen"
