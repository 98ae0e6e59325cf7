"""The email channel: an SMTP inbox (aiosmtpd) in, threaded replies through a relay out."""
