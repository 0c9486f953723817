using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Protocol;

/// <summary>The wire format of the server's API, generated at build time (the CLI is compiled ahead of time).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(JobAssignment))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(LogBatch))]
[JsonSerializable(typeof(LogAck))]
[JsonSerializable(typeof(JobCompletion))]
[JsonSerializable(typeof(RepositoryCreate))]
[JsonSerializable(typeof(RepositoryView))]
[JsonSerializable(typeof(IReadOnlyList<RepositoryView>))]
[JsonSerializable(typeof(TriggerRequest))]
[JsonSerializable(typeof(TriggerResponse))]
[JsonSerializable(typeof(RunView))]
[JsonSerializable(typeof(IReadOnlyList<RunView>))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(AgentView))]
[JsonSerializable(typeof(IReadOnlyList<AgentView>))]
[JsonSerializable(typeof(TokenCreate))]
[JsonSerializable(typeof(TokenCreated))]
[JsonSerializable(typeof(RerunRequest))]
[JsonSerializable(typeof(SecretValue))]
[JsonSerializable(typeof(IReadOnlyList<AuditView>))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ArtifactPublished))]
[JsonSerializable(typeof(IReadOnlyList<TokenView>))]
[JsonSerializable(typeof(TokenRevoked))]
[JsonSerializable(typeof(AgentRemoved))]
public sealed partial class ProtocolJson : JsonSerializerContext;
