"""Route modules, one ``APIRouter`` per resource: jobs, webhooks, health, metrics."""
