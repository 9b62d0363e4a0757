#!/bin/sh
# A compressed pg_dump (custom format) of the database in DATABASE_URL, kept KEEP_DAYS days.
#   set -a; . /etc/assessment.env; set +a; deploy/backup.sh
# Restore into an empty database (README.md, "Backups"):
#   pg_restore --no-owner --dbname="postgresql://…/assessment" FILE.dump
set -eu
: "${DATABASE_URL:?DATABASE_URL is not set (set -a; . /etc/assessment.env; set +a)}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/assessment}
KEEP_DAYS=${KEEP_DAYS:-14}
case "$DATABASE_URL" in
  postgresql+psycopg://*) url="postgresql://${DATABASE_URL#postgresql+psycopg://}" ;;
  postgresql://*|postgres://*) url=$DATABASE_URL ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL; back up that database another way." >&2
     exit 1 ;;
esac
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/assessment-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$url"
mv "$file.partial" "$file"
find "$BACKUP_DIR" -name 'assessment-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "backup.sh: wrote $file ($(du -h "$file" | cut -f1))"
