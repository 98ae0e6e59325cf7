"""Adapters: each turns its platform's event into a JobRequest and delivers the job back."""
