"""Schema migrations (Tortoise ORM's built-in migration framework).

Apply: ``resume-engine migrate`` (``storage.db.migrate``). After changing ``storage/models.py``,
generate the next one and commit it:
``python -m tortoise -c storage.db.TORTOISE_ORM makemigrations -n <what_changed>``.
"""
