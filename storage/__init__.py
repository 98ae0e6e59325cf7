"""Job records and files (Tortoise ORM), database start-up and migrations."""
