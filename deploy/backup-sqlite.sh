#!/usr/bin/env bash
# Backs up the data folder of a `sluice server` on SQLite while it runs, into a new folder.
#
#   deploy/backup-sqlite.sh DATA DEST        e.g. deploy/backup-sqlite.sh /var/lib/sluice /backups/sluice-$(date -u +%Y%m%dT%H%M%SZ)
#
# 1. The database first, with SQLite's online backup (`sqlite3 DATA/sluice.db ".backup DEST/sluice.db"`): one
#    consistent snapshot while the server goes on writing (in WAL mode the copy does not block it).
# 2. Then the files the database points at (repository copies, artifacts, caches, the admin token): copied after the
#    snapshot, they hold everything it names (files added meanwhile are extra, and harmless).
# secrets.key is copied too when it is in the data folder; keep a copy of it apart from the backups as well (without
# it the sealed secrets cannot be read). sqlite3 is installed with apt-get when missing.
# Restore: stop the server, empty DATA, copy DEST's content into it, start the server (docs/deployment.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
data="${1:?usage: deploy/backup-sqlite.sh DATA DEST}"
dest="${2:?usage: deploy/backup-sqlite.sh DATA DEST}"

[[ -f $data/sluice.db ]] || { echo "backup-sqlite.sh: $data/sluice.db does not exist: give the server's data folder (--data)" >&2; exit 2; }
[[ ! -e $dest ]] || { echo "backup-sqlite.sh: $dest exists already: give a new folder" >&2; exit 2; }
command -v sqlite3 >/dev/null 2>&1 || ensure_apt_packages sqlite3 >/dev/null || { echo "backup-sqlite.sh: sqlite3 is missing and could not be installed" >&2; exit 1; }

mkdir -p "$dest"
chmod 700 "$dest"
# The server may hold a write for a moment: wait for it up to 30 s rather than fail.
sqlite3 -cmd ".timeout 30000" "$data/sluice.db" ".backup '$dest/sluice.db'"
sqlite3 "$dest/sluice.db" "PRAGMA integrity_check;" | grep -qx ok || { echo "backup-sqlite.sh: the copy of the database does not pass integrity_check" >&2; exit 1; }
# Everything else but the live database files (the snapshot above stands for them) and sluice up's agent folders.
(cd "$data" && find . -mindepth 1 -maxdepth 1 ! -name 'sluice.db' ! -name 'sluice.db-wal' ! -name 'sluice.db-shm' ! -name agents -print0 |
  xargs -0 -r cp -a --target-directory="$dest")
echo "$dest"
