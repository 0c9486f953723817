using System.Data.Common;
using System.Globalization;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string EnvironmentColumns = "id, repository_id, name, reviewers, wait_timer_seconds, deploy_refs, prevent_self_review, created_at";

    /// <summary>Environment names are compared without regard to case, as on GitHub.</summary>
    public static string EnvironmentKey(string name) => name.ToLowerInvariant();

    public Task<EnvironmentRow> SetEnvironmentAsync(long repositoryId, EnvironmentSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"""
                INSERT INTO environments (repository_id, name, name_key, reviewers, wait_timer_seconds, deploy_refs, prevent_self_review, created_at)
                VALUES (@repo, @name, @key, @reviewers, @wait, @refs, @self, @now)
                ON CONFLICT (repository_id, name_key) DO UPDATE SET
                    reviewers = excluded.reviewers, wait_timer_seconds = excluded.wait_timer_seconds, deploy_refs = excluded.deploy_refs,
                    prevent_self_review = excluded.prevent_self_review
                RETURNING {EnvironmentColumns}
                """,
                ReadEnvironment,
                cancellationToken,
                ("@repo", repositoryId),
                ("@name", settings.Name),
                ("@key", EnvironmentKey(settings.Name)),
                ("@reviewers", StringLists.ToJson(settings.Reviewers)),
                ("@wait", settings.WaitTimerSeconds),
                ("@refs", StringLists.ToJson(settings.DeployRefs)),
                ("@self", settings.PreventSelfReview),
                ("@now", SqlText.Time(now))).ConfigureAwait(false))[0],
            cancellationToken);
    }

    public Task<EnvironmentRow?> EnvironmentAsync(long repositoryId, string name, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {EnvironmentColumns} FROM environments WHERE repository_id = @repo AND name_key = @key",
                ReadEnvironment,
                cancellationToken,
                ("@repo", repositoryId),
                ("@key", EnvironmentKey(name))).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<EnvironmentRow>> EnvironmentsAsync(long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<EnvironmentRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {EnvironmentColumns} FROM environments WHERE repository_id = @repo ORDER BY name_key",
                ReadEnvironment,
                cancellationToken,
                ("@repo", repositoryId)).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> DeleteEnvironmentAsync(long repositoryId, string name, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var parameters = new (string, object?)[] { ("@repo", repositoryId), ("@key", EnvironmentKey(name)) };
                const string Of = "environment_id IN (SELECT id FROM environments WHERE repository_id = @repo AND name_key = @key)";
                await SqlText.ExecuteAsync(connection, transaction, $"DELETE FROM environment_secrets WHERE {Of}", cancellationToken, parameters).ConfigureAwait(false);
                await SqlText.ExecuteAsync(connection, transaction, $"DELETE FROM environment_variables WHERE {Of}", cancellationToken, parameters).ConfigureAwait(false);
                return await SqlText.ExecuteAsync(connection, transaction, "DELETE FROM environments WHERE repository_id = @repo AND name_key = @key", cancellationToken, parameters).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    public Task SetEnvironmentSecretAsync(long environmentId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO environment_secrets (environment_id, name, sealed, updated_at) VALUES (@env, @name, @sealed, @now)
                ON CONFLICT (environment_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                """,
                cancellationToken,
                ("@env", environmentId),
                ("@name", name),
                ("@sealed", sealedValue),
                ("@now", SqlText.Time(now))).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> DeleteEnvironmentSecretAsync(long environmentId, string name, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM environment_secrets WHERE environment_id = @env AND name = @name",
                cancellationToken,
                ("@env", environmentId),
                ("@name", name)).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<IReadOnlyList<SecretRow>> EnvironmentSecretsAsync(long environmentId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SecretRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT e.repository_id, s.name, s.sealed, s.updated_at FROM environment_secrets s JOIN environments e ON e.id = s.environment_id WHERE s.environment_id = @env ORDER BY s.name",
                r => new SecretRow(r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2), SqlText.Time(r, 3)),
                cancellationToken,
                ("@env", environmentId)).ConfigureAwait(false),
            cancellationToken);

    public Task SetEnvironmentVariableAsync(long environmentId, string name, string value, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO environment_variables (environment_id, name, value, updated_at) VALUES (@env, @name, @value, @now)
                ON CONFLICT (environment_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                cancellationToken,
                ("@env", environmentId),
                ("@name", name),
                ("@value", value),
                ("@now", SqlText.Time(now))).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> DeleteEnvironmentVariableAsync(long environmentId, string name, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM environment_variables WHERE environment_id = @env AND name = @name",
                cancellationToken,
                ("@env", environmentId),
                ("@name", name)).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<IReadOnlyList<EnvironmentVariableRow>> EnvironmentVariablesAsync(long environmentId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<EnvironmentVariableRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT name, value, updated_at FROM environment_variables WHERE environment_id = @env ORDER BY name",
                r => new EnvironmentVariableRow(r.GetString(0), r.GetString(1), SqlText.Time(r, 2)),
                cancellationToken,
                ("@env", environmentId)).ConfigureAwait(false),
            cancellationToken);

    private static EnvironmentRow ReadEnvironment(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        StringLists.FromJson(r.GetString(3)),
        Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
        StringLists.FromJson(r.GetString(5)),
        SqlText.Flag(r, 6),
        SqlText.Time(r, 7));
}
