"""Messages to customers (issue 17): templates, wa.me/sms links, e-mail over SMTP, the message
log on the card's timeline, e-mail campaigns. Consent is read through ``permission`` only."""

CHANNELS = ("whatsapp", "sms", "email")
