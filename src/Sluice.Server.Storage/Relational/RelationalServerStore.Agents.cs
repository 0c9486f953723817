using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    // The job an agent runs is the jobs table's word (any replica gave it), not a replica's memory.
    private const string AgentColumns = "id, name, labels_json, credential_hash, registered_at, last_seen, removed, credential_prefix, disabled, version, " +
        "(SELECT MIN(j.id) FROM jobs j WHERE j.agent_id = agents.id AND j.status = 'running')";

    private const string TokenColumns = "id, prefix, hash, scope, repositories_json, created_by, description, created_at, used_at, revoked, owner, revoked_at, expires_at";

    public Task<AgentRow> RegisterAgentAsync(string name, IReadOnlyList<string> labels, byte[] credentialHash, string? credentialPrefix, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var id = (long)(await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "INSERT INTO agents (name, labels_json, credential_hash, credential_prefix, registered_at, last_seen) VALUES (@name, @labels, @hash, @prefix, @now, @now) RETURNING id",
                    cancellationToken,
                    ("@name", name),
                    ("@prefix", credentialPrefix),
                    ("@labels", StringLists.ToJson(labels)),
                    ("@hash", credentialHash),
                    ("@now", SqlText.Time(now))).ConfigureAwait(false))!;
                return (await SqlText.ListAsync(connection, transaction, $"SELECT {AgentColumns} FROM agents WHERE id = @id", ReadAgent, cancellationToken, ("@id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<AgentRow?> AgentByCredentialAsync(byte[] credentialHash, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(connection, null, $"SELECT {AgentColumns} FROM agents WHERE credential_hash = @hash", ReadAgent, cancellationToken, ("@hash", credentialHash)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task TouchAgentAsync(long agentId, DateTimeOffset now, string? version, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE agents SET last_seen = CASE WHEN last_seen > @now THEN last_seen ELSE @now END, version = COALESCE(CAST(@version AS TEXT), version) WHERE id = @id",
                cancellationToken,
                ("@now", SqlText.Time(now)),
                ("@version", version),
                ("@id", agentId)),
            cancellationToken);

    public Task<IReadOnlyList<AgentRow>> AgentsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AgentRow>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {AgentColumns} FROM agents WHERE removed = 0 ORDER BY id", ReadAgent, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> RemoveAgentAsync(long agentId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(connection, transaction, "UPDATE agents SET removed = 1 WHERE id = @id AND removed = 0", cancellationToken, ("@id", agentId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<bool> SetAgentDisabledAsync(long agentId, bool disabled, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE agents SET disabled = @disabled WHERE id = @id AND removed = 0",
                cancellationToken,
                ("@disabled", disabled),
                ("@id", agentId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<IReadOnlyList<TokenRow>> TokensAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TokenRow>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {TokenColumns} FROM tokens ORDER BY id", ReadToken, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> RevokeTokenAsync(long tokenId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE tokens SET revoked = 1, revoked_at = @now WHERE id = @id AND revoked = 0",
                cancellationToken,
                ("@now", SqlText.Time(now)),
                ("@id", tokenId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<TokenRow> AddTokenAsync(string prefix, byte[] hash, string scope, IReadOnlyList<string> repositories, string createdBy, string? description, string? owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddTokenAsync(prefix, hash, scope, repositories, createdBy, description, owner, null, now, cancellationToken);

    public Task<TokenRow?> TokenByHashAsync(byte[] hash, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(connection, null, $"SELECT {TokenColumns} FROM tokens WHERE hash = @hash AND revoked = 0", ReadToken, cancellationToken, ("@hash", hash)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<bool> UseTokenOnceAsync(long tokenId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE tokens SET used_at = @now WHERE id = @id AND used_at IS NULL AND revoked = 0",
                cancellationToken,
                ("@now", SqlText.Time(now)),
                ("@id", tokenId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task SetSecretAsync(long repositoryId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO secrets (repository_id, name, sealed, updated_at) VALUES (@repo, @name, @sealed, @now)
                ON CONFLICT (repository_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
                """,
                cancellationToken,
                ("@repo", repositoryId),
                ("@name", name),
                ("@sealed", sealedValue),
                ("@now", SqlText.Time(now))),
            cancellationToken);

    public Task<IReadOnlyList<SecretRow>> SecretsAsync(long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SecretRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT repository_id, name, sealed, updated_at FROM secrets WHERE repository_id = @repo ORDER BY name",
                r => new SecretRow(r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2), SqlText.Time(r, 3)),
                cancellationToken,
                ("@repo", repositoryId)).ConfigureAwait(false),
            cancellationToken);

    public Task AuditAsync(string actor, string? source, string action, string target, string? detail, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO audit (at, actor, source, action, target, detail) VALUES (@now, @actor, @source, @action, @target, @detail)",
                cancellationToken,
                ("@now", SqlText.Time(now)),
                ("@actor", actor),
                ("@source", source),
                ("@action", action),
                ("@target", target),
                ("@detail", detail)),
            cancellationToken);

    public Task<IReadOnlyList<AuditRow>> AuditLogAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AuditRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT id, at, actor, source, action, target, detail FROM audit ORDER BY id DESC LIMIT @limit",
                r => new AuditRow(r.GetInt64(0), SqlText.Time(r, 1), r.GetString(2), SqlText.NullableString(r, 3), r.GetString(4), r.GetString(5), SqlText.NullableString(r, 6)),
                cancellationToken,
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> RecordDeliveryAsync(long repositoryId, string deliveryId, string outcome, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO deliveries (repository_id, delivery_id, outcome, received_at) VALUES (@repo, @id, @outcome, @now) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("@repo", repositoryId),
                ("@id", deliveryId),
                ("@outcome", outcome),
                ("@now", SqlText.Time(now))).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<bool> FireScheduleSlotAsync(long repositoryId, string workflowFile, string cron, DateTimeOffset slot, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schedule_slots (repository_id, workflow_file, cron, slot) VALUES (@repo, @file, @cron, @slot) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("@repo", repositoryId),
                ("@file", workflowFile),
                ("@cron", cron),
                ("@slot", SqlText.Time(slot))).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<DateTimeOffset?> LastScheduleSlotAsync(long repositoryId, string workflowFile, string cron, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => await SqlText.ScalarAsync(
                connection,
                null,
                "SELECT max(slot) FROM schedule_slots WHERE repository_id = @repo AND workflow_file = @file AND cron = @cron",
                cancellationToken,
                ("@repo", repositoryId),
                ("@file", workflowFile),
                ("@cron", cron)).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
            cancellationToken);

    private static AgentRow ReadAgent(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), StringLists.FromJson(r.GetString(2)), (byte[])r.GetValue(3), SqlText.Time(r, 4), SqlText.Time(r, 5), SqlText.Flag(r, 6), SqlText.NullableString(r, 7), SqlText.Flag(r, 8), SqlText.NullableString(r, 9), r.IsDBNull(10) ? null : r.GetInt64(10));

    private static TokenRow ReadToken(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2), r.GetString(3), StringLists.FromJson(r.GetString(4)), r.GetString(5), SqlText.NullableString(r, 6), SqlText.Time(r, 7), SqlText.NullableTime(r, 8), SqlText.Flag(r, 9), SqlText.NullableString(r, 10), SqlText.NullableTime(r, 11), SqlText.NullableTime(r, 12));
}
