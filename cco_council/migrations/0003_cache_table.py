"""The table behind the default cache (settings.CACHE_TABLE, used when REDIS_URL is unset).

Created here rather than by ``manage.py createcachetable`` so that ``migrate`` is the one setup
step of every checkout and deployment. It is created whichever cache is configured at migrate
time, so a site can drop Redis later without another command. The schema is the one
``createcachetable`` writes (``createcachetable --dry-run`` prints it), which Django's
DatabaseCache reads and writes.
"""

from django.db import migrations

TABLE = "cco_council_cache"


class Migration(migrations.Migration):

    dependencies = [
        ("cco_council", "0002_plain_text_validators"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f'''CREATE TABLE IF NOT EXISTS "{TABLE}" (
                    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
                    "value" text NOT NULL,
                    "expires" timestamp with time zone NOT NULL
                )''',
                f'CREATE INDEX IF NOT EXISTS "{TABLE}_expires" ON "{TABLE}" ("expires")',
            ],
            reverse_sql=[f'DROP TABLE IF EXISTS "{TABLE}"'],
        ),
    ]
