using Microsoft.Data.Sqlite;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Sqlite;

/// <summary>The server's schema as numbered migrations; <c>PRAGMA user_version</c> says how many a database has had.</summary>
internal static class SqliteSchema
{
    /// <summary>Times are Unix milliseconds (UTC); lists of labels and repositories are JSON arrays.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE repositories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            poll_seconds INTEGER NULL,
            webhook_secret BLOB NULL,
            default_branch TEXT NULL,
            last_polled_sha TEXT NULL,
            next_run_number INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            number INTEGER NOT NULL,
            workflow_name TEXT NOT NULL,
            workflow_file TEXT NOT NULL,
            workflow_text TEXT NOT NULL,
            event TEXT NOT NULL,
            ref TEXT NOT NULL,
            sha TEXT NOT NULL,
            context_json TEXT NOT NULL,
            triggered_by TEXT NOT NULL,
            secrets_allowed INTEGER NOT NULL,
            status TEXT NOT NULL,
            conclusion TEXT NULL,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            finished_at INTEGER NULL,
            rerun_of INTEGER NULL REFERENCES runs (id),
            failed_only INTEGER NOT NULL DEFAULT 0,
            attempt INTEGER NOT NULL DEFAULT 1,
            UNIQUE (repository_id, number, attempt)
        );
        CREATE INDEX runs_unfinished ON runs (status, id);
        CREATE TABLE run_events (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            leg_key TEXT NULL,
            conclusion TEXT NULL,
            outputs_json TEXT NULL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            key TEXT NOT NULL,
            job_name TEXT NOT NULL,
            display_name TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            status TEXT NOT NULL,
            conclusion TEXT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            agent_id INTEGER NULL,
            lease_hash BLOB NULL,
            lease_expires_at INTEGER NULL,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            start_cancelled INTEGER NOT NULL DEFAULT 0,
            outputs_json TEXT NULL,
            steps_json TEXT NULL,
            queued_at INTEGER NOT NULL,
            started_at INTEGER NULL,
            finished_at INTEGER NULL,
            UNIQUE (run_id, key)
        );
        CREATE INDEX jobs_queued ON jobs (status, id);
        CREATE INDEX jobs_lease ON jobs (status, lease_expires_at);
        CREATE TABLE attempts (
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            attempt INTEGER NOT NULL,
            agent_id INTEGER NULL,
            outcome TEXT NOT NULL,
            reason TEXT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NULL,
            PRIMARY KEY (job_id, attempt)
        ) WITHOUT ROWID;
        CREATE TABLE logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL,
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            attempt INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            step TEXT NULL,
            text TEXT NOT NULL,
            level TEXT NULL,
            at INTEGER NULL,
            UNIQUE (job_id, attempt, seq)
        );
        CREATE INDEX logs_run ON logs (run_id, id);
        CREATE TABLE agents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            credential_hash BLOB NOT NULL UNIQUE,
            registered_at INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            prefix TEXT NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            scope TEXT NOT NULL,
            repositories_json TEXT NOT NULL,
            created_by TEXT NOT NULL,
            description TEXT NULL,
            created_at INTEGER NOT NULL,
            used_at INTEGER NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE secrets (
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            name TEXT NOT NULL,
            sealed BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (repository_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            source TEXT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NULL
        );
        CREATE TABLE deliveries (
            repository_id INTEGER NOT NULL,
            delivery_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (repository_id, delivery_id)
        ) WITHOUT ROWID;
        CREATE TABLE schedule_slots (
            repository_id INTEGER NOT NULL,
            workflow_file TEXT NOT NULL,
            cron TEXT NOT NULL,
            slot INTEGER NOT NULL,
            PRIMARY KEY (repository_id, workflow_file, cron, slot)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE concurrency (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            group_key TEXT NOT NULL,
            group_name TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            leg_key TEXT NOT NULL,
            state TEXT NOT NULL,
            cancel_in_progress INTEGER NOT NULL,
            cancelled INTEGER NOT NULL DEFAULT 0,
            reason TEXT NULL,
            UNIQUE (run_id, leg_key)
        );
        CREATE INDEX concurrency_group ON concurrency (repository_id, group_key, state, id);
        ALTER TABLE runs ADD COLUMN status_detail TEXT NULL;
        ALTER TABLE jobs ADD COLUMN detail TEXT NULL;
        ALTER TABLE run_events ADD COLUMN detail TEXT NULL;
        """,
        """
        CREATE TABLE cache_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            version TEXT NOT NULL,
            blob TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            last_used_at INTEGER NOT NULL,
            UNIQUE (repository_id, scope, key, version)
        );
        CREATE INDEX cache_entries_used ON cache_entries (last_used_at);
        CREATE TABLE expired_blobs (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            kind TEXT NOT NULL,
            expired_at INTEGER NOT NULL,
            PRIMARY KEY (run_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX runs_finished ON runs (finished_at);
        """,

        // The quality history of each repository (what `sluice gate` records and judges against), as the CLI keeps it in
        // .sluice/history.db, with the repository on each run; and the step summaries of each job attempt.
        """
        CREATE TABLE quality_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            commit_sha TEXT NOT NULL,
            tree_hash TEXT NOT NULL,
            branch TEXT NOT NULL,
            base_branch TEXT NULL,
            recorded_at INTEGER NOT NULL,
            lines_covered INTEGER NULL,
            lines_valid INTEGER NULL,
            branches_covered INTEGER NULL,
            branches_valid INTEGER NULL
        );
        CREATE INDEX quality_runs_branch ON quality_runs (repository_id, branch, id);
        CREATE INDEX quality_runs_tree ON quality_runs (repository_id, tree_hash, id);
        CREATE TABLE quality_tests (
            run_id INTEGER NOT NULL REFERENCES quality_runs (id),
            test_id TEXT NOT NULL,
            name TEXT NULL,
            outcome TEXT NOT NULL,
            duration_s REAL NOT NULL,
            attempts INTEGER NOT NULL,
            PRIMARY KEY (run_id, test_id)
        ) WITHOUT ROWID;
        CREATE INDEX quality_tests_failing ON quality_tests (run_id, test_id) WHERE outcome IN ('Failed', 'Errored', 'Flaky');
        CREATE TABLE quality_benchmarks (
            run_id INTEGER NOT NULL REFERENCES quality_runs (id),
            name TEXT NOT NULL,
            mean_ns REAL NOT NULL,
            stddev_ns REAL NOT NULL,
            samples INTEGER NOT NULL,
            PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX quality_benchmarks_name ON quality_benchmarks (name, run_id);
        CREATE TABLE quality_quarantine (
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            test_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (repository_id, test_id)
        ) WITHOUT ROWID;
        CREATE TABLE job_summaries (
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            attempt INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (job_id, attempt, seq)
        ) WITHOUT ROWID;
        """,
        """
        ALTER TABLE tokens ADD COLUMN owner TEXT NULL;
        ALTER TABLE tokens ADD COLUMN revoked_at INTEGER NULL;
        CREATE INDEX tokens_prefix ON tokens (prefix);
        ALTER TABLE agents ADD COLUMN credential_prefix TEXT NULL;
        ALTER TABLE agents ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX jobs_agent ON jobs (agent_id, status);
        """,
        """
        ALTER TABLE run_events ADD COLUMN body TEXT NULL;
        """,

        // Tokens that stop opening anything at a time (null: never).
        """
        ALTER TABLE tokens ADD COLUMN expires_at INTEGER NULL;
        """,

        // Blobs: PostgreSQL's migration 8 adds its blob tables; with SQLite blobs are files in the data folder
        // (FileBlobStore), so this one only keeps the two schemas' numbers in step.
        """
        SELECT 1;
        """,

        // The dashboard: lists of runs filtered by repository (and branch) page by id; the steps and annotations of a
        // run are read from its log without reading its lines (a partial index holds only those entries); an
        // annotation keeps its file and line as the agent sent them.
        """
        CREATE INDEX runs_repository ON runs (repository_id, id);
        CREATE INDEX runs_repository_ref ON runs (repository_id, ref, id);
        ALTER TABLE logs ADD COLUMN file TEXT NULL;
        ALTER TABLE logs ADD COLUMN line INTEGER NULL;
        CREATE INDEX logs_marks ON logs (run_id, id) WHERE kind IN ('step', 'step-end', 'annotation');
        """,

        // Gate reports: what `sluice gate` judged in a job attempt (the report as JSON, replaced by a later upload of the
        // attempt), and which run, job and attempt recorded each quality run, so that a run's page shows its tests.
        """
        ALTER TABLE quality_runs ADD COLUMN sluice_run_id INTEGER NULL;
        ALTER TABLE quality_runs ADD COLUMN job_id INTEGER NULL;
        ALTER TABLE quality_runs ADD COLUMN attempt INTEGER NULL;
        CREATE INDEX quality_runs_sluice_run ON quality_runs (sluice_run_id) WHERE sluice_run_id IS NOT NULL;
        CREATE TABLE gate_reports (
            job_id INTEGER NOT NULL REFERENCES jobs (id),
            attempt INTEGER NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            quality_run_id INTEGER NULL,
            recorded_at INTEGER NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (job_id, attempt)
        ) WITHOUT ROWID;
        CREATE INDEX gate_reports_run ON gate_reports (run_id);
        CREATE INDEX quality_tests_test ON quality_tests (test_id, run_id);
        """,
        // The agents page: the sluice version an agent runs, as it says when it registers and claims.
        """
        ALTER TABLE agents ADD COLUMN version TEXT NULL;
        """,
        // Environments and deployments (issue 14): an environment's protection rules, secrets and variables; each job
        // with an environment is a deployment, with its reviews and the samples of its health gate; a rollback run names
        // the failed deployment it restores from.
        """
        CREATE TABLE environments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            reviewers TEXT NOT NULL,
            wait_timer_seconds INTEGER NOT NULL DEFAULT 0,
            deploy_refs TEXT NOT NULL,
            prevent_self_review INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            UNIQUE (repository_id, name_key)
        );
        CREATE TABLE environment_secrets (
            environment_id INTEGER NOT NULL REFERENCES environments (id),
            name TEXT NOT NULL,
            sealed BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (environment_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE environment_variables (
            environment_id INTEGER NOT NULL REFERENCES environments (id),
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (environment_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE deployments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            repository_id INTEGER NOT NULL REFERENCES repositories (id),
            environment TEXT NOT NULL,
            environment_key TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            job_key TEXT NOT NULL,
            ref TEXT NOT NULL,
            sha TEXT NOT NULL,
            url TEXT NULL,
            status TEXT NOT NULL,
            detail TEXT NULL,
            triggered_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER NULL,
            deployed_at INTEGER NULL,
            healthy_at INTEGER NULL,
            failed_at INTEGER NULL,
            commit_at INTEGER NULL,
            rollback_of INTEGER NULL,
            wait_until INTEGER NULL,
            reviewers TEXT NOT NULL,
            health_text TEXT NULL,
            health_started_at INTEGER NULL,
            health_until INTEGER NULL,
            next_sample_at INTEGER NULL,
            health_failures INTEGER NOT NULL DEFAULT 0,
            health_inconclusive INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, job_key)
        );
        CREATE INDEX deployments_environment ON deployments (repository_id, environment_key, id);
        CREATE INDEX deployments_due ON deployments (status) WHERE status IN ('waiting', 'verifying');
        CREATE TABLE deployment_reviews (
            deployment_id INTEGER NOT NULL REFERENCES deployments (id),
            reviewer TEXT NOT NULL,
            approved INTEGER NOT NULL,
            comment TEXT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (deployment_id, reviewer)
        ) WITHOUT ROWID;
        CREATE TABLE deployment_samples (
            deployment_id INTEGER NOT NULL REFERENCES deployments (id),
            at INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (deployment_id, at)
        ) WITHOUT ROWID;
        ALTER TABLE runs ADD COLUMN rollback_of INTEGER NULL;
        """,
    ];

    public static int Version => Migrations.Length;

    public static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var current = Convert.ToInt32(await SqlText.ScalarAsync(connection, null, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new StoreException($"the server database '{path}' has schema version {current}, newer than this sluice knows ({Migrations.Length}); run a newer sluice");
        }

        for (var version = current; version < Migrations.Length; version++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SqlText.ExecuteAsync(connection, transaction, Migrations[version], cancellationToken).ConfigureAwait(false);
            await SqlText.ExecuteAsync(connection, transaction, $"PRAGMA user_version = {version + 1};", cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
